package interpreter_test

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/interpreter"
)

// benchWaiting starts 100,000 executions that all wait (on a one-hour Wait
// state or on a task token) and reports the memory each takes while they
// wait (heap and goroutine stacks in use, bytes/execution), then lets them
// all end. Run with -benchtime=1x.
func benchWaiting(b *testing.B, def string, fake bool) {
	const n = 100000
	sm := mustParse(b, def)
	inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		return &integrations.Response{Pending: true}, nil
	})
	for range b.N {
		var (
			clock   interpreter.Clock = interpreter.RealClock()
			release                   = func() {}
		)
		if fake {
			fc := interpreter.NewFakeClock(epoch)
			clock, release = fc, fc.Hold()
		}
		eng := interpreter.New(interpreter.Options{Clock: clock, Integrations: inv})
		runtime.GC()
		debug.FreeOSMemory()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rssBefore := rss(b)
		ctx, cancel := context.WithCancel(context.Background())
		start := time.Now()
		xs := make([]*interpreter.Execution, n)
		for i := range xs {
			x, err := eng.Start(ctx, sm, nil)
			require.NoError(b, err)
			xs[i] = x
		}
		elapsed := time.Since(start)
		// Let every execution reach its wait.
		deadline := time.Now().Add(time.Minute)
		for _, x := range xs {
			for len(x.History()) < 2 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
		}
		runtime.GC()
		debug.FreeOSMemory()
		runtime.ReadMemStats(&after)
		rssAfter := rss(b)
		used := float64(after.HeapInuse+after.StackInuse) - float64(before.HeapInuse+before.StackInuse)
		b.ReportMetric(used/n, "B/execution")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "live-B/execution")
		b.ReportMetric(float64(rssAfter-rssBefore)/n, "RSS-B/execution")
		b.ReportMetric(float64(after.NumGC-before.NumGC), "GCs")
		b.ReportMetric(float64(elapsed.Nanoseconds())/n, "ns/start")
		cancel()
		release()
		for _, x := range xs {
			x.Wait(context.Background())
		}
	}
}

// rss is the process's resident set size in bytes (Linux; 0 elsewhere).
func rss(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func BenchmarkWaitingOnWaitVirtual(b *testing.B) {
	benchWaiting(b, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`, true)
}

func BenchmarkWaitingOnWaitWallClock(b *testing.B) {
	benchWaiting(b, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`, false)
}

func BenchmarkWaitingOnCallbackWallClock(b *testing.B) {
	benchWaiting(b, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
		"Parameters":{"token.$":"$$.Task.Token"},"HeartbeatSeconds":600,"End":true}}}`, false)
}

func BenchmarkWaitingOnCallbackVirtual(b *testing.B) {
	benchWaiting(b, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
		"Parameters":{"token.$":"$$.Task.Token"},"HeartbeatSeconds":600,"End":true}}}`, true)
}
