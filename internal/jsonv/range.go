package jsonv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// NumberError is a number Decode refuses: its magnitude is beyond the
// largest float64, about 1.8e308. Step Functions reads numbers as 64-bit
// floating-point numbers, which cannot hold it.
type NumberError struct {
	// Number is the number as written.
	Number string
	// Pointer is the JSON Pointer (RFC 6901) of the number in the
	// document, "" for a document that is just a number.
	Pointer string
	// Offset is the byte offset of the number in the document.
	Offset int64
}

func (e *NumberError) Error() string {
	n := e.Number
	if len(n) > 40 {
		n = fmt.Sprintf("%s… (%d characters)", n[:24], len(n))
	}
	at := ""
	if e.Pointer != "" {
		at = " at " + e.Pointer
	}
	return fmt.Sprintf("number %s%s is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)", n, at)
}

// outOfRange reports whether the number written as s overflows a float64.
func outOfRange(s string) bool {
	if len(s) < 300 && !strings.ContainsAny(s, "eE") {
		return false // at most 299 digits before the point
	}
	f, err := strconv.ParseFloat(s, 64)
	return err != nil && math.IsInf(f, 0)
}

// hasOutOfRange reports whether v holds a number that overflows a float64.
func hasOutOfRange(v any) bool {
	switch t := v.(type) {
	case json.Number:
		return outOfRange(string(t))
	case map[string]any:
		for _, e := range t {
			if hasOutOfRange(e) {
				return true
			}
		}
	case []any:
		for _, e := range t {
			if hasOutOfRange(e) {
				return true
			}
		}
	}
	return false
}

// locateOutOfRange finds, in a document Decode decoded, the first number in
// document order that overflows a float64, and returns its *NumberError.
func locateOutOfRange(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// path holds, for each open container, its pointer so far: for an
	// object the pointer of the member whose value comes next (after its
	// name), for an array its own pointer and the next index.
	type level struct {
		array bool
		base  string // the pointer of the container
		key   string // the pointer of the next value of an object
		index int
		name  bool // an object expects a member name next
	}
	var stack []level
	next := func() string { // the pointer of the value about to be read
		if len(stack) == 0 {
			return ""
		}
		l := &stack[len(stack)-1]
		if l.array {
			p := l.base + "/" + strconv.Itoa(l.index)
			l.index++
			return p
		}
		l.name = true
		return l.key
	}
	for {
		offset := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("a number is out of range, but it could not be located: %v", err)
		}
		if len(stack) > 0 && !stack[len(stack)-1].array && stack[len(stack)-1].name {
			if name, ok := tok.(string); ok {
				l := &stack[len(stack)-1]
				l.key = l.base + "/" + escapePointer(name)
				l.name = false
				continue
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				p := next()
				stack = append(stack, level{array: t == '[', base: p, name: t == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
		case json.Number:
			p := next()
			if outOfRange(string(t)) {
				// The offset before a value may precede a ',' or ':'
				// and spaces; the number starts at its first character.
				start := offset + int64(bytes.IndexAny(data[offset:], "-0123456789"))
				return &NumberError{Number: string(t), Pointer: p, Offset: start}
			}
		default:
			next()
		}
	}
}

// escapePointer escapes a member name for a JSON Pointer.
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// CheckNumbers checks a value that did not come from Decode (one a caller
// built, or decoded otherwise) as Decode checks a document: it returns a
// *NumberError for the first number beyond the range of a float64 it holds,
// the members of objects taken in the order of their names (Offset is then
// -1), or nil.
func CheckNumbers(v any) error {
	if !hasOutOfRange(v) {
		return nil
	}
	return firstOutOfRange(v, "")
}

func firstOutOfRange(v any, ptr string) *NumberError {
	switch t := v.(type) {
	case json.Number:
		if outOfRange(string(t)) {
			return &NumberError{Number: string(t), Pointer: ptr, Offset: -1}
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if e := firstOutOfRange(t[k], ptr+"/"+escapePointer(k)); e != nil {
				return e
			}
		}
	case []any:
		for i, e := range t {
			if e := firstOutOfRange(e, ptr+"/"+strconv.Itoa(i)); e != nil {
				return e
			}
		}
	}
	return nil
}
