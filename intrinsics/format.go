package intrinsics

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// format is States.Format(template, values...): the template with each {}
// replaced by the next value, in Java's rendering (see appendJava).
func format(c *call, env Env, args []any) (any, error) {
	t := c.tmpl
	if t == nil {
		compiled, err := compileTemplate(args[0].(string))
		if err != nil {
			return nil, invalidf("invalid template: %v", err)
		}
		t = &compiled
	}
	if n := len(args) - 1; t.placeholders() != n {
		return nil, invalidf("the template has %d placeholders {} but %d values follow it", t.placeholders(), n)
	}
	out, ok := t.render(args[1:], budgetOf(env))
	if !ok {
		return nil, tooMuchText()
	}
	return out, nil
}

// template is a compiled States.Format template: the text around its
// placeholders.
type template struct{ parts []string }

func (t *template) placeholders() int { return len(t.parts) - 1 }

// compileTemplate splits a template at its {} placeholders. In a template
// \{, \}, \' and \\ stand for the character after the backslash; any other
// brace is an error.
func compileTemplate(s string) (template, error) {
	var parts []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) && strings.IndexByte(`{}'\`, s[i+1]) >= 0 {
				i++
				b.WriteByte(s[i])
			} else {
				b.WriteByte(c)
			}
		case '{':
			if i+1 >= len(s) || s[i+1] != '}' {
				return template{}, errors.New("matching '}' not found for '{'")
			}
			parts = append(parts, b.String())
			b.Reset()
			i++
		case '}':
			return template{}, errors.New("matching '{' not found for '}'")
		default:
			b.WriteByte(c)
		}
	}
	return template{parts: append(parts, b.String())}, nil
}

// render fills the template in, within the budget; ok is false when the
// text would take more.
func (t *template) render(values []any, bud *budget) (string, bool) {
	b := newText(bud)
	n := 0
	for _, p := range t.parts {
		n += len(p)
	}
	for _, v := range values {
		if s, ok := v.(string); ok {
			n += len(s)
		} else {
			n += 8
		}
	}
	b.b.Grow(min(n, bud.left))
	b.WriteString(t.parts[0])
	for i, v := range values {
		appendJava(b, v)
		b.WriteString(t.parts[i+1])
	}
	return b.String(), !b.over
}

// javaText renders v as Step Functions, written in Java, turns a value into
// text where a string is wanted: a string as itself, null as "null", a
// number as Java prints it, an array as [a, b] and an object as {k=v, k2=v2}.
// Object keys come out sorted, since decoded objects do not keep their order.
// ok is false when the text would take more than the budget.
func javaText(v any, bud *budget) (string, bool) {
	if s, ok := v.(string); ok {
		return s, bud.spend(len(s))
	}
	b := newText(bud)
	appendJava(b, v)
	return b.String(), !b.over
}

func appendJava(b *text, v any) {
	if b.over {
		return
	}
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		b.WriteString(t)
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case json.Number:
		b.WriteString(javaNumber(string(t)))
	case float64:
		b.WriteString(javaDouble(t))
	case float32:
		b.WriteString(javaDouble(float64(t)))
	case int:
		b.WriteString(strconv.Itoa(t))
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case int32:
		b.WriteString(strconv.FormatInt(int64(t), 10))
	case uint64:
		b.WriteString(strconv.FormatUint(t, 10))
	case []any:
		b.writeByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			if appendJava(b, e); b.over {
				return
			}
		}
		b.writeByte(']')
	case map[string]any:
		b.writeByte('{')
		for i, k := range slices.Sorted(maps.Keys(t)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k)
			b.writeByte('=')
			if appendJava(b, t[k]); b.over {
				return
			}
		}
		b.writeByte('}')
	default:
		b.WriteString(jsonText(v))
	}
}

// jsonText encodes a value of an unexpected Go type for javaText.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// javaNumber renders a JSON number as Java does after Jackson decoded it: an
// integer as its digits, any other number as a double.
func javaNumber(text string) string {
	if !strings.ContainsAny(text, ".eE") {
		if strings.TrimLeft(text, "-0") == "" {
			return "0"
		}
		return text
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) {
		return text
	}
	return javaDouble(f)
}

// canonicalNumber is a JSON number as AWS writes it back: 1.50 as 1.5, 1e2
// as 100.0, -0 as 0.
func canonicalNumber(text string) json.Number { return json.Number(javaNumber(text)) }

// javaDouble formats f as Java's Double.toString does: the shortest decimal
// that identifies f, with at least one digit after the point, in scientific
// notation (1.0E7, 1.0E-4) outside [0.001, 10^7).
func javaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(f); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	sign := ""
	if exp[0] == '-' {
		sign = "-"
	}
	return mant + "E" + sign + strings.TrimLeft(exp[1:], "0")
}
