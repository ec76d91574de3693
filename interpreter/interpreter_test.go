package interpreter_test

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

var epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// script answers tasks by state name from a fixed list of results; an
// error value in the list makes that attempt fail.
type script struct {
	mu      sync.Mutex
	byState map[string][]any
	calls   []string
	inputs  map[string][]any
}

func (s *script) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, req.StateName)
	if s.inputs == nil {
		s.inputs = map[string][]any{}
	}
	s.inputs[req.StateName] = append(s.inputs[req.StateName], req.Input)
	q := s.byState[req.StateName]
	if len(q) == 0 {
		return nil, states.New("NoMore", "no scripted result for "+req.StateName)
	}
	v := q[0]
	if len(q) > 1 {
		s.byState[req.StateName] = q[1:]
	}
	if err, ok := v.(error); ok {
		return nil, err
	}
	return &integrations.Response{Output: v}, nil
}

func mustParse(t testing.TB, def string) *asl.StateMachine {
	t.Helper()
	sm, err := asl.Parse([]byte(def))
	require.NoError(t, err)
	return sm
}

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	require.NoError(t, err)
	return v
}

func run(t *testing.T, def, input string, inv integrations.Invoker) (interpreter.Result, *interpreter.Execution, *interpreter.FakeClock) {
	t.Helper()
	clock := interpreter.NewFakeClock(epoch)
	eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: clock, NewUUID: func() string { return "uuid" }})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, x, err := eng.Execute(ctx, mustParse(t, def), []byte(input), interpreter.WithName("exec"))
	require.NoError(t, err)
	return res, x, clock
}

