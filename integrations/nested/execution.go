package nested

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
)

// execution is a child execution started through a Service.
type execution struct {
	x          *interpreter.Execution
	machineARN string
	input      string // the input as StartExecution got it: JSON text
	inputValue any    // input decoded
	start      time.Time

	mu   sync.Mutex
	stop time.Time // when it ended, once known
}

// done reports whether the execution has ended.
func (e *execution) done() bool {
	select {
	case <-e.x.Done():
		return true
	default:
		return false
	}
}

// result returns how the execution ended; ok is false while it runs.
func (e *execution) result() (res interpreter.Result, ok bool) {
	if !e.done() {
		return interpreter.Result{}, false
	}
	// Done is closed: Wait returns the result at once.
	return e.x.Wait(context.Background()), true
}

// stopDate returns when the ended execution stopped: the time of its
// closing history event, or, when the engine keeps no history, the time it
// was first seen ended.
func (e *execution) stopDate(clock interpreter.Clock) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.stop.IsZero() {
		return e.stop
	}
	e.stop = clock.Now()
	if h := e.x.History(); len(h) > 0 {
		switch last := h[len(h)-1]; last.Type {
		case "ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted":
			e.stop = last.Timestamp
		}
	}
	e.stop = e.stop.UTC().Truncate(time.Millisecond)
	return e.stop
}

// shape selects how describe renders an execution.
type shape int

const (
	// syncShape is the result of .sync: Java SDK 1.x member names and
	// dates, Input and Output as JSON text.
	syncShape shape = iota
	// sync2Shape is the result of .sync:2: Input and Output as JSON values.
	sync2Shape
	// sdkShape is the aws-sdk:sfn:describeExecution result: Java SDK 2.x
	// dates, Input and Output as JSON text.
	sdkShape
)

// describe renders the execution as DescribeExecution answers.
func (e *execution) describe(clock interpreter.Clock, sh shape) map[string]any {
	date := epochMillis
	if sh == sdkShape {
		date = isoDate
	}
	d := map[string]any{
		"ExecutionArn":    e.x.ARN,
		"StateMachineArn": e.machineARN,
		"Name":            e.x.Name,
		"Status":          string(interpreter.Running),
		"StartDate":       date(e.start),
		"Input":           e.input,
		"InputDetails":    map[string]any{"Included": true},
	}
	if sh == sync2Shape {
		d["Input"] = jsonv.Clone(e.inputValue)
	}
	res, ok := e.result()
	if !ok {
		return d
	}
	d["Status"] = string(res.Status)
	d["StopDate"] = date(e.stopDate(clock))
	if res.Status == interpreter.Succeeded {
		d["OutputDetails"] = map[string]any{"Included": true}
		if sh == sync2Shape {
			d["Output"] = jsonv.Clone(res.Output)
		} else {
			d["Output"] = string(res.OutputJSON())
		}
	}
	if res.Error != "" {
		d["Error"] = res.Error
	}
	if res.Cause != "" {
		d["Cause"] = res.Cause
	}
	return d
}

// epochMillis renders a date as the AWS SDK for Java 1.x serializes one in
// optimized integration results: epoch milliseconds.
func epochMillis(t time.Time) any { return json.Number(strconv.FormatInt(t.UnixMilli(), 10)) }

// isoDate renders a date as the AWS SDK for Java 2.x does in aws-sdk
// integration results, as Java's Instant.toString prints it: UTC, with the
// milliseconds when they are not zero.
func isoDate(t time.Time) any {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	if ms := t.Nanosecond() / int(time.Millisecond); ms != 0 {
		s += fmt.Sprintf(".%03d", ms)
	}
	return s + "Z"
}
