package interpreter

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// Execution is one run of a state machine.
type Execution struct {
	// ARN identifies the execution, as
	// arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME.
	ARN string
	// Name is the execution's name.
	Name string
	// StateMachineARN identifies the machine.
	StateMachineARN string

	machineName string

	eng       *Engine
	sm        *asl.StateMachine
	input     any
	startTime time.Time
	hist      *history

	done        chan struct{}
	result      Result
	transitions atomic.Int64

	mu      sync.Mutex
	cancel  context.CancelCauseFunc
	stopped *states.Error
	// stopTimeout stops the execution's TimeoutSeconds timer, if any.
	stopTimeout func() bool
}

// errTimedOut and errStopped are the causes an execution's context is
// cancelled with.
var (
	errTimedOut = errors.New("execution timed out")
	errStopped  = errors.New("execution stopped")
)

func newExecution(e *Engine, sm *asl.StateMachine, input any, so startOptions) *Execution {
	o := e.opts
	return newExecutionAt(e, sm, input, so.name,
		fmt.Sprintf("arn:aws:states:%s:%s:execution:%s:%s", o.Region, o.Account, so.machineName, so.name),
		fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", o.Region, o.Account, so.machineName),
		so.machineName)
}

// newExecutionAt makes an execution with the given identity: a top-level
// one, or a child of a Distributed Map (then sm is nil).
func newExecutionAt(e *Engine, sm *asl.StateMachine, input any, name, arn, smArn, smName string) *Execution {
	o := e.opts
	x := &Execution{
		ARN:             arn,
		Name:            name,
		StateMachineARN: smArn,
		machineName:     smName,
		eng:             e,
		sm:              sm,
		input:           input,
		startTime:       e.now(),
		hist:            &history{limit: o.MaxHistoryEvents, clock: o.Clock, discard: o.DiscardHistory},
		done:            make(chan struct{}),
	}
	return x
}

// contextBase builds the Execution and StateMachine parts of the context
// object. They are built anew for each state that reads $$ rather than kept:
// most states never read it, and a waiting execution keeps less.
func (x *Execution) contextBase() (execution, machine map[string]any) {
	execution = map[string]any{
		"Id":           x.ARN,
		"Input":        x.input,
		"Name":         x.Name,
		"RoleArn":      x.eng.opts.RoleArn,
		"StartTime":    formatTime(x.startTime),
		"RedriveCount": jsonInt(0),
	}
	return execution, map[string]any{"Id": x.StateMachineARN, "Name": x.machineName}
}

