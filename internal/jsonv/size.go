package jsonv

import (
	"encoding/json"
	"reflect"
	"unicode/utf8"
	"unsafe"
)

// Size returns the length in bytes of v encoded as compact JSON, without
// encoding it. It stops counting once the size exceeds limit (when limit > 0)
// and returns a value above limit.
func Size(v any, limit int) int {
	s := sizer{limit: limit}
	s.add(v)
	return s.n
}

type sizer struct{ n, limit int }

func (s *sizer) over() bool { return s.limit > 0 && s.n > s.limit }

func (s *sizer) add(v any) {
	if s.over() {
		return
	}
	switch t := v.(type) {
	case nil:
		s.n += 4
	case bool:
		if t {
			s.n += 4
		} else {
			s.n += 5
		}
	case string:
		s.n += stringSize(t)
	case json.Number:
		s.n += len(t)
	case map[string]any:
		s.n += 2
		first := true
		for k, e := range t {
			if !first {
				s.n++
			}
			first = false
			s.n += stringSize(k) + 1
			s.add(e)
			if s.over() {
				return
			}
		}
	case []any:
		s.n += 2
		for i, e := range t {
			if i > 0 {
				s.n++
			}
			s.add(e)
			if s.over() {
				return
			}
		}
	default:
		b, err := json.Marshal(v)
		if err == nil {
			s.n += len(b)
		}
	}
}

func stringSize(str string) int {
	n := 2
	for i := 0; i < len(str); {
		c := str[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f':
				n += 2
			case c < 0x20:
				n += 6
			default:
				n++
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(str[i:])
		if r == utf8.RuneError && w == 1 || r == '\u2028' || r == '\u2029' {
			n += 6
		} else {
			n += w
		}
		i += w
	}
	return n
}

// SizeCache measures values that share containers, such as the matches of
// a JSONPath with recursive descent, each nested in the one before: it
// remembers the size of every array and object it measured, so measuring
// them all takes time linear in the memory they share, not in the sum of
// their sizes. The zero value is ready to use; a SizeCache is not safe for
// concurrent use, and the values must not change while it is in use.
type SizeCache struct {
	sizes map[container]int
}

// container identifies an array (its first element and length) or an
// object (its map; n is -1).
type container struct {
	p unsafe.Pointer
	n int
}

// Size returns the length in bytes of v encoded as compact JSON, as Size
// with no limit does.
func (c *SizeCache) Size(v any) int {
	var key container
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			return 2
		}
		key = container{p: reflect.ValueOf(t).UnsafePointer(), n: -1}
	case []any:
		if len(t) == 0 {
			return 2
		}
		key = container{p: unsafe.Pointer(&t[0]), n: len(t)}
	default:
		return Size(v, 0)
	}
	if n, ok := c.sizes[key]; ok {
		return n
	}
	n := 2
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			n += stringSize(k) + 1 + c.Size(e) + 1
		}
	case []any:
		for _, e := range t {
			n += c.Size(e) + 1
		}
	}
	n-- // one separator fewer than elements
	if c.sizes == nil {
		c.sizes = make(map[container]int)
	}
	c.sizes[key] = n
	return n
}
