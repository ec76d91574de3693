package interpreter

import (
	"context"
	"encoding/json"
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

func (r *runner) mapState(ctx context.Context, t *asl.MapState, s *stateRun, input any) (any, string, *states.Error) {
	eff, err := r.inputPath(s, input)
	if err != nil {
		return nil, "", err
	}
	return r.guard(ctx, s, input, func(ctx context.Context, retryCount int) (any, *states.Error) {
		if t.Mode == asl.ModeDistributed {
			results, err := r.mapRun(ctx, t, s, eff, retryCount)
			if err != nil {
				return nil, err
			}
			return r.finishResult(ctx, s, t.ResultSelector, input, results)
		}
		// AWS evaluates MaxConcurrency, then the items, then the tolerated
		// failure fields, which an inline Map checks but does not apply.
		maxConc, err := r.mapConcurrency(ctx, t, s, eff)
		if err != nil {
			return nil, err
		}
		items, err := r.mapItems(ctx, t, s, eff)
		if err != nil {
			return nil, err
		}
		r.x.hist.add(0, "MapStateStarted", "mapStateStartedEventDetails", map[string]any{"length": len(items)})
		if _, err := r.tolerance(ctx, t, s, eff); err != nil {
			return nil, err
		}
		results, err := r.runIterations(ctx, t, s, eff, items, maxConc, retryCount)
		if err != nil {
			if err.Name != errAborted {
				r.x.hist.add(0, "MapStateFailed", "", nil)
			}
			return nil, err
		}
		r.x.hist.add(0, "MapStateSucceeded", "", nil)
		return r.finishResult(ctx, s, t.ResultSelector, input, results)
	})
}

// mapItems selects the items array with ItemsPath.
func (r *runner) mapItems(ctx context.Context, t *asl.MapState, s *stateRun, eff any) ([]any, *states.Error) {
	if s.isJSONata() {
		return r.jsonataItems(ctx, t, s, eff)
	}
	v := eff
	if t.ItemsPath != nil {
		var err *states.Error
		v, err = r.applyPath(s, t.ItemsPath, eff, eff)
		if err != nil {
			return nil, err
		}
	}
	items, ok := v.([]any)
	if !ok {
		return nil, runtimeError(t.Name, s.entered, "Map state input must be an array but was: %s", jsonv.String(v))
	}
	return items, nil
}

func (r *runner) mapConcurrency(ctx context.Context, t *asl.MapState, s *stateRun, eff any) (int, *states.Error) {
	if t.MaxConcurrencyExpr != nil {
		n, err := r.jsonataInteger(ctx, s, t.MaxConcurrencyExpr, r.jsonataEnv(s, statesVar{input: eff}), "MaxConcurrency", 0)
		return int(min(n, math.MaxInt32)), err
	}
	if t.MaxConcurrencyPath == nil {
		return t.MaxConcurrency, nil
	}
	v, err := r.applyPath(s, t.MaxConcurrencyPath, eff, eff)
	if err != nil {
		return 0, err
	}
	n, ok := integerValue(numericString(v, true))
	if !ok || n < 0 || n > math.MaxInt32 {
		return 0, runtimeError(t.Name, s.entered, "The MaxConcurrencyPath field refers to value \"%s\" which is not a valid integer: %s", valueText(v), t.MaxConcurrencyPath.String())
	}
	return int(n), nil
}

// jsonataItems evaluates a JSONata Map's Items, which default to the
// state's input; they must be an array.
func (r *runner) jsonataItems(ctx context.Context, t *asl.MapState, s *stateRun, input any) ([]any, *states.Error) {
	if t.Items == nil || t.Items.JSONata == nil {
		items, ok := input.([]any)
		if !ok {
			return nil, queryError(s, "Map state input must be an array but was: %s", jsonv.String(input))
		}
		return items, nil
	}
	v, err := r.jeval(ctx, s, t.Items, r.jsonataEnv(s, statesVar{input: input}), "Items", nil)
	if err != nil {
		return nil, err
	}
	items, ok := v.([]any)
	if !ok {
		if !t.Items.JSONata.IsExpression() {
			return nil, queryError(s, "Map state input must be an array but was: %s", jsonv.String(v))
		}
		return nil, queryError(s, "The JSONata expression '%s' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '%s' for value: %s", t.Items.JSONata.Expression(), jsonataType(v), jsonv.String(v))
	}
	return items, nil
}

// numericString returns v, or the JSON number a string v spells: AWS reads
// the value a limit path (MaxConcurrencyPath, ToleratedFailure*Path)
// selects as Java parses text, so a variable holding "1" means 1. With
// integer set only whole decimal numbers (optionally signed) are read, as
// Long.parseLong does; otherwise any finite decimal number.
func numericString(v any, integer bool) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	if integer {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return json.Number(strconv.FormatInt(n, 10))
		}
		return v
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return v
}

