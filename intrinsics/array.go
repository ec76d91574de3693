package intrinsics

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"github.com/gostates/gostates/internal/jsonv"
)

// maxRange is the most elements States.ArrayRange may produce.
const maxRange = 1000

// array is States.Array(values...): the values as an array.
func array(_ *call, _ Env, args []any) (any, error) {
	return args, nil // a fresh slice for every call
}

// arrayPartition is States.ArrayPartition(array, size): the array cut into
// chunks of size elements, the last one holding the rest. The size is
// truncated to an integer and must be at least 1.
func arrayPartition(_ *call, _ Env, args []any) (any, error) {
	a := args[0].([]any)
	size, _ := truncInt32(args[1])
	n := int(size)
	out := make([]any, 0, (len(a)+n-1)/n)
	for i := 0; i < len(a); i += n {
		out = append(out, slices.Clone(a[i:min(i+n, len(a))]))
	}
	return out, nil
}

// arrayContains is States.ArrayContains(array, value). AWS compares the
// values as Java renders them to text, so the string "1" is found by the
// number 1 and the string "true" by true. An array or object met again (the
// same one, as in States.Array($, $)) is not rendered again.
func arrayContains(_ *call, env Env, args []any) (any, error) {
	bud := budgetOf(env)
	if id, ok := identityOf(args[1]); ok {
		for _, e := range args[0].([]any) {
			if eid, ok := identityOf(e); ok && eid == id {
				return true, nil
			}
		}
	}
	want, ok := javaText(args[1], bud)
	if !ok {
		return nil, tooMuchText()
	}
	seen := map[identity]bool{}
	for _, e := range args[0].([]any) {
		id, isContainer := identityOf(e)
		if isContainer && seen[id] {
			continue
		}
		text, ok := javaText(e, bud)
		if !ok {
			return nil, tooMuchText()
		}
		if text == want {
			return true, nil
		}
		if isContainer {
			seen[id] = true
		}
	}
	return false, nil
}

// arrayRange is States.ArrayRange(first, last, step): first, first+step, …
// up to and including last. The arguments are truncated to integers; the
// step must not be 0, and the result may hold at most 1000 elements.
func arrayRange(_ *call, _ Env, args []any) (any, error) {
	first, _ := truncInt32(args[0])
	last, _ := truncInt32(args[1])
	step, _ := truncInt32(args[2])
	var n int64
	switch a, b, s := int64(first), int64(last), int64(step); {
	case s > 0 && a <= b:
		n = (b-a)/s + 1
	case s < 0 && a >= b:
		n = (a-b)/-s + 1
	}
	if n > maxRange {
		return nil, invalidf("the range has %d elements; at most %d are allowed", n, maxRange)
	}
	out := make([]any, n)
	for i := range out {
		out[i] = json.Number(strconv.FormatInt(int64(first)+int64(i)*int64(step), 10))
	}
	return out, nil
}

// arrayGetItem is States.ArrayGetItem(array, index). The index is truncated
// to an integer. AWS answers null for any index into an empty array, and
// fails for an index past the end of any other.
func arrayGetItem(_ *call, _ Env, args []any) (any, error) {
	a := args[0].([]any)
	i, _ := truncInt32(args[1])
	switch {
	case len(a) == 0:
		return nil, nil
	case int(i) >= len(a):
		return nil, invalidf("index %d is out of bounds for an array of %d elements", i, len(a))
	}
	return a[i], nil
}

// arrayLength is States.ArrayLength(array).
func arrayLength(_ *call, _ Env, args []any) (any, error) {
	return json.Number(strconv.Itoa(len(args[0].([]any)))), nil
}

// arrayUnique is States.ArrayUnique(array): the array without repeated
// values, keeping the first of each. An array or object met again (the
// same one, as in States.Array($, $)) is a repeat without comparing it.
func arrayUnique(_ *call, env Env, args []any) (any, error) {
	a := args[0].([]any)
	bud := budgetOf(env)
	seen := make(map[string]struct{}, len(a))
	seenIDs := map[identity]struct{}{}
	out := make([]any, 0, len(a))
	for _, e := range a {
		id, isContainer := identityOf(e)
		if isContainer {
			if _, dup := seenIDs[id]; dup {
				continue
			}
			seenIDs[id] = struct{}{}
		}
		b := newText(bud)
		appendKey(b, e)
		if b.over {
			return nil, tooMuchText()
		}
		k := b.String()
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		out = append(out, e)
	}
	return out, nil
}

// appendKey writes a text that is equal for two values exactly when they
// are equal JSON values (jsonv.Equal): objects regardless of key order,
// numbers by value.
func appendKey(b *text, v any) {
	if b.over {
		return
	}
	switch t := v.(type) {
	case nil:
		b.writeByte('n')
	case bool:
		if t {
			b.writeByte('t')
		} else {
			b.writeByte('f')
		}
	case string:
		b.WriteString(strconv.Quote(t))
	case []any:
		b.writeByte('[')
		for _, e := range t {
			appendKey(b, e)
			b.writeByte(',')
		}
		b.writeByte(']')
	case map[string]any:
		b.writeByte('{')
		for _, k := range slices.Sorted(maps.Keys(t)) {
			b.WriteString(strconv.Quote(k))
			b.writeByte(':')
			appendKey(b, t[k])
			b.writeByte(',')
		}
		b.writeByte('}')
	default:
		b.writeByte('#')
		b.WriteString(numberKey(v))
	}
}

// numberKey is the exact value of a number as text, the same for equal
// numbers however they are written (1, 1.0, 1e0).
func numberKey(v any) string {
	if k, ok := jsonv.CanonicalNumber(v); ok {
		return k
	}
	return jsonText(v)
}
