// Package examples_test runs the example workflows under examples/ the way a
// user's unit tests would: scripted Task results, a virtual clock, and
// assertions on the output and on the path the execution took.
package examples_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/mock"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
)

var start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func load(t testing.TB, name string) *asl.StateMachine {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	sm, err := asl.Parse(data)
	require.NoError(t, err)
	return sm
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	return data
}

// entered lists the states an execution entered, in order.
func entered(x *interpreter.Execution) []string {
	var names []string
	for _, ev := range x.History() {
		if strings.HasSuffix(ev.Type, "StateEntered") {
			names = append(names, ev.Details["name"].(string))
		}
	}
	return names
}

// enteredAt returns when each entry of a state happened, relative to start.
func enteredAt(x *interpreter.Execution, state string) []time.Duration {
	var at []time.Duration
	for _, ev := range x.History() {
		if strings.HasSuffix(ev.Type, "StateEntered") && ev.Details["name"] == state {
			at = append(at, ev.Timestamp.Sub(start))
		}
	}
	return at
}

// scheduledAt returns when each attempt of a Task state was scheduled,
// relative to start.
func scheduledAt(x *interpreter.Execution, state string) []time.Duration {
	var at []time.Duration
	current := ""
	for _, ev := range x.History() {
		if strings.HasSuffix(ev.Type, "StateEntered") {
			current, _ = ev.Details["name"].(string)
		}
		if current == state && strings.HasSuffix(ev.Type, "Scheduled") {
			at = append(at, ev.Timestamp.Sub(start))
		}
	}
	return at
}

func execute(t testing.TB, sm *asl.StateMachine, input []byte, inv integrations.Invoker, clock interpreter.Clock) (interpreter.Result, *interpreter.Execution) {
	t.Helper()
	eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: clock})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, x, err := eng.Execute(ctx, sm, input, interpreter.WithName("example"))
	require.NoError(t, err)
	return res, x
}

const sagaDir = "saga"

// TestSagaReservationRetriedThenPaymentFails is the scenario of
// saga/mocks.json (what the README's first command runs): the reservation
// is throttled once and retried after IntervalSeconds (1 s); the payment is
// declined, so the Catch runs the compensation and the execution fails.
func TestSagaReservationRetriedThenPaymentFails(t *testing.T) {
	sm := load(t, filepath.Join(sagaDir, "saga.asl.json"))
	responses, err := mock.ParseResponses(readFile(t, filepath.Join(sagaDir, "mocks.json")))
	require.NoError(t, err)
	m := mock.New(responses, nil)
	clock := interpreter.NewFakeClock(start)
	res, x := execute(t, sm, readFile(t, filepath.Join(sagaDir, "input.json")), m, clock)

	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, "BookingFailed", res.Error)
	require.Equal(t, "The booking was cancelled.", res.Cause)
	require.Equal(t, []string{"Reserve Booking", "Charge Payment", "Cancel Booking", "Booking Failed"}, entered(x))
	require.Equal(t, []time.Duration{0, time.Second}, scheduledAt(x, "Reserve Booking"))
	require.Equal(t, 2, m.Calls("Reserve Booking"))
	require.Equal(t, 1, m.Calls("Charge Payment"))
	require.Equal(t, 1, m.Calls("Cancel Booking"))
}

// TestSagaReservationExhaustsRetries: the reservation keeps failing, so it
// is attempted 1 + MaxAttempts (2) times, 1 s and then 2 s apart
// (IntervalSeconds × BackoffRate^(n-1)); then the Catch on States.ALL puts
// the error at $.bookingError and Cancel Booking compensates.
func TestSagaReservationExhaustsRetries(t *testing.T) {
	sm := load(t, filepath.Join(sagaDir, "saga.asl.json"))
	busy := mock.Response{Throw: &mock.Throw{Error: "BookingReservationException", Cause: "busy"}}
	var cancelInput any
	cancel := integrations.Func(func(ctx context.Context, in any) (any, error) {
		cancelInput = in
		return map[string]any{"Payload": map[string]any{"cancelled": true}}, nil
	})
	reg := integrations.NewRegistry()
	m := mock.New(mock.Responses{"Reserve Booking": {busy, busy, busy}}, reg)
	reg.Register("lambda:invoke", cancel)
	clock := interpreter.NewFakeClock(start)
	res, x := execute(t, sm, readFile(t, filepath.Join(sagaDir, "input.json")), m, clock)

	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, "BookingFailed", res.Error)
	require.Equal(t, []string{"Reserve Booking", "Cancel Booking", "Booking Failed"}, entered(x))
	require.Equal(t, []time.Duration{0, 1 * time.Second, 3 * time.Second}, scheduledAt(x, "Reserve Booking"))
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second}, clock.Sleeps())

	// The compensation sees the original input with the error merged in.
	payload := cancelInput.(map[string]any)["Payload"]
	want := `{"customerId":"c-42","tripId":"t-7","amount":120,"bookingError":{"Error":"BookingReservationException","Cause":"busy"}}`
	require.True(t, jsonv.Equal(mustDecode(t, want), payload), "got %s", jsonv.String(payload))
}

