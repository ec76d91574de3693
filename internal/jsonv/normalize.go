package jsonv

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Normalize returns v as a JSON value of this package's model, for a value
// that came from outside it (what a Go integration adapter returned). A
// value already in the model (nil, bool, string, json.Number, a finite
// float64 or any Go integer, []any, map[string]any) is returned as it is;
// anything else (a struct, a []string, a map of another type) is encoded
// with encoding/json and decoded again. A NaN or infinite float, or a
// number beyond the range of a float64, is a *NumberError naming it; a
// value encoding/json cannot encode is its error.
func Normalize(v any) (any, error) {
	if err := inModel(v, ""); err != nil {
		if ne, ok := err.(*NumberError); ok {
			return nil, ne
		}
		b, merr := json.Marshal(v)
		if merr != nil {
			return nil, fmt.Errorf("the value cannot be encoded as JSON: %w", merr)
		}
		return Decode(b)
	}
	return v, nil
}

// errNotModel marks a value of a type outside the model.
var errNotModel = fmt.Errorf("not a JSON value of the model")

// inModel reports (as nil) whether v is in the model, returning a
// *NumberError for a number that cannot be JSON and errNotModel for a type
// outside the model.
func inModel(v any, ptr string) error {
	switch t := v.(type) {
	case nil, bool, string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return nil
	case json.Number:
		if !isJSONNumber(string(t)) {
			return errNotModel
		}
		if outOfRange(string(t)) {
			return &NumberError{Number: string(t), Pointer: ptr, Offset: -1}
		}
		return nil
	case float64:
		return checkFloat(t, ptr)
	case float32:
		return checkFloat(float64(t), ptr)
	case []any:
		for i, e := range t {
			if err := inModel(e, ptr+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		for k, e := range t {
			if err := inModel(e, ptr+"/"+escapePointer(k)); err != nil {
				return err
			}
		}
		return nil
	}
	return errNotModel
}

func checkFloat(f float64, ptr string) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return &NumberError{Number: strconv.FormatFloat(f, 'g', -1, 64), Pointer: ptr, Offset: -1}
	}
	return nil
}
