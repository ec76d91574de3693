// Package payload compiles and evaluates ASL payload templates: the JSON
// objects of Parameters, ResultSelector, ItemSelector and Credentials, whose
// keys ending in ".$" take their value from a path ($..., $$..., $var) or an
// intrinsic function call. Templates are compiled once, when a definition is
// parsed, and evaluated many times.
package payload

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gostates/gostates/internal/jsonptr"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/intrinsics"
	"github.com/gostates/gostates/states"
)

// Env resolves the paths and supplies the randomness a template needs.
type Env = intrinsics.Env

// Template is a compiled payload template.
type Template struct {
	root node
	src  any
}

// Source returns the template as written in the definition.
func (t *Template) Source() any { return t.src }

// Static reports whether the template has no dynamic parts.
func (t *Template) Static() bool { _, ok := t.root.(literal); return ok }

// Eval builds the payload. Path and intrinsic failures are *states.Error
// values (States.Runtime, States.IntrinsicFailure) whose cause names the field.
func (t *Template) Eval(env Env) (any, error) { return t.root.eval(env) }

// Problem is a compile error at a JSON pointer relative to the template root.
type Problem struct {
	Pointer string
	Message string
}

// Compile compiles a template. It returns every problem found; the template
// is usable only when there are none.
func Compile(v any) (*Template, []Problem) {
	c := compiler{}
	n := c.compile(v, "")
	return &Template{root: n, src: v}, c.problems
}

type compiler struct{ problems []Problem }

func (c *compiler) addf(ptr, format string, args ...any) {
	c.problems = append(c.problems, Problem{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

func (c *compiler) compile(v any, ptr string) node {
	switch t := v.(type) {
	case map[string]any:
		o := object{fields: make([]field, 0, len(t))}
		dynamic := false
		for _, k := range slices.Sorted(maps.Keys(t)) {
			e := t[k]
			p := ptr + "/" + jsonptr.Escape(k)
			if strings.HasSuffix(k, ".$") && len(k) > 2 {
				s, ok := e.(string)
				if !ok {
					c.addf(p, "the value of field %q must be a string holding a path or an intrinsic function", k)
					continue
				}
				n, err := compileDynamic(s, k)
				if err != nil {
					c.addf(p, "field %q: %v", k, err)
					continue
				}
				o.fields = append(o.fields, field{key: strings.TrimSuffix(k, ".$"), val: n})
				dynamic = true
				continue
			}
			n := c.compile(e, p)
			if _, ok := n.(literal); !ok {
				dynamic = true
			}
			o.fields = append(o.fields, field{key: k, val: n})
		}
		if !dynamic {
			return literal{v: v}
		}
		return o
	case []any:
		a := array{elems: make([]node, len(t))}
		dynamic := false
		for i, e := range t {
			a.elems[i] = c.compile(e, fmt.Sprintf("%s/%d", ptr, i))
			if _, ok := a.elems[i].(literal); !ok {
				dynamic = true
			}
		}
		if !dynamic {
			return literal{v: v}
		}
		return a
	default:
		return literal{v: v}
	}
}

// CompileValue compiles the string value of a single ".$" field, or of a field
// such as ErrorPath that takes a path or an intrinsic function. field names it
// in error causes.
func CompileValue(s, field string) (Value, error) {
	n, err := compileDynamic(s, field)
	if err != nil {
		return Value{}, err
	}
	return Value{n: n}, nil
}

// Value is one compiled path or intrinsic call.
type Value struct{ n node }

// Eval evaluates the value.
func (v Value) Eval(env Env) (any, error) { return v.n.eval(env) }

// IsZero reports whether v was never compiled.
func (v Value) IsZero() bool { return v.n == nil }

func compileDynamic(s, key string) (node, error) {
	if intrinsics.IsCall(s) {
		call, err := intrinsics.Parse(s)
		if err != nil {
			return nil, err
		}
		return callNode{call: call}, nil
	}
	if !strings.HasPrefix(s, "$") {
		return nil, fmt.Errorf("the value %q is neither a JSONPath nor an intrinsic function", s)
	}
	p, err := path.Compile(s)
	if err != nil {
		return nil, err
	}
	return pathNode{key: key, p: p}, nil
}

type node interface {
	eval(env Env) (any, error)
}

type literal struct{ v any }

func (l literal) eval(Env) (any, error) { return l.v, nil }

type field struct {
	key string
	val node
}

type object struct{ fields []field }

func (o object) eval(env Env) (any, error) {
	m := make(map[string]any, len(o.fields))
	for _, f := range o.fields {
		v, err := f.val.eval(env)
		if err != nil {
			return nil, err
		}
		m[f.key] = v
	}
	return m, nil
}

type array struct{ elems []node }

func (a array) eval(env Env) (any, error) {
	out := make([]any, len(a.elems))
	for i, e := range a.elems {
		v, err := e.eval(env)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

type pathNode struct {
	key string
	p   *path.Path
}

func (n pathNode) eval(env Env) (any, error) {
	v, err := env.Resolve(n.p)
	if err == nil {
		return v, nil
	}
	var se *states.Error
	if errors.As(err, &se) {
		return nil, se
	}
	var pe *path.Error
	if errors.Is(err, path.ErrLimit) && errors.As(err, &pe) {
		return nil, states.Errorf(states.ErrRuntime, "The JSONPath '%s' specified for the field '%s' could not be evaluated: %s", n.p.String(), n.key, pe.Description())
	}
	return nil, states.Errorf(states.ErrRuntime, "The JSONPath '%s' specified for the field '%s' could not be found in the input '%s'",
		n.p.String(), n.key, inputFor(env, n.p))
}

// inputFor renders the document a path was evaluated against, for causes.
func inputFor(env Env, p *path.Path) string {
	if d, ok := env.(interface{ Document(*path.Path) any }); ok {
		return jsonv.String(d.Document(p))
	}
	return ""
}

type callNode struct{ call *intrinsics.Call }

func (n callNode) eval(env Env) (any, error) { return n.call.Eval(env) }