func TestStates(t *testing.T) {
	tests := []struct {
		name, def, input string
		tasks            map[string][]any
		want             string // output JSON when SUCCEEDED
		status           interpreter.Status
		err, cause       string
	}{
		{name: "pass result and result path",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r","End":true}}}`,
			input: `{"a":true}`, want: `{"a":true,"r":{"x":1}}`},
		{name: "pass parameters with paths, context and intrinsics",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"n.$":"$.n","name.$":"$$.State.Name","sum.$":"States.MathAdd($.n, 2)","lit":[1,{"k.$":"$.n"}]},"End":true}}}`,
			input: `{"n":40}`, want: `{"n":40,"name":"P","sum":42,"lit":[1,{"k":40}]}`},
		{name: "input path and output path",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.in","OutputPath":"$.v","End":true}}}`,
			input: `{"in":{"v":7}}`, want: `7`},
		{name: "null paths",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":null,"Result":5,"ResultPath":null,"Next":"Q"},"Q":{"Type":"Pass","OutputPath":null,"End":true}}}`,
			input: `{"a":1}`, want: `{}`},
		{name: "result path creates objects",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"v","ResultPath":"$.a.b.c","End":true}}}`,
			input: `{"a":{"x":1}}`, want: `{"a":{"x":1,"b":{"c":"v"}}}`},
		{name: "output path missing fails with States.Runtime",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.nope","End":true}}}`,
			input: `{}`, status: interpreter.Failed, err: states.ErrRuntime},
		{name: "choice numeric path loop",
			def: `{"StartAt":"Inc","States":{"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","n.$":"$.n"},"Next":"C"},
				"C":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThanPath":"$.n","Next":"Inc"}],"Default":"D"},"D":{"Type":"Succeed"}}}`,
			input: `{"i":0,"n":5}`, want: `{"i":5,"n":5}`},
		{name: "choice and/or/not and string matches",
			def: `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
				{"And":[{"Variable":"$.s","StringMatches":"log-*.txt"},{"Not":{"Variable":"$.n","NumericGreaterThan":10}}],"Next":"A"}],
				"Default":"B"},"A":{"Type":"Pass","Result":"A","End":true},"B":{"Type":"Pass","Result":"B","End":true}}}`,
			input: `{"s":"log-1.txt","n":3}`, want: `"A"`},
		{name: "choice type mismatch is false, default taken",
			def: `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.v","StringEquals":"1","Next":"A"}],"Default":"B"},
				"A":{"Type":"Pass","Result":"A","End":true},"B":{"Type":"Pass","Result":"B","End":true}}}`,
			input: `{"v":1}`, want: `"B"`},
		{name: "choice timestamps and is checks",
			def: `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"And":[
				{"Variable":"$.t","TimestampGreaterThan":"2020-01-01T00:00:00Z"},{"Variable":"$.t","IsTimestamp":true},
				{"Variable":"$.missing","IsPresent":false},{"Variable":"$.z","IsNull":true},{"Variable":"$.b","BooleanEquals":true}]
				,"Next":"A"}],"Default":"B"},"A":{"Type":"Pass","Result":"A","End":true},"B":{"Type":"Pass","Result":"B","End":true}}}`,
			input: `{"t":"2024-05-01T10:00:00+02:00","z":null,"b":true}`, want: `"A"`},
		{name: "no choice matched",
			def:   `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.v","NumericEquals":1,"Next":"A"}]},"A":{"Type":"Succeed"}}}`,
			input: `{"v":2}`, status: interpreter.Failed, err: states.ErrRuntime},
		{name: "wait seconds path then succeed",
			def:   `{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","Next":"S"},"S":{"Type":"Succeed"}}}`,
			input: `{"s":3600}`, want: `{"s":3600}`},
		{name: "wait negative seconds path",
			def:   `{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}`,
			input: `{"s":-1}`, status: interpreter.Failed, err: states.ErrRuntime,
			cause: "An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter references a negative value: $.s == -1"},
		{name: "fail with paths",
			def:   `{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('bad {}', $.c)"}}}`,
			input: `{"e":"E1","c":42}`, status: interpreter.Failed, err: "E1", cause: "bad 42"},
		{name: "task with result selector",
			def:   `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","ResultSelector":{"v.$":"$.Payload.v"},"ResultPath":"$.out","End":true}}}`,
			input: `{"a":1}`, tasks: map[string][]any{"T": {map[string]any{"Payload": map[string]any{"v": "x"}}}},
			want: `{"a":1,"out":{"v":"x"}}`},
		{name: "task retry then catch with result path",
			def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["Busy"],"MaxAttempts":1}],
				"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}`,
			input: `{"a":1}`, tasks: map[string][]any{"T": {states.New("Busy", "1"), states.New("Busy", "2")}},
			want: `{"a":1,"err":{"Error":"Busy","Cause":"2"}}`},
		{name: "task error not handled fails the execution",
			def:   `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["Other"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}`,
			input: `{}`, tasks: map[string][]any{"T": {states.New("Boom", "why")}},
			status: interpreter.Failed, err: "Boom", cause: "why"},
		{name: "parallel keeps branch order",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","End":true}}},
				{"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":5,"Next":"B2"},"B2":{"Type":"Pass","Result":"b","End":true}}}],"End":true}}}`,
			input: `{}`, want: `["a","b"]`},
		{name: "parallel branch failure caught",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Fail","Error":"E","Cause":"C"}}},
				{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],
				"Catch":[{"ErrorEquals":["E"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}`,
			input: `{"x":1}`, want: `{"Error":"E","Cause":"C"}`},
		{name: "map with item selector and context",
			def: `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
				"ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","k.$":"$.k"},
				"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"ResultPath":"$.out","End":true}}}`,
			input: `{"k":"K","items":["a","b","c"]}`,
			want:  `{"k":"K","items":["a","b","c"],"out":[{"i":0,"v":"a","k":"K"},{"i":1,"v":"b","k":"K"},{"i":2,"v":"c","k":"K"}]}`},
		{name: "map item failure fails the map",
			def: `{"StartAt":"M","States":{"M":{"Type":"Map","Iterator":{"StartAt":"C","States":{"C":{"Type":"Choice",
				"Choices":[{"Variable":"$","NumericEquals":2,"Next":"F"}],"Default":"OK"},"F":{"Type":"Fail","Error":"Two"},"OK":{"Type":"Succeed"}}},"End":true}}}`,
			input: `[1,2,3]`, status: interpreter.Failed, err: "Two"},
		{name: "payload limit",
			def:   `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"States.ArrayRange(1, 1000, 1)","b.$":"States.ArrayRange(1, 1000, 1)"},"Next":"Q"},"Q":{"Type":"Pass","Parameters":{"a.$":"$.a","b.$":"$.b","c.$":"$.a","d.$":"$.b","e.$":"$.a","f.$":"$.b","g.$":"$.a","h.$":"$.b"},"Next":"R"},"R":{"Type":"Pass","Parameters":{"a.$":"$","b.$":"$","c.$":"$","d.$":"$","e.$":"$","f.$":"$","g.$":"$","h.$":"$"},"Next":"S"},"S":{"Type":"Pass","Parameters":{"a.$":"$","b.$":"$","c.$":"$","d.$":"$","e.$":"$","f.$":"$","g.$":"$","h.$":"$"},"End":true}}}`,
			input: `{}`, status: interpreter.Failed, err: states.ErrDataLimitExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _, _ := run(t, tc.def, tc.input, &script{byState: tc.tasks})
			status := tc.status
			if status == "" {
				status = interpreter.Succeeded
			}
			require.Equal(t, status, res.Status, "error %s: %s", res.Error, res.Cause)
			if status == interpreter.Succeeded {
				require.True(t, jsonv.Equal(decode(t, tc.want), res.Output), "output %s, want %s", jsonv.String(res.Output), tc.want)
				return
			}
			require.Equal(t, tc.err, res.Error, res.Cause)
			if tc.cause != "" {
				require.Equal(t, tc.cause, res.Cause)
			}
		})
	}
}

