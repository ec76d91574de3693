package examples_test

import (
	"context"
	"os"
	"path/filepath"
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

// The nested-workflow examples: a child state machine (nested/job.asl.json)
// that parents start in process through package nested, one waiting for it
// with .sync:2 (run-job), one polling it (poll-job).
const (
	nestedDir       = "nested"
	orderJobARN     = "arn:aws:states:us-east-1:123456789012:stateMachine:OrderJob"
	orderJobExecARN = "arn:aws:states:us-east-1:123456789012:execution:OrderJob:order-o-42"
	parentExecARN   = "arn:aws:states:us-east-1:123456789012:execution:StateMachine:example"
	processOrderARN = "arn:aws:lambda:us-east-1:123456789012:function:process-order"
)

var nestedEpoch = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// nestedRig runs parents whose Tasks start the order job in process, on a
// virtual clock, where parent and job interleave as in real time. The job's
// process-order function ships every item but an anvil.
type nestedRig struct {
	t     *testing.T
	clock *interpreter.FakeClock
	reg   *integrations.Registry
	eng   *interpreter.Engine
	svc   *nested.Service
	// orders holds the inputs process-order got.
	orders chan any
}

func newNestedRig(t *testing.T) *nestedRig {
	t.Helper()
	r := &nestedRig{t: t, clock: interpreter.NewFakeClock(nestedEpoch), reg: integrations.NewRegistry(),
		orders: make(chan any, 4)}
	r.eng = interpreter.New(interpreter.Options{Integrations: r.reg, Clock: r.clock})
	r.svc = nested.New(r.eng, nested.WithClock(r.clock))
	r.reg.Register("states", r.svc)
	r.reg.Register("aws-sdk:sfn", r.svc)
	r.reg.Register(processOrderARN, integrations.Func(r.processOrder))
	require.Equal(t, orderJobARN, r.svc.Register("OrderJob", nestedLoad(t, "job.asl.json")))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, r.svc.Shutdown(ctx))
	})
	return r
}

// processOrder is the job's Lambda function, in Go.
func (r *nestedRig) processOrder(ctx context.Context, in any) (any, error) {
	r.orders <- in
	items := in.(map[string]any)["items"].([]any)
	for _, item := range items {
		if item == "anvil" {
			return nil, integrations.Fail("OrderRejected", "An anvil is too heavy to ship.")
		}
	}
	return map[string]any{"parcels": len(items)}, nil
}

// countPolls counts the parent's DescribeExecution calls.
func (r *nestedRig) countPolls() *atomic.Int64 {
	var polls atomic.Int64
	r.reg.Register("aws-sdk:sfn:describeExecution", integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		polls.Add(1)
		return r.svc.Invoke(ctx, req)
	}))
	return &polls
}

// run runs the parent definition with the input, named "example".
func (r *nestedRig) run(def string, input []byte) (interpreter.Result, *interpreter.Execution) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, x, err := r.eng.Execute(ctx, nestedLoad(r.t, def), input, interpreter.WithName("example"))
	require.NoError(r.t, err)
	return res, x
}

// job returns the child execution of the order job.
func (r *nestedRig) job() *interpreter.Execution {
	r.t.Helper()
	xs := r.svc.Executions(orderJobARN)
	require.Len(r.t, xs, 1)
	require.Equal(r.t, orderJobExecARN, xs[0].ARN)
	return xs[0]
}

// jobResult waits for the order job to end.
func (r *nestedRig) jobResult() interpreter.Result {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return r.job().Wait(ctx)
}

func nestedLoad(t testing.TB, name string) *asl.StateMachine {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(nestedDir, name))
	require.NoError(t, err)
	sm, err := asl.Parse(data)
	require.NoError(t, err)
	return sm
}

// nestedInput reads an input file, with the order's items replaced when
// items is not nil.
func nestedInput(t testing.TB, name string, items ...any) []byte {
	t.Helper()
	if items == nil {
		return nestedInputWith(t, name, nil)
	}
	return nestedInputWith(t, name, func(in map[string]any) { in["order"].(map[string]any)["items"] = items })
}

// nestedInputWith reads an input file and lets edit change it.
func nestedInputWith(t testing.TB, name string, edit func(map[string]any)) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(nestedDir, name))
	require.NoError(t, err)
	if edit == nil {
		return data
	}
	v, err := jsonv.Decode(data)
	require.NoError(t, err)
	edit(v.(map[string]any))
	out, err := jsonv.Marshal(v)
	require.NoError(t, err)
	return out
}

// statesEntered lists the states an execution entered, in order.
func statesEntered(x *interpreter.Execution) []string {
	var names []string
	for _, ev := range x.History() {
		if strings.HasSuffix(ev.Type, "StateEntered") {
			names = append(names, ev.Details["name"].(string))
		}
	}
	return names
}

// enteredSince returns when each entry of a state happened, relative to
// the start of the test's clock.
func enteredSince(x *interpreter.Execution, state string) []time.Duration {
	var at []time.Duration
	for _, ev := range x.History() {
		if strings.HasSuffix(ev.Type, "StateEntered") && ev.Details["name"] == state {
			at = append(at, ev.Timestamp.Sub(nestedEpoch))
		}
	}
	return at
}

