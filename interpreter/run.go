package interpreter

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

// runner executes the states of one execution.
type runner struct {
	x   *Execution
	eng *Engine
}

func (r *runner) rootFrame() *frame { return &frame{} }

// stateRun is what a state handler knows about the state being run.
type stateRun struct {
	base    *asl.Base
	entered int64     // id of the StateEntered event
	at      time.Time // when it was entered
	f       *frame
	// assigned holds the variables the state's Assign computed; they take
	// effect when the state's output is complete (after OutputPath).
	assigned map[string]any
	// retryCount is the attempt being run ($$.State.RetryCount).
	retryCount int
}

// setVariables records the variables an Assign computed.
func (s *stateRun) setVariables(vals map[string]any) { s.assigned = vals }

func (s *stateRun) env(r *runner, input any) *env {
	return &env{r: r, f: s.f, input: input, stateName: s.base.Name, entered: s.at, retryCount: s.retryCount}
}

// machine runs a machine from StartAt until a state ends it.
func (r *runner) machine(ctx context.Context, m *asl.Machine, input any, f *frame) (any, *states.Error) {
	name := m.StartAt
	for {
		if err := ctx.Err(); err != nil {
			return nil, &states.Error{Name: errAborted, Cause: err.Error()}
		}
		st, ok := m.States[name]
		if !ok {
			return nil, states.Errorf(states.ErrRuntime, "state %q does not exist", name)
		}
		out, next, err := r.state(ctx, st, input, f)
		if err != nil {
			return nil, err
		}
		if next == "" {
			return out, nil
		}
		input, name = out, next
	}
}