func TestRetrySchedule(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Retry":[{"ErrorEquals":["A"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":4,"MaxDelaySeconds":20},
		         {"ErrorEquals":["B"],"MaxAttempts":1}],"End":true}}}`
	fail := func(n string) error { return states.New(n, "") }
	s := &script{byState: map[string][]any{"T": {fail("A"), fail("B"), fail("A"), fail("A"), fail("A"), "ok"}}}
	res, _, clock := run(t, def, `{}`, s)
	require.Equal(t, interpreter.Succeeded, res.Status, res.Error)
	// A: 2, (B: 1), A: 6, A: 18, A: capped at 20. Each retrier counts its own attempts.
	require.Equal(t, []time.Duration{2 * time.Second, 1 * time.Second, 6 * time.Second, 18 * time.Second, 20 * time.Second}, clock.Sleeps())
}

func TestRetryJitterWithinBounds(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":10,"MaxAttempts":3,"JitterStrategy":"FULL"}],"End":true}}}`
	fail := states.New("X", "")
	s := &script{byState: map[string][]any{"T": {fail, fail, fail, "ok"}}}
	res, _, clock := run(t, def, `{}`, s)
	require.Equal(t, interpreter.Succeeded, res.Status)
	for i, d := range clock.Sleeps() {
		max := 10 * time.Second << i
		require.True(t, d >= 0 && d <= max, "retry %d slept %v, beyond [0, %v]", i+1, d, max)
	}
}

func TestTenThousandRetriesOnFakeClock(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":10000,"BackoffRate":1.0}],"End":true}}}`
	results := make([]any, 0, 10001)
	for i := 0; i < 10000; i++ {
		results = append(results, states.New("Flaky", ""))
	}
	results = append(results, "done")
	clock := interpreter.NewFakeClock(epoch)
	eng := interpreter.New(interpreter.Options{Integrations: &script{byState: map[string][]any{"T": results}}, Clock: clock, MaxHistoryEvents: -1})
	res, _, err := eng.Execute(context.Background(), mustParse(t, def), []byte(`{}`))
	require.NoError(t, err)
	require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
	require.Len(t, clock.Sleeps(), 10000)
	require.Equal(t, epoch.Add(10000*time.Second), clock.Now())
	// BenchmarkTenThousandRetries measures how long this takes.
}

func TestContextObject(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"ctx.$":"$$"},"End":true}}}`
	res, _, _ := run(t, def, `{"k":1}`, nil)
	require.Equal(t, interpreter.Succeeded, res.Status)
	want := `{"ctx":{
		"Execution":{"Id":"arn:aws:states:us-east-1:123456789012:execution:StateMachine:exec","Input":{"k":1},"Name":"exec",
			"RoleArn":"arn:aws:iam::123456789012:role/StepFunctionsRole","StartTime":"2026-01-02T03:04:05.000Z","RedriveCount":0},
		"State":{"EnteredTime":"2026-01-02T03:04:05.000Z","Name":"P","RetryCount":0},
		"StateMachine":{"Id":"arn:aws:states:us-east-1:123456789012:stateMachine:StateMachine","Name":"StateMachine"}}}`
	require.True(t, jsonv.Equal(decode(t, want), res.Output), jsonv.String(res.Output))
}

func TestHistory(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"T"},"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`
	res, x, _ := run(t, def, `{}`, &script{byState: map[string][]any{"T": {map[string]any{}}}})
	require.Equal(t, interpreter.Succeeded, res.Status)
	var types []string
	for i, e := range x.History() {
		require.Equal(t, int64(i+1), e.ID)
		types = append(types, e.Type)
	}
	require.Equal(t, []string{"ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered",
		"TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"}, types)
	b, err := json.Marshal(x.History()[1])
	require.NoError(t, err)
	require.JSONEq(t, `{"id":2,"previousEventId":1,"timestamp":"2026-01-02T03:04:05Z","type":"PassStateEntered",
		"stateEnteredEventDetails":{"name":"P","input":"{}","inputDetails":{"truncated":false}}}`, string(b))
}

