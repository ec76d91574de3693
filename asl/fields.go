package asl

import (
	"encoding/json"
	"maps"
	"math"
	"strings"

	"github.com/gostates/gostates/internal/jsonptr"
	"github.com/gostates/gostates/internal/jtemplate"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/internal/payload"
	"github.com/gostates/gostates/intrinsics"
	"github.com/gostates/gostates/jsonata"
)

// dollar is the path "$", the default of InputPath, OutputPath, ResultPath
// and ItemsPath.
var dollar = path.MustCompile("$")

// isExpr reports whether s is a JSONata expression: "{% ... %}".
func isExpr(s string) bool {
	t := strings.TrimSpace(s)
	return len(t) >= 4 && strings.HasPrefix(t, "{%") && strings.HasSuffix(t, "%}")
}

// maxInteger bounds the integers a definition may hold; larger values are
// out of every range the language allows.
const maxInteger = 1 << 53

// integer reads an integer field; ok is false when the field is absent or
// not a whole number.
func (p *parser) integer(obj map[string]any, key string) (int, bool) {
	f, ok := p.number(obj, key)
	if !ok || f != math.Trunc(f) || math.Abs(f) > maxInteger {
		return 0, false
	}
	return int(f), true
}

// number reads a numeric field; ok is false when it is absent or not a
// number.
func (p *parser) number(obj map[string]any, key string) (float64, bool) {
	switch n := obj[key].(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil && !math.IsInf(f, 0)
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// intOrExpr reads an integer field that a JSONata state may give as an
// expression instead. A placeholder yields neither.
func (p *parser) intOrExpr(obj map[string]any, key, ptr string, ql QueryLanguage) (int, *Expr) {
	if s, ok := obj[key].(string); ok {
		return 0, p.exprString(s, ptr+"/"+jsonptr.Escape(key), key, ql)
	}
	n, _ := p.integer(obj, key)
	return n, nil
}

// exprString accepts s, the string value of a field that otherwise holds a
// number or a timestamp, when it is a JSONata expression in a JSONata state
// or a placeholder, and returns the compiled expression.
func (p *parser) exprString(s, ptr, key string, ql QueryLanguage) *Expr {
	if !isExpr(s) {
		return nil // a placeholder; the schema reports anything else
	}
	if ql != JSONata {
		p.errorf(ptr, CodeQueryLanguage, "field %q holds a JSONata expression, which is only allowed when the query language is JSONata", key)
		return nil
	}
	return p.compileJSONata(s, ptr)
}

// compileJSONata compiles a JSON value of a JSONata state, reporting every
// syntax error at its pointer.
func (p *parser) compileJSONata(v any, ptr string) *Expr {
	t, problems := jtemplate.Compile(v)
	for _, pr := range problems {
		p.errorf(ptr+pr.Pointer, CodeJSONata, "%s", pr.Message)
	}
	t.Expressions(func(eptr, src string, e *jsonata.Expr) {
		refs := e.References()
		for _, name := range refs.ContextFields {
			p.errorf(ptr+eptr, CodeUnsupportedJSONata, "Reference to '%s' at the top level is not supported: read the state's input as $states.input.%s, or a variable as $%s", name, name, name)
		}
		if refs.Root {
			p.errorf(ptr+eptr, CodeUnsupportedJSONata, "Reference to '$$' is not supported")
		}
		if !p.inCatch {
			for _, v := range refs.Variables {
				if v == "states.errorOutput" || strings.HasPrefix(v, "states.errorOutput.") {
					p.errorf(ptr+eptr, CodeUnsupportedJSONata, "$states.errorOutput is only available in a Catch's Output and Assign")
					break
				}
			}
		}
	})
	return &Expr{Value: v, JSONata: t}
}

// path compiles a path field of a JSONPath state: "$" when absent (or the
// state uses JSONata), nil when null. reference requires a Reference Path.
func (p *parser) path(obj map[string]any, key, ptr string, ql QueryLanguage, reference bool) *path.Path {
	v, ok := obj[key]
	if !ok || ql != JSONPath {
		return dollar
	}
	if v == nil {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return dollar // the schema reports the type
	}
	return p.compilePath(s, ptr+"/"+jsonptr.Escape(key), key, reference)
}

// optPath compiles an optional "...Path" field: nil when absent, or when
// the state uses JSONata (which does not allow it).
func (p *parser) optPath(obj map[string]any, key, ptr string, ql QueryLanguage) *path.Path {
	s, ok := obj[key].(string)
	if !ok || ql != JSONPath {
		return nil
	}
	return p.compilePath(s, ptr+"/"+jsonptr.Escape(key), key, true)
}

func (p *parser) compilePath(s, ptr, field string, reference bool) *path.Path {
	if p.hasPlaceholder(s) {
		return dollar
	}
	var (
		c   *path.Path
		err error
	)
	if reference {
		c, err = path.CompileReference(s)
	} else {
		c, err = path.Compile(s)
	}
	if err != nil {
		p.errorf(ptr, CodePath, "%q is not a valid %s: %v", field, pathKind(reference), err)
		return dollar
	}
	return c
}

func pathKind(reference bool) string {
	if reference {
		return "reference path"
	}
	return "JSONPath"
}

// template compiles a JSONPath payload template field (Parameters,
// ResultSelector); nil when absent or when the state uses JSONata.
func (p *parser) template(obj map[string]any, key, ptr string, ql QueryLanguage) *payload.Template {
	v, ok := obj[key]
	if !ok || ql != JSONPath {
		return nil
	}
	return p.compileTemplate(v, ptr+"/"+jsonptr.Escape(key))
}

func (p *parser) compileTemplate(v any, ptr string) *payload.Template {
	tv, _ := p.tolerate(v)
	t, problems := payload.Compile(tv)
	for _, pr := range problems {
		code := CodePath
		if s, ok := jsonptr.Lookup(v, pr.Pointer).(string); ok && intrinsics.IsCall(s) {
			code = CodeIntrinsic
		}
		p.errorf(ptr+pr.Pointer, code, "%s", pr.Message)
	}
	return t
}

// tolerate hides ".$" fields holding placeholders from template compilation:
// a template's placeholders are accepted as they are. changed reports
// whether the result differs from v (v itself is never modified).
func (p *parser) tolerate(v any) (out any, changed bool) {
	switch t := v.(type) {
	case map[string]any:
		var m map[string]any
		for k, e := range t {
			if s, ok := e.(string); ok && strings.HasSuffix(k, ".$") && p.hasPlaceholder(s) {
				if m == nil {
					m = maps.Clone(t)
				}
				delete(m, k)
				m[strings.TrimSuffix(k, ".$")] = s
				continue
			}
			if ne, ch := p.tolerate(e); ch {
				if m == nil {
					m = maps.Clone(t)
				}
				m[k] = ne
			}
		}
		if m != nil {
			return m, true
		}
	case []any:
		var a []any
		for i, e := range t {
			if ne, ch := p.tolerate(e); ch {
				if a == nil {
					a = append([]any(nil), t...)
				}
				a[i] = ne
			}
		}
		if a != nil {
			return a, true
		}
	}
	return v, false
}

// expr reads a field that is a payload template in JSONPath mode and a
// JSONata value in JSONata mode; nil when absent.
func (p *parser) expr(obj map[string]any, key, ptr string, ql QueryLanguage) *Expr {
	v, ok := obj[key]
	if !ok {
		return nil
	}
	if ql == JSONata {
		return p.compileJSONata(v, ptr+"/"+jsonptr.Escape(key))
	}
	return &Expr{Value: v, Template: p.compileTemplate(v, ptr+"/"+jsonptr.Escape(key))}
}

func (p *parser) stringList(v any) []string {
	a, _ := v.([]any)
	out := make([]string, 0, len(a))
	for _, e := range a {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
