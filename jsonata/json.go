package jsonata

import (
	"math"
	"strings"
)

// maxValueDepth bounds the nesting the recursive value helpers (JSON
// serialisation, cloning) accept, so that a deeply nested value built by a
// hostile expression cannot exhaust the stack.
const maxValueDepth = 10000

// maxMessageValue bounds the JSON text of a value shown in an error
// message, in bytes; longer text is cut.
const maxMessageValue = 4096

const hexDigits = "0123456789abcdef"

// writeJSONString writes s as a JSON string literal the way JSON.stringify
// does: only quote, backslash and control characters are escaped, lone
// surrogates become \udxxx.
func writeJSONString(sb *strings.Builder, s string) {
	sb.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x80 {
			i++
			continue
		}
		if c >= 0x80 {
			r, size := decodeChar(s, i)
			if r >= 0xD800 && r <= 0xDFFF {
				sb.WriteString(s[start:i])
				sb.WriteString(`\u`)
				sb.WriteByte(hexDigits[r>>12&0xF])
				sb.WriteByte(hexDigits[r>>8&0xF])
				sb.WriteByte(hexDigits[r>>4&0xF])
				sb.WriteByte(hexDigits[r&0xF])
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		sb.WriteString(s[start:i])
		switch c {
		case '"':
			sb.WriteString(`\"`)
		case '\\':
			sb.WriteString(`\\`)
		case '\b':
			sb.WriteString(`\b`)
		case '\f':
			sb.WriteString(`\f`)
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		default:
			sb.WriteString(`\u00`)
			sb.WriteByte(hexDigits[c>>4])
			sb.WriteByte(hexDigits[c&0xF])
		}
		i++
		start = i
	}
	sb.WriteString(s[start:])
	sb.WriteByte('"')
}

// jsonWriter serialises values as JSON.stringify does. With stringFn the
// $string replacer applies: numbers are rounded to 15 significant digits
// (and infinite numbers are an error) and functions become "". With indent
// the output is pretty-printed with two spaces. The work is charged to ev
// (when not nil) and the text may not grow beyond limit bytes.
type jsonWriter struct {
	sb               strings.Builder
	indent, stringFn bool
	ev               *evaluator
	limit            int
}

// errTextLimit reports that the text reached the writer's limit.
var errTextLimit = newError(codeTooLarge)

func (w *jsonWriter) write(v any, level int) error {
	sb := &w.sb
	if level > maxValueDepth {
		return newError(codeStackOverflow)
	}
	if sb.Len() > w.limit {
		if w.ev != nil {
			return w.ev.tooManyBytes()
		}
		return errTextLimit
	}
	if w.ev != nil {
		if err := w.ev.scan(1); err != nil {
			return err
		}
	}
	indent, stringFn := w.indent, w.stringFn
	switch x := v.(type) {
	case nil:
		sb.WriteString("null")
		return nil
	case bool:
		if x {
			sb.WriteString("true")
		} else {
			sb.WriteString("false")
		}
		return nil
	case string:
		writeJSONString(sb, x)
		return nil
	case undefinedValue:
		sb.WriteString("null")
		return nil
	}
	if isFunction(v) {
		if stringFn {
			sb.WriteString(`""`)
		} else {
			sb.WriteString("null")
		}
		return nil
	}
	if f, ok := toNumber(v); ok {
		// formatting a number (twice for $string) costs about a step
		if w.ev != nil {
			if err := w.ev.step(); err != nil {
				return err
			}
		}
		if stringFn {
			if math.IsInf(f, 0) {
				return newError("D1001").withValue(f)
			}
			f = precision15(f)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			sb.WriteString("null")
		} else {
			sb.WriteString(formatJSNumber(f))
		}
		return nil
	}
	if items, ok := arrayItems(v); ok {
		if len(items) == 0 {
			sb.WriteString("[]")
			return nil
		}
		sb.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				sb.WriteByte(',')
			}
			if indent {
				newline(sb, level+1)
			}
			if isUndefined(it) || (!stringFn && isFunction(it)) {
				sb.WriteString("null")
				continue
			}
			if err := w.write(it, level+1); err != nil {
				return err
			}
		}
		if indent {
			newline(sb, level)
		}
		sb.WriteByte(']')
		return nil
	}
	if isObject(v) {
		var keys []string
		if w.ev != nil {
			var err error
			if keys, err = w.ev.sortedKeys(v); err != nil {
				return err
			}
		} else {
			keys = objectKeys(v)
		}
		first := true
		sb.WriteByte('{')
		for _, k := range keys {
			val, _ := objectGet(v, k)
			if isUndefined(val) || (!stringFn && isFunction(val)) {
				continue
			}
			if !first {
				sb.WriteByte(',')
			}
			first = false
			if indent {
				newline(sb, level+1)
			}
			writeJSONString(sb, k)
			sb.WriteByte(':')
			if indent {
				sb.WriteByte(' ')
			}
			if err := w.write(val, level+1); err != nil {
				return err
			}
		}
		if indent && !first {
			newline(sb, level)
		}
		sb.WriteByte('}')
		return nil
	}
	sb.WriteString("null")
	return nil
}

