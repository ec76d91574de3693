package interpreter_test

import (
	"context"
	"encoding/json"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// TestLongWaitsDoNotOverflow: a wait of 9,223,372,037 seconds or more
// overflowed time.Duration and ended at once; it must wait (here until the
// execution times out).
func TestLongWaitsDoNotOverflow(t *testing.T) {
	for _, tc := range []struct{ name, wait, input string }{
		{"SecondsPath", `"SecondsPath":"$.s"`, `{"s":9223372037}`},
		{"SecondsPath max int64", `"SecondsPath":"$.s"`, `{"s":9223372036854775807}`},
		{"JSONata Seconds", `"QueryLanguage":"JSONata","Seconds":"{% $states.input.s %}"`, `{"s":9223372037}`},
		{"JSONata Seconds huge", `"QueryLanguage":"JSONata","Seconds":"{% $states.input.s %}"`, `{"s":1e18}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			def := `{"TimeoutSeconds":100,"StartAt":"W","States":{"W":{"Type":"Wait",` + tc.wait + `,"End":true}}}`
			res, _, clock := run(t, def, tc.input, nil)
			require.Equal(t, interpreter.TimedOut, res.Status, res.Cause)
			require.Equal(t, epoch.Add(100*time.Second), clock.Now())
		})
	}
}

// TestPanickingAdapterFailsTheTask: an adapter that panics fails its task
// with States.TaskFailed (a Catch matches it, the cause holds the panic and
// stack) instead of crashing the process.
func TestPanickingAdapterFailsTheTask(t *testing.T) {
	inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		var m map[string]int
		m["boom"]++ // nil map write: panics
		return nil, nil
	})
	def := `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true,
			"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Caught"}]},
		"Caught":{"Type":"Pass","End":true}}}`
	res, x, _ := run(t, def, `{}`, inv)
	require.Equal(t, interpreter.Succeeded, res.Status)
	out := res.Output.(map[string]any)
	require.Equal(t, states.ErrTaskFailed, out["Error"])
	cause := out["Cause"].(string)
	require.Contains(t, cause, "panicked: assignment to entry in nil map")
	require.Contains(t, cause, "hardening_test.go") // the stack
	var failed bool
	for _, ev := range x.History() {
		failed = failed || ev.Type == "LambdaFunctionFailed"
	}
	require.True(t, failed)

	// Uncaught, the execution fails and the engine goes on.
	res, _, _ = run(t, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}}`, `{}`, inv)
	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, states.ErrTaskFailed, res.Error)
}

