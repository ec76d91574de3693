// Package jtemplate compiles and evaluates the JSON values of JSONata states:
// Arguments, Output, Assign, Items, Condition and the other fields that take
// a JSON value in which any string of the form "{% expression %}" is a
// JSONata expression. Templates are compiled once, when a definition is
// parsed, and evaluated many times.
//
// Evaluation failures are *states.Error values named
// States.QueryEvaluationError, worded as Step Functions words them and
// naming the field relative to the state: "Output", "Output/a/b[0]",
// "Assign/x", "Choices[1]/Condition".
package jtemplate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/gostates/gostates/internal/jsonptr"
	"github.com/gostates/gostates/jsonata"
	"github.com/gostates/gostates/states"
)

// IsExpression reports whether s is a JSONata expression: it begins with
// "{%" and ends with "%}", with nothing around them.
func IsExpression(s string) bool {
	return len(s) >= 4 && strings.HasPrefix(s, "{%") && strings.HasSuffix(s, "%}")
}

// Template is a compiled JSON value of a JSONata state.
type Template struct {
	root node
	src  any
}

// Problem is a JSONata syntax error at a JSON pointer relative to the
// template's root.
type Problem struct {
	Pointer string
	Message string
}

// Compile compiles v. It returns every syntax error found; the template is
// usable only when there are none.
func Compile(v any) (*Template, []Problem) {
	var problems []Problem
	root := compile(v, "", &problems)
	return &Template{root: root, src: v}, problems
}

// Source returns the value as written in the definition.
func (t *Template) Source() any { return t.src }

// IsExpression reports whether the whole template is one expression.
func (t *Template) IsExpression() bool { _, ok := t.root.(exprNode); return ok }

// Expression returns the source of the template's expression when the whole
// template is one.
func (t *Template) Expression() string {
	if e, ok := t.root.(exprNode); ok {
		return e.src
	}
	return ""
}

// Env is what an evaluation sees: the variables in scope ($states among
// them) and the options of the evaluation (the virtual clock's time).
type Env struct {
	Vars    map[string]any
	Options []jsonata.Option
}

// Eval evaluates the template. field names it in failures ("Output",
// "Choices[0]/Condition"). A nested expression that yields nothing fails
// the evaluation, as on AWS.
func (t *Template) Eval(ctx context.Context, env Env, field string) (any, error) {
	return t.root.eval(ctx, env, field)
}

// EvalAllowUndefined evaluates the template and reports, rather than fails
// on, a whole-template expression that yields nothing (jsonata.Undefined is
// returned).
func (t *Template) EvalAllowUndefined(ctx context.Context, env Env, field string) (any, error) {
	if e, ok := t.root.(exprNode); ok {
		return e.value(ctx, env, field)
	}
	return t.root.eval(ctx, env, field)
}

type node interface {
	eval(ctx context.Context, env Env, field string) (any, error)
}

// Expressions calls fn for every expression of the template, with its JSON
// pointer relative to the template's root and its source.
func (t *Template) Expressions(fn func(ptr, src string, e *jsonata.Expr)) {
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case exprNode:
			fn(n.ptr, n.src, n.expr)
		case object:
			for _, f := range n.fields {
				walk(f.val)
			}
		case array:
			for _, e := range n.elems {
				walk(e)
			}
		}
	}
	walk(t.root)
}

func compile(v any, ptr string, problems *[]Problem) node {
	switch t := v.(type) {
	case string:
		if !IsExpression(t) {
			return literal{v: t}
		}
		src := strings.TrimSpace(t[2 : len(t)-2])
		e, err := jsonata.Compile(src)
		if err != nil {
			*problems = append(*problems, Problem{Pointer: ptr, Message: fmt.Sprintf("invalid JSONata expression %q: %v", src, err)})
			return literal{v: t}
		}
		return exprNode{src: src, expr: e, ptr: ptr}
	case map[string]any:
		o := object{}
		dynamic := false
		for _, k := range slices.Sorted(maps.Keys(t)) {
			n := compile(t[k], ptr+"/"+jsonptr.Escape(k), problems)
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
			a.elems[i] = compile(e, fmt.Sprintf("%s/%d", ptr, i), problems)
			if _, ok := a.elems[i].(literal); !ok {
				dynamic = true
			}
		}
		if !dynamic {
			return literal{v: v}
		}
		return a
	}
	return literal{v: v}
}

type literal struct{ v any }

func (l literal) eval(context.Context, Env, string) (any, error) { return l.v, nil }

type field struct {
	key string
	val node
}

type object struct{ fields []field }

func (o object) eval(ctx context.Context, env Env, name string) (any, error) {
	m := make(map[string]any, len(o.fields))
	for _, f := range o.fields {
		v, err := f.val.eval(ctx, env, name+"/"+f.key)
		if err != nil {
			return nil, err
		}
		m[f.key] = v
	}
	return m, nil
}

type array struct{ elems []node }

func (a array) eval(ctx context.Context, env Env, name string) (any, error) {
	out := make([]any, len(a.elems))
	for i, e := range a.elems {
		v, err := e.eval(ctx, env, name+"["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

type exprNode struct {
	src  string
	expr *jsonata.Expr
	ptr  string // JSON pointer relative to the template's root
}

func (e exprNode) eval(ctx context.Context, env Env, field string) (any, error) {
	v, err := e.value(ctx, env, field)
	if err != nil {
		return nil, err
	}
	if jsonata.IsUndefined(v) {
		return nil, states.Errorf(states.ErrQueryEvaluationError, "The JSONata expression '%s' specified for the field '%s' returned nothing (undefined).", e.src, field)
	}
	return v, nil
}

// value evaluates the expression; Undefined passes through.
func (e exprNode) value(ctx context.Context, env Env, field string) (any, error) {
	v, err := e.expr.Eval(ctx, jsonata.Undefined, env.Vars, env.Options...)
	if err != nil {
		var je *jsonata.Error
		if errors.As(err, &je) {
			return nil, states.Errorf(states.ErrQueryEvaluationError, "The JSONata expression '%s' specified for the field '%s' threw an error during evaluation. %s: %s", e.src, field, je.Code, je.Message)
		}
		return nil, states.Errorf(states.ErrQueryEvaluationError, "The JSONata expression '%s' specified for the field '%s' threw an error during evaluation. %v", e.src, field, err)
	}
	if err := checkResult(v); err != nil {
		return nil, states.Errorf(states.ErrQueryEvaluationError, "The JSONata expression '%s' specified for the field '%s' returned an unsupported result type.", e.src, field)
	}
	return v, nil
}

// checkResult rejects values that are not JSON (functions).
func checkResult(v any) error {
	switch t := v.(type) {
	case nil, bool, string, float64:
		return nil
	case []any:
		for _, e := range t {
			if err := checkResult(e); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		for _, e := range t {
			if err := checkResult(e); err != nil {
				return err
			}
		}
		return nil
	}
	if jsonata.IsUndefined(v) {
		return nil
	}
	if _, ok := v.(json.Number); ok {
		return nil
	}
	return errors.New("not a JSON value")
}
