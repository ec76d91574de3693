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
	"math"
	"math/big"
	"strconv"
)

// Decode parses one JSON document into a value, keeping numbers as json.Number.
// Trailing data after the document is an error.
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
	xn, ok1 := Number(a)
	yn, ok2 := Number(b)
	if ok1 && ok2 {
		return xn.Cmp(yn) == 0
	}
	return false
}

// Number converts a JSON number in any of its Go forms (json.Number, float64,
// the int types) to an exact rational. ok is false for non-numbers.
func Number(v any) (r *big.Rat, ok bool) {
	switch n := v.(type) {
	case json.Number:
		r, ok = new(big.Rat).SetString(string(n))
		return r, ok
	case float64:
		// The shortest decimal that reads back as n, which is how the
		// number is written in JSON: 0.1 is 1/10, not its binary value.
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, false
		}
		return new(big.Rat).SetString(strconv.FormatFloat(n, 'g', -1, 64))
	case float32:
		return Number(float64(n))
	case int:
		return new(big.Rat).SetInt64(int64(n)), true
	case int64:
		return new(big.Rat).SetInt64(n), true
	case int32:
		return new(big.Rat).SetInt64(int64(n)), true
	case uint64:
		return new(big.Rat).SetUint64(n), true
	}
	return nil, false
}

// CompareNumbers compares two JSON numbers by value: -1, 0 or +1. ok is
// false when either is not a number. Integers that fit in 64 bits are
// compared without allocating.
func CompareNumbers(a, b any) (c int, ok bool) {
	if x, ok1 := int64Of(a); ok1 {
		if y, ok2 := int64Of(b); ok2 {
			return cmpInt(x, y), true
		}
	}
	x, ok1 := Number(a)
	y, ok2 := Number(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return x.Cmp(y), true
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// int64Of reads an integer JSON number that fits in an int64.
func int64Of(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := strconv.ParseInt(string(n), 10, 64)
		return i, err == nil
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	return 0, false
}

// IsNumber reports whether v is a JSON number.
func IsNumber(v any) bool {
	switch v.(type) {
	case json.Number, float64, float32, int, int64, int32, uint64:
		return true
	}
	return false
}

// Float converts a JSON number to float64.
func Float(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
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
