package interpreter

import (
	"context"
	"errors"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/jtemplate"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

func (r *runner) task(ctx context.Context, t *asl.TaskState, s *stateRun, input any) (any, string, *states.Error) {
	eff, err := r.inputPath(s, input)
	if err != nil {
		return nil, "", err
	}
	res, rerr := integrations.ParseResource(t.Resource)
	if rerr != nil {
		return nil, "", runtimeError(t.Name, s.entered, "%v", rerr)
	}
	kind := resourceKind(res)
	return r.guard(ctx, s, input, func(ctx context.Context, retryCount int) (any, *states.Error) {
		ev := s.env(r, eff)
		ev.retryCount = retryCount
		if res.Pattern == integrations.WaitForTaskToken || res.Kind == integrations.Activity {
			ev.token = r.eng.opts.NewUUID()
		}
		params := eff
		var timeout, heartbeat time.Duration
		if s.isJSONata() {
			env := r.jsonataEnv(s, statesVar{input: input, token: ev.token})
			v, err := r.jeval(ctx, s, t.Arguments, env, "Arguments", input)
			if err != nil {
				return nil, err
			}
			params = v
			if timeout, heartbeat, err = r.jsonataTimeouts(ctx, t, s, env); err != nil {
				return nil, err
			}
			if t.Credentials != nil {
				if ev.credentials, err = r.jeval(ctx, s, t.Credentials, env, "Credentials", nil); err != nil {
					return nil, err
				}
			}
		} else {
			if t.Parameters != nil {
				v, perr := t.Parameters.Eval(ev)
				if perr != nil {
					return nil, s.evalError(perr)
				}
				params = v
			}
			var terr *states.Error
			if timeout, heartbeat, terr = r.taskTimeouts(t, s, eff); terr != nil {
				return nil, terr
			}
		}
		r.x.hist.record(kind.prefix+"Scheduled", kind.detailsPrefix+"ScheduledEventDetails", func() map[string]any {
			details := map[string]any{"resourceType": kind.resourceType, "resource": kind.resource, "region": r.eng.opts.Region, "parameters": lazyJSON{params}}
			if timeout > 0 {
				details["timeoutInSeconds"] = int64(timeout / time.Second)
			}
			if heartbeat > 0 {
				details["heartbeatInSeconds"] = int64(heartbeat / time.Second)
			}
			return details
		})
		r.x.hist.record(kind.prefix+"Started", kind.detailsPrefix+"StartedEventDetails", func() map[string]any {
			return map[string]any{"resourceType": kind.resourceType, "resource": kind.resource}
		})
		result, ierr := r.invoke(ctx, t, res, ev, params, retryCount, timeout, heartbeat)
		if ierr != nil {
			typ := "Failed"
			if ierr.Name == states.ErrTimeout || ierr.Name == states.ErrHeartbeatTimeout {
				typ = "TimedOut"
			}
			d := map[string]any{"resourceType": kind.resourceType, "resource": kind.resource}
			if name := reported(ierr).Name; name != "" {
				d["error"] = name
			}
			if ierr.Cause != "" {
				d["cause"] = ierr.Cause
			}
			if ierr.Name != errAborted {
				r.x.hist.add(0, kind.prefix+typ, kind.detailsPrefix+typ+"EventDetails", d)
			}
			return nil, ierr
		}
		r.x.hist.record(kind.prefix+"Succeeded", kind.detailsPrefix+"SucceededEventDetails", func() map[string]any {
			return map[string]any{"resourceType": kind.resourceType, "resource": kind.resource, "output": lazyJSON{result}}
		})
		if lim := r.eng.opts.MaxPayloadBytes; lim > 0 && jsonv.Size(result, lim) > lim {
			return nil, states.Errorf(states.ErrDataLimitExceeded, "The state/task '%s' returned a result with a size exceeding the maximum number of bytes service limit.", t.Name)
		}
		return r.finishResult(ctx, s, t.ResultSelector, input, result)
	})
}

// jsonataTimeouts evaluates TimeoutSeconds and HeartbeatSeconds of a
// JSONata Task, fixed or given as expressions.
func (r *runner) jsonataTimeouts(ctx context.Context, t *asl.TaskState, s *stateRun, env jtemplate.Env) (timeout, heartbeat time.Duration, err *states.Error) {
	timeout = secondsOf(int64(t.TimeoutSeconds))
	heartbeat = secondsOf(int64(t.HeartbeatSeconds))
	if t.TimeoutSecondsExpr != nil {
		n, err := r.jsonataInteger(ctx, s, t.TimeoutSecondsExpr, env, "TimeoutSeconds", 1)
		if err != nil {
			return 0, 0, err
		}
		timeout = secondsOf(n)
	}
	if t.HeartbeatSecondsExpr != nil {
		n, err := r.jsonataInteger(ctx, s, t.HeartbeatSecondsExpr, env, "HeartbeatSeconds", 1)
		if err != nil {
			return 0, 0, err
		}
		heartbeat = secondsOf(n)
	}
	return timeout, heartbeat, nil
}

// taskKind names a task's history events.
type taskKind struct {
	prefix, detailsPrefix  string // "Task"/"task", "LambdaFunction"/"lambdaFunction", "Activity"/"activity"
	resourceType, resource string
}

func resourceKind(res integrations.Resource) taskKind {
	switch res.Kind {
	case integrations.LambdaFunction:
		return taskKind{"LambdaFunction", "lambdaFunction", "lambda", res.ARN}
	case integrations.Activity:
		return taskKind{"Activity", "activity", "activity", res.ARN}
	}
	typ, resource := res.Service, res.Action
	if res.Kind == integrations.SDK {
		typ = "aws-sdk:" + res.Service
	}
	switch res.Pattern {
	case integrations.Sync:
		resource += ".sync"
		if res.SyncVersion != "" {
			resource += ":" + res.SyncVersion
		}
	case integrations.WaitForTaskToken:
		resource += ".waitForTaskToken"
	}
	return taskKind{"Task", "task", typ, resource}
}

// taskTimeouts resolves TimeoutSeconds(Path) and HeartbeatSeconds(Path).
func (r *runner) taskTimeouts(t *asl.TaskState, s *stateRun, eff any) (timeout, heartbeat time.Duration, err *states.Error) {
	if timeout, err = r.seconds(s, t.TimeoutSeconds, t.TimeoutSecondsPath, "TimeoutSecondsPath", eff); err != nil {
		return 0, 0, err
	}
	if heartbeat, err = r.seconds(s, t.HeartbeatSeconds, t.HeartbeatSecondsPath, "HeartbeatSecondsPath", eff); err != nil {
		return 0, 0, err
	}
	return timeout, heartbeat, nil
}

// seconds is a duration field: fixed, or (when p is set) the positive
// integer p selects from eff.
func (r *runner) seconds(s *stateRun, fixed int, p *path.Path, field string, eff any) (time.Duration, *states.Error) {
	if p == nil {
		return secondsOf(int64(fixed)), nil
	}
	v, err := r.applyPath(s, p, eff, eff)
	if err != nil {
		return 0, err
	}
	n, ok := integerValue(v)
	if !ok || n <= 0 {
		return 0, runtimeError(s.base.Name, s.entered, "The %s parameter does not reference a positive integer: %s == %s", field, p.String(), jsonv.String(v))
	}
	return secondsOf(n), nil
}

var (
	errTaskTimeout      = errors.New("task timed out")
	errHeartbeatTimeout = errors.New("task heartbeat timed out")
)

// invoke calls the integration, enforcing the timeout and, for callbacks,
// waiting for SendTaskSuccess/Failure with heartbeats.
func (r *runner) invoke(ctx context.Context, t *asl.TaskState, res integrations.Resource, ev *env, params any, attempt int, timeout, heartbeat time.Duration) (any, *states.Error) {
	inv := r.eng.opts.Integrations
	if inv == nil {
		return nil, states.Errorf(states.ErrTaskFailed, "no integration is configured to run resource %s", t.Resource)
	}
	tctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	clock := r.eng.opts.Clock
	if timeout > 0 {
		stop := clock.AfterFunc(timeout, func() { cancel(errTaskTimeout) })
		defer stop()
	}
	req := &integrations.Request{
		Resource:     res,
		StateName:    t.Name,
		Input:        params,
		TaskToken:    ev.token,
		Attempt:      attempt,
		ExecutionArn: r.x.ARN,
	}
	if t.Credentials != nil {
		req.Credentials = t.Credentials.Value
		if ev.credentials != nil {
			req.Credentials = ev.credentials
		} else if t.Credentials.Template != nil {
			if v, err := t.Credentials.Template.Eval(ev); err == nil {
				req.Credentials = v
			}
		}
	}
	var cb *callback
	if ev.token != "" {
		cb = r.eng.registerToken(ev.token)
		defer r.eng.releaseToken(ev.token)
	}
	type answer struct {
		resp *integrations.Response
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := integrations.InvokeSafely(tctx, inv, req)
		done <- answer{resp, err}
	}()
	var a answer
	select {
	case a = <-done:
	case <-tctx.Done():
		<-done // the adapter must return once its context is cancelled
		return nil, r.cancelled(ctx, tctx)
	}
	if a.err != nil {
		if tctx.Err() != nil {
			return nil, r.cancelled(ctx, tctx)
		}
		return nil, states.As(a.err)
	}
	if a.resp == nil {
		return nil, nil
	}
	if !a.resp.Pending {
		return a.resp.Output, nil
	}
	if cb == nil {
		return nil, states.Errorf(states.ErrTaskFailed, "resource %s answered pending, but the task has no task token", t.Resource)
	}
	var stopHB func() bool
	resetHB := func() {}
	if heartbeat > 0 {
		resetHB = func() {
			if stopHB != nil {
				stopHB()
			}
			stopHB = clock.AfterFunc(heartbeat, func() { cancel(errHeartbeatTimeout) })
		}
		resetHB()
		defer func() { stopHB() }()
	}
	for {
		beat := cb.nextBeat()
		r.eng.await(func() bool { return isClosed(cb.done) || isClosed(beat) || tctx.Err() != nil }, func() {
			select {
			case <-cb.done:
			case <-beat:
			case <-tctx.Done():
			}
		})
		switch {
		case isClosed(cb.done):
			if res := cb.result; res.err != nil {
				return nil, res.err
			}
			return cb.result.output, nil
		case tctx.Err() != nil:
			return nil, r.cancelled(ctx, tctx)
		default:
			resetHB()
		}
	}
}

// cancelled explains why a task's context ended.
func (r *runner) cancelled(parent, tctx context.Context) *states.Error {
	switch cause := context.Cause(tctx); {
	case parent.Err() != nil:
		return &states.Error{Name: errAborted, Cause: "aborted"}
	case errors.Is(cause, errHeartbeatTimeout):
		return &states.Error{Name: states.ErrHeartbeatTimeout, Cause: ""}
	default:
		return &states.Error{Name: states.ErrTimeout, Cause: ""}
	}
}
