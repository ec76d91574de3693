package jsonata

import (
	"math"
	"time"
)

// frame is a scope of variable bindings.
type frame struct {
	parent *frame
	names  []string
	vals   []any
}

func newFrame(parent *frame) *frame { return &frame{parent: parent} }

func (f *frame) bind(name string, v any) {
	for i, n := range f.names {
		if n == name {
			f.vals[i] = v
			return
		}
	}
	f.names = append(f.names, name)
	f.vals = append(f.vals, v)
}

// lookup finds a binding in this frame or an enclosing one.
func (f *frame) lookup(name string) (any, bool) {
	for ; f != nil; f = f.parent {
		for i := len(f.names) - 1; i >= 0; i-- {
			if f.names[i] == name {
				return f.vals[i], true
			}
		}
	}
	return nil, false
}

// evaluator holds the state of one evaluation.
type evaluator struct {
	budget
	builtins map[string]*builtin
	depth    int
	maxDepth int
	now      time.Time

	dates *dateCache // analysed date/time pictures
}

// dateCache holds the date/time pictures an evaluation has analysed, by
// picture.
type dateCache struct {
	pictures map[string][]*picturePart
	parsers  map[string]*dateParser
}

// lookupVar resolves a variable: bindings first, then the built-in functions.
func (ev *evaluator) lookupVar(env *frame, name string) any {
	if v, ok := env.lookup(name); ok {
		return v
	}
	if b := ev.builtins[name]; b != nil {
		return b
	}
	return Undefined
}

// eval evaluates an expression node against the input (the context value).
func (ev *evaluator) eval(n *node, input any, env *frame) (any, error) {
	ev.depth++
	if ev.depth > ev.maxDepth {
		ev.depth--
		return nil, newError(codeStackOverflow).at(n.pos)
	}
	if err := ev.step(); err != nil {
		ev.depth--
		return nil, err
	}
	result, err := ev.evalNode(n, input, env)
	if err == nil && n.predicate != nil {
		for _, st := range n.predicate {
			if result, err = ev.evalFilter(st.expr, result, env); err != nil {
				break
			}
		}
	}
	if err == nil && n.kind != kPath && n.group != nil {
		result, err = ev.evalGroup(n.group.pairs, n.group.pos, result, env)
	}
	ev.depth--
	if err != nil {
		return nil, err
	}
	if a, ok := result.(*array); ok && a.seq && !a.tupleStream {
		if n.keepArray {
			a.keepSingleton = true
		}
		switch len(a.items) {
		case 0:
			return Undefined, nil
		case 1:
			if !a.keepSingleton {
				return a.items[0], nil
			}
		}
	}
	return result, nil
}

func (ev *evaluator) evalNode(n *node, input any, env *frame) (any, error) {
	switch n.kind {
	case kPath:
		return ev.evalPath(n, input, env)
	case kBinary:
		return ev.evalBinary(n, input, env)
	case kNegate:
		v, err := ev.eval(n.lhs, input, env)
		if err != nil {
			return nil, err
		}
		if isUndefined(v) {
			return Undefined, nil
		}
		ok, err := isNumeric(v)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, newError("D1002").at(n.pos).withToken("-").withValue(v)
		}
		f, _ := toNumber(v)
		return -f, nil
	case kArray:
		return ev.evalArray(n, input, env)
	case kObject:
		return ev.evalGroup(n.pairs, n.pos, input, env)
	case kName:
		return ev.lookupField(input, n.str)
	case kString:
		return n.str, nil
	case kNumber:
		return n.num, nil
	case kValue:
		return n.val, nil
	case kWildcard:
		return ev.evalWildcard(input)
	case kDescendant:
		return ev.evalDescendants(input)
	case kParent:
		if v, ok := env.lookup(n.slot.label); ok {
			return v, nil
		}
		return Undefined, nil
	case kCondition:
		c, err := ev.eval(n.cond, input, env)
		if err != nil {
			return nil, err
		}
		b, err := ev.truth(c)
		if err != nil {
			return nil, err
		}
		if b {
			return ev.eval(n.then, input, env)
		}
		if n.els != nil {
			return ev.eval(n.els, input, env)
		}
		return Undefined, nil
	case kCoalesce:
		v, err := ev.eval(n.lhs, input, env)
		if err != nil {
			return nil, err
		}
		if !isUndefined(v) {
			return v, nil
		}
		return ev.eval(n.rhs, input, env)
	case kElvis:
		v, err := ev.eval(n.lhs, input, env)
		if err != nil {
			return nil, err
		}
		// ?: comes from JSONata 2.2, where functions are false
		b, err := ev.truth(v)
		if err != nil {
			return nil, err
		}
		if b && !isFunction(v) {
			return v, nil
		}
		return ev.eval(n.rhs, input, env)
	case kBlock:
		f := newFrame(env)
		var result any = Undefined
		for _, e := range n.items {
			var err error
			if result, err = ev.eval(e, input, f); err != nil {
				return nil, err
			}
		}
		return result, nil
	case kBind:
		v, err := ev.eval(n.rhs, input, env)
		if err != nil {
			return nil, err
		}
		env.bind(n.str, v)
		return v, nil
	case kRegex:
		return n.re, nil
	case kFunction:
		return ev.evalFunction(n, input, env, nil)
	case kVariable:
		if n.str == "" {
			if a, ok := input.(*array); ok && a.outerWrapper {
				if len(a.items) > 0 {
					return a.items[0], nil
				}
				return Undefined, nil
			}
			return input, nil
		}
		return ev.lookupVar(env, n.str), nil
	case kLambda:
		return &lambda{params: n.params, body: n.body, sig: n.sig, input: input, env: env, thunk: n.thunk}, nil
	case kPartial:
		return ev.evalPartial(n, input, env)
	case kApply:
		return ev.evalApply(n, input, env)
	case kTransform:
		return ev.transformer(n, env), nil
	case kSort:
		// a sort step is only evaluated within a path
		items, _ := arrayItems(input)
		return ev.evalSort(n, &array{seq: true, items: items}, env)
	}
	return Undefined, nil
}

