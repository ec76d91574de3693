package intrinsics

import (
	"fmt"
	"math"
	"strconv"

	"github.com/gostates/gostates/internal/jsonv"
)

// statesPrefix starts every intrinsic function name.
const statesPrefix = "States."

// spec describes one intrinsic function.
type spec struct {
	name     string // as written, e.g. "States.Format"
	min, max int    // number of arguments; max < 0 means no limit
	params   []kind // what each argument must be; the last repeats
	pure     bool   // the result depends only on the arguments
	impl     func(c *call, env Env, args []any) (any, error)
}

// param returns the kind of argument i.
func (s *spec) param(i int) kind {
	if len(s.params) == 0 {
		return anyValue
	}
	return s.params[min(i, len(s.params)-1)]
}

// arity words the number of arguments the function takes.
func (s *spec) arity() string {
	n, text := s.max, ""
	switch {
	case s.max < 0:
		n, text = s.min, fmt.Sprintf("at least %d", s.min)
	case s.min == s.max:
		text = strconv.Itoa(s.min)
	default:
		text = fmt.Sprintf("%d to %d", s.min, s.max)
	}
	if n == 1 {
		return text + " argument"
	}
	return text + " arguments"
}

// lookup returns the function with the given name (without "States.").
func lookup(name string) (*spec, bool) {
	var s spec
	switch name {
	case "Format":
		s = spec{min: 1, max: -1, params: []kind{stringValue, anyValue}, pure: true, impl: format}
	case "StringToJson":
		s = spec{min: 1, max: 1, params: []kind{stringValue}, pure: true, impl: stringToJSON}
	case "JsonToString":
		s = spec{min: 1, max: 1, pure: true, impl: jsonToString}
	case "Array":
		s = spec{min: 0, max: -1, pure: true, impl: array}
	case "ArrayPartition":
		s = spec{min: 2, max: 2, params: []kind{arrayValue, positiveInt}, pure: true, impl: arrayPartition}
	case "ArrayContains":
		s = spec{min: 2, max: 2, params: []kind{arrayValue, anyValue}, pure: true, impl: arrayContains}
	case "ArrayRange":
		s = spec{min: 3, max: 3, params: []kind{int32Value, int32Value, nonZeroInt}, pure: true, impl: arrayRange}
	case "ArrayGetItem":
		s = spec{min: 2, max: 2, params: []kind{arrayValue, indexValue}, pure: true, impl: arrayGetItem}
	case "ArrayLength":
		s = spec{min: 1, max: 1, params: []kind{arrayValue}, pure: true, impl: arrayLength}
	case "ArrayUnique":
		s = spec{min: 1, max: 1, params: []kind{arrayValue}, pure: true, impl: arrayUnique}
	case "Base64Encode":
		s = spec{min: 1, max: 1, params: []kind{stringValue}, pure: true, impl: base64Encode}
	case "Base64Decode":
		s = spec{min: 1, max: 1, params: []kind{stringValue}, pure: true, impl: base64Decode}
	case "Hash":
		s = spec{min: 2, max: 2, params: []kind{notNull, algorithm}, pure: true, impl: hashValue}
	case "JsonMerge":
		s = spec{min: 3, max: 3, params: []kind{objectValue, objectValue, notTrue}, pure: true, impl: jsonMerge}
	case "MathRandom":
		s = spec{min: 2, max: 3, params: []kind{int32Value, int32Value, numberValue}, impl: mathRandom}
	case "MathAdd":
		s = spec{min: 2, max: 2, params: []kind{numberValue}, pure: true, impl: mathAdd}
	case "StringSplit":
		s = spec{min: 2, max: 2, params: []kind{stringValue}, pure: true, impl: stringSplit}
	case "UUID":
		s = spec{min: 0, max: 0, impl: uuid}
	default:
		return nil, false
	}
	s.name = statesPrefix + name
	return &s, true
}

// kind is what an argument must be. Evaluation checks every argument
// against its kind; Parse checks the literal ones.
type kind uint8

const (
	anyValue    kind = iota
	stringValue      // a string
	numberValue      // a number
	arrayValue       // an array
	objectValue      // an object
	int32Value       // a number whose integer part is a 32-bit integer
	positiveInt      // an int32Value of at least 1 (a chunk size)
	nonZeroInt       // an int32Value other than 0 (a step)
	indexValue       // an int32Value of at least 0 (an array index)
	algorithm        // the name of a hash algorithm States.Hash supports
	notNull          // anything but null
	notTrue          // anything but true (the deep-merge flag of States.JsonMerge)
)

// String names the kind for parse errors.
func (k kind) String() string {
	switch k {
	case stringValue:
		return "a string"
	case numberValue:
		return "a number"
	case arrayValue:
		return "an array"
	case objectValue:
		return "an object"
	case int32Value:
		return "a 32-bit integer"
	case positiveInt:
		return "a positive integer"
	case nonZeroInt:
		return "a non-zero integer"
	case indexValue:
		return "an integer of at least 0"
	case algorithm:
		return "one of MD5, SHA-1, SHA-256, SHA-384 and SHA-512"
	case notNull:
		return "a value other than null"
	case notTrue:
		return "false: only shallow merging is supported"
	}
	return "any value"
}

// accepts reports whether v is of kind k.
func (k kind) accepts(v any) bool {
	switch k {
	case stringValue:
		_, ok := v.(string)
		return ok
	case numberValue:
		return jsonv.IsNumber(v)
	case arrayValue:
		_, ok := v.([]any)
		return ok
	case objectValue:
		_, ok := v.(map[string]any)
		return ok
	case int32Value, positiveInt, nonZeroInt, indexValue:
		n, ok := truncInt32(v)
		switch {
		case !ok:
			return false
		case k == positiveInt:
			return n >= 1
		case k == nonZeroInt:
			return n != 0
		case k == indexValue:
			return n >= 0
		}
		return true
	case algorithm:
		s, ok := v.(string)
		return ok && isHashAlgorithm(s)
	case notNull:
		return v != nil
	case notTrue:
		return v != true
	}
	return true
}

// truncInt32 converts a number to an integer as Java's (int) cast of a
// double does, truncating towards zero. ok is false for a non-number and
// for a number outside the 32-bit range.
func truncInt32(v any) (int32, bool) {
	f, ok := jsonv.Float(v)
	if !ok || math.IsNaN(f) {
		return 0, false
	}
	f = math.Trunc(f)
	if f < math.MinInt32 || f > math.MaxInt32 {
		return 0, false
	}
	return int32(f), true
}
