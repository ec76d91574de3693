package mock_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/mock"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// call invokes state on inv as the interpreter does.
func call(t testing.TB, inv integrations.Invoker, resource, state string) (*integrations.Response, error) {
	t.Helper()
	res, err := integrations.ParseResource(resource)
	require.NoError(t, err)
	return inv.Invoke(context.Background(), &integrations.Request{Resource: res, StateName: state, Input: map[string]any{}})
}

const lambdaInvoke = "arn:aws:states:::lambda:invoke"

func TestParseResponses(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    mock.Responses
		wantErr string
	}{
		{
			name: "return and throw",
			data: `{"A": [{"Return": {"n": 1.50}}, {"Throw": {"Error": "E", "Cause": "C"}}], "B": [{"Return": null}]}`,
			want: mock.Responses{
				"A": {{Return: map[string]any{"n": json.Number("1.50")}}, {Throw: &mock.Throw{Error: "E", Cause: "C"}}},
				"B": {{Return: nil}},
			},
		},
		{
			name: "cause is optional",
			data: `{"A": [{"Throw": {"Error": "E"}}]}`,
			want: mock.Responses{"A": {{Throw: &mock.Throw{Error: "E"}}}},
		},
		{
			name: "empty list scripts a state that must not run",
			data: `{"A": []}`,
			want: mock.Responses{"A": {}},
		},
		{name: "not an object", data: `[1]`, wantErr: "mocks must be an object mapping state names to lists of responses, not an array"},
		{name: "list expected", data: `{"A": {"Return": 1}}`, wantErr: "/A: the responses of a state must be a list, not an object"},
		{name: "both fields", data: `{"A": [{"Return": 1, "Throw": {"Error": "E"}}]}`, wantErr: `/A/0: a response has either "Return" or "Throw", not both`},
		{name: "neither field", data: `{"A": [{}]}`, wantErr: `/A/0: a response needs a "Return" or a "Throw" field`},
		{name: "unknown field", data: `{"A": [{"return": 1}]}`, wantErr: "/A/0: a response needs a \"Return\" or a \"Throw\" field\n/A/0/return: unknown field; a response has either \"Return\" or \"Throw\""},
		{name: "throw with an empty error", data: `{"A": [{"Throw": {"Error": "", "Cause": "C"}}]}`, wantErr: `/A/0/Throw/Error: the error name must not be empty; leave "Error" out for a failure without a name`},
		{name: "throw with a number", data: `{"A": [{"Throw": {"Error": 1}}]}`, wantErr: "/A/0/Throw/Error: must be a string, not a number"},
		{name: "escaped pointer", data: `{"a/b~c": [1]}`, wantErr: `/a~1b~0c/0: a response must be an object with a "Return" or a "Throw" field, not a number`},
		{name: "syntax error", data: "{\n  \"A\": [,]\n}", wantErr: "invalid JSON at line 2, column 9: invalid character ',' looking for beginning of value"},
		{name: "truncated", data: `{"A": [`, wantErr: "invalid JSON: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mock.ParseResponses([]byte(tt.data))
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				var ce mock.ConfigErrors
				if errors.As(err, &ce) {
					require.NotEmpty(t, ce)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestResponseJSON(t *testing.T) {
	tests := []struct {
		name string
		resp mock.Response
		json string
	}{
		{"return", mock.Response{Return: map[string]any{"a": json.Number("1")}}, `{"Return":{"a":1}}`},
		{"return null", mock.Response{}, `{"Return":null}`},
		{"throw", mock.Response{Throw: &mock.Throw{Error: "E", Cause: "<C>"}}, `{"Throw":{"Cause":"<C>","Error":"E"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.resp)
			require.NoError(t, err)
			require.JSONEq(t, tt.json, string(data))
			var back mock.Response
			require.NoError(t, json.Unmarshal(data, &back))
			require.Equal(t, tt.resp, back)
		})
	}
	// A Throw without "Error" replays a failure with no error name.
	var r mock.Response
	require.NoError(t, json.Unmarshal([]byte(`{"Throw": {}}`), &r))
	require.Equal(t, mock.Response{Throw: &mock.Throw{}}, r)
}

// step is one invocation and what it must answer.
type step struct {
	state   string
	want    any    // the output, as JSON
	wantErr string // the *states.Error name
	cause   string
}

func TestMockInvoke(t *testing.T) {
	script := mock.Responses{
		"Poll": {
			{Return: map[string]any{"status": "RUNNING"}},
			{Throw: &mock.Throw{Error: "Lambda.TooManyRequestsException", Cause: "Rate exceeded"}},
			{Return: map[string]any{"status": "SUCCEEDED"}},
		},
		"Start":  {{Return: "job-1"}},
		"Never":  {},
		"GoJSON": {{Return: struct{ N int }{7}}},
	}
	fallback := integrations.Func(func(ctx context.Context, input any) (any, error) { return "from fallback", nil })
	tests := []struct {
		name     string
		fallback integrations.Invoker
		steps    []step
	}{
		{
			name: "successive invocations",
			steps: []step{
				{state: "Start", want: "job-1"},
				{state: "Poll", want: map[string]any{"status": "RUNNING"}},
				{state: "Poll", wantErr: "Lambda.TooManyRequestsException", cause: "Rate exceeded"},
				{state: "Poll", want: map[string]any{"status": "SUCCEEDED"}},
				{state: "Poll", wantErr: states.ErrRuntime, cause: `no mocked response for invocation 3 of state "Poll": its script answers 3 invocation(s), numbered from 0`},
			},
		},
		{
			name:     "exhausted scripts never reach the fallback",
			fallback: fallback,
			steps: []step{
				{state: "Start", want: "job-1"},
				{state: "Start", wantErr: states.ErrRuntime, cause: `no mocked response for invocation 1 of state "Start": its script answers 1 invocation(s), numbered from 0`},
				{state: "Never", wantErr: states.ErrRuntime, cause: `no mocked response for invocation 0 of state "Never": its script answers 0 invocation(s), numbered from 0`},
			},
		},
		{
			name:     "unscripted states go to the fallback",
			fallback: fallback,
			steps:    []step{{state: "Other", want: "from fallback"}, {state: "Other", want: "from fallback"}},
		},
		{
			name:  "unscripted states without fallback",
			steps: []step{{state: "Other", wantErr: states.ErrRuntime, cause: `no mocked response for state "Other", and no fallback integration`}},
		},
		{
			name:  "Go values become JSON values",
			steps: []step{{state: "GoJSON", want: map[string]any{"N": json.Number("7")}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mock.New(script, tt.fallback)
			calls := map[string]int{}
			for i, s := range tt.steps {
				resp, err := call(t, m, lambdaInvoke, s.state)
				calls[s.state]++
				if s.wantErr != "" {
					var se *states.Error
					require.ErrorAs(t, err, &se, "step %d", i)
					require.Equal(t, &states.Error{Name: s.wantErr, Cause: s.cause}, se, "step %d", i)
					continue
				}
				require.NoError(t, err, "step %d", i)
				require.False(t, resp.Pending)
				require.Equal(t, s.want, resp.Output, "step %d", i)
			}
			for state, n := range calls {
				require.Equal(t, n, m.Calls(state), state)
			}
			require.Zero(t, m.Calls("not invoked"))
		})
	}
}

func TestMockWaitForTaskToken(t *testing.T) {
	// Like Step Functions Local, the mocked value is the callback's result:
	// the task does not wait for SendTaskSuccess.
	m := mock.New(mock.Responses{"Send": {{Return: map[string]any{"approved": true}}}}, nil)
	res, err := integrations.ParseResource("arn:aws:states:::sqs:sendMessage.waitForTaskToken")
	require.NoError(t, err)
	resp, err := m.Invoke(context.Background(), &integrations.Request{Resource: res, StateName: "Send", TaskToken: "tok"})
	require.NoError(t, err)
	require.Equal(t, &integrations.Response{Output: map[string]any{"approved": true}}, resp)
}

func TestMockReturnsCopies(t *testing.T) {
	value := map[string]any{"list": []any{"a"}}
	m := mock.New(mock.Responses{"A": {{Return: value}, {Return: value}}}, nil)
	first, err := call(t, m, lambdaInvoke, "A")
	require.NoError(t, err)
	first.Output.(map[string]any)["list"].([]any)[0] = "changed"
	second, err := call(t, m, lambdaInvoke, "A")
	require.NoError(t, err)
	require.Equal(t, map[string]any{"list": []any{"a"}}, second.Output)
	require.Equal(t, map[string]any{"list": []any{"a"}}, value)
}

func TestMockNotJSON(t *testing.T) {
	m := mock.New(mock.Responses{"A": {{Return: make(chan int)}}}, nil)
	_, err := call(t, m, lambdaInvoke, "A")
	var se *states.Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, states.ErrRuntime, se.Name)
	require.Contains(t, se.Cause, `the mocked response to invocation 0 of state "A" is not a JSON value`)
}

func TestMockCancelled(t *testing.T) {
	m := mock.New(mock.Responses{"A": {{Return: 1}}}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := m.Invoke(ctx, &integrations.Request{StateName: "A"})
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, m.Calls("A"), "a cancelled invocation consumes no response")
	resp, err := call(t, m, lambdaInvoke, "A")
	require.NoError(t, err)
	require.Equal(t, json.Number("1"), resp.Output)
}

func TestMockWithFallbackSharesState(t *testing.T) {
	m := mock.New(mock.Responses{"A": {{Return: "first"}, {Return: "second"}}}, nil)
	reg := integrations.NewRegistry()
	reg.Register(lambdaInvoke, integrations.Func(func(ctx context.Context, input any) (any, error) { return "registry", nil }))
	withReg := m.WithFallback(reg)

	resp, err := call(t, withReg, lambdaInvoke, "A")
	require.NoError(t, err)
	require.Equal(t, "first", resp.Output)
	resp, err = call(t, m, lambdaInvoke, "A")
	require.NoError(t, err)
	require.Equal(t, "second", resp.Output)
	require.Equal(t, 2, m.Calls("A"))

	resp, err = call(t, withReg, lambdaInvoke, "B")
	require.NoError(t, err)
	require.Equal(t, "registry", resp.Output)
	_, err = call(t, m, lambdaInvoke, "B")
	require.Error(t, err, "m itself still has no fallback")
}

func TestMockConcurrent(t *testing.T) {
	// Map iterations invoke the same state concurrently: every scripted
	// response must be handed out exactly once.
	const n = 200
	script := make([]mock.Response, n)
	for i := range script {
		if i%10 == 9 {
			script[i] = mock.Response{Throw: &mock.Throw{Error: "E", Cause: fmt.Sprint(i)}}
			continue
		}
		script[i] = mock.Response{Return: json.Number(fmt.Sprint(i))}
	}
	m := mock.New(mock.Responses{"Item": script}, nil)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen []string
	)
	for range n {
		wg.Go(func() {
			resp, err := call(t, m, lambdaInvoke, "Item")
			got := ""
			if err != nil {
				got = states.As(err).Cause
			} else {
				got = jsonv.String(resp.Output)
			}
			mu.Lock()
			seen = append(seen, got)
			mu.Unlock()
		})
	}
	wg.Wait()
	want := make([]string, n)
	for i := range want {
		want[i] = fmt.Sprint(i)
	}
	sort.Strings(want)
	sort.Strings(seen)
	require.Equal(t, want, seen)
	require.Equal(t, n, m.Calls("Item"))
	_, err := call(t, m, lambdaInvoke, "Item")
	require.Equal(t, states.ErrRuntime, states.As(err).Name)
}

func ExampleNew() {
	m := mock.New(mock.Responses{
		"Reserve Booking": {
			{Throw: &mock.Throw{Error: "BookingReservationException", Cause: "busy"}},
			{Return: map[string]any{"bookingId": "b-1001"}},
		},
	}, nil)
	for range 3 {
		resp, err := m.Invoke(context.Background(), &integrations.Request{StateName: "Reserve Booking"})
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println("result:", jsonv.String(resp.Output))
	}
	fmt.Println("calls:", m.Calls("Reserve Booking"))
	// Output:
	// error: BookingReservationException: busy
	// result: {"bookingId":"b-1001"}
	// error: States.Runtime: no mocked response for invocation 2 of state "Reserve Booking": its script answers 2 invocation(s), numbered from 0
	// calls: 3
}

func itoa(n int) string { return fmt.Sprint(n) }

// fallbackString answers every task with the same string.
type fallbackString string

func (f fallbackString) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	return &integrations.Response{Output: string(f)}, nil
}