func newline(sb *strings.Builder, level int) {
	sb.WriteByte('\n')
	for i := 0; i < level; i++ {
		sb.WriteString("  ")
	}
}

// stringOf is $string: strings are returned unchanged, functions become "",
// everything else is serialised as JSON.
func (ev *evaluator) stringOf(v any, pretty bool) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case *array:
		if x.outerWrapper && len(x.items) > 0 {
			v = x.items[0]
		}
	}
	if isFunction(v) {
		return "", nil
	}
	if f, ok := toNumber(v); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return "", newError("D3001").withValue(f)
	}
	w := jsonWriter{indent: pretty, stringFn: true, ev: ev, limit: ev.stringRoom()}
	if err := w.write(v, 0); err != nil {
		return "", err
	}
	if err := ev.newString(w.sb.Len()); err != nil {
		return "", err
	}
	return w.sb.String(), nil
}

// copyValue makes a structural copy of a value (numbers and functions are
// kept as they are).
func (ev *evaluator) copyValue(v any, level int) (any, error) {
	if level > maxValueDepth {
		return nil, newError(codeStackOverflow)
	}
	if err := ev.alloc(1); err != nil {
		return nil, err
	}
	if items, ok := arrayItems(v); ok {
		out := make([]any, len(items))
		for i, it := range items {
			c, err := ev.copyValue(it, level+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		if a, ok := v.(*array); ok && a.seq {
			return &array{seq: true, items: out, keepSingleton: a.keepSingleton}, nil
		}
		return out, nil
	}
	if isObject(v) {
		keys, err := ev.sortedKeys(v)
		if err != nil {
			return nil, err
		}
		if err := ev.allocObject(len(keys)); err != nil {
			return nil, err
		}
		out := newObject(len(keys))
		for _, k := range keys {
			val, _ := objectGet(v, k)
			c, err := ev.copyValue(val, level+1)
			if err != nil {
				return nil, err
			}
			out.set(k, c)
		}
		return out, nil
	}
	return v, nil
}

// cloneValue is $clone: JSON.parse($string(v)), done without the text.
func (ev *evaluator) cloneValue(v any, level int) (any, error) {
	if level > maxValueDepth {
		return nil, newError(codeStackOverflow)
	}
	if err := ev.alloc(1); err != nil {
		return nil, err
	}
	switch v.(type) {
	case nil, bool, string:
		return v, nil
	case undefinedValue:
		return nil, nil
	}
	if isFunction(v) {
		return "", nil
	}
	if f, ok := toNumber(v); ok {
		if math.IsInf(f, 0) {
			return nil, newError("D1001").withValue(f)
		}
		if math.IsNaN(f) {
			return nil, nil
		}
		f = precision15(f)
		if math.IsInf(f, 0) {
			// rounded to 15 digits, the largest numbers overflow: JSON
			// text null
			return nil, nil
		}
		if f == 0 {
			f = 0 // JSON has no -0
		}
		return f, nil
	}
	if items, ok := arrayItems(v); ok {
		out := make([]any, len(items))
		for i, it := range items {
			c, err := ev.cloneValue(it, level+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	if isObject(v) {
		keys, err := ev.sortedKeys(v)
		if err != nil {
			return nil, err
		}
		if err := ev.allocObject(len(keys)); err != nil {
			return nil, err
		}
		out := newObject(len(keys))
		for _, k := range keys {
			val, _ := objectGet(v, k)
			if isUndefined(val) {
				continue
			}
			c, err := ev.cloneValue(val, level+1)
			if err != nil {
				return nil, err
			}
			out.set(k, c)
		}
		return out, nil
	}
	return nil, nil
}