// TestSagaReservationTimesOut: the reservation function hangs; the Task's
// TimeoutSeconds (5) fails it with States.Timeout, which the retrier (only
// BookingReservationException) does not retry, so the Catch compensates.
// The adapter's context is cancelled when the timeout fires.
func TestSagaReservationTimesOut(t *testing.T) {
	sm := load(t, filepath.Join(sagaDir, "saga.asl.json"))
	clock := interpreter.NewFakeClock(start)
	var (
		once      sync.Once
		reserving = make(chan struct{})
		released  = make(chan struct{})
	)
	reg := integrations.NewRegistry()
	reg.Register("lambda:invoke", integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		if req.StateName == "Reserve Booking" {
			once.Do(func() { close(reserving) })
			<-ctx.Done()
			close(released)
			return nil, ctx.Err()
		}
		return &integrations.Response{Output: map[string]any{}}, nil
	}))
	go func() {
		<-reserving
		clock.Advance(5 * time.Second)
	}()
	res, x := execute(t, sm, readFile(t, filepath.Join(sagaDir, "input.json")), reg, clock)
	<-released

	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, []string{"Reserve Booking", "Cancel Booking", "Booking Failed"}, entered(x))
	var timedOut bool
	for _, ev := range x.History() {
		if ev.Type == "TaskTimedOut" {
			timedOut = true
			require.Equal(t, "States.Timeout", ev.Details["error"])
		}
	}
	require.True(t, timedOut, "history has a TaskTimedOut event")
	require.Equal(t, []time.Duration{5 * time.Second}, enteredAt(x, "Cancel Booking"))
}

// TestPollingLoop drives the Wait → poll → Choice loop: two RUNNING polls,
// one throttled poll that is retried 2 s later, then SUCCEEDED.
func TestPollingLoop(t *testing.T) {
	sm := load(t, filepath.Join("polling", "polling.asl.json"))
	responses, err := mock.ParseResponses(readFile(t, filepath.Join("polling", "mocks.json")))
	require.NoError(t, err)
	clock := interpreter.NewFakeClock(start)
	res, x := execute(t, sm, readFile(t, filepath.Join("polling", "input.json")), mock.New(responses, nil), clock)

	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.True(t, jsonv.Equal(mustDecode(t, `{"jobId":"job-123"}`), res.Output), "got %s", jsonv.String(res.Output))
	require.Equal(t, []time.Duration{30 * time.Second, 30 * time.Second, 2 * time.Second, 30 * time.Second}, clock.Sleeps())
	require.Equal(t, []time.Duration{30 * time.Second, 60 * time.Second, 92 * time.Second}, enteredAt(x, "PollJob"))
}

// TestPollingGivesUp: a job that never finishes ends in JobTimedOut after
// maxAttempts polls.
func TestPollingGivesUp(t *testing.T) {
	sm := load(t, filepath.Join("polling", "polling.asl.json"))
	reg := integrations.NewRegistry()
	reg.Register("lambda:invoke", integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		if req.StateName == "StartJob" {
			return &integrations.Response{Output: map[string]any{"Payload": map[string]any{"jobId": "j"}}}, nil
		}
		return &integrations.Response{Output: map[string]any{"Payload": map[string]any{"status": "RUNNING"}}}, nil
	}))
	res, x := execute(t, sm, readFile(t, filepath.Join("polling", "input.json")), reg, interpreter.NewFakeClock(start))

	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, "JobTimedOut", res.Error)
	require.Len(t, enteredAt(x, "PollJob"), 5)
}

// TestFanout prices every order line with an in-process Go function.
func TestFanout(t *testing.T) {
	sm := load(t, filepath.Join("fanout", "fanout.asl.json"))
	reg := integrations.NewRegistry()
	reg.Register("lambda:invoke", integrations.Func(priceLine))
	res, _ := execute(t, sm, readFile(t, filepath.Join("fanout", "input.json")), reg, interpreter.NewFakeClock(start))

	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	priced := res.Output.(map[string]any)["priced"]
	want := `{"count":3,"lines":[{"index":0,"sku":"apple","total":6},{"index":1,"sku":"pear","total":3},{"index":2,"sku":"plum","total":24}]}`
	require.True(t, jsonv.Equal(mustDecode(t, want), priced), "got %s", jsonv.String(priced))
}

// priceLine is the Lambda function of the fan-out example, in Go.
func priceLine(ctx context.Context, in any) (any, error) {
	req := in.(map[string]any)
	p := req["Payload"].(map[string]any)
	line := p["line"].(map[string]any)
	prices := map[string]int64{"apple": 2, "pear": 3, "plum": 2}
	qty, err := line["qty"].(json.Number).Int64()
	if err != nil {
		return nil, err
	}
	sku := line["sku"].(string)
	return map[string]any{"StatusCode": 200, "Payload": map[string]any{"index": p["index"], "sku": sku, "total": prices[sku] * qty}}, nil
}

func mustDecode(t testing.TB, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	require.NoError(t, err)
	return v
}

// Example runs the saga with scripted results, as a unit test would.
func Example() {
	def, _ := os.ReadFile(filepath.Join("saga", "saga.asl.json"))
	sm, err := asl.Parse(def)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := mock.New(mock.Responses{
		"Reserve Booking": {{Return: map[string]any{"Payload": map[string]any{"bookingId": "b-1"}}}},
		"Charge Payment":  {{Return: map[string]any{"Payload": map[string]any{"paymentId": "p-1"}}}},
	}, nil)
	eng := interpreter.New(interpreter.Options{Integrations: m, Clock: interpreter.NewFakeClock(start)})
	res, _, err := eng.Execute(context.Background(), sm, `{"amount":120}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, string(res.OutputJSON()))
	// Output: SUCCEEDED {"amount":120,"booking":{"bookingId":"b-1"},"payment":{"paymentId":"p-1"}}
}