// formatTime renders a timestamp as the context object does.
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Wait blocks until the execution ends, or ctx is done (then the result has
// status RUNNING).
//
// Called by a Task adapter with the context it was invoked with (a Go
// function that runs a child execution on the same engine), Wait counts the
// task as waiting, so that a FakeClock moves time on for the child.
func (x *Execution) Wait(ctx context.Context) Result {
	if ctx.Value(workKey{}) != nil {
		_ = x.eng.Await(ctx, x.done)
	}
	select {
	case <-x.done:
		return x.result
	case <-ctx.Done():
		return Result{Status: Running}
	}
}

// Done is closed when the execution has ended.
func (x *Execution) Done() <-chan struct{} { return x.done }

// Transitions returns how many states the execution has entered so far,
// counting those of Parallel branches and Map iterations.
func (x *Execution) Transitions() int64 { return x.transitions.Load() }

// History returns the events recorded so far.
func (x *Execution) History() []Event { return x.hist.snapshot() }

// Stop aborts the execution with an optional error and cause.
func (x *Execution) Stop(errName, cause string) {
	x.mu.Lock()
	if x.stopped == nil {
		x.stopped = &states.Error{Name: errName, Cause: cause}
	}
	cancel := x.cancel
	x.mu.Unlock()
	if cancel != nil {
		cancel(errStopped)
	}
}

// run starts the execution; it returns when the execution has ended or
// parked (see advance).
func (x *Execution) run(parent context.Context) {
	if _, ok := x.eng.opts.Clock.(scheduler); ok {
		parent = context.WithValue(parent, workKey{}, struct{}{})
	}
	ctx, cancel := context.WithCancelCause(parent)
	x.mu.Lock()
	x.cancel = cancel
	stoppedEarly := x.stopped != nil
	x.mu.Unlock()
	if stoppedEarly {
		cancel(errStopped)
	}
	if t := x.sm.TimeoutSeconds; t > 0 {
		x.stopTimeout = x.eng.opts.Clock.AfterFunc(secondsOf(int64(t)), func() { cancel(errTimedOut) })
	}
	x.hist.addIO("ExecutionStarted", "executionStartedEventDetails", ioDetails{value: x.input, roleArn: x.eng.opts.RoleArn})
	if lim := x.eng.opts.MaxPayloadBytes; lim > 0 && jsonv.Size(x.input, lim) > lim {
		x.end(ctx, nil, states.Errorf(states.ErrDataLimitExceeded, "The execution input exceeds the maximum number of bytes service limit."))
		return
	}
	r := &runner{x: x, eng: x.eng}
	r.advance(ctx, x.sm.StartAt, x.input, r.rootFrame())
}

// advance runs the execution's top-level states from the one named (f holds
// the execution's variables) until the execution ends or parks. When the
// clock can wait without a goroutine (see parker), a Wait state, or a Task
// waiting for its callback or a retry, parks the execution: the goroutine
// returns, and the wake-up finishes the state and goes on advancing in a
// goroutine of its own, so that an execution that waits holds none.
func (r *runner) advance(ctx context.Context, name string, input any, f *frame) {
	x := r.x
	m := &x.sm.Machine
	pk, canPark := r.eng.opts.Clock.(parker)
	for {
		if err := ctx.Err(); err != nil {
			x.end(ctx, nil, &states.Error{Name: errAborted, Cause: err.Error()})
			return
		}
		st, ok := m.States[name]
		if !ok {
			x.end(ctx, nil, states.Errorf(states.ErrRuntime, "state %q does not exist", name))
			return
		}
		var (
			out  any
			next string
			err  *states.Error
		)
		if canPark && parkable(st) {
			s, eerr := r.enter(st, input, f)
			if eerr != nil {
				x.end(ctx, nil, eerr)
				return
			}
			ended, sout, snext, serr := r.parkState(ctx, pk, st, s, input, func(out any, next string, err *states.Error) {
				r.proceed(ctx, s, f, out, next, err)
			})
			if !ended {
				return
			}
			if out, next, err = sout, snext, serr; err == nil {
				out, err = r.exit(s, out)
			}
		} else {
			out, next, err = r.state(ctx, st, input, f)
		}
		switch {
		case err != nil:
			x.end(ctx, nil, err)
			return
		case next == "":
			x.end(ctx, out, nil)
			return
		}
		input, name = out, next
	}
}

// parkable reports whether a state may park its execution.
func parkable(st asl.State) bool {
	switch st.(type) {
	case *asl.WaitState, *asl.TaskState:
		return true
	}
	return false
}

// parkState runs a Wait or Task state s that may park the execution. When it
// ends without parking, ended is true with its outcome (its exit not yet
// recorded); otherwise k gets the outcome later, in the goroutine that ends
// the wait.
func (r *runner) parkState(ctx context.Context, pk parker, st asl.State, s *stateRun, input any, k func(out any, next string, err *states.Error)) (ended bool, out any, next string, err *states.Error) {
	if t, ok := st.(*asl.TaskState); ok {
		return r.parkTask(ctx, pk, t, s, input, k)
	}
	w := st.(*asl.WaitState)
	d, eff, err := r.waitDelay(ctx, w, s, input)
	if err != nil {
		return true, nil, "", err
	}
	if d <= 0 {
		out, err = r.waitDone(ctx, w, s, input, eff)
		return true, out, w.Next, err
	}
	pk.park(ctx, d, func(serr error) {
		if serr != nil {
			k(nil, "", &states.Error{Name: errAborted, Cause: serr.Error()})
			return
		}
		out, err := r.waitDone(ctx, w, s, input, eff)
		k(out, w.Next, err)
	})
	return false, nil, "", nil
}

// proceed continues a parked execution, in the goroutine that woke it, once
// its state s has its outcome.
func (r *runner) proceed(ctx context.Context, s *stateRun, f *frame, out any, next string, err *states.Error) {
	if err == nil {
		out, err = r.exit(s, out)
	}
	switch {
	case err != nil:
		r.x.end(ctx, nil, err)
	case next == "":
		r.x.end(ctx, out, nil)
	default:
		r.advance(ctx, next, out, f)
	}
}

// end completes the execution with the machine's output or error: the
// output's size check, the closing event, and the release of its timers
// and context.
func (x *Execution) end(ctx context.Context, out any, err *states.Error) {
	if err == nil {
		if lim := x.eng.opts.MaxPayloadBytes; lim > 0 && jsonv.Size(out, lim) > lim {
			err = states.Errorf(states.ErrDataLimitExceeded, "The execution output exceeds the maximum number of bytes service limit.")
		}
	}
	x.finish(ctx, out, err)
	if x.stopTimeout != nil {
		x.stopTimeout()
	}
	x.mu.Lock()
	cancel := x.cancel
	x.mu.Unlock()
	cancel(nil)
	x.eng.mu.Lock()
	delete(x.eng.execs, x.ARN)
	x.eng.mu.Unlock()
	close(x.done)
	x.eng.end() // after done is closed: a waiter is ready before this ends
}

func (x *Execution) finish(ctx context.Context, out any, err *states.Error) {
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, errTimedOut):
		// AWS names States.Timeout in the ExecutionTimedOut event and gives
		// no cause.
		x.result = Result{Status: TimedOut, Error: states.ErrTimeout}
		x.hist.force("ExecutionTimedOut", "executionTimedOutEventDetails", map[string]any{"error": x.result.Error})
	case errors.Is(cause, errStopped) || (ctx.Err() != nil && err != nil && isContextError(err)):
		x.mu.Lock()
		st := x.stopped
		x.mu.Unlock()
		x.result = Result{Status: Aborted}
		d := map[string]any{}
		if st != nil {
			x.result.Error, x.result.Cause = st.Name, st.Cause
			if st.Name != "" {
				d["error"] = st.Name
			}
			if st.Cause != "" {
				d["cause"] = st.Cause
			}
		}
		x.hist.force("ExecutionAborted", "executionAbortedEventDetails", d)
	case err != nil:
		x.result = Result{Status: Failed, Error: err.Name, Cause: err.Cause}
		d := map[string]any{}
		if err.Name != "" {
			d["error"] = err.Name
		}
		if err.Cause != "" {
			d["cause"] = err.Cause
		}
		x.hist.force("ExecutionFailed", "executionFailedEventDetails", d)
	default:
		x.result = Result{Status: Succeeded, Output: out}
		x.hist.force("ExecutionSucceeded", "executionSucceededEventDetails", (&ioDetails{output: true, value: out}).details())
	}
}

// errAborted marks a state interrupted because the execution ended.
const errAborted = "gostates.Aborted"

func isContextError(err *states.Error) bool { return err.Name == errAborted }