// lookupField is jsonata-js fn.lookup: field access that maps over arrays.
func (ev *evaluator) lookupField(input any, key string) (any, error) {
	return ev.lookupFieldAt(input, key, 0)
}

func (ev *evaluator) lookupFieldAt(input any, key string, depth int) (any, error) {
	switch v := input.(type) {
	case map[string]any:
		if r, ok := v[key]; ok {
			return r, nil
		}
		return Undefined, nil
	case *object:
		if r, ok := v.vals[key]; ok {
			return r, nil
		}
		return Undefined, nil
	case []any:
		return ev.lookupFieldItems(v, key, depth)
	case *array:
		return ev.lookupFieldItems(v.items, key, depth)
	}
	return Undefined, nil
}

func (ev *evaluator) lookupFieldItems(items []any, key string, depth int) (any, error) {
	if depth > maxValueDepth {
		return nil, newError(codeStackOverflow)
	}
	if err := ev.scan(len(items)); err != nil {
		return nil, err
	}
	result := newSeq()
	for _, it := range items {
		res, err := ev.lookupFieldAt(it, key, depth+1)
		if err != nil {
			return nil, err
		}
		if isUndefined(res) {
			continue
		}
		if sub, ok := arrayItems(res); ok {
			if err := ev.alloc(len(sub)); err != nil {
				return nil, err
			}
			result.items = append(result.items, sub...)
		} else {
			result.items = append(result.items, res)
		}
	}
	return result, nil
}

