package jsonata

import (
	"encoding/json"
	"hash/maphash"
	"math"
	"math/bits"
	"reflect"
	"sort"
	"strconv"
)

// undefinedValue is the type of Undefined.
type undefinedValue struct{}

// String renders Undefined for debugging.
func (undefinedValue) String() string { return "undefined" }

// Undefined is the result of an expression that yields nothing (JavaScript's
// undefined). It is distinct from a JSON null, which is nil. Test for it with
// IsUndefined.
var Undefined any = undefinedValue{}

// IsUndefined reports whether v is the Undefined result.
func IsUndefined(v any) bool {
	_, ok := v.(undefinedValue)
	return ok
}

func isUndefined(v any) bool {
	_, ok := v.(undefinedValue)
	return ok
}

// array is an array created during evaluation that carries the flags
// jsonata-js keeps on its arrays: a sequence is the result of a path or
// function (singleton sequences collapse to their item), a cons array is the
// result of an array constructor used as a path step. Plain JSON arrays are
// []any.
type array struct {
	items         []any
	seq           bool // a sequence (createSequence)
	cons          bool // an array constructor result that must not be flattened
	keepSingleton bool // a singleton sequence stays an array ([] seen)
	outerWrapper  bool // wraps an input array so it is treated as one value
	tupleStream   bool // items are *tuple
}

// newSeq creates a sequence; with one argument the sequence holds it (even
// Undefined, as createSequence(undefined) does).
func newSeq(items ...any) *array {
	a := &array{seq: true}
	if len(items) > 0 {
		a.items = append(make([]any, 0, len(items)), items...)
	}
	return a
}

// arrayItems returns the items of an array value.
func arrayItems(v any) ([]any, bool) {
	switch a := v.(type) {
	case []any:
		return a, true
	case *array:
		return a.items, true
	}
	return nil, false
}

func isArray(v any) bool {
	switch v.(type) {
	case []any, *array:
		return true
	}
	return false
}

func isSequence(v any) bool {
	a, ok := v.(*array)
	return ok && a.seq
}

// object is an object created during evaluation; unlike map[string]any it
// keeps its keys in insertion order, as JavaScript objects do.
type object struct {
	keys []string
	vals map[string]any
}

func newObject(n int) *object {
	return &object{keys: make([]string, 0, n), vals: make(map[string]any, n)}
}

func (o *object) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *object) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, kk := range o.keys {
		if kk == k {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// isObject reports whether v is a JSON object (not an array or function).
func isObject(v any) bool {
	switch v.(type) {
	case map[string]any, *object:
		return true
	}
	return false
}

// objectKeys returns the keys of an object: insertion order for objects
// built by the expression, sorted order for map[string]any input (whose
// order Go does not keep).
func objectKeys(v any) []string {
	switch o := v.(type) {
	case *object:
		return o.keys
	case map[string]any:
		keys := make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys
	}
	return nil
}

// sortedKeys is objectKeys charging the evaluation for sorting the keys of a
// map[string]any.
func (ev *evaluator) sortedKeys(v any) ([]string, error) {
	if m, ok := v.(map[string]any); ok && len(m) > 1 {
		if err := ev.scan(4 * len(m) * bits.Len(uint(len(m)))); err != nil {
			return nil, err
		}
	}
	return objectKeys(v), nil
}

func objectLen(v any) int {
	switch o := v.(type) {
	case *object:
		return len(o.keys)
	case map[string]any:
		return len(o)
	}
	return 0
}

func objectGet(v any, k string) (any, bool) {
	switch o := v.(type) {
	case *object:
		val, ok := o.vals[k]
		return val, ok
	case map[string]any:
		val, ok := o[k]
		return val, ok
	}
	return nil, false
}

// toNumber returns the numeric value of a JSON number of any Go
// representation.
func toNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return f, true
			}
			return math.NaN(), true
		}
		return f, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case int16:
		return float64(n), true
	case int8:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint8:
		return float64(n), true
	case float32:
		return float64(n), true
	}
	return 0, false
}

