package interpreter

import (
	"context"
	"fmt"
	"math"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/jtemplate"
	"github.com/gostates/gostates/jsonata"
	"github.com/gostates/gostates/states"
)

// A state whose QueryLanguage is JSONata reads its input as $states.input
// and shapes what it passes on with Arguments, Output and Assign, whose
// strings may be "{% expression %}". This file holds the JSONata side of
// each state's data flow; the JSONPath side is in run.go, task.go, ...

// isJSONata reports whether the state uses JSONata.
func (s *stateRun) isJSONata() bool { return s.base.QueryLanguage == asl.JSONata }

// statesVar is the $states variable of a JSONata expression: the state's
// input and the context object, and the result or error output where the
// field may read them.
type statesVar struct {
	input       any
	result      any
	hasResult   bool
	errorOutput any
	hasError    bool
	mapItem     *mapItem
	token       string
}

// jsonataEnv builds what the JSONata expressions of state s see: the
// variables in scope, $states, the functions Step Functions adds, and the
// engine clock's time for $now().
func (r *runner) jsonataEnv(s *stateRun, sv statesVar) jtemplate.Env {
	vars := s.f.variables()
	ev := s.env(r, sv.input)
	ev.mapItem, ev.token = sv.mapItem, sv.token
	st := map[string]any{"input": sv.input, "context": ev.context()}
	if sv.hasResult {
		st["result"] = sv.result
	}
	if sv.hasError {
		st["errorOutput"] = sv.errorOutput
	}
	vars["states"] = st
	for name, fn := range r.eng.jsonataFuncs {
		vars[name] = fn
	}
	return jtemplate.Env{Vars: vars, Options: append([]jsonata.Option{jsonata.WithNow(r.eng.now())}, r.eng.jsonataOpts...)}
}

// jeval evaluates a JSONata field; def is the value when it is absent.
func (r *runner) jeval(ctx context.Context, s *stateRun, e *asl.Expr, env jtemplate.Env, field string, def any) (any, *states.Error) {
	if e == nil || e.JSONata == nil {
		return def, nil
	}
	v, err := e.JSONata.Eval(ctx, env, field)
	if err != nil {
		return nil, s.evalError(err)
	}
	return v, nil
}

// jassign evaluates a JSONata Assign; the variables take effect when the
// state's output is complete.
func (r *runner) jassign(ctx context.Context, s *stateRun, a *asl.Expr, env jtemplate.Env, field string) *states.Error {
	v, err := r.jeval(ctx, s, a, env, field, nil)
	if err != nil || v == nil {
		return err
	}
	if m, ok := v.(map[string]any); ok {
		s.setVariables(m)
	}
	return nil
}

// jsonataResult finishes a state that produced result (Task, Parallel,
// Map): Assign, then Output, which defaults to the result.
func (r *runner) jsonataResult(ctx context.Context, s *stateRun, input, result any) (any, *states.Error) {
	env := r.jsonataEnv(s, statesVar{input: input, result: result, hasResult: true})
	if err := r.jassign(ctx, s, s.base.Assign, env, "Assign"); err != nil {
		return nil, err
	}
	return r.jeval(ctx, s, s.base.Output, env, "Output", result)
}

// jsonataPassThrough finishes a state whose result is its input (Pass,
// Wait, Succeed): Assign, then Output, which defaults to the input.
func (r *runner) jsonataPassThrough(ctx context.Context, s *stateRun, input any) (any, *states.Error) {
	env := r.jsonataEnv(s, statesVar{input: input})
	if err := r.jassign(ctx, s, s.base.Assign, env, "Assign"); err != nil {
		return nil, err
	}
	return r.jeval(ctx, s, s.base.Output, env, "Output", input)
}

// jsonataCaught is the output of a state whose error catcher c (at index i)
// caught: the catcher's Assign, then its Output, which defaults to the
// error output.
func (r *runner) jsonataCaught(ctx context.Context, s *stateRun, c *asl.Catcher, i int, input, errObj any) (any, *states.Error) {
	env := r.jsonataEnv(s, statesVar{input: input, errorOutput: errObj, hasError: true})
	if err := r.jassign(ctx, s, c.Assign, env, fmt.Sprintf("Catch[%d]/Assign", i)); err != nil {
		return nil, err
	}
	return r.jeval(ctx, s, c.Output, env, fmt.Sprintf("Catch[%d]/Output", i), errObj)
}

// evalField evaluates a field that is a payload template in a JSONPath
// state ($ is doc) and a JSONata value in a JSONata state ($states.input is
// doc); def is its value when absent.
func (r *runner) evalField(ctx context.Context, s *stateRun, e *asl.Expr, doc any, field string, def any) (any, *states.Error) {
	switch {
	case e == nil:
		return def, nil
	case e.JSONata != nil:
		return r.jeval(ctx, s, e, r.jsonataEnv(s, statesVar{input: doc}), field, def)
	case e.Template != nil:
		v, err := e.Template.Eval(s.env(r, doc))
		if err != nil {
			return nil, s.evalError(err)
		}
		return v, nil
	}
	return e.Value, nil
}

// jsonataInteger evaluates a field that must give a whole number (Seconds,
// TimeoutSeconds, MaxConcurrency...), at least min.
func (r *runner) jsonataInteger(ctx context.Context, s *stateRun, e *asl.Expr, env jtemplate.Env, field string, min int64) (int64, *states.Error) {
	v, err := r.jeval(ctx, s, e, env, field, nil)
	if err != nil {
		return 0, err
	}
	n, ok := integerValue(v)
	if !ok {
		if f, isNum := jsonv.Float(v); isNum && math.Abs(f) < 1<<63 && f == math.Trunc(f) {
			n, ok = int64(f), true
		}
	}
	if !ok || n < min {
		return 0, queryError(s, "The JSONata expression '%s' specified for the field '%s' returned an unexpected result type. Expected 'integer', but was '%s' for value: %s", e.JSONata.Expression(), field, jsonataType(v), jsonv.String(v))
	}
	return n, nil
}

// jsonataType names a value's type as Step Functions does in causes.
func jsonataType(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return jsonv.TypeName(v)
}

// queryError is a States.QueryEvaluationError of state s.
func queryError(s *stateRun, format string, args ...any) *states.Error {
	e := runtimeError(s.base.Name, s.entered, format, args...)
	e.Name = states.ErrQueryEvaluationError
	return e
}