// callbackEngine starts a .waitForTaskToken task and returns its token.
func callbackEngine(t *testing.T) (*interpreter.Engine, *interpreter.Execution, string) {
	t.Helper()
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
		"Parameters":{"token.$":"$$.Task.Token"},"End":true}}}`
	tokens := make(chan string, 1)
	inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		tokens <- req.Input.(map[string]any)["token"].(string)
		return &integrations.Response{Pending: true}, nil
	})
	eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: interpreter.NewFakeClock(epoch)})
	x, err := eng.Start(context.Background(), mustParse(t, def), nil)
	require.NoError(t, err)
	return eng, x, <-tokens
}

// TestCallbackErrors: the callback calls answer as the Step Functions API
// does, and a refused call leaves the task waiting.
func TestCallbackErrors(t *testing.T) {
	ctx := context.Background()
	eng, x, token := callbackEngine(t)
	requireAPIError := func(err error, name, cause string) {
		t.Helper()
		var se *states.Error
		require.ErrorAs(t, err, &se)
		require.Equal(t, name, se.Name)
		require.Equal(t, cause, se.Cause)
	}

	t.Run("bogus token", func(t *testing.T) {
		requireAPIError(eng.SendTaskSuccess(ctx, "bogus", `{}`), interpreter.ErrInvalidToken, "Invalid Token: 'Invalid token'")
		requireAPIError(eng.SendTaskFailure(ctx, "bogus", "E", "C"), interpreter.ErrInvalidToken, "Invalid Token: 'Invalid token'")
		requireAPIError(eng.SendTaskHeartbeat(ctx, "bogus"), interpreter.ErrInvalidToken, "Invalid Token: 'Invalid token'")
	})
	t.Run("output over 256 KiB", func(t *testing.T) {
		big := `"` + strings.Repeat("x", 300*1024) + `"`
		requireAPIError(eng.SendTaskSuccess(ctx, token, big), interpreter.ErrValidation,
			"1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144")
	})
	t.Run("output not JSON", func(t *testing.T) {
		requireAPIError(eng.SendTaskSuccess(ctx, token, `{oops`), interpreter.ErrInvalidOutput, "Invalid Output: '{oops'")
	})
	t.Run("error and cause too long", func(t *testing.T) {
		requireAPIError(eng.SendTaskFailure(ctx, token, strings.Repeat("e", 257), ""), interpreter.ErrValidation,
			"1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256")
		requireAPIError(eng.SendTaskFailure(ctx, token, "E", strings.Repeat("c", 32769)), interpreter.ErrValidation,
			"1 validation error detected: Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768")
	})
	require.False(t, isDone(x), "a refused call must leave the task waiting")

	require.NoError(t, eng.SendTaskSuccess(ctx, token, `{"ok":true}`))
	res := x.Wait(ctx)
	require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)

	t.Run("token of an ended task", func(t *testing.T) {
		gone := "Task Timed Out: 'Provided task does not exist anymore'"
		requireAPIError(eng.SendTaskSuccess(ctx, token, `{}`), interpreter.ErrTaskTimedOut, gone)
		requireAPIError(eng.SendTaskHeartbeat(ctx, token), interpreter.ErrTaskTimedOut, gone)
	})
}

// TestExecuteWaitsForTheAbort: cancelling Execute's context aborts the
// execution and Execute returns its ABORTED result (not RUNNING), with the
// ExecutionAborted event recorded.
func TestExecuteWaitsForTheAbort(t *testing.T) {
	def := `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`
	eng := interpreter.New(interpreter.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	res, x, err := eng.Execute(ctx, mustParse(t, def), nil)
	require.NoError(t, err)
	require.Equal(t, interpreter.Aborted, res.Status)
	h := x.History()
	require.Equal(t, "ExecutionAborted", h[len(h)-1].Type)
}

// TestHoldStartsABatchAtOneMoment: executions started under Hold all start
// at the same virtual moment, so 1,000 one-hour waits end one hour later.
func TestHoldStartsABatchAtOneMoment(t *testing.T) {
	def := mustParse(t, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`)
	clock := interpreter.NewFakeClock(epoch)
	eng := interpreter.New(interpreter.Options{Clock: clock})
	release := clock.Hold()
	xs := make([]*interpreter.Execution, 1000)
	for i := range xs {
		x, err := eng.Start(context.Background(), def, nil)
		require.NoError(t, err)
		xs[i] = x
	}
	require.Equal(t, epoch, clock.Now())
	release()
	release() // a second call does nothing
	for _, x := range xs {
		require.Equal(t, interpreter.Succeeded, x.Wait(context.Background()).Status)
	}
	require.Equal(t, epoch.Add(time.Hour), clock.Now())
}