// runIterations runs the item processor over every item, at most maxConc at
// a time (0: no limit beyond the engine's goroutine bound). Results keep the
// item order. The first failure stops the other iterations.
func (r *runner) runIterations(ctx context.Context, t *asl.MapState, s *stateRun, eff any, items []any, maxConc, retryCount int) ([]any, *states.Error) {
	results := make([]any, len(items))
	ictx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		once     sync.Once
		firstErr *states.Error
	)
	iterate := func(i int) *states.Error {
		itemInput, err := r.selectItem(ctx, t, s, eff, i, items[i], retryCount)
		if err != nil {
			return err
		}
		r.x.hist.record("MapIterationStarted", "mapIterationStartedEventDetails", func() map[string]any { return map[string]any{"name": t.Name, "index": i} })
		out, err := r.machine(ictx, t.Processor, itemInput, &frame{parent: s.f})
		if err != nil {
			if err.Name != errAborted {
				r.x.hist.record("MapIterationFailed", "mapIterationFailedEventDetails", func() map[string]any { return map[string]any{"name": t.Name, "index": i} })
			}
			return err
		}
		r.x.hist.record("MapIterationSucceeded", "mapIterationSucceededEventDetails", func() map[string]any { return map[string]any{"name": t.Name, "index": i} })
		results[i] = out
		return nil
	}
	r.fanOut(ictx, len(items), maxConc, InlineMapConcurrency, func(i int) bool {
		err := iterate(i)
		if err == nil {
			return true
		}
		if err.Name != errAborted || ctx.Err() != nil {
			once.Do(func() { firstErr = err; cancel() })
		}
		return false
	})
	if firstErr != nil && firstErr.Name != errAborted {
		return nil, firstErr
	}
	if ctx.Err() != nil {
		return nil, &states.Error{Name: errAborted, Cause: "aborted"}
	}
	return results, nil
}

// fanOut calls work(i) for every i in [0, n), in index order, on at most
// maxConc goroutines (0: AWS's limit, limit) and never more than the
// engine's MaxGoroutines. A goroutine stops when work returns false; no new
// work starts once ctx is done. fanOut returns when all calls have.
func (r *runner) fanOut(ctx context.Context, n, maxConc, limit int, work func(i int) bool) {
	workers := limit
	if maxConc > 0 && maxConc < workers {
		workers = maxConc
	}
	workers = min(workers, r.eng.opts.MaxGoroutines, n)
	var next atomic.Int64
	r.eng.runAll(workers, func(int) {
		for {
			i := int(next.Add(1) - 1)
			if i >= n || ctx.Err() != nil || !work(i) {
				return
			}
		}
	})
}

// runAll runs work(0) ... work(n-1) on n goroutines and waits for them. The
// goroutines count as engine work for a virtual clock; the caller counts as
// waiting meanwhile.
func (e *Engine) runAll(n int, work func(i int)) {
	var (
		wg   sync.WaitGroup
		left atomic.Int64
	)
	left.Store(int64(n))
	for i := 0; i < n; i++ {
		wg.Add(1)
		e.begin()
		go func() {
			defer e.end()
			defer wg.Done()
			defer left.Add(-1)
			work(i)
		}()
	}
	e.await(func() bool { return left.Load() == 0 }, wg.Wait)
}
