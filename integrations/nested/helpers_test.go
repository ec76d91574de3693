package nested_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/nested"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
)

// epoch is when every test starts, on a virtual clock.
var epoch = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

const (
	childARN  = "arn:aws:states:us-east-1:123456789012:stateMachine:Child"
	blockARN  = "arn:aws:lambda:us-east-1:123456789012:function:block"
	parentARN = "arn:aws:states:us-east-1:123456789012:execution:StateMachine:parent"
)

// env is an engine whose Tasks reach a nested.Service, on a FakeClock.
type env struct {
	t     *testing.T
	clock *interpreter.FakeClock
	reg   *integrations.Registry
	eng   *interpreter.Engine
	svc   *nested.Service
	block *blocker
}

// newEnv builds an env and checks that the test leaves no goroutine
// behind once the service is shut down.
func newEnv(t *testing.T, opts ...nested.Option) *env {
	t.Helper()
	checkGoroutines(t)
	e := &env{t: t, clock: interpreter.NewFakeClock(epoch), reg: integrations.NewRegistry(), block: &blocker{started: make(chan any, 16)}}
	e.eng = interpreter.New(interpreter.Options{Integrations: e.reg, Clock: e.clock})
	e.svc = nested.New(e.eng, append([]nested.Option{nested.WithClock(e.clock), nested.WithNewUUID(counter("uuid"))}, opts...)...)
	e.reg.Register("states", e.svc)
	e.reg.Register("aws-sdk:sfn", e.svc)
	e.reg.Register(blockARN, e.block)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, e.svc.Shutdown(ctx))
	})
	return e
}

// register registers a child state machine.
func (e *env) register(name, def string) string {
	e.t.Helper()
	return e.svc.Register(name, parse(e.t, def))
}

// start starts a parent execution named "parent".
func (e *env) start(ctx context.Context, def, input string) *interpreter.Execution {
	e.t.Helper()
	x, err := e.eng.Start(ctx, parse(e.t, def), []byte(input), interpreter.WithName("parent"))
	require.NoError(e.t, err)
	return x
}

// run runs a parent execution to its end.
func (e *env) run(def, input string) (interpreter.Result, *interpreter.Execution) {
	e.t.Helper()
	x := e.start(context.Background(), def, input)
	return wait(e.t, x), x
}

// child returns the i-th execution of the state machine.
func (e *env) child(machineARN string, i int) *interpreter.Execution {
	e.t.Helper()
	xs := e.svc.Executions(machineARN)
	require.Greater(e.t, len(xs), i, "executions of %s", machineARN)
	return xs[i]
}

// invoke calls the service directly, as a Task of the resource would.
func (e *env) invoke(resource string, params string) (*integrations.Response, error) {
	e.t.Helper()
	res, err := integrations.ParseResource(resource)
	require.NoError(e.t, err)
	return e.svc.Invoke(context.Background(), &integrations.Request{Resource: res, StateName: "Task", Input: decode(e.t, params), ExecutionArn: parentARN})
}

// blocker is a Task that blocks until its context ends, announcing its
// input on started first.
type blocker struct {
	started chan any
}

func (b *blocker) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	b.started <- req.Input
	<-ctx.Done()
	return nil, ctx.Err()
}

// awaitStarted waits for the blocker to be called.
func (e *env) awaitStarted() any {
	e.t.Helper()
	select {
	case in := <-e.block.started:
		return in
	case <-time.After(5 * time.Second):
		e.t.Fatal("the blocking task did not start")
		return nil
	}
}

func wait(t *testing.T, x *interpreter.Execution) interpreter.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res := x.Wait(ctx)
	require.NotEqual(t, interpreter.Running, res.Status, "execution %s did not end", x.ARN)
	return res
}

func parse(t testing.TB, def string) *asl.StateMachine {
	t.Helper()
	sm, err := asl.Parse([]byte(def))
	require.NoError(t, err)
	return sm
}

func decode(t testing.TB, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	require.NoError(t, err)
	return v
}

// requireJSON checks that got is the JSON value want.
func requireJSON(t testing.TB, want string, got any) {
	t.Helper()
	require.True(t, jsonv.Equal(decode(t, want), got), "want %s\n got %s", want, jsonv.String(got))
}

// counter returns a name source giving prefix-1, prefix-2, ...
func counter(prefix string) func() string {
	var n atomic.Int64
	return func() string { return fmt.Sprintf("%s-%d", prefix, n.Add(1)) }
}

// millis is t as epoch milliseconds, the way optimized integrations give
// dates.
func millis(t time.Time) string { return fmt.Sprint(t.UnixMilli()) }

// checkGoroutines fails the test if, once it is cleaned up, more
// goroutines run than when it started.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Errorf("%d goroutines left running, %d before the test:\n%s", n, before, buf)
		}
	})
}

// fill replaces {{name}} in a template.
func fill(tmpl string, kv ...string) string {
	return strings.NewReplacer(kv...).Replace(tmpl)
}
