package asl

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	"github.com/gostates/gostates/internal/jsonptr"
)

// pathToken is one step of a JSON pointer: an object member's key, or an
// array element's index (index >= 0).
type pathToken struct {
	key   string
	index int
}

// pointerPath is the way from the root to the value being decoded or
// walked. It is kept as a stack so that a pointer string is only built for
// a problem: building one per value costs time and memory quadratic in the
// depth and the length of the keys.
type pointerPath []pathToken

func (p *pointerPath) pushKey(k string) { *p = append(*p, pathToken{key: k, index: -1}) }
func (p *pointerPath) pushIndex(i int)  { *p = append(*p, pathToken{index: i}) }
func (p *pointerPath) pop()             { *p = (*p)[:len(*p)-1] }

// String returns the JSON pointer, "" for the root.
func (p pointerPath) String() string {
	var b strings.Builder
	for _, t := range p {
		b.WriteByte('/')
		if t.index >= 0 {
			b.WriteString(strconv.Itoa(t.index))
		} else {
			b.WriteString(jsonptr.Escape(t.key))
		}
	}
	return b.String()
}

// valueChecker walks a definition given as Go values (ParseValue) for what
// JSON text could not hold: values of other Go types, NaN and the
// infinities, malformed or out-of-range json.Number values, cycles, and
// nesting deeper than maxDepth.
type valueChecker struct {
	path pointerPath
	// onPath holds the maps and slices between the root and the value
	// walked, to tell a cycle from a value shared by two fields.
	onPath map[unsafe.Pointer]bool
	errs   Errors
	// size is how long def is as JSON; the walk stops when it is too long
	// (a value may be shared by many fields, each a copy in JSON).
	size     jsonSize
	tooLarge bool
	// pointers adds up the lengths of the values' JSON pointers.
	pointers int
}

// checkValue returns the problems of def, nil when it is JSON.
func checkValue(def any) Errors {
	c := &valueChecker{onPath: map[unsafe.Pointer]bool{}}
	c.walk(def, 0, 0)
	return c.errs
}

func (c *valueChecker) add(code, format string, args ...any) {
	c.errs = append(c.errs, Error{Path: c.path.String(), Code: code, Message: fmt.Sprintf(format, args...)})
}

// walk checks v, whose pointer is c.path, plen bytes long.
func (c *valueChecker) walk(v any, depth, plen int) {
	if c.tooLarge {
		return
	}
	if !c.size.add(scalarSize(v)) {
		c.tooLarge = true
		c.errs = append(c.errs, tooLarge("the definition", MaxDefinitionSize, true))
		return
	}
	switch t := v.(type) {
	case nil, bool, string, int, int8, int32, int64, uint, uint8, uint32, uint64:
		// The Go types the JSON Schema check takes for JSON values.
	case json.Number:
		if msg := numberProblem(string(t)); msg != "" {
			c.add(CodeValue, "%s", msg)
		}
	case float64:
		if msg := floatProblem(t); msg != "" {
			c.add(CodeValue, "%s", msg)
		}
	case float32:
		if msg := floatProblem(float64(t)); msg != "" {
			c.add(CodeValue, "%s", msg)
		}
	case map[string]any:
		if !c.enter(v, len(t), depth) {
			return
		}
		for k, e := range t {
			c.size.add(memberSize(k, true))
			c.path.pushKey(k)
			c.member(e, depth, memberPointer(plen, k, -1))
			c.path.pop()
		}
		c.leave(v, len(t))
	case []any:
		if !c.enter(v, len(t), depth) {
			return
		}
		for i, e := range t {
			c.size.add(memberSize("", false))
			c.path.pushIndex(i)
			c.member(e, depth, memberPointer(plen, "", i))
			c.path.pop()
		}
		c.leave(v, len(t))
	default:
		c.add(CodeSyntax, "a value of Go type %T is not a JSON value (JSON values are map[string]any, []any, string, json.Number or float64, bool and nil)", v)
	}
}

// member counts the pointer of member e of a value at depth (plen bytes
// long, c.path) and walks it, unless the definition's pointers add up to
// more than maxPointerBytes.
func (c *valueChecker) member(e any, depth, plen int) {
	if c.tooLarge {
		return
	}
	if c.pointers += plen; c.pointers > maxPointerBytes {
		c.tooLarge = true
		c.add(CodeTooLarge, "%s", tooNested())
		return
	}
	c.walk(e, depth+1, plen)
}

// enter reports whether the children of container v (n of them) should be
// walked: not when v is nested too deep or contains itself.
func (c *valueChecker) enter(v any, n, depth int) bool {
	if depth > maxDepth {
		c.add(CodeSyntax, "document nested deeper than %d levels", maxDepth)
		return false
	}
	if n == 0 {
		return false
	}
	p := reflect.ValueOf(v).UnsafePointer()
	if c.onPath[p] {
		c.add(CodeSyntax, "a value of Go type %T contains itself: a definition cannot be cyclic", v)
		return false
	}
	c.onPath[p] = true
	return true
}

func (c *valueChecker) leave(v any, n int) {
	if n > 0 {
		delete(c.onPath, reflect.ValueOf(v).UnsafePointer())
	}
}
