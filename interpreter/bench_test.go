package interpreter_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// benchDir is the shared benchmark workloads folder beside the repository.
func benchDir(b *testing.B) string {
	if d := os.Getenv("GOSTATES_BENCH"); d != "" {
		return d
	}
	d := filepath.Join("..", "..", "shared", "bench")
	if _, err := os.Stat(d); err != nil {
		b.Skipf("benchmark workloads not found at %s (set GOSTATES_BENCH)", d)
	}
	return d
}

// benchWorkload runs one of the shared workloads (loop, map, parallel) with
// input size n per iteration and reports state transitions per second and
// allocations per transition. The payload and history limits are lifted
// (the 100,000-item inputs exceed them on purpose); the History variants
// keep every event, as executions do by default.
func benchWorkload(b *testing.B, name string, n int, keepHistory bool) {
	dir := benchDir(b)
	def, err := os.ReadFile(filepath.Join(dir, name+".asl.json"))
	require.NoError(b, err)
	input, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%s.input.%d.json", name, n)))
	require.NoError(b, err)
	sm, err := asl.Parse(def)
	require.NoError(b, err)
	eng := interpreter.New(interpreter.Options{
		MaxPayloadBytes:  -1,
		DiscardHistory:   !keepHistory,
		MaxHistoryEvents: -1,
		Clock:            interpreter.NewFakeClock(epoch),
	})
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	transitions := int64(0)
	for b.Loop() {
		res, x, err := eng.Execute(ctx, sm, input)
		if err != nil || res.Status != interpreter.Succeeded {
			b.Fatalf("execution: %v %s %s: %s", err, res.Status, res.Error, res.Cause)
		}
		transitions += x.Transitions()
	}
	b.ReportMetric(float64(transitions)/b.Elapsed().Seconds(), "transitions/s")
	b.ReportMetric(float64(transitions)/float64(b.N), "transitions/op")
}

func BenchmarkLoop1000(b *testing.B)            { benchWorkload(b, "loop", 1000, false) }
func BenchmarkMap1000(b *testing.B)             { benchWorkload(b, "map", 1000, false) }
func BenchmarkParallel1000(b *testing.B)        { benchWorkload(b, "parallel", 1000, false) }
func BenchmarkLoop1000History(b *testing.B)     { benchWorkload(b, "loop", 1000, true) }
func BenchmarkMap1000History(b *testing.B)      { benchWorkload(b, "map", 1000, true) }
func BenchmarkParallel1000History(b *testing.B) { benchWorkload(b, "parallel", 1000, true) }

// BenchmarkTenThousandRetries drives 10,000 retries of a failing task
// through the virtual clock (each op is one whole execution).
func BenchmarkTenThousandRetries(b *testing.B) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":10000,"BackoffRate":1.0}],"End":true}}}`
	sm, err := asl.Parse([]byte(def))
	require.NoError(b, err)
	flaky := states.New("Flaky", "")
	b.ReportAllocs()
	for b.Loop() {
		var n int
		inv := integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
			if n++; n <= 10000 {
				return nil, flaky
			}
			return &integrations.Response{Output: "done"}, nil
		})
		eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: interpreter.NewFakeClock(epoch), MaxHistoryEvents: -1})
		res, _, err := eng.Execute(context.Background(), sm, `{}`)
		if err != nil || res.Status != interpreter.Succeeded {
			b.Fatalf("%v %s %s", err, res.Status, res.Cause)
		}
	}
}