func TestExecutionTimeout(t *testing.T) {
	def := `{"TimeoutSeconds":10,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`
	res, x, _ := run(t, def, `{}`, nil)
	require.Equal(t, interpreter.TimedOut, res.Status)
	h := x.History()
	require.Equal(t, "ExecutionTimedOut", h[len(h)-1].Type)
}

func TestAbortOnCancel(t *testing.T) {
	def := `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`
	eng := interpreter.New(interpreter.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	x, err := eng.Start(ctx, mustParse(t, def), nil)
	require.NoError(t, err)
	cancel()
	res := x.Wait(context.Background())
	require.Equal(t, interpreter.Aborted, res.Status)
}

func TestStopExecution(t *testing.T) {
	def := `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}`
	eng := interpreter.New(interpreter.Options{})
	x, err := eng.Start(context.Background(), mustParse(t, def), nil)
	require.NoError(t, err)
	require.NoError(t, eng.StopExecution(x.ARN, "Manual", "operator stopped it"))
	res := x.Wait(context.Background())
	require.Equal(t, interpreter.Result{Status: interpreter.Aborted, Error: "Manual", Cause: "operator stopped it"}, res)
}

func TestTaskTokenCallback(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
		"Parameters":{"token.$":"$$.Task.Token"},"HeartbeatSeconds":30,"End":true}}}`
	tokens := make(chan string, 1)
	inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		tokens <- req.Input.(map[string]any)["token"].(string)
		return &integrations.Response{Pending: true}, nil
	})
	clock := interpreter.NewFakeClock(epoch)
	eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: clock})
	x, err := eng.Start(context.Background(), mustParse(t, def), nil)
	require.NoError(t, err)
	tok := <-tokens
	require.NoError(t, eng.SendTaskSuccess(context.Background(), tok, `{"ok":true}`))
	res := x.Wait(context.Background())
	require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
	require.True(t, jsonv.Equal(map[string]any{"ok": true}, res.Output))
}

func TestHeartbeatTimeout(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
		"HeartbeatSeconds":30,"End":true}}}`
	started := make(chan struct{})
	inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		close(started)
		return &integrations.Response{Pending: true}, nil
	})
	clock := interpreter.NewFakeClock(epoch)
	eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: clock})
	x, err := eng.Start(context.Background(), mustParse(t, def), nil)
	require.NoError(t, err)
	<-started
	// Let the engine arm the heartbeat timer before time moves on.
	require.Eventually(t, func() bool { clock.Advance(31 * time.Second); return isDone(x) }, 5*time.Second, 10*time.Millisecond)
	res := x.Wait(context.Background())
	require.Equal(t, interpreter.Failed, res.Status)
	// A missed heartbeat is reported as States.Timeout; the name
	// States.HeartbeatTimeout exists only for Retry and Catch to match.
	require.Equal(t, states.ErrTimeout, res.Error)
}

func isDone(x *interpreter.Execution) bool {
	select {
	case <-x.Done():
		return true
	default:
		return false
	}
}

type invokerFunc func(ctx context.Context, req *integrations.Request) (*integrations.Response, error)

func (f invokerFunc) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	return f(ctx, req)
}