// TestWaitingExecutionsHoldNoGoroutine: an execution waiting on a
// top-level Wait state is parked: it holds no goroutine, on the virtual
// clock and on the wall clock, and resumes (or aborts) when due.
func TestWaitingExecutionsHoldNoGoroutine(t *testing.T) {
	def := mustParse(t, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Assign":{"v":1},"Next":"P"},
		"P":{"Type":"Pass","Parameters":{"v.$":"$v"},"End":true}}}`)
	const n = 1000
	t.Run("virtual clock", func(t *testing.T) {
		before := runtime.NumGoroutine()
		clock := interpreter.NewFakeClock(epoch)
		eng := interpreter.New(interpreter.Options{Clock: clock})
		release := clock.Hold()
		xs := make([]*interpreter.Execution, n)
		for i := range xs {
			xs[i], _ = eng.Start(context.Background(), def, nil)
		}
		require.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+5 }, 5*time.Second, time.Millisecond)
		release()
		for _, x := range xs {
			res := x.Wait(context.Background())
			require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
			require.Equal(t, map[string]any{"v": json.Number("1")}, res.Output)
		}
		require.Equal(t, epoch.Add(time.Hour), clock.Now())
	})
	t.Run("wall clock, aborted while parked", func(t *testing.T) {
		before := runtime.NumGoroutine()
		eng := interpreter.New(interpreter.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		xs := make([]*interpreter.Execution, n)
		for i := range xs {
			xs[i], _ = eng.Start(ctx, def, nil)
		}
		require.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+5 }, 5*time.Second, time.Millisecond)
		cancel()
		for _, x := range xs {
			require.Equal(t, interpreter.Aborted, x.Wait(context.Background()).Status)
			h := x.History()
			require.Equal(t, "ExecutionAborted", h[len(h)-1].Type)
		}
	})
	t.Run("stopped while parked", func(t *testing.T) {
		eng := interpreter.New(interpreter.Options{})
		x, err := eng.Start(context.Background(), def, nil)
		require.NoError(t, err)
		require.Eventually(t, func() bool { return len(x.History()) == 2 }, 5*time.Second, time.Millisecond)
		x.Stop("Halt", "by test")
		require.Equal(t, interpreter.Result{Status: interpreter.Aborted, Error: "Halt", Cause: "by test"}, x.Wait(context.Background()))
	})
}

// TestParkedCallbacks: a top-level task waiting for its token's callback,
// or for a retry's backoff, holds no goroutine; heartbeats, the task's
// timers, SendTaskSuccess/Failure and an abort all reach it.
func TestParkedCallbacks(t *testing.T) {
	ctx := context.Background()
	const n = 200
	def := func(extra string) string {
		return `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
			"Parameters":{"token.$":"$$.Task.Token"}` + extra + `,"End":true}}}`
	}
	// start runs n executions and returns once every one waits with no
	// goroutine of its own.
	start := func(t *testing.T, eng *interpreter.Engine, sm string, ctx context.Context) []*interpreter.Execution {
		t.Helper()
		before := runtime.NumGoroutine()
		xs := make([]*interpreter.Execution, n)
		for i := range xs {
			x, err := eng.Start(ctx, mustParse(t, sm), nil)
			require.NoError(t, err)
			xs[i] = x
		}
		require.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+5 }, 5*time.Second, time.Millisecond)
		return xs
	}
	newEngine := func(clock interpreter.Clock) (*interpreter.Engine, chan string) {
		tokens := make(chan string, 2*n)
		inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
			tokens <- req.TaskToken
			return &integrations.Response{Pending: true}, nil
		})
		return interpreter.New(interpreter.Options{Integrations: inv, Clock: clock}), tokens
	}

	t.Run("success and failure", func(t *testing.T) {
		eng, tokens := newEngine(interpreter.NewFakeClock(epoch))
		xs := start(t, eng, def(`,"HeartbeatSeconds":60`), ctx)
		for i := range xs {
			tok := <-tokens
			require.NoError(t, eng.SendTaskHeartbeat(ctx, tok))
			if i%2 == 0 {
				require.NoError(t, eng.SendTaskSuccess(ctx, tok, `{"ok":true}`))
			} else {
				require.NoError(t, eng.SendTaskFailure(ctx, tok, "Nope", "declined"))
			}
		}
		var ok, failed int
		for _, x := range xs {
			switch res := x.Wait(ctx); res.Status {
			case interpreter.Succeeded:
				ok++
			case interpreter.Failed:
				require.Equal(t, "Nope", res.Error)
				failed++
			}
		}
		require.Equal(t, []int{n / 2, n / 2}, []int{ok, failed})
	})
	t.Run("heartbeat timeout caught", func(t *testing.T) {
		clock := interpreter.NewFakeClock(epoch)
		eng, _ := newEngine(clock)
		sm := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
			"HeartbeatSeconds":30,"Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"Next":"C"}],"End":true},"C":{"Type":"Pass","End":true}}}`
		xs := start(t, eng, sm, ctx)
		// Move time on until every task has armed its timer and timed out.
		require.Eventually(t, func() bool { clock.Advance(31 * time.Second); return allDone(xs) }, 10*time.Second, time.Millisecond)
		for _, x := range xs {
			res := x.Wait(ctx)
			require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
			require.Equal(t, states.ErrTimeout, res.Output.(map[string]any)["Error"])
		}
	})
	t.Run("task timeout retried", func(t *testing.T) {
		clock := interpreter.NewFakeClock(epoch)
		eng, tokens := newEngine(clock)
		sm := def(`,"TimeoutSeconds":10,"Retry":[{"ErrorEquals":["States.Timeout"],"IntervalSeconds":5,"MaxAttempts":1}]`)
		xs := start(t, eng, sm, ctx)
		// Each first attempt times out, the retry waits 5 s (the virtual
		// clock moves on by itself), then the second attempt times out.
		require.Eventually(t, func() bool { clock.Advance(11 * time.Second); return allDone(xs) }, 10*time.Second, time.Millisecond)
		require.Len(t, tokens, 2*n)
		for _, x := range xs {
			res := x.Wait(ctx)
			require.Equal(t, interpreter.Failed, res.Status)
			require.Equal(t, states.ErrTimeout, res.Error)
		}
	})
	t.Run("aborted while parked", func(t *testing.T) {
		eng, _ := newEngine(interpreter.RealClock())
		cctx, cancel := context.WithCancel(ctx)
		xs := start(t, eng, def(""), cctx)
		cancel()
		for _, x := range xs {
			require.Equal(t, interpreter.Aborted, x.Wait(ctx).Status)
		}
	})
}

