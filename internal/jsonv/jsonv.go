// Package jsonv holds the helpers for the JSON values gostates passes around:
// nil, bool, string, json.Number, []any and map[string]any, as produced by a
// json.Decoder with UseNumber.
package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Decode parses one JSON document into a value, keeping numbers as
// json.Number. Trailing data after the document is an error, and so is a
// number beyond the range of a float64 (1e400, -1e400), as a *NumberError
// naming the first one; a number that underflows (1e-400) is kept.
func Decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	if hasOutOfRange(v) {
		return nil, locateOutOfRange(data)
	}
	return v, nil
}

// Marshal encodes v as compact JSON without escaping <, > and &, as AWS does.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// String encodes v as compact JSON; it never fails for decoded JSON values.
func String(v any) string {
	b, err := Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(b)
}

// Clone returns a deep copy of v. Scalars are shared, containers copied.
func Clone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = Clone(e)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = Clone(e)
		}
		return a
	default:
		return v
	}
}

// Equal reports whether a and b are the same JSON value: objects compare
// regardless of key order, numbers by value.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !Equal(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	}
	c, ok := CompareNumbers(a, b)
	return ok && c == 0
}

// IsNumber reports whether v is a JSON number: a json.Number written as
// JSON writes numbers, or a Go number (a float64 NaN or infinity too).
func IsNumber(v any) bool {
	switch n := v.(type) {
	case json.Number:
		return isJSONNumber(string(n))
	case float64, float32, int, int64, int32, uint64:
		return true
	}
	return false
}

// Float converts a JSON number to float64. ok is false for non-numbers,
// malformed json.Number values and numbers beyond the range of float64
// (1e400); one closer to zero than the smallest float64 (1e-400) is 0.
func Float(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		if !isJSONNumber(string(n)) {
			return 0, false
		}
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return 0, false
}

// TypeName names v's JSON type as AWS messages do: "object", "array",
// "string", "number", "boolean" or "null".
func TypeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	if IsNumber(v) {
		return "number"
	}
	return fmt.Sprintf("%T", v)
}
