package interpreter

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/jtemplate"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

// taskRun is a Task state being run: its attempts under Retry and Catch.
type taskRun struct {
	r     *runner
	t     *asl.TaskState
	s     *stateRun
	input any // the state's input
	eff   any // after InputPath
	res   integrations.Resource
	kind  taskKind
	rt    *retries
}

func (r *runner) newTaskRun(t *asl.TaskState, s *stateRun, input any) (*taskRun, *states.Error) {
	eff, err := r.inputPath(s, input)
	if err != nil {
		return nil, err
	}
	res, rerr := integrations.ParseResource(t.Resource)
	if rerr != nil {
		return nil, runtimeError(t.Name, s.entered, "%v", rerr)
	}
	return &taskRun{r: r, t: t, s: s, input: input, eff: eff, res: res, kind: resourceKind(res), rt: newRetries(s)}, nil
}

// task runs a Task state in the calling goroutine.
func (r *runner) task(ctx context.Context, t *asl.TaskState, s *stateRun, input any) (any, string, *states.Error) {
	tr, err := r.newTaskRun(t, s, input)
	if err != nil {
		return nil, "", err
	}
	return r.guard(ctx, s, input, func(ctx context.Context, retryCount int) (any, *states.Error) {
		a, result, err := tr.start(ctx, retryCount)
		if a != nil {
			result, err = a.wait(ctx)
		}
		return tr.finish(ctx, result, err)
	})
}

// parkTask runs a Task state of the execution's top level, parking the
// execution (it then holds no goroutine) while the task waits for its
// callback or for a retry's backoff. When the task ends without parking,
// ended is true with its outcome; otherwise k gets the outcome later, in the
// goroutine that ends the wait.
func (r *runner) parkTask(ctx context.Context, pk parker, t *asl.TaskState, s *stateRun, input any, k func(out any, next string, err *states.Error)) (ended bool, out any, next string, err *states.Error) {
	tr, err := r.newTaskRun(t, s, input)
	if err != nil {
		return true, nil, "", err
	}
	return tr.runParked(ctx, pk, k)
}

// runParked runs attempts until the task ends (ended) or parks.
func (tr *taskRun) runParked(ctx context.Context, pk parker, k func(any, string, *states.Error)) (ended bool, out any, next string, err *states.Error) {
	for {
		tr.s.retryCount = tr.rt.count
		a, result, ierr := tr.start(ctx, tr.rt.count)
		if a != nil {
			a.park(ctx, pk, func(result any, err *states.Error) { tr.answered(ctx, pk, result, err, k) })
			return false, nil, "", nil
		}
		out, err := tr.finish(ctx, result, ierr)
		retry, d, out, next, err := tr.r.decide(ctx, tr.s, tr.input, tr.rt, out, err)
		if !retry {
			return true, out, next, err
		}
		if d > 0 {
			tr.parkRetry(ctx, pk, d, k)
			return false, nil, "", nil
		}
	}
}

// answered ends a parked attempt with the callback's answer, in the
// goroutine that woke it.
func (tr *taskRun) answered(ctx context.Context, pk parker, result any, ierr *states.Error, k func(any, string, *states.Error)) {
	out, err := tr.finish(ctx, result, ierr)
	retry, d, out, next, err := tr.r.decide(ctx, tr.s, tr.input, tr.rt, out, err)
	switch {
	case !retry:
		k(out, next, err)
	case d > 0:
		tr.parkRetry(ctx, pk, d, k)
	default:
		tr.resume(ctx, pk, k)
	}
}

// parkRetry parks until the retry is due, then runs the next attempts.
func (tr *taskRun) parkRetry(ctx context.Context, pk parker, d time.Duration, k func(any, string, *states.Error)) {
	pk.park(ctx, d, func(serr error) {
		if serr != nil {
			k(nil, "", &states.Error{Name: errAborted, Cause: serr.Error()})
			return
		}
		tr.resume(ctx, pk, k)
	})
}

// resume runs the next attempts in a woken goroutine.
func (tr *taskRun) resume(ctx context.Context, pk parker, k func(any, string, *states.Error)) {
	if ended, out, next, err := tr.runParked(ctx, pk, k); ended {
		k(out, next, err)
	}
}

