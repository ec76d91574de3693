package interpreter_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
)

// TestParallelInMapInParallel nests the three fan-out forms and checks that
// results keep branch and item order at every level.
func TestParallelInMapInParallel(t *testing.T) {
	def := `{"StartAt":"Outer","States":{"Outer":{"Type":"Parallel","End":true,"Branches":[
		{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":3,
			"ItemProcessor":{"StartAt":"Inner","States":{"Inner":{"Type":"Parallel","End":true,"Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"a.$":"$"},"End":true}}},
				{"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"b.$":"States.MathAdd($, 100)"},"End":true}}}]}}},
			"End":true}}},
		{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"second","End":true}}}]}}}`
	res, _, _ := run(t, def, `{"items":[1,2,3,4,5]}`, nil)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	var items []string
	for i := 1; i <= 5; i++ {
		items = append(items, fmt.Sprintf(`[{"a":%d},{"b":%d}]`, i, i+100))
	}
	want := `[[` + strings.Join(items, ",") + `],"second"]`
	require.True(t, jsonv.Equal(decode(t, want), res.Output), "got %s", jsonv.String(res.Output))
}

// blockingTasks answers every task only when its context is cancelled, and
// counts how many run at once.
type blockingTasks struct {
	running, peak, started atomic.Int64
}

func (b *blockingTasks) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	n := b.running.Add(1)
	b.started.Add(1)
	for {
		p := b.peak.Load()
		if n <= p || b.peak.CompareAndSwap(p, n) {
			break
		}
	}
	defer b.running.Add(-1)
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestCancelStopsMapPromptly cancels an execution whose Map has thousands
// of iterations blocked in tasks: every iteration stops, the execution is
// ABORTED, and no goroutine is left behind.
func TestCancelStopsMapPromptly(t *testing.T) {
	before := runtime.NumGoroutine()
	items := make([]int, 5000)
	input, err := json.Marshal(map[string]any{"items": items})
	require.NoError(t, err)
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":0,
		"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true}}}`
	tasks := &blockingTasks{}
	eng := interpreter.New(interpreter.Options{Integrations: tasks, MaxGoroutines: 32, Clock: interpreter.NewFakeClock(epoch)})
	ctx, cancel := context.WithCancel(context.Background())
	x, err := eng.Start(ctx, mustParse(t, def), input)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return tasks.running.Load() == 32 }, 5*time.Second, time.Millisecond)
	cancel()
	select {
	case <-x.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("the execution did not stop within 2 s of cancellation")
	}
	res := x.Wait(context.Background())
	require.Equal(t, interpreter.Aborted, res.Status)
	require.Equal(t, int64(32), tasks.peak.Load(), "iterations run at once are bounded by MaxGoroutines")
	require.Less(t, tasks.started.Load(), int64(100), "no new iteration starts after cancellation")
	requireNoGoroutinesLeft(t, before)
}

// TestLargeMapBoundedConcurrency runs a Map over 100,000 items with
// MaxConcurrency 0: every item is processed, in order, with no more
// goroutines at once than the engine's limit.
func TestLargeMapBoundedConcurrency(t *testing.T) {
	if testing.Short() {
		t.Skip("large Map skipped in -short mode")
	}
	const n = 100000
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	input, err := json.Marshal(map[string]any{"items": items})
	require.NoError(t, err)
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":0,
		"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
		"ResultSelector":{"n.$":"States.ArrayLength($)","last.$":"$[99999]"},"End":true}}}`
	var running, peak atomic.Int64
	inv := integrations.Func(func(ctx context.Context, in any) (any, error) {
		c := running.Add(1)
		defer running.Add(-1)
		for {
			p := peak.Load()
			if c <= p || peak.CompareAndSwap(p, c) {
				break
			}
		}
		return in, nil
	})
	eng := interpreter.New(interpreter.Options{Integrations: inv, MaxGoroutines: 16, MaxPayloadBytes: -1, MaxHistoryEvents: -1, DiscardHistory: true})
	res, x, err := eng.Execute(context.Background(), mustParse(t, def), input)
	require.NoError(t, err)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.True(t, jsonv.Equal(decode(t, `{"n":100000,"last":99999}`), res.Output), "got %s", jsonv.String(res.Output))
	require.LessOrEqual(t, peak.Load(), int64(16))
	require.Equal(t, int64(n+1), x.Transitions())
	require.Empty(t, x.History(), "DiscardHistory keeps no events")
}