func isNumber(v any) bool {
	_, ok := toNumber(v)
	return ok
}

// isNumeric is jsonata-js isNumeric: a number that is not NaN; an infinite
// number is an error (D1001).
func isNumeric(v any) (bool, error) {
	f, ok := toNumber(v)
	if !ok || math.IsNaN(f) {
		return false, nil
	}
	if math.IsInf(f, 0) {
		return false, newError("D1001").withValue(f)
	}
	return true, nil
}

func isArrayOfNumbers(v any) (bool, error) {
	items, ok := arrayItems(v)
	if !ok {
		return false, nil
	}
	for _, it := range items {
		n, err := isNumeric(it)
		if err != nil {
			return false, err
		}
		if !n {
			return false, nil
		}
	}
	return true, nil
}

func isArrayOfStrings(v any) bool {
	items, ok := arrayItems(v)
	if !ok {
		return false
	}
	for _, it := range items {
		if _, ok := it.(string); !ok {
			return false
		}
	}
	return true
}

// isFunction reports whether v is a function value.
func isFunction(v any) bool {
	switch v.(type) {
	case *lambda, *builtin, *regexLiteral, *wrappedFn:
		return true
	}
	return false
}

// jsTypeof returns the JavaScript typeof of a value as used by the
// comparison and sort operators.
func jsTypeof(v any) string {
	switch v.(type) {
	case undefinedValue:
		return "undefined"
	case string:
		return "string"
	case bool:
		return "boolean"
	case *regexLiteral, *wrappedFn:
		return "function"
	}
	if isNumber(v) {
		return "number"
	}
	return "object"
}

// sameValue is JavaScript's === on JSON values: scalars by value, containers
// by identity.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	case undefinedValue:
		return isUndefined(b)
	}
	if fa, ok := toNumber(a); ok {
		fb, ok := toNumber(b)
		return ok && fa == fb
	}
	if _, ok := toNumber(b); ok {
		return false
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Kind() != vb.Kind() {
		return false
	}
	switch va.Kind() {
	case reflect.Map, reflect.Pointer:
		return va.UnsafePointer() == vb.UnsafePointer()
	case reflect.Slice:
		return va.Len() == vb.Len() && (va.Len() == 0 || va.UnsafePointer() == vb.UnsafePointer())
	}
	return false
}

// deepEqual compares two values structurally (jsonata-js isDeepEqual),
// charging the work to the evaluation.
func (ev *evaluator) deepEqual(a, b any) (bool, error) {
	return ev.deepEqualAt(a, b, 0)
}