// start begins an attempt: it evaluates the task's fields, records its
// scheduled and started events and calls the integration. When the
// integration answers at once, a is nil and result and err are its answer;
// otherwise a waits for the task token's callback.
func (tr *taskRun) start(ctx context.Context, retryCount int) (a *taskAttempt, result any, err *states.Error) {
	r, t, s := tr.r, tr.t, tr.s
	ev := s.env(r, tr.eff)
	ev.retryCount = retryCount
	if tr.res.Pattern == integrations.WaitForTaskToken || tr.res.Kind == integrations.Activity {
		ev.token = r.eng.opts.NewUUID()
	}
	params := tr.eff
	var timeout, heartbeat time.Duration
	if s.isJSONata() {
		env := r.jsonataEnv(s, statesVar{input: tr.input, token: ev.token})
		v, err := r.jeval(ctx, s, t.Arguments, env, "Arguments", tr.input)
		if err != nil {
			return nil, nil, err
		}
		params = v
		if timeout, heartbeat, err = r.jsonataTimeouts(ctx, t, s, env); err != nil {
			return nil, nil, err
		}
		if t.Credentials != nil {
			if ev.credentials, err = r.jeval(ctx, s, t.Credentials, env, "Credentials", nil); err != nil {
				return nil, nil, err
			}
		}
	} else {
		if t.Parameters != nil {
			v, perr := t.Parameters.Eval(ev)
			if perr != nil {
				return nil, nil, s.evalError(perr)
			}
			params = v
		}
		var terr *states.Error
		if timeout, heartbeat, terr = r.taskTimeouts(t, s, tr.eff); terr != nil {
			return nil, nil, terr
		}
	}
	kind := tr.kind
	r.x.hist.recordLazy(kind.prefix+"Scheduled", kind.detailsPrefix+"ScheduledEventDetails", func() map[string]any {
		details := map[string]any{"resourceType": kind.resourceType, "resource": kind.resource, "region": r.eng.opts.Region, "parameters": lazyJSON{params}}
		if timeout > 0 {
			details["timeoutInSeconds"] = int64(timeout / time.Second)
		}
		if heartbeat > 0 {
			details["heartbeatInSeconds"] = int64(heartbeat / time.Second)
		}
		return details
	})
	r.x.hist.recordLazy(kind.prefix+"Started", kind.detailsPrefix+"StartedEventDetails", func() map[string]any {
		return map[string]any{"resourceType": kind.resourceType, "resource": kind.resource}
	})
	return r.invoke(ctx, t, tr.res, ev, params, retryCount, timeout, heartbeat)
}

// finish ends an attempt with the integration's answer: its closing event,
// the size limit, then ResultSelector, Assign and ResultPath.
func (tr *taskRun) finish(ctx context.Context, result any, ierr *states.Error) (any, *states.Error) {
	r, kind := tr.r, tr.kind
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
		return nil, states.Errorf(states.ErrDataLimitExceeded, "The state/task '%s' returned a result with a size exceeding the maximum number of bytes service limit.", tr.t.Name)
	}
	return r.finishResult(ctx, tr.s, tr.t.ResultSelector, tr.input, result)
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

