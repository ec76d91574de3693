package interpreter

import (
	"context"
	"sync"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/payload"
	"github.com/gostates/gostates/states"
)

func (r *runner) parallel(ctx context.Context, t *asl.ParallelState, s *stateRun, input any) (any, string, *states.Error) {
	eff, err := r.inputPath(s, input)
	if err != nil {
		return nil, "", err
	}
	return r.guard(ctx, s, input, func(ctx context.Context, retryCount int) (any, *states.Error) {
		params := eff
		if s.isJSONata() {
			env := r.jsonataEnv(s, statesVar{input: input})
			v, err := r.jeval(ctx, s, t.Arguments, env, "Arguments", input)
			if err != nil {
				return nil, err
			}
			params = v
		} else if t.Parameters != nil {
			ev := s.env(r, eff)
			ev.retryCount = retryCount
			v, perr := t.Parameters.Eval(ev)
			if perr != nil {
				return nil, s.evalError(perr)
			}
			params = v
		}
		r.x.hist.add(0, "ParallelStateStarted", "", nil)
		results := make([]any, len(t.Branches))
		bctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var (
			once     sync.Once
			firstErr *states.Error
		)
		r.eng.runAll(len(t.Branches), func(i int) {
			out, err := r.machine(bctx, t.Branches[i], params, &frame{parent: s.f})
			if err != nil {
				if err.Name == errAborted && ctx.Err() == nil {
					return // stopped because a sibling failed
				}
				once.Do(func() { firstErr = err; cancel() })
				return
			}
			results[i] = out
		})
		if firstErr != nil {
			if firstErr.Name != errAborted {
				r.x.hist.add(0, "ParallelStateFailed", "executionFailedEventDetails", errorDetails(firstErr))
			}
			return nil, firstErr
		}
		r.x.hist.add(0, "ParallelStateSucceeded", "", nil)
		return r.finishResult(ctx, s, t.ResultSelector, input, results)
	})
}

func errorDetails(err *states.Error) map[string]any {
	d := map[string]any{}
	if err.Name != "" {
		d["error"] = err.Name
	}
	if err.Cause != "" {
		d["cause"] = err.Cause
	}
	return d
}

// finishResult applies ResultSelector, Assign and ResultPath to a state's
// result, in that order; a JSONata state's Assign and Output.
func (r *runner) finishResult(ctx context.Context, s *stateRun, selector *payload.Template, input, result any) (any, *states.Error) {
	if s.isJSONata() {
		return r.jsonataResult(ctx, s, input, result)
	}
	// Assign reads the raw result ($), before ResultSelector, as on AWS.
	if err := r.assign(s, result, input); err != nil {
		return nil, err
	}
	if selector != nil {
		v, err := selector.Eval(s.env(r, result))
		if err != nil {
			return nil, s.evalError(err)
		}
		result = v
	}
	return r.resultPath(s, s.base.ResultPath, input, result)
}
