package aws

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/gostates/gostates/internal/jsonv"
)

// This file converts between the JSON values of a state machine and the
// input and output structs of aws-sdk-go-v2, the way Step Functions maps
// JSON to the AWS SDK for Java:
//
//   - Fields keep the API's PascalCase member names (the Go field names).
//   - A string member given another JSON value gets its JSON text, so
//     "MessageBody": {"a": 1} sends the string {"a":1}; so do streaming
//     bodies (S3 PutObject Body) and blobs, which take a string's bytes.
//   - Numbers keep their exact text; timestamps are RFC 3339 strings (or
//     epoch seconds on input).
//   - DynamoDB attribute values use DynamoDB's JSON: {"S": "x"}, {"N": "1"},
//     {"B": "<base64>"}, {"M": {...}}, {"L": [...]}, {"NULL": true}, ...
//   - Output members that are absent (nil) are left out; ResultMetadata is
//     dropped; a streaming body is read into a string.

var (
	timeType   = reflect.TypeFor[time.Time]()
	readerType = reflect.TypeFor[io.Reader]()
	avType     = reflect.TypeFor[ddbtypes.AttributeValue]()
)

// decodeInput fills the SDK input struct in (a pointer) from a JSON value.
func decodeInput(v any, in reflect.Value) error {
	if v == nil {
		return nil
	}
	if _, ok := v.(map[string]any); !ok {
		return fmt.Errorf("the parameters must be a JSON object, not %s", jsonv.String(v))
	}
	return decode("", v, in.Elem())
}

// decode stores the JSON value v in dst; path names v in errors.
func decode(path string, v any, dst reflect.Value) error {
	if v == nil {
		return nil // absent, as null members are
	}
	t := dst.Type()
	switch {
	case t == avType:
		av, err := decodeAttributeValue(path, v)
		if err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(av))
		return nil
	case t == readerType:
		dst.Set(reflect.ValueOf(bytes.NewReader([]byte(text(v)))))
		return nil
	case t == timeType:
		tm, err := decodeTime(v)
		if err != nil {
			return pathError(path, err)
		}
		dst.Set(reflect.ValueOf(tm))
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := decode(path, v, p.Elem()); err != nil {
			return err
		}
		dst.Set(p)
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return pathError(path, fmt.Errorf("expected an object, not %s", jsonv.String(v)))
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			f, ok := t.FieldByName(k)
			if !ok || !f.IsExported() || f.Anonymous || k == "ResultMetadata" {
				return pathError(path, fmt.Errorf("unknown field %q; %s has %s", k, t.Name(), strings.Join(fieldNames(t), ", ")))
			}
			if err := decode(join(path, k), obj[k], dst.FieldByIndex(f.Index)); err != nil {
				return err
			}
		}
	case reflect.String:
		dst.SetString(text(v))
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return pathError(path, fmt.Errorf("expected a boolean, not %s", jsonv.String(v)))
		}
		dst.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return pathError(path, fmt.Errorf("expected an integer, not %s", jsonv.String(v)))
		}
		i, err := strconv.ParseInt(string(n), 10, t.Bits())
		if err != nil {
			return pathError(path, fmt.Errorf("expected an integer that fits %d bits, not %s", t.Bits(), n))
		}
		dst.SetInt(i)
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return pathError(path, fmt.Errorf("expected a number, not %s", jsonv.String(v)))
		}
		f, err := strconv.ParseFloat(string(n), t.Bits())
		if err != nil {
			return pathError(path, fmt.Errorf("expected a number, not %s", n))
		}
		dst.SetFloat(f)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			dst.SetBytes([]byte(text(v)))
			return nil
		}
		arr, ok := v.([]any)
		if !ok {
			return pathError(path, fmt.Errorf("expected an array, not %s", jsonv.String(v)))
		}
		s := reflect.MakeSlice(t, len(arr), len(arr))
		for i, e := range arr {
			if err := decode(fmt.Sprintf("%s[%d]", path, i), e, s.Index(i)); err != nil {
				return err
			}
		}
		dst.Set(s)
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok || t.Key().Kind() != reflect.String {
			return pathError(path, fmt.Errorf("expected an object, not %s", jsonv.String(v)))
		}
		m := reflect.MakeMapWithSize(t, len(obj))
		for k, e := range obj {
			ev := reflect.New(t.Elem()).Elem()
			if err := decode(join(path, k), e, ev); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
		}
		dst.Set(m)
	default:
		return pathError(path, fmt.Errorf("gostates cannot pass JSON to a parameter of Go type %s", t))
	}
	return nil
}

// text is a JSON value as a string parameter: a string as it is, anything
// else as its JSON text.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return jsonv.String(v)
}

func decodeTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case string:
		return time.Parse(time.RFC3339Nano, t)
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return time.Time{}, err
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("expected a timestamp (an RFC 3339 string or epoch seconds), not %s", jsonv.String(v))
}

func fieldNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if f.IsExported() && !f.Anonymous && f.Name != "ResultMetadata" {
			names = append(names, f.Name)
		}
	}
	slices.Sort(names)
	return names
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func pathError(path string, err error) error {
	if path == "" {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// encoder turns SDK output structs into JSON values.
type encoder struct {
	// maxBody bounds the bytes read from a streaming body.
	maxBody int64
}

// errBodyTooLarge reports a streaming body larger than encoder.maxBody.
type errBodyTooLarge struct{ limit int64 }

func (e errBodyTooLarge) Error() string {
	return fmt.Sprintf("the response body is larger than %d bytes", e.limit)
}

// encodeOutput encodes an SDK output struct pointer as a JSON object.
func (e encoder) encodeOutput(out reflect.Value) (map[string]any, error) {
	if out.IsNil() {
		return map[string]any{}, nil
	}
	v, _, err := e.encode(out)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// encode returns the JSON value of v and whether it is present (not nil).
func (e encoder) encode(v reflect.Value) (any, bool, error) {
	t := v.Type()
	switch {
	case t == timeType:
		return formatTime(v.Interface().(time.Time)), true, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil, false, nil
		}
		return e.encode(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return nil, false, nil
		}
		if t == avType {
			return encodeAttributeValue(v.Interface().(ddbtypes.AttributeValue)), true, nil
		}
		if r, ok := v.Interface().(io.Reader); ok {
			s, err := e.readBody(r)
			return s, true, err
		}
		return e.encodeUnion(v.Elem())
	case reflect.Struct:
		obj := map[string]any{}
		for f := range t.Fields() {
			if !f.IsExported() || f.Anonymous || f.Name == "ResultMetadata" {
				continue
			}
			fv, ok, err := e.encode(v.FieldByIndex(f.Index))
			if err != nil {
				return nil, false, err
			}
			if ok {
				obj[f.Name] = fv
			}
		}
		return obj, true, nil
	case reflect.String:
		if v.String() == "" && t.PkgPath() != "" {
			return nil, false, nil // an enum's zero value is an absent member
		}
		return v.String(), true, nil
	case reflect.Bool:
		return v.Bool(), true, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return json.Number(strconv.FormatInt(v.Int(), 10)), true, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return json.Number(strconv.FormatUint(v.Uint(), 10)), true, nil
	case reflect.Float32, reflect.Float64:
		b, err := json.Marshal(v.Float())
		if err != nil {
			return nil, false, err
		}
		return json.Number(b), true, nil
	case reflect.Slice:
		if v.IsNil() {
			return nil, false, nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return blobString(v.Bytes()), true, nil
		}
		arr := make([]any, v.Len())
		for i := range arr {
			ev, _, err := e.encode(v.Index(i))
			if err != nil {
				return nil, false, err
			}
			arr[i] = ev
		}
		return arr, true, nil
	case reflect.Map:
		if v.IsNil() {
			return nil, false, nil
		}
		obj := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			ev, _, err := e.encode(it.Value())
			if err != nil {
				return nil, false, err
			}
			obj[it.Key().String()] = ev
		}
		return obj, true, nil
	}
	return nil, false, fmt.Errorf("gostates cannot encode a value of Go type %s as JSON", t)
}

// encodeUnion encodes a member of a union (a struct named like
// "ThingMemberName" with a Value field) as {"Name": value}.
func (e encoder) encodeUnion(v reflect.Value) (any, bool, error) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, false, nil
		}
		v = v.Elem()
	}
	t := v.Type()
	if t.Kind() == reflect.Struct {
		if _, member, ok := strings.Cut(t.Name(), "Member"); ok {
			if f := v.FieldByName("Value"); f.IsValid() {
				ev, _, err := e.encode(f)
				return map[string]any{member: ev}, true, err
			}
		}
		if t.Name() == "UnknownUnionMember" {
			return map[string]any{v.FieldByName("Tag").String(): blobString(v.FieldByName("Value").Bytes())}, true, nil
		}
	}
	return e.encode(v)
}

func (e encoder) readBody(r io.Reader) (string, error) {
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	data, err := io.ReadAll(io.LimitReader(r, e.maxBody+1))
	if err != nil {
		return "", fmt.Errorf("reading the response body: %w", err)
	}
	if int64(len(data)) > e.maxBody {
		return "", errBodyTooLarge{e.maxBody}
	}
	return string(data), nil
}

// blobString is a blob as JSON: its text when it is UTF-8, else base64.
func blobString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// formatTime formats t as Java's Instant.toString does: UTC, with 0, 3, 6
// or 9 fraction digits.
func formatTime(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		switch {
		case ns%1e6 == 0:
			s += fmt.Sprintf(".%03d", ns/1e6)
		case ns%1e3 == 0:
			s += fmt.Sprintf(".%06d", ns/1e3)
		default:
			s += fmt.Sprintf(".%09d", ns)
		}
	}
	return s + "Z"
}
