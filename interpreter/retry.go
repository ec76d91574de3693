package interpreter

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/states"
)

// matches reports whether an ErrorEquals list handles the error name.
// States.ALL matches every error but States.Runtime; States.TaskFailed
// matches every error but the timeouts and States.Runtime. A missed
// heartbeat is a States.Timeout that States.HeartbeatTimeout also matches.
func matches(errorEquals []string, name string) bool {
	for _, e := range errorEquals {
		switch {
		case e == name:
			return true
		case name == states.ErrHeartbeatTimeout && e == states.ErrTimeout:
			return true
		case e == states.ErrALL && name != states.ErrRuntime:
			return true
		case e == states.ErrTaskFailed && name != states.ErrTimeout && name != states.ErrHeartbeatTimeout && name != states.ErrRuntime && name != errAborted:
			return true
		}
	}
	return false
}

// reported is the error as it leaves the state: a missed heartbeat is
// reported as States.Timeout (States.HeartbeatTimeout exists only for
// ErrorEquals).
func reported(err *states.Error) *states.Error {
	if err != nil && err.Name == states.ErrHeartbeatTimeout {
		return &states.Error{Name: states.ErrTimeout, Cause: err.Cause}
	}
	return err
}

// retryDelay is the wait before retry n (n = 1 for the first retry):
// IntervalSeconds × BackoffRate^(n-1), capped by MaxDelaySeconds, with FULL
// jitter drawn uniformly from [0, delay].
func (r *runner) retryDelay(rt *asl.Retrier, n int) time.Duration {
	secs := float64(rt.IntervalSeconds) * math.Pow(rt.BackoffRate, float64(n-1))
	if rt.MaxDelaySeconds > 0 && secs > float64(rt.MaxDelaySeconds) {
		secs = float64(rt.MaxDelaySeconds)
	}
	if secs > 1e9 {
		secs = 1e9
	}
	d := time.Duration(secs * float64(time.Second))
	if rt.JitterStrategy == "FULL" {
		d = time.Duration(r.eng.rnd.Float64() * float64(d))
	}
	return d
}

// guard runs attempt under the state's Retry and Catch. attempt gets the
// retry count ($$.State.RetryCount). On success the state's OutputPath is
// applied (outside Retry and Catch: its failure is not caught) and next is
// the state's Next. When a catcher handles the error, the returned output is
// the state input with the error object placed at the catcher's ResultPath,
// and next is the catcher's Next.
func (r *runner) guard(ctx context.Context, s *stateRun, input any, attempt func(ctx context.Context, retryCount int) (any, *states.Error)) (out any, next string, err *states.Error) {
	rt := newRetries(s)
	for {
		s.retryCount = rt.count
		out, err = attempt(ctx, rt.count)
		retry, d, out, next, err := r.decide(ctx, s, input, rt, out, err)
		if !retry {
			return out, next, err
		}
		if serr := r.eng.opts.Clock.Sleep(ctx, d); serr != nil {
			return nil, "", &states.Error{Name: errAborted, Cause: serr.Error()}
		}
	}
}

// retries counts a state's attempts: in all ($$.State.RetryCount) and per
// retrier.
type retries struct {
	count int
	per   []int
}

func newRetries(s *stateRun) *retries { return &retries{per: make([]int, len(s.base.Retry))} }

// decide applies the state's Retry and Catch to an attempt's result: either
// the state ends (with its output and next state, or an error), or it is
// retried after delay (rt then counts the retry).
func (r *runner) decide(ctx context.Context, s *stateRun, input any, rt *retries, out any, err *states.Error) (retry bool, delay time.Duration, res any, next string, ferr *states.Error) {
	b := s.base
	if err == nil {
		if out, err = r.outputPath(s, out); err != nil {
			return false, 0, nil, "", err
		}
		return false, 0, out, b.Next, nil
	}
	// A failed attempt's Assign never takes effect: only the catcher's
	// does.
	s.assigned = nil
	if err.Name == errAborted || ctx.Err() != nil {
		return false, 0, nil, "", &states.Error{Name: errAborted, Cause: "aborted"}
	}
	if r.x.hist.exhausted() {
		return false, 0, nil, "", r.historyLimit()
	}
	i := slices.IndexFunc(b.Retry, func(rt asl.Retrier) bool { return matches(rt.ErrorEquals, err.Name) })
	if i >= 0 && rt.per[i] < b.Retry[i].MaxAttempts {
		rt.per[i]++
		rt.count++
		return true, r.retryDelay(&b.Retry[i], rt.per[i]), nil, "", nil
	}
	out, next, err = r.catch(ctx, s, input, err)
	return false, 0, out, next, err
}

// catch hands an error to the first catcher that matches it, or returns it.
func (r *runner) catch(ctx context.Context, s *stateRun, input any, err *states.Error) (out any, next string, ferr *states.Error) {
	b := s.base
	for i := range b.Catch {
		c := &b.Catch[i]
		if !matches(c.ErrorEquals, err.Name) {
			continue
		}
		errObj := errorOutput(reported(err))
		if s.isJSONata() {
			out, jerr := r.jsonataCaught(ctx, s, c, i, input, errObj)
			if jerr != nil {
				return nil, "", jerr
			}
			return out, c.Next, nil
		}
		if c.Assign != nil && c.Assign.Template != nil {
			v, aerr := c.Assign.Template.Eval(s.env(r, errObj))
			if aerr != nil {
				return nil, "", s.evalError(aerr)
			}
			if m, ok := v.(map[string]any); ok {
				s.setVariables(m)
			}
		}
		out, perr := r.resultPath(s, c.ResultPath, input, errObj)
		if perr != nil {
			return nil, "", perr
		}
		return out, c.Next, nil
	}
	return nil, "", reported(err)
}

// errorOutput is the error object a catcher passes on: {"Error", "Cause"}.
// A failure without an error name (SendTaskFailure with neither error nor
// cause) carries no details, and AWS reports both fields as null.
func errorOutput(err *states.Error) map[string]any {
	if err.Name == "" && err.Cause == "" {
		return map[string]any{"Error": nil, "Cause": nil}
	}
	var name any = err.Name
	if err.Name == "" {
		name = nil
	}
	return map[string]any{"Error": name, "Cause": err.Cause}
}
