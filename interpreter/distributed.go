package interpreter

import (
	"context"
	"fmt"
	"sync"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/distributed"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

// mapRun runs a Map state whose ProcessorConfig Mode is DISTRIBUTED: the
// items come from ItemsPath or an ItemReader, pass through ItemSelector
// and ItemBatcher, and each resulting input runs as a child execution of
// its own (its own context object, history and variables). Failures are
// counted against the tolerated failure threshold; a ResultWriter exports
// the results to S3.
func (r *runner) mapRun(ctx context.Context, t *asl.MapState, s *stateRun, eff any, retryCount int) (any, *states.Error) {
	call := distributed.Call{StateName: t.Name, ExecutionArn: r.x.ARN}
	items, err := r.distributedItems(ctx, t, s, eff, call)
	if err != nil {
		return nil, err
	}
	inputs := make([]any, len(items))
	for i, item := range items {
		v, err := r.selectItem(ctx, t, s, eff, i, item, retryCount)
		if err != nil {
			return nil, err
		}
		inputs[i] = v
	}
	// sizes[i] is how many items child i carries (batches carry several).
	var sizes []int
	if t.ItemBatcher != nil {
		if inputs, sizes, err = r.batch(ctx, t, s, eff, inputs); err != nil {
			return nil, err
		}
	}
	tol, err := r.tolerance(ctx, t, s, eff)
	if err != nil {
		return nil, err
	}
	maxConc, err := r.mapConcurrency(ctx, t, s, eff)
	if err != nil {
		return nil, err
	}

	o := r.eng.opts
	label := t.Label
	if label == "" {
		label = t.Name
	}
	runID := o.NewUUID()
	childMachine := r.x.machineName + "/" + label
	mapRunArn := fmt.Sprintf("arn:aws:states:%s:%s:mapRun:%s:%s", o.Region, o.Account, childMachine, runID)
	childSMArn := fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", o.Region, o.Account, childMachine)
	r.x.hist.add(0, "MapRunStarted", "mapRunStartedEventDetails", map[string]any{"mapRunArn": mapRunArn})

	run := &mapRunState{
		r: r, t: t, tol: tol, total: len(items), sizes: sizes,
		smArn: childSMArn, machine: childMachine, inputs: inputs,
		results: make([]distributed.ChildResult, len(inputs)),
	}
	runErr := run.execute(ctx, maxConc)
	if runErr != nil && runErr.Name == errAborted {
		return nil, runErr
	}

	var out any
	if w := t.ResultWriter; w != nil {
		out, err = r.writeResults(ctx, t, s, eff, call, mapRunArn, run.results)
		if err != nil {
			r.x.hist.add(0, "MapRunFailed", "mapRunFailedEventDetails", errorDetails(err))
			return nil, err
		}
	}
	if runErr != nil {
		r.x.hist.add(0, "MapRunFailed", "mapRunFailedEventDetails", errorDetails(runErr))
		return nil, runErr
	}
	r.x.hist.add(0, "MapRunSucceeded", "", nil)
	if out == nil {
		outputs := make([]any, len(run.results))
		for i, c := range run.results {
			if c.Status == distributed.StatusSucceeded {
				outputs[i] = c.Output
			} else {
				outputs[i] = map[string]any{"Error": c.Error, "Cause": c.Cause}
			}
		}
		out = outputs
	}
	return out, nil
}

// distributedItems reads the items from the ItemReader, or selects them
// with ItemsPath.
func (r *runner) distributedItems(ctx context.Context, t *asl.MapState, s *stateRun, eff any, call distributed.Call) ([]any, *states.Error) {
	ir := t.ItemReader
	if ir == nil {
		return r.mapItems(ctx, t, s, eff)
	}
	params, err := r.evalField(ctx, s, ir.Parameters, eff, "ItemReader/Arguments", map[string]any{})
	if err != nil {
		return nil, err
	}
	cfg := distributed.ReaderConfig{
		InputType:         ir.InputType,
		CSVHeaderLocation: ir.CSVHeaderLocation,
		CSVHeaders:        ir.CSVHeaders,
		CSVDelimiter:      ir.CSVDelimiter,
		MaxItems:          ir.MaxItems,
		Call:              call,
	}
	if ir.MaxItemsExpr != nil {
		n, err := r.jsonataInteger(ctx, s, ir.MaxItemsExpr, r.jsonataEnv(s, statesVar{input: eff}), "ItemReader/ReaderConfig/MaxItems", 0)
		if err != nil {
			return nil, err
		}
		cfg.MaxItems = int(min(n, distributed.MaxItemsLimit))
	}
	if ir.MaxItemsPath != nil {
		v, err := r.applyPath(s, ir.MaxItemsPath, eff, eff)
		if err != nil {
			return nil, err
		}
		n, perr := distributed.MaxItemsFromPath(v, ir.MaxItemsPath.String())
		if perr != nil {
			return nil, s.evalError(perr)
		}
		cfg.MaxItems = n
	}
	items, rerr := distributed.ReadItems(ctx, r.eng.opts.Integrations, cfg, ir.Resource, params)
	if rerr != nil {
		if ctx.Err() != nil {
			return nil, &states.Error{Name: errAborted, Cause: "aborted"}
		}
		return nil, s.evalError(rerr)
	}
	return items, nil
}

// selectItem applies ItemSelector (or the legacy Parameters) to item i.
func (r *runner) selectItem(ctx context.Context, t *asl.MapState, s *stateRun, eff any, i int, item any, retryCount int) (any, *states.Error) {
	if s.isJSONata() {
		if t.ItemSelector == nil {
			return item, nil
		}
		env := r.jsonataEnv(s, statesVar{input: eff, mapItem: &mapItem{index: i, value: item}})
		return r.jeval(ctx, s, t.ItemSelector, env, "ItemSelector", item)
	}
	if t.ItemSelector == nil || t.ItemSelector.Template == nil {
		return item, nil
	}
	ev := s.env(r, eff)
	ev.retryCount = retryCount
	ev.mapItem = &mapItem{index: i, value: item}
	v, err := t.ItemSelector.Template.Eval(ev)
	if err != nil {
		return nil, s.evalError(err)
	}
	return v, nil
}

// batch groups the selected items as the ItemBatcher says; sizes counts
// the items of each batch.
func (r *runner) batch(ctx context.Context, t *asl.MapState, s *stateRun, eff any, items []any) (batches []any, sizes []int, err *states.Error) {
	b := t.ItemBatcher
	cfg := distributed.BatcherConfig{MaxItemsPerBatch: b.MaxItemsPerBatch, MaxInputBytesPerBatch: b.MaxInputBytesPerBatch}
	limit := func(p *path.Path, field string, dst *int) *states.Error {
		if p == nil {
			return nil
		}
		v, err := r.applyPath(s, p, eff, eff)
		if err != nil {
			return err
		}
		n, lerr := distributed.BatchLimitFromPath(field, v, p.String())
		if lerr != nil {
			return s.evalError(lerr)
		}
		*dst = n
		return nil
	}
	if err := limit(b.MaxItemsPerBatchPath, "MaxItemsPerBatchPath", &cfg.MaxItemsPerBatch); err != nil {
		return nil, nil, err
	}
	if err := limit(b.MaxInputBytesPerBatchPath, "MaxInputBytesPerBatchPath", &cfg.MaxInputBytesPerBatch); err != nil {
		return nil, nil, err
	}
	for _, f := range []struct {
		expr  *asl.Expr
		field string
		dst   *int
	}{
		{b.MaxItemsPerBatchExpr, "ItemBatcher/MaxItemsPerBatch", &cfg.MaxItemsPerBatch},
		{b.MaxInputBytesPerBatchExpr, "ItemBatcher/MaxInputBytesPerBatch", &cfg.MaxInputBytesPerBatch},
	} {
		if f.expr == nil {
			continue
		}
		n, err := r.jsonataInteger(ctx, s, f.expr, r.jsonataEnv(s, statesVar{input: eff}), f.field, 0)
		if err != nil {
			return nil, nil, err
		}
		*f.dst = int(n)
	}
	if b.BatchInput != nil {
		v, err := r.evalField(ctx, s, b.BatchInput, eff, "ItemBatcher/BatchInput", nil)
		if err != nil {
			return nil, nil, err
		}
		cfg.BatchInput = v
	}
	batches, berr := distributed.Batch(items, cfg)
	if berr != nil {
		return nil, nil, s.evalError(berr)
	}
	sizes = make([]int, len(batches))
	for i, bt := range batches {
		if m, ok := bt.(map[string]any); ok {
			if a, ok := m["Items"].([]any); ok {
				sizes[i] = len(a)
			}
		}
	}
	return batches, sizes, nil
}

// tolerance resolves ToleratedFailureCount and ToleratedFailurePercentage
// and their Path forms.
func (r *runner) tolerance(ctx context.Context, t *asl.MapState, s *stateRun, eff any) (distributed.Tolerance, *states.Error) {
	tol := distributed.Tolerance{
		Count: t.ToleratedFailureCount, HasCount: t.HasToleratedFailureCount,
		Percentage: t.ToleratedFailurePercentage, HasPercentage: t.HasToleratedFailurePercentage,
	}
	if s.isJSONata() {
		env := r.jsonataEnv(s, statesVar{input: eff})
		if t.ToleratedFailureCountExpr != nil {
			n, err := r.jsonataInteger(ctx, s, t.ToleratedFailureCountExpr, env, "ToleratedFailureCount", 0)
			if err != nil {
				return tol, err
			}
			tol.Count = int(n)
		}
		if e := t.ToleratedFailurePercentageExpr; e != nil {
			v, err := r.jeval(ctx, s, e, env, "ToleratedFailurePercentage", nil)
			if err != nil {
				return tol, err
			}
			f, ok := jsonv.Float(v)
			if !ok || f < 0 || f > 100 {
				return tol, queryError(s, "The JSONata expression '%s' specified for the field 'ToleratedFailurePercentage' returned an unexpected result type. Expected 'number', but was '%s' for value: %s", e.JSONata.Expression(), jsonataType(v), jsonv.String(v))
			}
			tol.Percentage = f
		}
		return tol, nil
	}
	if p := t.ToleratedFailureCountPath; p != nil {
		v, err := r.applyPath(s, p, eff, eff)
		if err != nil {
			return tol, err
		}
		n, cerr := distributed.ToleratedFailureCountFromPath(numericString(v, true), p.String())
		if cerr != nil {
			return tol, s.evalError(cerr)
		}
		tol.Count, tol.HasCount = n, true
	}
	if p := t.ToleratedFailurePercentagePath; p != nil {
		v, err := r.applyPath(s, p, eff, eff)
		if err != nil {
			return tol, err
		}
		f, perr := distributed.ToleratedFailurePercentageFromPath(numericString(v, false), p.String())
		if perr != nil {
			return tol, s.evalError(perr)
		}
		tol.Percentage, tol.HasPercentage = f, true
	}
	return tol, nil
}

// writeResults exports the Map Run's results as the ResultWriter says and
// returns the Map state's result.
func (r *runner) writeResults(ctx context.Context, t *asl.MapState, s *stateRun, eff any, call distributed.Call, mapRunArn string, results []distributed.ChildResult) (any, *states.Error) {
	w := t.ResultWriter
	cfg := distributed.WriterConfig{Call: call}
	cfg.OutputType, _ = w.Config["OutputType"].(string)
	cfg.Transformation, _ = w.Config["Transformation"].(string)
	if w.Resource == "" {
		out, err := distributed.FormatResults(results, cfg.Transformation)
		if err != nil {
			return nil, s.evalError(err)
		}
		return out, nil
	}
	params, perr := r.evalField(ctx, s, w.Parameters, eff, "ResultWriter/Arguments", map[string]any{})
	if perr != nil {
		return nil, perr
	}
	out, err := distributed.WriteResults(ctx, r.eng.opts.Integrations, cfg, w.Resource, params, mapRunArn, results)
	if err != nil {
		if ctx.Err() != nil {
			return nil, &states.Error{Name: errAborted, Cause: "aborted"}
		}
		return nil, s.evalError(err)
	}
	return out, nil
}

// mapRunState is one Map Run: its child inputs and what became of them.
type mapRunState struct {
	r       *runner
	t       *asl.MapState
	tol     distributed.Tolerance
	total   int   // items (not batches), for the failure percentage
	sizes   []int // items per child when batching; nil otherwise
	smArn   string
	machine string
	inputs  []any
	results []distributed.ChildResult
}

// execute runs the children, at most maxConc at a time (0: the engine's
// goroutine bound). Once the failures exceed the threshold the remaining
// children are not started (PENDING) and running ones are aborted.
func (m *mapRunState) execute(ctx context.Context, maxConc int) *states.Error {
	for i := range m.results {
		m.results[i] = distributed.ChildResult{Status: distributed.StatusPending, Input: m.inputs[i]}
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		failed   int
		exceeded bool
	)
	m.r.fanOut(rctx, len(m.inputs), maxConc, DistributedMapConcurrency, func(i int) bool {
		res := m.child(rctx, i)
		mu.Lock()
		defer mu.Unlock()
		m.results[i] = res
		if res.Status != distributed.StatusSucceeded && res.Status != distributed.StatusAborted {
			failed += m.itemsOf(i)
			if !exceeded && m.tol.Exceeded(m.total, failed) {
				exceeded = true
				cancel()
			}
		}
		return true
	})
	if ctx.Err() != nil {
		return &states.Error{Name: errAborted, Cause: "aborted"}
	}
	if exceeded {
		return distributed.ExceededError()
	}
	return nil
}

func (m *mapRunState) itemsOf(i int) int {
	if m.sizes == nil {
		return 1
	}
	return m.sizes[i]
}

// child runs child execution i to its end.
func (m *mapRunState) child(ctx context.Context, i int) distributed.ChildResult {
	r, o := m.r, m.r.eng.opts
	name := o.NewUUID()
	arn := fmt.Sprintf("arn:aws:states:%s:%s:execution:%s:%s", o.Region, o.Account, m.machine, name)
	x := newExecutionAt(r.eng, nil, m.inputs[i], name, arn, m.smArn, m.machine)
	x.hist.addIO("ExecutionStarted", "executionStartedEventDetails", ioDetails{value: x.input, roleArn: o.RoleArn})
	cr := &runner{x: x, eng: r.eng}
	out, err := cr.machine(ctx, m.t.Processor, x.input, cr.rootFrame())
	r.x.transitions.Add(x.transitions.Load())
	res := distributed.ChildResult{
		ExecutionArn: arn, Name: name, StateMachineArn: m.smArn, Input: x.input,
		StartDate: x.startTime, StopDate: r.eng.now(),
	}
	switch {
	case err == nil:
		res.Status, res.Output = distributed.StatusSucceeded, out
	case err.Name == errAborted || ctx.Err() != nil:
		res.Status = distributed.StatusAborted
	default:
		res.Status, res.Error, res.Cause = distributed.StatusFailed, err.Name, err.Cause
	}
	return res
}