func (ev *evaluator) deepEqualAt(a, b any, depth int) (bool, error) {
	if depth > maxValueDepth {
		return false, newError(codeStackOverflow)
	}
	if err := ev.scan(1); err != nil {
		return false, err
	}
	if fa, ok := toNumber(a); ok {
		fb, ok := toNumber(b)
		return ok && fa == fb, nil
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		if ok && len(x) == len(y) {
			if err := ev.scanBytes(len(x)); err != nil {
				return false, err
			}
		}
		return ok && x == y, nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y, nil
	case nil:
		return b == nil, nil
	case undefinedValue:
		return isUndefined(b), nil
	}
	if sameContainer(a, b) {
		// lhs === rhs
		return true, nil
	}
	if ia, ok := arrayItems(a); ok {
		ib, ok := arrayItems(b)
		if !ok || len(ia) != len(ib) {
			return false, nil
		}
		for i := range ia {
			eq, err := ev.deepEqualAt(ia[i], ib[i], depth+1)
			if err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	}
	if isObject(a) {
		if !isObject(b) || objectLen(a) != objectLen(b) {
			return false, nil
		}
		// the order of the keys does not matter: a map is not sorted
		equal := func(k string, va any) (bool, error) {
			vb, ok := objectGet(b, k)
			if !ok {
				return false, nil
			}
			return ev.deepEqualAt(va, vb, depth+1)
		}
		switch x := a.(type) {
		case map[string]any:
			for k, va := range x {
				if eq, err := equal(k, va); err != nil || !eq {
					return false, err
				}
			}
		case *object:
			for _, k := range x.keys {
				if eq, err := equal(k, x.vals[k]); err != nil || !eq {
					return false, err
				}
			}
		}
		return true, nil
	}
	return sameValue(a, b), nil
}

// boolean is the effective boolean value ($boolean); undefined stays
// undefined (reported by ok=false).
func boolean(v any) (b bool, ok bool) {
	switch x := v.(type) {
	case undefinedValue:
		return false, false
	case bool:
		return x, true
	case string:
		return x != "", true
	case nil:
		return false, true
	case *array:
		return booleanOfItems(x.items), true
	case []any:
		return booleanOfItems(x), true
	case *object:
		return len(x.keys) > 0, true
	case map[string]any:
		return len(x) > 0, true
	}
	if f, isNum := toNumber(v); isNum {
		return f != 0 && !math.IsNaN(f), true
	}
	switch x := v.(type) {
	case *lambda:
		// a lambda is a non-empty JavaScript object in jsonata-js 2.0.6
		return true, true
	case *builtin:
		return !x.raw, true
	}
	return false, true
}

// truth is the effective boolean value of v, charging the work of testing
// the items of an array to the evaluation.
func (ev *evaluator) truth(v any) (bool, error) {
	return ev.truthAt(v, 0)
}

func (ev *evaluator) truthAt(v any, depth int) (bool, error) {
	items, ok := arrayItems(v)
	if !ok {
		b, _ := boolean(v)
		return b, nil
	}
	if depth > maxValueDepth {
		return false, newError(codeStackOverflow)
	}
	if len(items) == 1 {
		return ev.truthAt(items[0], depth+1)
	}
	for i, it := range items {
		b, err := ev.truthAt(it, depth+1)
		if err != nil {
			return false, err
		}
		if b {
			return true, ev.scan(i + 1)
		}
	}
	return false, ev.scan(len(items))
}

func booleanOfItems(items []any) bool {
	if len(items) == 1 {
		b, _ := boolean(items[0])
		return b
	}
	for _, it := range items {
		if b, _ := boolean(it); b {
			return true
		}
	}
	return false
}

// truthy is JavaScript truthiness (used where jsonata-js tests a raw value).
func truthy(v any) bool {
	switch x := v.(type) {
	case undefinedValue, nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	}
	if f, ok := toNumber(v); ok {
		return f != 0 && !math.IsNaN(f)
	}
	return true
}

// appendValues is jsonata-js fn.append: it concatenates two values, treating
// non-arrays as singletons; the result is a plain array.
func appendValues(a, b any) any {
	if isUndefined(a) {
		return b
	}
	if isUndefined(b) {
		return a
	}
	ia, aok := arrayItems(a)
	ib, bok := arrayItems(b)
	out := make([]any, 0, len(ia)+len(ib)+2)
	if aok {
		out = append(out, ia...)
	} else {
		out = append(out, a)
	}
	if bok {
		out = append(out, ib...)
	} else {
		out = append(out, b)
	}
	return out
}

// tuple is one binding tuple of a tuple stream (focus, index and ancestor
// bindings along a path); "@" holds the context item.
type tuple struct {
	names []string
	vals  []any
}

func (t *tuple) get(name string) any {
	for i, n := range t.names {
		if n == name {
			return t.vals[i]
		}
	}
	return Undefined
}

func (t *tuple) set(name string, v any) {
	for i, n := range t.names {
		if n == name {
			t.vals[i] = v
			return
		}
	}
	t.names = append(t.names, name)
	t.vals = append(t.vals, v)
}

func (t *tuple) del(name string) {
	for i, n := range t.names {
		if n == name {
			t.names = append(t.names[:i:i], t.names[i+1:]...)
			t.vals = append(t.vals[:i:i], t.vals[i+1:]...)
			return
		}
	}
}

func (t *tuple) clone() *tuple {
	return &tuple{names: append([]string(nil), t.names...), vals: append([]any(nil), t.vals...)}
}

// assign copies all bindings of src into t (Object.assign).
func (t *tuple) assign(src *tuple) {
	for i, n := range src.names {
		t.set(n, src.vals[i])
	}
}

// sameContainer reports whether a and b are the same array or object (the
// identity test of JavaScript's === on objects).
func sameContainer(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && len(x) > 0 && &x[0] == &y[0]
	case *array:
		y, ok := b.(*array)
		return ok && x == y
	case *object:
		y, ok := b.(*object)
		return ok && x == y
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	}
	return false
}