func TestTaskTimeoutCancelsAdapter(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"End":true}}}`
	cancelled := make(chan struct{})
	started := make(chan struct{})
	inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		close(started)
		<-ctx.Done()
		close(cancelled)
		return nil, ctx.Err()
	})
	clock := interpreter.NewFakeClock(epoch)
	eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: clock})
	x, err := eng.Start(context.Background(), mustParse(t, def), nil)
	require.NoError(t, err)
	<-started
	require.Eventually(t, func() bool { clock.Advance(6 * time.Second); return isDone(x) }, 5*time.Second, 10*time.Millisecond)
	<-cancelled
	res := x.Wait(context.Background())
	require.Equal(t, states.ErrTimeout, res.Error)
}

func TestConcurrentExecutionsLeaveNoGoroutines(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
		{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":1,"End":true}}}],"End":true}}},"End":true}}}`
	sm := mustParse(t, def)
	before := runtime.NumGoroutine()
	eng := interpreter.New(interpreter.Options{Clock: interpreter.NewFakeClock(epoch)})
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _, err := eng.Execute(context.Background(), sm, `[1,2,3,4,5]`)
			require.NoError(t, err)
			require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
			require.Len(t, res.Output, 5)
		}()
	}
	wg.Wait()
	requireNoGoroutinesLeft(t, before)
}

// requireNoGoroutinesLeft waits up to 5 s for the goroutine count to fall
// back to what it was before a test started executions.
func requireNoGoroutinesLeft(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	require.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines left behind")
}

// TestHistoryLimit: a Choice looping forever fails at the 25,000-event
// limit exactly as AWS records it: event 25,000 is ExecutionFailed with
// States.Runtime, event 24,999 the last state event, and a Catch of
// States.Runtime does not keep it going.
func TestHistoryLimit(t *testing.T) {
	for _, def := range []string{
		`{"StartAt":"Loop","States":{"Loop":{"Type":"Choice","Choices":[{"Variable":"$.spin","BooleanEquals":false,"Next":"Done"}],"Default":"Loop"},"Done":{"Type":"Succeed"}}}`,
		`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
			"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":100000,"BackoffRate":1}],
			"Catch":[{"ErrorEquals":["States.Runtime"],"Next":"T"}],"End":true}}}`,
	} {
		s := &script{byState: map[string][]any{"T": {states.New("Flaky", "")}}}
		res, x, _ := run(t, def, `{"spin":true}`, s)
		require.Equal(t, interpreter.Failed, res.Status)
		require.Equal(t, states.ErrRuntime, res.Error)
		require.Equal(t, "The execution reached the maximum number of history events (25000).", res.Cause)
		h := x.History()
		require.Len(t, h, 25000)
		require.Equal(t, "ExecutionFailed", h[24999].Type)
		require.Equal(t, int64(25000), h[24999].ID)
	}
}

// TestCatchTransitions pins two regressions: a caught error leaves a state
// with "End": true for the catcher's Next, and a catcher whose Next is also
// the state's own Next still skips the state's OutputPath.
func TestCatchTransitions(t *testing.T) {
	boom := states.New("Boom", "c")
	tests := []struct {
		name, def, want string
	}{
		{name: "End with Catch goes to the catcher",
			def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
				"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Pass","Result":"handled","End":true}}}`,
			want: `"handled"`},
		{name: "Catch Next equal to Next skips OutputPath",
			def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","OutputPath":"$.v",
				"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"H"}],"Next":"H"},"H":{"Type":"Pass","End":true}}}`,
			want: `{"v":1,"err":{"Error":"Boom","Cause":"c"}}`},
		{name: "Parallel with End and Catch",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"c"}}}],
				"Catch":[{"ErrorEquals":["Boom"],"Next":"H"}],"End":true},"H":{"Type":"Pass","Result":"handled","End":true}}}`,
			want: `"handled"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _, _ := run(t, tt.def, `{"v":1}`, &script{byState: map[string][]any{"T": {boom}}})
			require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
			require.True(t, jsonv.Equal(decode(t, tt.want), res.Output), "got %s", jsonv.String(res.Output))
		})
	}
}

// TestAssignTakesEffectAfterOutput: a state's Assign is computed from its
// result but the variables change only once the state's output is complete,
// so the state's own OutputPath still reads the old value.
func TestAssignTakesEffectAfterOutput(t *testing.T) {
	def := `{"StartAt":"A","States":{
		"A":{"Type":"Pass","Assign":{"v":1},"Next":"B"},
		"B":{"Type":"Pass","Result":{"r":2},"Assign":{"v.$":"$.r"},"OutputPath":"$v","Next":"C"},
		"C":{"Type":"Pass","Parameters":{"before.$":"$","now.$":"$v"},"End":true}}}`
	res, _, _ := run(t, def, `{}`, nil)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.True(t, jsonv.Equal(decode(t, `{"before":1,"now":2}`), res.Output), "got %s", jsonv.String(res.Output))
}