func (ev *evaluator) evalWildcard(input any) (any, error) {
	results := any(newSeq())
	if a, ok := input.(*array); ok && a.outerWrapper && len(a.items) > 0 {
		input = a.items[0]
	}
	var values []any
	switch {
	case isObject(input):
		if err := ev.alloc(objectLen(input)); err != nil {
			return nil, err
		}
		keys, err := ev.sortedKeys(input)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			v, _ := objectGet(input, k)
			values = append(values, v)
		}
	case isArray(input):
		// an array is an object whose keys are its indexes (and, for a
		// sequence, its enumerable 'sequence' flag)
		values, _ = arrayItems(input)
		if isSequence(input) {
			values = append(append([]any(nil), values...), true)
		}
	default:
		return results, nil
	}
	// jsonata-js appends each flattened array to the results (a copy per
	// array); the results are built in one slice here
	var out []any
	seqResult := true
	for _, v := range values {
		if isArray(v) {
			flat, err := ev.flatten(v, nil, 0)
			if err != nil {
				return nil, err
			}
			// fn.append turns the sequence into a plain array
			seqResult = false
			out = append(out, flat...)
		} else {
			if err := ev.alloc(1); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	if seqResult {
		return &array{seq: true, items: out}, nil
	}
	if out == nil {
		out = []any{}
	}
	return out, nil
}

func (ev *evaluator) flatten(v any, out []any, depth int) ([]any, error) {
	if depth > maxValueDepth {
		return nil, newError(codeStackOverflow)
	}
	if out == nil {
		out = []any{}
	}
	if items, ok := arrayItems(v); ok {
		for _, it := range items {
			var err error
			if out, err = ev.flatten(it, out, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	if err := ev.alloc(1); err != nil {
		return nil, err
	}
	return append(out, v), nil
}

func (ev *evaluator) evalDescendants(input any) (any, error) {
	if isUndefined(input) {
		return Undefined, nil
	}
	seq := newSeq()
	if err := ev.recurseDescendants(input, seq, 0); err != nil {
		return nil, err
	}
	if len(seq.items) == 1 {
		return seq.items[0], nil
	}
	return seq, nil
}

func (ev *evaluator) recurseDescendants(input any, results *array, depth int) error {
	if depth > maxValueDepth {
		return newError(codeStackOverflow)
	}
	if items, ok := arrayItems(input); ok {
		for _, it := range items {
			if err := ev.recurseDescendants(it, results, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := ev.alloc(1); err != nil {
		return err
	}
	results.items = append(results.items, input)
	if isObject(input) {
		keys, err := ev.sortedKeys(input)
		if err != nil {
			return err
		}
		for _, k := range keys {
			v, _ := objectGet(input, k)
			if err := ev.recurseDescendants(v, results, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// stepItems returns what jsonata-js iterates over when a step's input is v:
// the items of an array, the UTF-16 code units of a string, nothing otherwise.
func (ev *evaluator) stepItems(v any) ([]any, error) {
	switch x := v.(type) {
	case []any:
		return x, nil
	case *array:
		return x.items, nil
	case string:
		n := utf16Len(x)
		if err := ev.alloc(n); err != nil {
			return nil, err
		}
		if err := ev.newString(n); err != nil {
			return nil, err
		}
		units := utf16Units(x)
		out := make([]any, len(units))
		for i, u := range units {
			out[i] = unitsToString([]uint16{u})
		}
		return out, nil
	}
	return nil, nil
}

func (ev *evaluator) evalPath(n *node, input any, env *frame) (any, error) {
	if v, ok := ev.fieldFastPath(n, input); ok {
		return v, nil
	}
	var inputSeq any
	if isArray(input) && n.items[0].kind != kVariable {
		inputSeq = input
	} else {
		inputSeq = newSeq(input)
	}
	var result any = Undefined
	isTupleStream := false
	var tupleBindings *array
	last := len(n.items) - 1
	for i, step := range n.items {
		if step.tuple {
			isTupleStream = true
		}
		var err error
		switch {
		case i == 0 && step.consArray:
			result, err = ev.eval(step, inputSeq, env)
		case isTupleStream:
			var items []any
			if items, err = ev.stepItems(inputSeq); err == nil {
				tupleBindings, err = ev.evalTupleStep(step, items, tupleBindings, env)
			}
		default:
			result, err = ev.evalStep(step, inputSeq, env, i == last)
		}
		if err != nil {
			return nil, err
		}
		if !isTupleStream {
			if isUndefined(result) {
				break
			}
			if items, ok := arrayItems(result); ok && len(items) == 0 {
				break
			}
		}
		if !step.hasFocus {
			inputSeq = result
		}
	}
	if isTupleStream {
		if n.tuple {
			result = tupleBindings
		} else {
			seq := newSeq()
			seq.items = make([]any, 0, len(tupleBindings.items))
			for _, t := range tupleBindings.items {
				seq.items = append(seq.items, t.(*tuple).get("@"))
			}
			result = seq
		}
	}
	if n.keepSingletonArray {
		if a, ok := result.(*array); ok && a.cons && !a.seq {
			result = newSeq(a)
		}
		if a, ok := result.(*array); ok {
			a.keepSingleton = true
		}
	}
	if n.group != nil {
		var in any = result
		if isTupleStream {
			in = tupleBindings
		}
		return ev.evalGroup(n.group.pairs, n.group.pos, in, env)
	}
	return result, nil
}

// fieldFastPath evaluates the commonest path, a single field name applied
// to a non-array value, without building sequences. It gives the same
// result as the general path evaluation.
func (ev *evaluator) fieldFastPath(n *node, input any) (any, bool) {
	if len(n.items) != 1 || n.keepSingletonArray || n.group != nil || n.tuple {
		return nil, false
	}
	step := n.items[0]
	if step.kind != kName || step.stages != nil || step.predicate != nil || step.group != nil || step.tuple || step.keepArray {
		return nil, false
	}
	var v any
	switch o := input.(type) {
	case map[string]any:
		r, ok := o[step.str]
		if !ok {
			return Undefined, true
		}
		v = r
	case *object:
		r, ok := o.vals[step.str]
		if !ok {
			return Undefined, true
		}
		v = r
	case []any, *array:
		return nil, false
	default:
		return Undefined, true
	}
	if a, ok := v.(*array); ok && a.seq {
		return nil, false
	}
	return v, true
}

func (ev *evaluator) evalStep(step *node, inputSeq any, env *frame, lastStep bool) (any, error) {
	if step.kind == kSort {
		result, err := ev.evalSort(step, inputSeq, env)
		if err != nil {
			return nil, err
		}
		if step.stages != nil {
			return ev.evalStages(step.stages, result, env)
		}
		return result, nil
	}
	input, err := ev.stepItems(inputSeq)
	if err != nil {
		return nil, err
	}
	results := make([]any, 0, len(input))
	for _, item := range input {
		res, err := ev.eval(step, item, env)
		if err != nil {
			return nil, err
		}
		for _, st := range step.stages {
			if res, err = ev.evalFilter(st.expr, res, env); err != nil {
				return nil, err
			}
		}
		if !isUndefined(res) {
			results = append(results, res)
		}
	}
	if lastStep && len(results) == 1 {
		if isArray(results[0]) && !isSequence(results[0]) {
			return results[0], nil
		}
	}
	out := &array{seq: true, items: make([]any, 0, len(results))}
	for _, res := range results {
		switch r := res.(type) {
		case []any:
			if err := ev.alloc(len(r)); err != nil {
				return nil, err
			}
			out.items = append(out.items, r...)
		case *array:
			if err := ev.alloc(len(r.items)); err != nil {
				return nil, err
			}
			if r.cons {
				out.items = append(out.items, r)
			} else {
				out.items = append(out.items, r.items...)
			}
		default:
			if err := ev.alloc(1); err != nil {
				return nil, err
			}
			out.items = append(out.items, res)
		}
	}
	return out, nil
}

func (ev *evaluator) evalStages(stages []*stage, input any, env *frame) (any, error) {
	result := input
	for _, st := range stages {
		if st.isIndex {
			items, _ := arrayItems(result)
			for i, t := range items {
				if tp, ok := t.(*tuple); ok {
					tp.set(st.name, float64(i))
				}
			}
			continue
		}
		var err error
		if result, err = ev.evalFilter(st.expr, result, env); err != nil {
			return nil, err
		}
	}
	return result, nil
}

func frameFromTuple(env *frame, t *tuple) *frame {
	f := &frame{parent: env, names: append([]string(nil), t.names...), vals: append([]any(nil), t.vals...)}
	return f
}

func (ev *evaluator) evalTupleStep(step *node, input []any, tupleBindings *array, env *frame) (*array, error) {
	if step.kind == kSort {
		var result *array
		if tupleBindings != nil {
			sorted, err := ev.evalSort(step, tupleBindings, env)
			if err != nil {
				return nil, err
			}
			result = toTupleArray(sorted)
		} else {
			sorted, err := ev.evalSort(step, &array{seq: true, items: input}, env)
			if err != nil {
				return nil, err
			}
			items, _ := arrayItems(sorted)
			if err := ev.alloc(len(items)); err != nil {
				return nil, err
			}
			result = &array{seq: true, tupleStream: true}
			for i, v := range items {
				t := &tuple{}
				t.set("@", v)
				if step.index != "" {
					t.set(step.index, float64(i))
				}
				result.items = append(result.items, t)
			}
		}
		if step.stages != nil {
			r, err := ev.evalStages(step.stages, result, env)
			if err != nil {
				return nil, err
			}
			return toTupleArray(r), nil
		}
		return result, nil
	}
	result := &array{seq: true, tupleStream: true}
	if tupleBindings == nil {
		if err := ev.alloc(len(input)); err != nil {
			return nil, err
		}
		tupleBindings = &array{seq: true, tupleStream: true}
		for _, item := range input {
			t := &tuple{}
			t.set("@", item)
			tupleBindings.items = append(tupleBindings.items, t)
		}
	}
	for _, tb := range tupleBindings.items {
		tbt := tb.(*tuple)
		stepEnv := frameFromTuple(env, tbt)
		ctx := tbt.get("@")
		res, err := ev.eval(step, ctx, stepEnv)
		if err != nil {
			return nil, err
		}
		if isUndefined(res) {
			continue
		}
		resItems, isArr := arrayItems(res)
		resTuples := false
		if a, ok := res.(*array); ok && a.tupleStream {
			resTuples = true
		}
		if !isArr {
			resItems = []any{res}
		}
		// each result is a copy of the tuple with its bindings
		if err := ev.alloc(len(resItems) * (len(tbt.names) + 1)); err != nil {
			return nil, err
		}
		for bb, r := range resItems {
			t := tbt.clone()
			if resTuples {
				if rt, ok := r.(*tuple); ok {
					t.assign(rt)
				}
			} else {
				if step.focus != "" {
					t.set(step.focus, r)
					t.set("@", ctx)
				} else {
					t.set("@", r)
				}
				if step.index != "" {
					t.set(step.index, float64(bb))
				}
				if step.ancestor != nil {
					t.set(step.ancestor.label, ctx)
				}
			}
			result.items = append(result.items, t)
		}
	}
	if step.stages != nil {
		r, err := ev.evalStages(step.stages, result, env)
		if err != nil {
			return nil, err
		}
		return toTupleArray(r), nil
	}
	return result, nil
}

func toTupleArray(v any) *array {
	if a, ok := v.(*array); ok {
		return a
	}
	items, _ := arrayItems(v)
	return &array{seq: true, tupleStream: true, items: items}
}

func (ev *evaluator) evalFilter(pred *node, input any, env *frame) (any, error) {
	results := &array{seq: true}
	inArr, _ := input.(*array)
	isTuples := inArr != nil && inArr.tupleStream
	if isTuples {
		results.tupleStream = true
	}
	items, ok := arrayItems(input)
	if !ok {
		items = []any{input}
	}
	if pred.kind == kNumber {
		index := toIndex(pred.num, len(items))
		if index >= 0 && index < len(items) {
			item := items[index]
			if !isUndefined(item) {
				if isArray(item) {
					return item, nil
				}
				results.items = append(results.items, item)
			}
		}
		return results, nil
	}
	for index, item := range items {
		context, fenv := item, env
		if isTuples {
			t := item.(*tuple)
			context = t.get("@")
			fenv = frameFromTuple(env, t)
		}
		res, err := ev.eval(pred, context, fenv)
		if err != nil {
			return nil, err
		}
		num, err := isNumeric(res)
		if err != nil {
			return nil, err
		}
		if num {
			f, _ := toNumber(res)
			if toIndex(f, len(items)) == index {
				results.items = append(results.items, item)
			}
			continue
		}
		if ri, ok := arrayItems(res); ok {
			if err := ev.scan(len(ri)); err != nil {
				return nil, err
			}
		}
		nums, err := isArrayOfNumbers(res)
		if err != nil {
			return nil, err
		}
		if nums {
			ri, _ := arrayItems(res)
			for _, ires := range ri {
				f, _ := toNumber(ires)
				if toIndex(f, len(items)) == index {
					results.items = append(results.items, item)
				}
			}
		} else if b, err := ev.truth(res); err != nil {
			return nil, err
		} else if b {
			results.items = append(results.items, item)
		}
	}
	return results, nil
}

// toIndex converts an array index (negative counts from the end) to a slice
// index; out-of-range values map to -1.
func toIndex(f float64, n int) int {
	f = math.Floor(f)
	if f < 0 {
		f += float64(n)
	}
	if f < 0 || f >= float64(n) {
		return -1
	}
	return int(f)
}

func (ev *evaluator) evalArray(n *node, input any, env *frame) (any, error) {
	result := make([]any, 0, len(n.items))
	for _, item := range n.items {
		v, err := ev.eval(item, input, env)
		if err != nil {
			return nil, err
		}
		if isUndefined(v) {
			continue
		}
		if item.kind == kArray {
			result = append(result, v)
		} else if items, ok := arrayItems(v); ok {
			if len(n.items) == 1 {
				// the only item: use its items without copying them
				// (arrays are never modified in place)
				result = items[:len(items):len(items)]
				break
			}
			if err := ev.alloc(len(items)); err != nil {
				return nil, err
			}
			result = append(result, items...)
		} else {
			result = append(result, v)
		}
	}
	if n.consArray {
		return &array{items: result, cons: true}, nil
	}
	return result, nil
}

// evalGroup evaluates an object constructor over the input (grouping when
// the input is a sequence).
func (ev *evaluator) evalGroup(pairs [][2]*node, pos int, input any, env *frame) (any, error) {
	type entry struct {
		data      accumulator
		exprIndex int
	}
	if err := ev.allocObject(0); err != nil {
		return nil, err
	}
	result := newObject(len(pairs))
	// the groups in the order of their keys' first occurrence
	groups := make(map[string]int, len(pairs))
	entries := make([]entry, 0, len(pairs))
	order := make([]string, 0, len(pairs))
	inArr, _ := input.(*array)
	reduce := inArr != nil && inArr.tupleStream
	items, ok := arrayItems(input)
	if !ok {
		items = []any{input}
	}
	if len(items) == 0 && !reduce {
		items = []any{Undefined}
	}
	for _, item := range items {
		genv := env
		context := item
		if reduce {
			t := item.(*tuple)
			genv = frameFromTuple(env, t)
			context = t.get("@")
		}
		for pairIndex, pair := range pairs {
			key, err := ev.eval(pair[0], context, genv)
			if err != nil {
				return nil, err
			}
			if isUndefined(key) {
				continue
			}
			ks, isStr := key.(string)
			if !isStr {
				return nil, newError("T1003").at(pos).withValue(key)
			}
			if i, exists := groups[ks]; exists {
				g := &entries[i]
				if g.exprIndex != pairIndex {
					return nil, newError("D1009").at(pos).withValue(ks)
				}
				if err := g.data.add(ev, item); err != nil {
					return nil, err
				}
			} else {
				if err := ev.alloc(1); err != nil {
					return nil, err
				}
				groups[ks] = len(entries)
				entries = append(entries, entry{data: accumulator{data: item}, exprIndex: pairIndex})
				order = append(order, ks)
			}
		}
	}
	for i, key := range order {
		g := &entries[i]
		context := g.data.value()
		genv := env
		if reduce {
			t, err := ev.reduceTupleStream(context)
			if err != nil {
				return nil, err
			}
			context = t.get("@")
			t.del("@")
			genv = frameFromTuple(env, t)
		}
		v, err := ev.eval(pairs[g.exprIndex][1], context, genv)
		if err != nil {
			return nil, err
		}
		if !isUndefined(v) {
			result.set(key, v)
		}
	}
	return result, nil
}

// accumulator is a value that grows by fn.append (appendValues): it is
// the first value itself until a second one is added, then a plain array
// of their items. The array is owned and grown in place, where repeated
// appendValues would copy it each time.
type accumulator struct {
	data any
	acc  []any // not nil once owned
}

func (a *accumulator) add(ev *evaluator, v any) error {
	if isUndefined(v) {
		return nil
	}
	if a.acc == nil {
		if isUndefined(a.data) {
			a.data = v
			return nil
		}
		if items, ok := arrayItems(a.data); ok {
			a.acc = append(make([]any, 0, len(items)+2), items...)
		} else {
			a.acc = append(make([]any, 0, 2), a.data)
		}
		if err := ev.alloc(len(a.acc)); err != nil {
			return err
		}
	}
	if items, ok := arrayItems(v); ok {
		if err := ev.alloc(len(items)); err != nil {
			return err
		}
		a.acc = append(a.acc, items...)
	} else {
		if err := ev.alloc(1); err != nil {
			return err
		}
		a.acc = append(a.acc, v)
	}
	return nil
}

func (a *accumulator) value() any {
	if a.acc != nil {
		return a.acc
	}
	return a.data
}

// reduceTupleStream merges the tuples of a group: each binding becomes the
// fn.append of its values.
func (ev *evaluator) reduceTupleStream(v any) (*tuple, error) {
	items, ok := arrayItems(v)
	if !ok {
		if t, ok := v.(*tuple); ok {
			return t, nil
		}
		return &tuple{}, nil
	}
	result := &tuple{}
	if len(items) == 0 {
		return result, nil
	}
	var accs []*accumulator
	index := map[string]int{}
	for _, it := range items {
		t, ok := it.(*tuple)
		if !ok {
			continue
		}
		for i, name := range t.names {
			j, seen := index[name]
			if !seen {
				j = len(accs)
				index[name] = j
				accs = append(accs, &accumulator{data: Undefined})
				result.names = append(result.names, name)
			}
			if err := accs[j].add(ev, t.vals[i]); err != nil {
				return nil, err
			}
		}
	}
	result.vals = make([]any, len(accs))
	for i, a := range accs {
		result.vals[i] = a.value()
	}
	return result, nil
}

func (ev *evaluator) evalBinary(n *node, input any, env *frame) (any, error) {
	lhs, err := ev.eval(n.lhs, input, env)
	if err != nil {
		return nil, err
	}
	op := n.op
	annotate := func(err error) error {
		ee := asEvalError(err)
		ee.position = n.pos
		ee.token, ee.hasToken = op, true
		return ee
	}
	if op == "and" || op == "or" {
		l, err := ev.truth(lhs)
		if err != nil {
			return nil, err
		}
		if op == "and" && !l {
			return false, nil
		}
		if op == "or" && l {
			return true, nil
		}
		rhs, err := ev.eval(n.rhs, input, env)
		if err != nil {
			// jsonata-js evaluates the right side of and/or inside the
			// operator's error handler, which claims the error
			return nil, annotate(err)
		}
		return ev.truth(rhs)
	}
	rhs, err := ev.eval(n.rhs, input, env)
	if err != nil {
		return nil, err
	}
	var result any
	switch op {
	case "+", "-", "*", "/", "%":
		result, err = numericOp(lhs, rhs, op)
	case "=", "!=":
		if isUndefined(lhs) || isUndefined(rhs) {
			return false, nil
		}
		eq, err := ev.deepEqual(lhs, rhs)
		if err != nil {
			return nil, err
		}
		return eq == (op == "="), nil
	case "<", "<=", ">", ">=":
		result, err = compareOp(lhs, rhs, op)
	case "&":
		result, err = ev.concatOp(lhs, rhs)
	case "..":
		result, err = ev.rangeOp(lhs, rhs)
	case "in":
		result, err = ev.inOp(lhs, rhs)
	}
	if err != nil {
		return nil, annotate(err)
	}
	return result, nil
}

func numericOp(lhs, rhs any, op string) (any, error) {
	if !isUndefined(lhs) {
		ok, err := isNumeric(lhs)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, newError("T2001").withValue(lhs)
		}
	}
	if !isUndefined(rhs) {
		ok, err := isNumeric(rhs)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, newError("T2002").withValue(rhs)
		}
	}
	if isUndefined(lhs) || isUndefined(rhs) {
		return Undefined, nil
	}
	l, _ := toNumber(lhs)
	r, _ := toNumber(rhs)
	switch op {
	case "+":
		return l + r, nil
	case "-":
		return l - r, nil
	case "*":
		return l * r, nil
	case "/":
		return l / r, nil
	default:
		return math.Mod(l, r), nil
	}
}

func compareOp(lhs, rhs any, op string) (any, error) {
	lt, rt := jsTypeof(lhs), jsTypeof(rhs)
	lcomp := lt == "undefined" || lt == "string" || lt == "number"
	rcomp := rt == "undefined" || rt == "string" || rt == "number"
	if !lcomp || !rcomp {
		v := rhs
		if !(lt == "string" || lt == "number") {
			v = lhs
		}
		return nil, newError("T2010").withValue(v)
	}
	if lt == "undefined" || rt == "undefined" {
		return Undefined, nil
	}
	if lt != rt {
		e := newError("T2009").withValue(lhs)
		e.value2 = rhs
		return nil, e
	}
	var c int
	if lt == "string" {
		c = compareStrings(lhs.(string), rhs.(string))
		switch op {
		case "<":
			return c < 0, nil
		case "<=":
			return c <= 0, nil
		case ">":
			return c > 0, nil
		}
		return c >= 0, nil
	}
	l, _ := toNumber(lhs)
	r, _ := toNumber(rhs)
	switch op {
	case "<":
		return l < r, nil
	case "<=":
		return l <= r, nil
	case ">":
		return l > r, nil
	}
	return l >= r, nil
}

func (ev *evaluator) concatOp(lhs, rhs any) (any, error) {
	var ls, rs string
	if !isUndefined(lhs) {
		s, err := ev.stringOf(lhs, false)
		if err != nil {
			return nil, err
		}
		ls = s
	}
	if !isUndefined(rhs) {
		s, err := ev.stringOf(rhs, false)
		if err != nil {
			return nil, err
		}
		rs = s
	}
	if ls == "" {
		return rs, nil
	}
	if rs == "" {
		return ls, nil
	}
	if err := ev.newString(len(ls) + len(rs)); err != nil {
		return nil, err
	}
	return ls + rs, nil
}

// maxRange is the largest sequence the range operator may allocate.
const maxRange = 1e7

func (ev *evaluator) rangeOp(lhs, rhs any) (any, error) {
	if !isUndefined(lhs) && !isInteger(lhs) {
		return nil, newError("T2003").withValue(lhs)
	}
	if !isUndefined(rhs) && !isInteger(rhs) {
		return nil, newError("T2004").withValue(rhs)
	}
	if isUndefined(lhs) || isUndefined(rhs) {
		return Undefined, nil
	}
	l, _ := toNumber(lhs)
	r, _ := toNumber(rhs)
	if l > r {
		return Undefined, nil
	}
	size := r - l + 1
	if size > maxRange {
		return nil, newError("D2014").withValue(size)
	}
	if err := ev.alloc(int(size)); err != nil {
		return nil, err
	}
	items := make([]any, int(size))
	for i := range items {
		items[i] = l + float64(i)
	}
	return &array{seq: true, items: items}, nil
}

func isInteger(v any) bool {
	f, ok := toNumber(v)
	return ok && !math.IsInf(f, 0) && f == math.Trunc(f)
}

func (ev *evaluator) inOp(lhs, rhs any) (any, error) {
	if isUndefined(lhs) || isUndefined(rhs) {
		return false, nil
	}
	items, ok := arrayItems(rhs)
	if !ok {
		items = []any{rhs}
	}
	for i, it := range items {
		if sameValue(it, lhs) {
			return true, ev.scan(i + 1)
		}
	}
	return false, ev.scan(len(items))
}

// evalSort sorts the input sequence by the terms of a sort step.
func (ev *evaluator) evalSort(n *node, input any, env *frame) (any, error) {
	inArr, _ := input.(*array)
	isTupleSort := inArr != nil && inArr.tupleStream
	termValue := func(term sortTerm, v any) (any, error) {
		if isTupleSort {
			t := v.(*tuple)
			return ev.eval(term.expr, t.get("@"), frameFromTuple(env, t))
		}
		return ev.eval(term.expr, v, env)
	}
	comparator := func(a, b any) (bool, error) {
		comp := 0
		for i := 0; comp == 0 && i < len(n.terms); i++ {
			term := n.terms[i]
			aa, err := termValue(term, a)
			if err != nil {
				return false, err
			}
			bb, err := termValue(term, b)
			if err != nil {
				return false, err
			}
			at, bt := jsTypeof(aa), jsTypeof(bb)
			if at == "undefined" {
				if bt == "undefined" {
					comp = 0
				} else {
					comp = 1
				}
				continue
			}
			if bt == "undefined" {
				comp = -1
				continue
			}
			if !(at == "string" || at == "number") || !(bt == "string" || bt == "number") {
				v := bb
				if !(at == "string" || at == "number") {
					v = aa
				}
				return false, newError("T2008").at(n.pos).withValue(v)
			}
			if at != bt {
				e := newError("T2007").at(n.pos).withValue(aa)
				e.value2 = bb
				return false, e
			}
			var c int
			if at == "string" {
				c = compareStrings(aa.(string), bb.(string))
			} else {
				x, _ := toNumber(aa)
				y, _ := toNumber(bb)
				switch {
				case x == y:
					c = 0
				case x < y:
					c = -1
				default:
					c = 1
				}
			}
			if c == 0 {
				continue
			}
			comp = c
			if term.descending {
				comp = -comp
			}
		}
		return comp == 1, nil
	}
	return ev.mergeSort(input, comparator)
}

// mergeSort is jsonata-js's stable merge sort; swap(a, b) reports whether b
// must come before a. Arrays of fewer than two items are returned unchanged.
func (ev *evaluator) mergeSort(input any, swap func(a, b any) (bool, error)) (any, error) {
	items, ok := arrayItems(input)
	if !ok || len(items) <= 1 {
		return input, nil
	}
	var msort func([]any) ([]any, error)
	msort = func(a []any) ([]any, error) {
		if len(a) <= 1 {
			return a, nil
		}
		middle := len(a) / 2
		left, err := msort(a[:middle])
		if err != nil {
			return nil, err
		}
		right, err := msort(a[middle:])
		if err != nil {
			return nil, err
		}
		merged := make([]any, 0, len(a))
		i, j := 0, 0
		for i < len(left) && j < len(right) {
			if err := ev.charge(compareCost); err != nil {
				return nil, err
			}
			s, err := swap(left[i], right[j])
			if err != nil {
				return nil, err
			}
			if s {
				merged = append(merged, right[j])
				j++
			} else {
				merged = append(merged, left[i])
				i++
			}
		}
		merged = append(merged, left[i:]...)
		merged = append(merged, right[j:]...)
		return merged, nil
	}
	sorted, err := msort(append([]any(nil), items...))
	if err != nil {
		return nil, err
	}
	return sorted, nil
}
