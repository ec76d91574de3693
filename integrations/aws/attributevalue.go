package aws

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/gostates/gostates/internal/jsonv"
)

// decodeAttributeValue reads a DynamoDB attribute value in DynamoDB's JSON
// format: an object with one of the keys S, N, B, SS, NS, BS, M, L, NULL
// and BOOL. Binary values are base64 strings; numbers may be given as
// strings or JSON numbers.
func decodeAttributeValue(path string, v any) (ddbtypes.AttributeValue, error) {
	obj, ok := v.(map[string]any)
	if !ok || len(obj) != 1 {
		return nil, pathError(path, fmt.Errorf(`expected a DynamoDB attribute value such as {"S": "text"}, not %s`, jsonv.String(v)))
	}
	var typ string
	for k := range obj {
		typ = k
	}
	val := obj[typ]
	bad := func(want string) error {
		return pathError(join(path, typ), fmt.Errorf("expected %s, not %s", want, jsonv.String(val)))
	}
	switch typ {
	case "S":
		s, ok := val.(string)
		if !ok {
			return nil, bad("a string")
		}
		return &ddbtypes.AttributeValueMemberS{Value: s}, nil
	case "N":
		s, ok := number(val)
		if !ok {
			return nil, bad("a number")
		}
		return &ddbtypes.AttributeValueMemberN{Value: s}, nil
	case "B":
		b, err := blob(val)
		if err != nil {
			return nil, bad("a base64 string")
		}
		return &ddbtypes.AttributeValueMemberB{Value: b}, nil
	case "BOOL", "NULL":
		b, ok := val.(bool)
		if !ok {
			return nil, bad("a boolean")
		}
		if typ == "BOOL" {
			return &ddbtypes.AttributeValueMemberBOOL{Value: b}, nil
		}
		return &ddbtypes.AttributeValueMemberNULL{Value: b}, nil
	case "SS", "NS", "BS", "L":
		arr, ok := val.([]any)
		if !ok {
			return nil, bad("an array")
		}
		switch typ {
		case "SS", "NS":
			ss := make([]string, len(arr))
			for i, e := range arr {
				s, ok := e.(string)
				if typ == "NS" {
					s, ok = number(e)
				}
				if !ok {
					return nil, bad("an array of strings")
				}
				ss[i] = s
			}
			if typ == "SS" {
				return &ddbtypes.AttributeValueMemberSS{Value: ss}, nil
			}
			return &ddbtypes.AttributeValueMemberNS{Value: ss}, nil
		case "BS":
			bs := make([][]byte, len(arr))
			for i, e := range arr {
				b, err := blob(e)
				if err != nil {
					return nil, bad("an array of base64 strings")
				}
				bs[i] = b
			}
			return &ddbtypes.AttributeValueMemberBS{Value: bs}, nil
		default:
			l := make([]ddbtypes.AttributeValue, len(arr))
			for i, e := range arr {
				av, err := decodeAttributeValue(fmt.Sprintf("%s[%d]", join(path, typ), i), e)
				if err != nil {
					return nil, err
				}
				l[i] = av
			}
			return &ddbtypes.AttributeValueMemberL{Value: l}, nil
		}
	case "M":
		m, ok := val.(map[string]any)
		if !ok {
			return nil, bad("an object")
		}
		out := make(map[string]ddbtypes.AttributeValue, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			av, err := decodeAttributeValue(join(join(path, typ), k), m[k])
			if err != nil {
				return nil, err
			}
			out[k] = av
		}
		return &ddbtypes.AttributeValueMemberM{Value: out}, nil
	}
	return nil, pathError(path, fmt.Errorf("unknown DynamoDB attribute type %q; expected one of %s", typ, strings.Join([]string{"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"}, ", ")))
}

func number(v any) (string, bool) {
	switch n := v.(type) {
	case string:
		return n, true
	case json.Number:
		return string(n), true
	}
	return "", false
}

func blob(v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("not a string")
	}
	return base64.StdEncoding.DecodeString(s)
}

// encodeAttributeValue writes a DynamoDB attribute value in DynamoDB's JSON
// format.
func encodeAttributeValue(av ddbtypes.AttributeValue) any {
	switch v := av.(type) {
	case *ddbtypes.AttributeValueMemberS:
		return map[string]any{"S": v.Value}
	case *ddbtypes.AttributeValueMemberN:
		return map[string]any{"N": v.Value}
	case *ddbtypes.AttributeValueMemberB:
		return map[string]any{"B": base64.StdEncoding.EncodeToString(v.Value)}
	case *ddbtypes.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": v.Value}
	case *ddbtypes.AttributeValueMemberNULL:
		return map[string]any{"NULL": v.Value}
	case *ddbtypes.AttributeValueMemberSS:
		return map[string]any{"SS": strings2any(v.Value)}
	case *ddbtypes.AttributeValueMemberNS:
		return map[string]any{"NS": strings2any(v.Value)}
	case *ddbtypes.AttributeValueMemberBS:
		l := make([]any, len(v.Value))
		for i, b := range v.Value {
			l[i] = base64.StdEncoding.EncodeToString(b)
		}
		return map[string]any{"BS": l}
	case *ddbtypes.AttributeValueMemberL:
		l := make([]any, len(v.Value))
		for i, e := range v.Value {
			l[i] = encodeAttributeValue(e)
		}
		return map[string]any{"L": l}
	case *ddbtypes.AttributeValueMemberM:
		m := make(map[string]any, len(v.Value))
		for k, e := range v.Value {
			m[k] = encodeAttributeValue(e)
		}
		return map[string]any{"M": m}
	case *ddbtypes.UnknownUnionMember:
		return map[string]any{v.Tag: blobString(v.Value)}
	}
	return nil
}

func strings2any(ss []string) []any {
	l := make([]any, len(ss))
	for i, s := range ss {
		l[i] = s
	}
	return l
}
