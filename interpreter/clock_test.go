package interpreter_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// enteredAt maps each state entered to when, relative to epoch.
func enteredAt(x *interpreter.Execution) map[string]time.Duration {
	at := map[string]time.Duration{}
	for _, ev := range x.History() {
		if strings.HasSuffix(ev.Type, "StateEntered") {
			at[ev.Details["name"].(string)] = ev.Timestamp.Sub(epoch)
		}
	}
	return at
}

// TestVirtualClockInterleavesBranches: branches share one virtual timeline.
// A sibling's long Wait does not time out a task that answers at once, and
// each branch's states happen when they would on AWS. Run many times: the
// outcome must not depend on goroutine scheduling.
func TestVirtualClockInterleavesBranches(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"W10","States":{"W10":{"Type":"Wait","Seconds":10,"Next":"A"},"A":{"Type":"Pass","End":true}}},
		{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"Next":"W3"},
			"W3":{"Type":"Wait","Seconds":3,"Next":"B"},"B":{"Type":"Pass","End":true}}}]}}}`
	for i := 0; i < 200; i++ {
		res, x, _ := run(t, def, `{}`, &script{byState: map[string][]any{"T": {"ok"}}})
		require.Equal(t, interpreter.Succeeded, res.Status, "run %d: %s: %s", i, res.Error, res.Cause)
		at := enteredAt(x)
		require.Equal(t, 10*time.Second, at["A"], "run %d", i)
		require.Equal(t, 3*time.Second, at["B"], "run %d", i)
	}
}

// TestVirtualClockHeartbeatWhileSiblingWaits: a callback that never comes
// times out on its heartbeat at 30 s of virtual time while a sibling
// branch waits 60 s; the sibling finishes at 60 s.
func TestVirtualClockHeartbeatWhileSiblingWaits(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"W60","States":{"W60":{"Type":"Wait","Seconds":60,"Next":"A"},"A":{"Type":"Pass","End":true}}},
		{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
			"HeartbeatSeconds":30,"Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"Next":"Caught"}],"End":true},
			"Caught":{"Type":"Pass","End":true}}}]}}}`
	pending := integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		return &integrations.Response{Pending: true}, nil
	})
	res, x, _ := run(t, def, `{}`, pending)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	at := enteredAt(x)
	require.Equal(t, 30*time.Second, at["Caught"])
	require.Equal(t, 60*time.Second, at["A"])
}

// TestVirtualClockRetriesInterleave: two branches retrying on different
// schedules run their attempts in virtual-time order.
func TestVirtualClockRetriesInterleave(t *testing.T) {
	def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"X","States":{"X":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
			"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"BackoffRate":1,"MaxAttempts":3}],"End":true}}},
		{"StartAt":"Y","States":{"Y":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
			"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":5,"BackoffRate":1,"MaxAttempts":2}],"End":true}}}]}}}`
	clock := interpreter.NewFakeClock(epoch)
	var mu sync.Mutex
	calls := map[string][]time.Duration{}
	flaky := integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		calls[req.StateName] = append(calls[req.StateName], clock.Now().Sub(epoch))
		if want := map[string]int{"X": 4, "Y": 3}[req.StateName]; len(calls[req.StateName]) < want {
			return nil, states.New("Flaky", "")
		}
		return &integrations.Response{Output: req.StateName}, nil
	})
	eng := interpreter.New(interpreter.Options{Integrations: flaky, Clock: clock})
	res, _, err := eng.Execute(context.Background(), mustParse(t, def), `{}`)
	require.NoError(t, err)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.Equal(t, []time.Duration{0, 3 * time.Second, 6 * time.Second, 9 * time.Second}, calls["X"])
	require.Equal(t, []time.Duration{0, 5 * time.Second, 10 * time.Second}, calls["Y"])
	require.Equal(t, epoch.Add(10*time.Second), clock.Now())
}

// TestHeartbeatTimeoutIsReportedAsTimeout: a missed heartbeat fails the
// task with States.Timeout; Catch matches it by States.Timeout or by
// States.HeartbeatTimeout, and the error output names States.Timeout.
func TestHeartbeatTimeoutIsReportedAsTimeout(t *testing.T) {
	for _, name := range []string{"States.Timeout", "States.HeartbeatTimeout"} {
		def := `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
			{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}},
			{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
				"HeartbeatSeconds":30,"Catch":[{"ErrorEquals":["` + name + `"],"Next":"Caught"}],"End":true},
				"Caught":{"Type":"Pass","End":true}}}]}}}`
		pending := integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
			return &integrations.Response{Pending: true}, nil
		})
		res, _, _ := run(t, def, `{}`, pending)
		require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s: %s", name, res.Error, res.Cause)
		require.True(t, jsonv.Equal(decode(t, `[{}, {"Error":"States.Timeout","Cause":""}]`), res.Output), "%s: got %s", name, jsonv.String(res.Output))
	}
}

// TestInlineMapRunsFortyAtOnce: an inline Map runs at most 40 iterations at
// once, as AWS does, so 100 iterations that each wait 10 s take 30 s of
// virtual time and an execution timeout of 25 s cuts them.
func TestInlineMapRunsFortyAtOnce(t *testing.T) {
	items := make([]int, 100)
	input, err := json.Marshal(map[string]any{"items": items})
	require.NoError(t, err)
	def := `{"TimeoutSeconds":%d,"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
		"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}},"End":true}}}`
	res, _, _ := run(t, fmt.Sprintf(def, 25), string(input), nil)
	require.Equal(t, interpreter.TimedOut, res.Status)
	res, _, clock := run(t, fmt.Sprintf(def, 35), string(input), nil)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.Equal(t, epoch.Add(30*time.Second), clock.Now())
}

// TestAdapterWaitsForChildOnVirtualClock: a Go adapter that runs a child
// execution on the same engine and waits for it with Execution.Wait lets
// the child's waits advance the virtual clock.
func TestAdapterWaitsForChildOnVirtualClock(t *testing.T) {
	child := mustParse(t, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"End":true}}}`)
	var eng *interpreter.Engine
	inv := integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		x, err := eng.Start(ctx, child, `{"c":1}`)
		if err != nil {
			return nil, err
		}
		res := x.Wait(ctx)
		return &integrations.Response{Output: res.Output}, nil
	})
	clock := interpreter.NewFakeClock(epoch)
	eng = interpreter.New(interpreter.Options{Integrations: inv, Clock: clock})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res, _, err := eng.Execute(ctx, mustParse(t, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}`), `{}`)
	require.NoError(t, err)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.True(t, jsonv.Equal(map[string]any{"c": 1}, res.Output))
	require.Equal(t, epoch.Add(30*time.Second), clock.Now())
}
