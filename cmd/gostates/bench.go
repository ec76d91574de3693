package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/interpreter"
)

func cmdBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", defaultBenchDir(), "folder of the benchmark workloads (NAME.asl.json, NAME.input.N.json)")
	n := fs.Int("n", 1000, "workload size: the N of NAME.input.N.json")
	runs := fs.Int("runs", 3, "executions per workload; the best is reported")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gostates bench [flags] [WORKLOAD...] (default: loop map parallel)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	workloads := fs.Args()
	if len(workloads) == 0 {
		workloads = []string{"loop", "map", "parallel"}
	}
	fmt.Fprintf(stdout, "%-10s %8s %12s %14s %12s %14s\n", "workload", "N", "transitions", "transitions/s", "ms/exec", "allocs/trans")
	for _, w := range workloads {
		res, err := benchWorkload(ctx, *dir, w, *n, *runs)
		if err != nil {
			fmt.Fprintf(stderr, "gostates bench: %s: %v\n", w, err)
			return 2
		}
		fmt.Fprintf(stdout, "%-10s %8d %12d %14.0f %12.2f %14.1f\n", w, *n, res.transitions,
			float64(res.transitions)/res.best.Seconds(), float64(res.best.Microseconds())/1000, res.allocsPerTransition)
	}
	if rss := peakRSS(); rss != "" {
		fmt.Fprintf(stdout, "peak RSS: %s\n", rss)
	}
	return 0
}

// defaultBenchDir is the shared workloads folder beside the repository.
func defaultBenchDir() string {
	for _, d := range []string{filepath.Join("..", "shared", "bench"), filepath.Join("shared", "bench")} {
		if _, err := os.Stat(d); err == nil {
			return d
		}
	}
	return filepath.Join("..", "shared", "bench")
}

type benchResult struct {
	transitions         int
	best                time.Duration
	allocsPerTransition float64
}

func benchWorkload(ctx context.Context, dir, name string, n, runs int) (benchResult, error) {
	def, err := asl.ReadDefinitionFile(filepath.Join(dir, name+".asl.json"))
	if err != nil {
		return benchResult{}, err
	}
	input, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%s.input.%d.json", name, n)))
	if err != nil {
		return benchResult{}, err
	}
	sm, err := asl.Parse(def)
	if err != nil {
		return benchResult{}, err
	}
	// The 100,000-item inputs exceed AWS's 256 KiB payload limit on purpose.
	// History is counted but not kept, as in any throughput measurement.
	eng := interpreter.New(interpreter.Options{MaxPayloadBytes: -1, MaxHistoryEvents: -1, DiscardHistory: true, Clock: interpreter.NewFakeClock(time.Now())})
	var res benchResult
	for i := 0; i < runs; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		r, x, err := eng.Execute(ctx, sm, input)
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if err != nil {
			return res, err
		}
		if r.Status != interpreter.Succeeded {
			return res, fmt.Errorf("execution %s: %s: %s", r.Status, r.Error, r.Cause)
		}
		transitions := int(x.Transitions())
		if i == 0 || elapsed < res.best {
			res.best = elapsed
			res.transitions = transitions
			res.allocsPerTransition = float64(after.Mallocs-before.Mallocs) / float64(max(transitions, 1))
		}
	}
	return res, nil
}

// peakRSS reads the process's peak resident set size (Linux).
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