// invoke calls the integration, enforcing the timeout. When the
// integration answers that the task waits for its token's callback, invoke
// returns the attempt that waits for it (see taskAttempt.wait and park);
// otherwise a is nil and result and err are the integration's answer.
func (r *runner) invoke(ctx context.Context, t *asl.TaskState, res integrations.Resource, ev *env, params any, attempt int, timeout, heartbeat time.Duration) (*taskAttempt, any, *states.Error) {
	inv := r.eng.opts.Integrations
	if inv == nil {
		return nil, nil, states.Errorf(states.ErrTaskFailed, "no integration is configured to run resource %s", t.Resource)
	}
	// a is never nil: a timer that fires after the attempt ended (a
	// stop that came too late) still finds it.
	a := &taskAttempt{r: r, heartbeat: heartbeat, token: ev.token}
	a.tctx, a.cancel = context.WithCancelCause(ctx)
	if timeout > 0 {
		a.stopTimeout = r.eng.opts.Clock.AfterFunc(timeout, func() { a.timedOut(errTaskTimeout) })
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
	if ev.token != "" {
		a.cb = r.eng.registerToken(ev.token)
	}
	type answer struct {
		resp *integrations.Response
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := integrations.InvokeSafely(a.tctx, inv, req)
		done <- answer{resp, err}
	}()
	var ans answer
	select {
	case ans = <-done:
	case <-a.tctx.Done():
		<-done // the adapter must return once its context is cancelled
		defer a.close()
		return nil, nil, r.cancelled(ctx, a.tctx)
	}
	switch {
	case ans.err != nil:
		defer a.close()
		if a.tctx.Err() != nil {
			return nil, nil, r.cancelled(ctx, a.tctx)
		}
		return nil, nil, states.As(ans.err)
	case ans.resp == nil:
		a.close()
		return nil, nil, nil
	case !ans.resp.Pending:
		a.close()
		out, err := jsonv.Normalize(ans.resp.Output)
		if err != nil {
			return nil, nil, states.Errorf(states.ErrTaskFailed, "the integration for resource %s returned a result that is not JSON: %v", t.Resource, err)
		}
		return nil, out, nil
	case a.cb == nil:
		a.close()
		return nil, nil, states.Errorf(states.ErrTaskFailed, "resource %s answered pending, but the task has no task token", t.Resource)
	}
	a.cb.setHooks(nil, a.resetHeartbeat)
	a.resetHeartbeat()
	return a, nil, nil
}

// taskAttempt is an attempt of a Task whose integration answered that it
// waits for its task token's callback (SendTaskSuccess, SendTaskFailure),
// with the task's timeout and heartbeat timers running.
type taskAttempt struct {
	r           *runner
	tctx        context.Context
	cancel      context.CancelCauseFunc
	stopTimeout func() bool
	heartbeat   time.Duration
	token       string
	cb          *callback

	mu      sync.Mutex
	stopHB  func() bool
	closed  bool
	onEnd   func()      // called when a timer ends the wait (park)
	stopCtx func() bool // stops park's watch of the state's context
}

// timedOut ends the wait for the callback with a timeout.
func (a *taskAttempt) timedOut(cause error) {
	a.cancel(cause)
	a.mu.Lock()
	onEnd := a.onEnd
	a.mu.Unlock()
	if onEnd != nil {
		onEnd()
	}
}

// resetHeartbeat (re)arms the heartbeat timer: a heartbeat arrived, or the
// wait begins.
func (a *taskAttempt) resetHeartbeat() {
	if a.heartbeat <= 0 {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	if a.stopHB != nil {
		a.stopHB()
	}
	a.stopHB = a.r.eng.opts.Clock.AfterFunc(a.heartbeat, func() { a.timedOut(errHeartbeatTimeout) })
}

// close stops the attempt's timers, ends its context and retires its token.
func (a *taskAttempt) close() {
	a.mu.Lock()
	a.closed = true
	if a.stopHB != nil {
		a.stopHB()
	}
	a.mu.Unlock()
	if a.stopTimeout != nil {
		a.stopTimeout()
	}
	a.cancel(nil)
	if a.token != "" {
		a.r.eng.releaseToken(a.token)
	}
}

// ready reports whether the wait is over.
func (a *taskAttempt) ready() bool { return isClosed(a.cb.done) || a.tctx.Err() != nil }

// answer is the callback's answer, or why the wait ended without one.
func (a *taskAttempt) answer(ctx context.Context) (any, *states.Error) {
	if isClosed(a.cb.done) {
		if res := a.cb.result; res.err != nil {
			return nil, res.err
		}
		return a.cb.result.output, nil
	}
	return nil, a.r.cancelled(ctx, a.tctx)
}

// wait blocks until the callback comes or the task's context ends.
func (a *taskAttempt) wait(ctx context.Context) (any, *states.Error) {
	defer a.close()
	a.r.eng.await(a.ready, func() {
		select {
		case <-a.cb.done:
		case <-a.tctx.Done():
		}
	})
	return a.answer(ctx)
}

// park waits like wait without holding a goroutine: k gets the answer in a
// new goroutine. The wait ends with the callback, the task's timers (they
// call a.onEnd) or the cancellation of ctx, the context of the state.
func (a *taskAttempt) park(ctx context.Context, pk parker, k func(any, *states.Error)) {
	resume := pk.suspend(a.ready)
	wake := func() {
		if !resume() {
			return
		}
		go func() {
			a.mu.Lock()
			stop := a.stopCtx
			a.mu.Unlock()
			if stop != nil {
				stop()
			}
			result, err := a.answer(ctx)
			a.close()
			k(result, err)
		}()
	}
	stopCtx := context.AfterFunc(ctx, func() {
		a.cancel(context.Cause(ctx))
		wake()
	})
	a.mu.Lock()
	a.stopCtx, a.onEnd = stopCtx, wake
	a.mu.Unlock()
	a.cb.setHooks(wake, a.resetHeartbeat)
	if a.tctx.Err() != nil { // a timer fired before onEnd was set
		wake()
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