func allDone(xs []*interpreter.Execution) bool {
	for _, x := range xs {
		if !isDone(x) {
			return false
		}
	}
	return true
}

// TestAdapterResultsAreJSON: a Go adapter's result enters as a JSON value:
// a struct is encoded, a NaN or infinite number fails the task
// (States.TaskFailed, which a Catch matches).
func TestAdapterResultsAreJSON(t *testing.T) {
	type reply struct {
		ID    int     `json:"id"`
		Score float64 `json:"score"`
	}
	def := `{"StartAt":"T","States":{
		"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true,
			"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Caught"}]},
		"Caught":{"Type":"Pass","End":true}}}`
	for _, tc := range []struct {
		name   string
		result any
		want   any
	}{
		{"struct", reply{ID: 7, Score: 0.5}, map[string]any{"id": json.Number("7"), "score": json.Number("0.5")}},
		{"NaN", map[string]any{"score": math.NaN()}, map[string]any{"Error": states.ErrTaskFailed,
			"Cause": "the integration for resource arn:aws:lambda:us-east-1:123456789012:function:f returned a result that is not JSON: number NaN at /score is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)"}},
		{"+Inf", []any{math.Inf(1)}, map[string]any{"Error": states.ErrTaskFailed,
			"Cause": "the integration for resource arn:aws:lambda:us-east-1:123456789012:function:f returned a result that is not JSON: number +Inf at /0 is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
				return &integrations.Response{Output: tc.result}, nil
			})
			res, _, _ := run(t, def, `{}`, inv)
			require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
			require.Equal(t, tc.want, res.Output)
		})
	}
}

// TestPathBudgetInStates: a path that exceeds its evaluation budget fails
// the state with States.Runtime saying so (a Choice does not read it as
// "not present", Parameters do not say "not found").
func TestPathBudgetInStates(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 3000) + `1` + strings.Repeat(`}`, 3000)
	for _, tc := range []struct{ name, def, cause string }{
		{"Choice IsPresent", `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$..*..b","IsPresent":false,"Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}`,
			"Invalid path '$..*..b': "},
		{"Parameters", `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$..*..b"},"End":true}}}`,
			"The JSONPath '$..*..b' specified for the field 'x.$' could not be evaluated: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, _, _ := run(t, tc.def, deep, nil)
			require.Equal(t, interpreter.Failed, res.Status)
			require.Equal(t, states.ErrRuntime, res.Error)
			require.Contains(t, res.Cause, tc.cause)
		})
	}
}

// TestExpressionLimitsAreConfigurable: Options.Limits sets the budgets of
// JSONata and JSONPath evaluations.
func TestExpressionLimitsAreConfigurable(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, def, input string
		limits           interpreter.ExpressionLimits
		errName, cause   string
	}{
		{"JSONata steps", `{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $sum([1..1000]) %}","End":true}}}`, `{}`,
			interpreter.ExpressionLimits{JSONataSteps: 100}, states.ErrQueryEvaluationError, "U1001"},
		{"path steps", `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$..a"},"End":true}}}`, `{"a":{"a":{"a":{"a":{"a":1}}}}}`,
			interpreter.ExpressionLimits{PathSteps: 2}, states.ErrRuntime, "could not be evaluated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := interpreter.New(interpreter.Options{Limits: tc.limits})
			res, _, err := eng.Execute(ctx, mustParse(t, tc.def), []byte(tc.input))
			require.NoError(t, err)
			require.Equal(t, interpreter.Failed, res.Status)
			require.Equal(t, tc.errName, res.Error)
			require.Contains(t, res.Cause, tc.cause)
			// The defaults let the same execution succeed.
			res, _, err = interpreter.New(interpreter.Options{}).Execute(ctx, mustParse(t, tc.def), []byte(tc.input))
			require.NoError(t, err)
			require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
		})
	}
}