func requireJSONValue(t testing.TB, want string, got any) {
	t.Helper()
	w, err := jsonv.Decode([]byte(want))
	require.NoError(t, err)
	require.True(t, jsonv.Equal(w, got), "want %s\n got %s", want, jsonv.String(got))
}

// TestNestedRunJob: the parent runs the order job with .sync:2 and keeps
// its DescribeExecution: status, dates (the job waits 25 s for the
// courier) and output as JSON.
func TestNestedRunJob(t *testing.T) {
	r := newNestedRig(t)
	res, x := r.run("run-job.asl.json", nestedInput(t, "run-job.input.json"))

	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	requireJSONValue(t, `{
		"executionArn": "`+orderJobExecARN+`",
		"status": "SUCCEEDED",
		"startDate": 1795683600000,
		"stopDate": 1795683625000,
		"shipment": {"orderId": "o-42", "parcels": 3, "status": "SHIPPED"}}`, res.Output)
	require.Equal(t, []string{"RunJob", "Shipped"}, statesEntered(x))

	job := r.jobResult()
	require.Equal(t, interpreter.Succeeded, job.Status)
	require.Equal(t, []string{"ProcessOrder", "AwaitCourier", "Shipped"}, statesEntered(r.job()))
	// The job's input names the parent execution that started it.
	requireJSONValue(t, `{"orderId": "o-42", "items": ["kettle", "mug", "mug"],
		"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": "`+parentExecARN+`"}`, <-r.orders)
}

// TestNestedRunJobFailureCaught: the job fails, so the .sync:2 task fails
// with States.TaskFailed, whose cause is the job's DescribeExecution; the
// parent's Catch reads the job's error from it.
func TestNestedRunJobFailureCaught(t *testing.T) {
	r := newNestedRig(t)
	res, x := r.run("run-job.asl.json", nestedInput(t, "run-job.input.json", "kettle", "anvil"))

	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	requireJSONValue(t, `{"orderId": "o-42", "status": "FAILED", "error": "OrderRejected", "cause": "An anvil is too heavy to ship."}`, res.Output)
	require.Equal(t, []string{"RunJob", "ReadJobFailure", "ReportJobFailure"}, statesEntered(x))

	job := r.jobResult()
	require.Equal(t, interpreter.Failed, job.Status)
	require.Equal(t, "OrderRejected", job.Error)
	require.Equal(t, []string{"ProcessOrder"}, statesEntered(r.job()))
}

// TestNestedPollJob: the parent starts the job and polls it every 10 s of
// virtual time; the job waits 25 s for the courier, so it is running at
// the first two polls and has shipped by the third.
func TestNestedPollJob(t *testing.T) {
	r := newNestedRig(t)
	polls := r.countPolls()
	res, x := r.run("poll-job.asl.json", nestedInput(t, "poll-job.input.json"))

	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	requireJSONValue(t, `{
		"executionArn": "`+orderJobExecARN+`",
		"polls": 3,
		"shipment": {"orderId": "o-42", "parcels": 3, "status": "SHIPPED"}}`, res.Output)
	require.Equal(t, int64(3), polls.Load())
	require.Equal(t, []time.Duration{10 * time.Second, 20 * time.Second, 30 * time.Second}, enteredSince(x, "DescribeJob"))
	require.Equal(t, []time.Duration{25 * time.Second}, enteredSince(r.job(), "Shipped"))
	require.Equal(t, interpreter.Succeeded, r.jobResult().Status)
}

// TestNestedPollJobFails: the job fails at once; the first poll sees it and
// the parent fails with the job's error and cause.
func TestNestedPollJobFails(t *testing.T) {
	r := newNestedRig(t)
	polls := r.countPolls()
	res, x := r.run("poll-job.asl.json", nestedInput(t, "poll-job.input.json", "anvil"))

	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, "OrderRejected", res.Error)
	require.Equal(t, "An anvil is too heavy to ship.", res.Cause)
	require.Equal(t, int64(1), polls.Load())
	require.Equal(t, "JobFailed", statesEntered(x)[len(statesEntered(x))-1])
	require.Equal(t, interpreter.Failed, r.jobResult().Status)
}

// TestNestedPollJobGivesUp: polling every 2 s, the parent gives up after
// maxPolls (5) polls, 10 s in, with JobTimedOut; the job goes on and ships
// at 25 s of virtual time.
func TestNestedPollJobGivesUp(t *testing.T) {
	r := newNestedRig(t)
	polls := r.countPolls()
	res, x := r.run("poll-job.asl.json", nestedInputWith(t, "poll-job.input.json", func(in map[string]any) { in["pollSeconds"] = 2 }))

	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, "JobTimedOut", res.Error)
	require.Equal(t, int64(5), polls.Load())
	require.Len(t, enteredSince(x, "WaitForJob"), 5)
	require.Equal(t, interpreter.Succeeded, r.jobResult().Status)
	require.Equal(t, []time.Duration{25 * time.Second}, enteredSince(r.job(), "Shipped"))
}