// state runs one state: it records its entry and exit and returns its
// output and the name of the next state ("" when the machine ends).
func (r *runner) state(ctx context.Context, st asl.State, input any, f *frame) (any, string, *states.Error) {
	s, err := r.enter(st, input, f)
	if err != nil {
		return nil, "", err
	}
	b := s.base
	var (
		out  any
		next = b.Next
	)
	switch t := st.(type) {
	case *asl.PassState:
		out, err = r.pass(ctx, t, s, input)
	case *asl.TaskState:
		out, next, err = r.task(ctx, t, s, input)
	case *asl.ChoiceState:
		out, next, err = r.choice(ctx, t, s, input)
	case *asl.WaitState:
		out, err = r.wait(ctx, t, s, input)
	case *asl.SucceedState:
		out, err = r.succeed(ctx, s, input)
		next = ""
	case *asl.FailState:
		return nil, "", r.fail(ctx, t, s, input)
	case *asl.ParallelState:
		out, next, err = r.parallel(ctx, t, s, input)
	case *asl.MapState:
		out, next, err = r.mapState(ctx, t, s, input)
	default:
		err = states.Errorf(states.ErrRuntime, "state %q has an unsupported type", b.Name)
	}
	if err != nil {
		return nil, "", err
	}
	if out, err = r.exit(s, out); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// enter counts a transition and records the state's entered event.
func (r *runner) enter(st asl.State, input any, f *frame) (*stateRun, *states.Error) {
	b := st.Common()
	r.x.transitions.Add(1)
	at := r.eng.now()
	id, ok := r.x.hist.addIO(stateEvents[b.Type].entered, "stateEnteredEventDetails", ioDetails{name: b.Name, value: input})
	if !ok {
		return nil, r.historyLimit()
	}
	return &stateRun{base: b, entered: id, at: at, f: f}, nil
}

// exit checks the output's size, lets the state's Assign take effect and
// records its exited event.
func (r *runner) exit(s *stateRun, out any) (any, *states.Error) {
	b := s.base
	if lim := r.eng.opts.MaxPayloadBytes; lim > 0 && jsonv.Size(out, lim) > lim {
		return nil, states.Errorf(states.ErrDataLimitExceeded, "The state/task '%s' returned a result with a size exceeding the maximum number of bytes service limit.", b.Name)
	}
	if s.assigned != nil {
		s.f.assign(s.assigned)
	}
	if _, ok := r.x.hist.addIO(stateEvents[b.Type].exited, "stateExitedEventDetails", ioDetails{name: b.Name, output: true, value: out}); !ok {
		return nil, r.historyLimit()
	}
	return out, nil
}

// stateEvents names the entered and exited history events of each state type.
var stateEvents = func() map[asl.StateType]struct{ entered, exited string } {
	m := map[asl.StateType]struct{ entered, exited string }{}
	for _, t := range []asl.StateType{asl.TypePass, asl.TypeTask, asl.TypeChoice, asl.TypeWait, asl.TypeSucceed, asl.TypeFail, asl.TypeParallel, asl.TypeMap} {
		m[t] = struct{ entered, exited string }{string(t) + "StateEntered", string(t) + "StateExited"}
	}
	return m
}()

// historyLimit is the error of an execution whose history is full.
func (r *runner) historyLimit() *states.Error {
	return states.Errorf(states.ErrRuntime, "The execution reached the maximum number of history events (%d).", r.eng.opts.MaxHistoryEvents)
}

// lazyJSON defers encoding a value for history until someone reads it.
type lazyJSON struct{ v any }

// MarshalJSON encodes the value as a JSON string, as AWS history does.
func (l lazyJSON) MarshalJSON() ([]byte, error) {
	return jsonv.Marshal(jsonv.String(l.v))
}

// String returns the value as JSON text.
func (l lazyJSON) String() string { return jsonv.String(l.v) }

// inputPath applies InputPath. Failures are States.Runtime errors that no
// Catch handles.
func (r *runner) inputPath(s *stateRun, input any) (any, *states.Error) {
	p := s.base.InputPath
	if p == nil {
		return map[string]any{}, nil
	}
	return r.applyPath(s, p, input, input)
}

// outputPath applies OutputPath.
func (r *runner) outputPath(s *stateRun, output any) (any, *states.Error) {
	p := s.base.OutputPath
	if p == nil {
		return map[string]any{}, nil
	}
	return r.applyPath(s, p, output, output)
}

// applyPath evaluates a path of the state's own fields (InputPath, OutputPath,
// ItemsPath...). $ is doc; $$ and variables resolve as usual.
func (r *runner) applyPath(s *stateRun, p *path.Path, doc any, input any) (any, *states.Error) {
	if p.Root() == path.Input && p.String() == "$" {
		return doc, nil
	}
	e := s.env(r, doc)
	v, err := e.Resolve(p)
	if err != nil {
		return nil, runtimeError(s.base.Name, s.entered, "Invalid path '%s' : %s", p.String(), pathErrorText(p, err))
	}
	return v, nil
}

// pathErrorText words a path failure as Step Functions (Jayway JsonPath) does.
func pathErrorText(p *path.Path, err error) string {
	var d interface{ Description() string }
	if errors.As(err, &d) {
		return d.Description()
	}
	return fmt.Sprintf("No results for path: %s", p.String())
}

// resultPath places result into input as ResultPath says.
func (r *runner) resultPath(s *stateRun, p *path.Path, input, result any) (any, *states.Error) {
	if p == nil {
		return input, nil
	}
	switch p.Root() {
	case path.Input:
	default:
		return nil, states.Errorf(states.ErrResultPathMatchFailure, "ResultPath '%s' must refer to the state input", p.String())
	}
	out, err := p.Set(input, result)
	if err != nil {
		return nil, states.Errorf(states.ErrResultPathMatchFailure, "Unable to apply ResultPath \"%s\" to input \"%s\"", p.String(), jsonv.String(input))
	}
	return out, nil
}

// evalError turns an evaluation error of the state (a path, template or
// intrinsic failure) into a *states.Error; States.Runtime causes get AWS's
// prefix naming the state and its entry event.
func (s *stateRun) evalError(err error) *states.Error {
	e := states.As(err)
	if (e.Name == states.ErrRuntime || e.Name == states.ErrQueryEvaluationError) && !strings.HasPrefix(e.Cause, "An error occurred while executing the state") {
		p := runtimeError(s.base.Name, s.entered, "%s", e.Cause)
		p.Name = e.Name
		return p
	}
	return e
}

func (r *runner) pass(ctx context.Context, t *asl.PassState, s *stateRun, input any) (any, *states.Error) {
	if s.isJSONata() {
		return r.jsonataPassThrough(ctx, s, input)
	}
	eff, err := r.inputPath(s, input)
	if err != nil {
		return nil, err
	}
	result := eff
	if t.Parameters != nil {
		v, perr := t.Parameters.Eval(s.env(r, eff))
		if perr != nil {
			return nil, s.evalError(perr)
		}
		result = v
	}
	if t.HasResult {
		result = t.Result
	}
	if lim := r.eng.opts.MaxPayloadBytes; lim > 0 && jsonv.Size(result, lim) > lim {
		return nil, states.Errorf(states.ErrDataLimitExceeded, "The state/task '%s' returned a result with a size exceeding the maximum number of bytes service limit.", t.Name)
	}
	if err := r.assign(s, result, input); err != nil {
		return nil, err
	}
	out, err := r.resultPath(s, t.ResultPath, input, result)
	if err != nil {
		return nil, err
	}
	return r.outputPath(s, out)
}

func (r *runner) succeed(ctx context.Context, s *stateRun, input any) (any, *states.Error) {
	if s.isJSONata() {
		return r.jsonataPassThrough(ctx, s, input)
	}
	eff, err := r.inputPath(s, input)
	if err != nil {
		return nil, err
	}
	return r.outputPath(s, eff)
}

func (r *runner) fail(ctx context.Context, t *asl.FailState, s *stateRun, input any) *states.Error {
	e := &states.Error{Name: t.Error, Cause: t.Cause}
	if s.isJSONata() {
		env := r.jsonataEnv(s, statesVar{input: input})
		for _, f := range []struct {
			expr  *asl.Expr
			field string
			dst   *string
		}{{t.ErrorExpr, "Error", &e.Name}, {t.CauseExpr, "Cause", &e.Cause}} {
			if f.expr == nil {
				continue
			}
			v, err := r.jeval(ctx, s, f.expr, env, f.field, nil)
			if err != nil {
				return err
			}
			str, ok := v.(string)
			if !ok {
				return queryError(s, "The JSONata expression '%s' specified for the field '%s' returned an unexpected result type. Expected 'string', but was '%s' for value: %s", f.expr.JSONata.Expression(), f.field, jsonataType(v), jsonv.String(v))
			}
			*f.dst = str
		}
		return e
	}
	ev := s.env(r, input)
	if t.ErrorPath != nil {
		v, err := t.ErrorPath.Eval(ev)
		if err != nil {
			return s.evalError(err)
		}
		str, ok := v.(string)
		if !ok {
			return runtimeError(t.Name, s.entered, "The ErrorPath parameter does not reference a string value: %s", jsonv.String(v))
		}
		e.Name = str
	}
	if t.CausePath != nil {
		v, err := t.CausePath.Eval(ev)
		if err != nil {
			return s.evalError(err)
		}
		str, ok := v.(string)
		if !ok {
			return runtimeError(t.Name, s.entered, "The CausePath parameter does not reference a string value: %s", jsonv.String(v))
		}
		e.Cause = str
	}
	return e
}

// assign evaluates a state's Assign (JSONPath mode) and stores the variables.
// $ is the state's result; all values are computed before any is stored.
func (r *runner) assign(s *stateRun, result, input any) *states.Error {
	a := s.base.Assign
	if a == nil || a.Template == nil {
		return nil
	}
	v, err := a.Template.Eval(s.env(r, result))
	if err != nil {
		return s.evalError(err)
	}
	if m, ok := v.(map[string]any); ok {
		s.setVariables(m)
	}
	return nil
}

func (r *runner) wait(ctx context.Context, t *asl.WaitState, s *stateRun, input any) (any, *states.Error) {
	d, eff, err := r.waitDelay(ctx, t, s, input)
	if err != nil {
		return nil, err
	}
	if d > 0 {
		if err := r.eng.opts.Clock.Sleep(ctx, d); err != nil {
			return nil, &states.Error{Name: errAborted, Cause: err.Error()}
		}
	}
	return r.waitDone(ctx, t, s, input, eff)
}

// waitDelay is how long a Wait state waits, and its effective input.
func (r *runner) waitDelay(ctx context.Context, t *asl.WaitState, s *stateRun, input any) (time.Duration, any, *states.Error) {
	eff, err := r.inputPath(s, input)
	if err != nil {
		return 0, nil, err
	}
	var d time.Duration
	switch {
	case t.SecondsExpr != nil:
		n, err := r.jsonataInteger(ctx, s, t.SecondsExpr, r.jsonataEnv(s, statesVar{input: input}), "Seconds", 0)
		if err != nil {
			return 0, nil, err
		}
		d = secondsOf(n)
	case t.TimestampExpr != nil:
		v, err := r.jeval(ctx, s, t.TimestampExpr, r.jsonataEnv(s, statesVar{input: input}), "Timestamp", nil)
		if err != nil {
			return 0, nil, err
		}
		str, _ := v.(string)
		ts, terr := asl.ParseTimestamp(str)
		if terr != nil {
			return 0, nil, queryError(s, "The JSONata expression '%s' specified for the field 'Timestamp' returned an unexpected result type. Expected 'timestamp', but was '%s' for value: %s", t.TimestampExpr.JSONata.Expression(), jsonataType(v), jsonv.String(v))
		}
		d = ts.Sub(r.eng.now())
	case t.HasSeconds:
		d = secondsOf(int64(t.Seconds))
	case t.HasTimestamp:
		d = t.Timestamp.Sub(r.eng.now())
	case t.SecondsPath != nil:
		v, perr := r.applyPath(s, t.SecondsPath, eff, eff)
		if perr != nil {
			return 0, nil, perr
		}
		n, ok := integerValue(v)
		if !ok {
			return 0, nil, runtimeError(t.Name, s.entered, "The SecondsPath parameter cannot be parsed as a long value: %s == %s", t.SecondsPath.String(), jsonv.String(v))
		}
		if n < 0 {
			return 0, nil, runtimeError(t.Name, s.entered, "The SecondsPath parameter references a negative value: %s == %s", t.SecondsPath.String(), jsonv.String(v))
		}
		d = secondsOf(n)
	case t.TimestampPath != nil:
		v, perr := r.applyPath(s, t.TimestampPath, eff, eff)
		if perr != nil {
			return 0, nil, perr
		}
		str, _ := v.(string)
		ts, terr := asl.ParseTimestamp(str)
		if terr != nil {
			return 0, nil, runtimeError(t.Name, s.entered, "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: %s == %s", t.TimestampPath.String(), valueText(v))
		}
		d = ts.Sub(r.eng.now())
	}
	return d, eff, nil
}

// waitDone is a Wait state's output once its time has passed.
func (r *runner) waitDone(ctx context.Context, t *asl.WaitState, s *stateRun, input, eff any) (any, *states.Error) {
	if s.isJSONata() {
		return r.jsonataPassThrough(ctx, s, input)
	}
	if err := r.assign(s, eff, input); err != nil {
		return nil, err
	}
	return r.outputPath(s, eff)
}

// secondsOf is n seconds as a Duration, saturated at the longest Duration
// (about 292 years) instead of overflowing: a Wait of 10^10 seconds waits
// (until the execution times out), it does not end at once.
func secondsOf(n int64) time.Duration {
	const maxSeconds = int64(math.MaxInt64 / time.Second)
	switch {
	case n > maxSeconds:
		return math.MaxInt64
	case n < -maxSeconds:
		return math.MinInt64
	}
	return time.Duration(n) * time.Second
}

// integerValue reads a JSON number that is an integer.
func integerValue(v any) (int64, bool) {
	r, ok := jsonv.Number(v)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}