// maxHashDepth is the nesting to which values are hashed.
const maxHashDepth = 64

// valueHasher hashes values so that deep-equal values (see deepEqual) have
// the same hash.
type valueHasher struct {
	ev   *evaluator
	seed maphash.Seed
}

// hash returns the hash of v. never reports that v is NaN, which is equal to
// nothing. A container that holds NaN itself is equal only to itself, so it
// is hashed by its identity.
func (h *valueHasher) hash(v any, depth int) (sum uint64, never bool, err error) {
	if depth > maxHashDepth {
		// deeper levels are left to deepEqual
		return 5, false, nil
	}
	if err := h.ev.scan(1); err != nil {
		return 0, false, err
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) {
			return 0, true, nil
		}
		return h.number(x), false, nil
	case string:
		if err := h.ev.scanBytes(len(x)); err != nil {
			return 0, false, err
		}
		return maphash.String(h.seed, x), false, nil
	case bool:
		if x {
			return 1, false, nil
		}
		return 2, false, nil
	case nil:
		return 3, false, nil
	case undefinedValue:
		return 4, false, nil
	}
	if f, ok := toNumber(v); ok {
		if math.IsNaN(f) {
			return 0, true, nil
		}
		return h.number(f), false, nil
	}
	var mh maphash.Hash
	mh.SetSeed(h.seed)
	if items, ok := arrayItems(v); ok {
		mh.WriteByte('a')
		writeUint64(&mh, uint64(len(items)))
		for _, it := range items {
			s, nan, err := h.hash(it, depth+1)
			if err != nil {
				return 0, false, err
			}
			if nan {
				return h.identity(v), false, nil
			}
			writeUint64(&mh, s)
		}
		return mh.Sum64(), false, nil
	}
	if isObject(v) {
		keys, err := h.ev.sortedKeys(v)
		if err != nil {
			return 0, false, err
		}
		if o, ok := v.(*object); ok {
			keys = append([]string(nil), o.keys...)
			sort.Strings(keys)
			if err := h.ev.scan(4 * len(keys) * bits.Len(uint(len(keys)))); err != nil {
				return 0, false, err
			}
		}
		mh.WriteByte('o')
		writeUint64(&mh, uint64(len(keys)))
		for _, k := range keys {
			val, _ := objectGet(v, k)
			s, nan, err := h.hash(val, depth+1)
			if err != nil {
				return 0, false, err
			}
			if nan {
				return h.identity(v), false, nil
			}
			writeUint64(&mh, uint64(len(k)))
			mh.WriteString(k)
			writeUint64(&mh, s)
		}
		return mh.Sum64(), false, nil
	}
	// functions and other values are equal only to themselves
	return h.identity(v), false, nil
}

// number hashes a number (not NaN); -0 equals 0.
func (h *valueHasher) number(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	return maphash.Comparable(h.seed, f)
}

// identity hashes the identity of a reference value.
func (h *valueHasher) identity(v any) uint64 {
	var mh maphash.Hash
	mh.SetSeed(h.seed)
	mh.WriteByte('i')
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Pointer, reflect.Slice:
		writeUint64(&mh, uint64(uintptr(rv.UnsafePointer())))
	}
	return mh.Sum64()
}

func writeUint64(mh *maphash.Hash, u uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(u >> (8 * i))
	}
	mh.Write(b[:])
}
