package asl

import (
	"encoding/json"
	"unicode/utf8"
)

// fastDecoder decodes well-formed JSON in one pass over the bytes, building
// the values and their positions together: encoding/json's tokenizer,
// which Parse otherwise needs for positions, spends more time than all the
// checks of a large definition. At the first thing it does not expect (a
// syntax error, a duplicate key, a number a float64 cannot hold, nesting
// deeper than maxDepth, pointers over maxPointerBytes) it gives up, and the token decoder decodes the
// definition again to word the problem exactly. It accepts exactly what
// encoding/json accepts, and yields the same values (a differential test
// and a fuzzer hold it to that).
type fastDecoder struct {
	builder
	data []byte
	i    int
	// pointers adds up the lengths of the values' JSON pointers, up to
	// maxPointerBytes.
	pointers int
}

// fastDecodeJSON decodes data, or reports false when the token decoder
// must.
func fastDecodeJSON(data []byte) (*document, bool) {
	doc := &document{src: data}
	d := &fastDecoder{builder: builder{doc: doc}, data: data}
	d.doc.nodes = make([]node, 0, len(data)/64)
	d.doc.kids = make([]kid, 0, len(data)/16)
	d.skip()
	at := d.at()
	root, id, ok := d.value(0, 0)
	if !ok {
		return nil, false
	}
	if d.skip(); d.i != len(d.data) {
		return nil, false
	}
	doc.root, doc.top, doc.located = root, kid{at: at, id: id}, true
	return doc, true
}

func (d *fastDecoder) at() pos { return pos{off: int32(d.i)} }

// skip moves past JSON whitespace.
func (d *fastDecoder) skip() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value decodes the value at d.i (after whitespace), whose pointer is plen
// bytes long, returning it and its node (-1 for a scalar).
func (d *fastDecoder) value(depth, plen int) (any, int32, bool) {
	if d.i >= len(d.data) || depth > maxDepth {
		return nil, -1, false
	}
	switch c := d.data[d.i]; {
	case c == '{':
		return d.object(depth, plen)
	case c == '[':
		return d.array(depth, plen)
	case c == '"':
		s, ok := d.string()
		return s, -1, ok
	case c == '-' || c >= '0' && c <= '9':
		n, ok := d.number()
		return n, -1, ok
	case c == 't':
		return true, -1, d.literal("true")
	case c == 'f':
		return false, -1, d.literal("false")
	case c == 'n':
		return nil, -1, d.literal("null")
	}
	return nil, -1, false
}

func (d *fastDecoder) literal(word string) bool {
	if len(d.data)-d.i < len(word) || string(d.data[d.i:d.i+len(word)]) != word {
		return false
	}
	d.i += len(word)
	return true
}

// member counts the pointer of a member (plen bytes long) and reports
// whether the definition is still within maxPointerBytes.
func (d *fastDecoder) member(plen int) bool {
	d.pointers += plen
	return d.pointers <= maxPointerBytes
}

func (d *fastDecoder) object(depth, plen int) (any, int32, bool) {
	id, mark := d.open(false)
	m := map[string]any{}
	d.i++ // {
	d.skip()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		d.close(id, mark)
		return m, id, true
	}
	for {
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return nil, -1, false
		}
		at := d.at()
		key, ok := d.string()
		if !ok {
			return nil, -1, false
		}
		if _, dup := m[key]; dup {
			return nil, -1, false
		}
		d.skip()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return nil, -1, false
		}
		d.i++
		d.skip()
		cplen := memberPointer(plen, key, -1)
		if !d.member(cplen) {
			return nil, -1, false
		}
		v, vid, ok := d.value(depth+1, cplen)
		if !ok {
			return nil, -1, false
		}
		m[key] = v
		d.add(kid{key: key, at: at, id: vid})
		d.skip()
		if d.i >= len(d.data) {
			return nil, -1, false
		}
		switch d.data[d.i] {
		case ',':
			d.i++
			d.skip()
		case '}':
			d.i++
			d.close(id, mark)
			return m, id, true
		default:
			return nil, -1, false
		}
	}
}

func (d *fastDecoder) array(depth, plen int) (any, int32, bool) {
	id, mark := d.open(true)
	a := []any{}
	d.i++ // [
	d.skip()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
		d.close(id, mark)
		return a, id, true
	}
	for {
		at := d.at()
		cplen := memberPointer(plen, "", len(a))
		if !d.member(cplen) {
			return nil, -1, false
		}
		v, vid, ok := d.value(depth+1, cplen)
		if !ok {
			return nil, -1, false
		}
		a = append(a, v)
		d.add(kid{at: at, id: vid})
		d.skip()
		if d.i >= len(d.data) {
			return nil, -1, false
		}
		switch d.data[d.i] {
		case ',':
			d.i++
			d.skip()
		case ']':
			d.i++
			d.close(id, mark)
			return a, id, true
		default:
			return nil, -1, false
		}
	}
}

// string decodes the string at d.i. A string with escapes or invalid UTF-8
// is left to encoding/json, which decodes it exactly as it decodes a whole
// document.
func (d *fastDecoder) string() (string, bool) {
	start := d.i
	d.i++ // "
	plain := true
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			d.i++
			raw := d.data[start+1 : d.i-1]
			if plain {
				return string(raw), true
			}
			var s string
			if json.Unmarshal(d.data[start:d.i], &s) != nil {
				return "", false
			}
			return s, true
		case c == '\\':
			plain = false
			d.i += 2
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(d.data[d.i:])
			if r == utf8.RuneError && size == 1 {
				plain = false // encoding/json replaces it with U+FFFD
			}
			d.i += size
		default:
			d.i++
		}
	}
	return "", false
}

// number decodes the number at d.i, giving up on one numberProblem
// refuses.
func (d *fastDecoder) number() (json.Number, bool) {
	start := d.i
	for d.i < len(d.data) {
		switch c := d.data[d.i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			d.i++
			continue
		}
		break
	}
	s := string(d.data[start:d.i])
	if numberProblem(s) != "" {
		return "", false
	}
	return json.Number(s), true
}
