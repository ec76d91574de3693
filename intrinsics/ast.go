package intrinsics

import (
	"errors"
	"fmt"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

// node is one element of a parsed call: a literal, a path or a call.
type node interface {
	eval(env Env) (any, error)
}

// literal is a constant: a string, number, true, false or null written in
// the call, or the result of a call whose arguments are all constant.
type literal struct {
	val any
	// quoted is set for a string written between single quotes; raw is then
	// its text with the escape sequences kept, which States.Format needs to
	// tell an escaped brace from a placeholder.
	quoted bool
	raw    string
}

func (l *literal) eval(Env) (any, error) { return l.val, nil }

// pathArg is a path argument: $..., $$... or $name....
type pathArg struct {
	p *path.Path
}

func (a *pathArg) eval(env Env) (any, error) {
	v, err := env.Resolve(a.p)
	if err == nil {
		return v, nil
	}
	var se *states.Error
	if errors.As(err, &se) {
		return nil, se
	}
	var pe *path.Error
	if errors.Is(err, path.ErrLimit) && errors.As(err, &pe) {
		return nil, &failure{detail: "The JsonPath argument for the field '" + a.field() +
			"' could not be evaluated: " + pe.Description()}
	}
	return nil, &failure{detail: "The JsonPath argument for the field '" + a.field() +
		"' could not be found in the input '" + stateInput(env) + "'"}
}

// field names the path in a cause as AWS does: a context path is written
// relative to the context object, "$$.Execution.Id" as "$.Execution.Id".
func (a *pathArg) field() string {
	s := a.p.String()
	if a.p.Root() == path.Context {
		return s[1:]
	}
	return s
}

// stateInput renders the state input for a cause. AWS names the state input
// even when the missing path was a context path.
func stateInput(env Env) string {
	root, err := path.Compile("$")
	if err != nil {
		return ""
	}
	doc, err := env.Resolve(root)
	if err != nil {
		return ""
	}
	return jsonv.String(doc)
}

// call is a function applied to its arguments.
type call struct {
	fn   *spec
	args []node
	// tmpl is the States.Format template, compiled at parse time when it is
	// a literal.
	tmpl *template
}

func (c *call) eval(env Env) (any, error) {
	args := make([]any, len(c.args))
	for i, a := range c.args {
		v, err := a.eval(env)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	return c.apply(env, args)
}

// apply runs the function on evaluated arguments, first checking each
// argument against the kind its parameter takes.
func (c *call) apply(env Env, args []any) (any, error) {
	for i, v := range args {
		if !c.fn.param(i).accepts(v) {
			return nil, c.invalid()
		}
	}
	v, err := c.fn.impl(c, env, args)
	if err != nil {
		var ae *argError
		if errors.As(err, &ae) {
			return nil, c.invalid()
		}
		return nil, err
	}
	return v, nil
}

// invalid is AWS's failure for arguments a function cannot work with.
func (c *call) invalid() error {
	return &failure{detail: "Invalid arguments in " + c.fn.name}
}

// argError explains why arguments are invalid. Evaluation reports it as
// AWS does, "Invalid arguments in States.X"; Parse reports the explanation.
type argError struct{ msg string }

func (e *argError) Error() string { return e.msg }

func invalidf(format string, args ...any) error {
	return &argError{msg: fmt.Sprintf(format, args...)}
}
