package path

// This file is the JSONPath part of the query language: the "$..." and
// "@..." paths, as extensions of the gval expression language that filter
// expressions are written in. The grammar, and what each step selects, are
// those of github.com/PaesslerAG/jsonpath v0.1.1 (Copyright (c) 2017 Paessler
// AG, BSD-3-Clause), which gostates used before; the evaluation is our own:
//
//   - recursive descent ("..") is one pre-order walk of the subtree, with an
//     explicit stack, where the library re-built a chain of closures and key
//     slices for every node (cubic in the depth of the document);
//   - the members of an object are visited in the order of their names, where
//     the library followed Go's random map order;
//   - every evaluation draws on a budget (see Limits) and stops, with an
//     error, once the budget is spent;
//   - a slice step cannot overflow its index.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"text/scanner"

	"github.com/PaesslerAG/gval"

	"github.com/gostates/gostates/internal/jsonv"
)

// jsonPathLanguage holds the "$" and "@" extensions of the query language.
var jsonPathLanguage = gval.NewLanguage(
	gval.Base(),
	gval.PrefixExtension('$', parseRootPath),
	gval.PrefixExtension('@', parseCurrentPath),
)

// query is one compiled "$..." or "@..." path of a query.
type query struct {
	// current is set for a path starting at "@", the element a filter or a
	// bracket expression is applied to; other paths start at the root.
	current bool
	steps   []step
	// ambiguous is set when a step can select any number of values: the
	// query then evaluates to the array of matches. Otherwise it evaluates
	// to the one value selected, or fails.
	ambiguous bool
}

// step is one step of a query. A plain step selects at most one value; an
// ambiguous step calls emit for each value it selects.
type step struct {
	plain     func(st *evalState, root, v any) (any, error)
	ambiguous func(st *evalState, root, v any, emit func(any))
}

// evalState is the state of one evaluation of a path: the budget left, the
// element "@" stands for, and the first limit that was reached. Evaluation is
// sequential, so the state is updated in place.
type evalState struct {
	// ctx carries the state to the gval expressions of the path.
	ctx     context.Context
	lim     Limits
	steps   int // steps left; negative when there is no limit
	bytes   int // bytes of results left; negative when there is no limit
	current any
	depth   int // queries being evaluated: 1 in the outermost one
	// read is set when a query is evaluated: see constant.
	read  bool
	sizes jsonv.SizeCache
	err   *limitError
}

type stateKey struct{}

// limitError is a limit of Limits that an evaluation reached.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

func newEvalState(lim Limits) *evalState {
	st := &evalState{lim: lim, steps: -1, bytes: -1}
	st.ctx = context.WithValue(context.Background(), stateKey{}, st)
	if lim.MaxSteps > 0 {
		st.steps = lim.MaxSteps
	}
	if lim.MaxResultBytes > 0 {
		st.bytes = lim.MaxResultBytes
	}
	return st
}

// stateOf returns the evaluation state c carries. A query evaluated without
// one (gval may evaluate a constant part of an expression while parsing)
// gets a fresh state with the default limits.
func stateOf(c context.Context) *evalState {
	if st, ok := c.Value(stateKey{}).(*evalState); ok {
		return st
	}
	return newEvalState(DefaultLimits())
}

// tick spends one step of the budget. It reports false once the budget is
// spent, and the evaluation must then stop.
func (st *evalState) tick() bool { return st.spend(1) }

// spend spends n steps of the budget, as tick does.
func (st *evalState) spend(n int) bool {
	if st.err != nil {
		return false
	}
	if st.steps < 0 {
		return true
	}
	if n > st.steps {
		st.steps = 0
		st.fail(fmt.Sprintf("The path needs more than %d steps to evaluate", st.lim.MaxSteps))
		return false
	}
	st.steps -= n
	return true
}

// bytesPerStep is how many bytes of JSON a value a nested path hands to an
// expression costs, per step.
const bytesPerStep = 8

// charge spends the steps a value a nested path (one in a filter, a key or
// a script) hands to its expression costs: one, and one per bytesPerStep
// bytes of its JSON encoding. The operators of the expression take time in
// the size of their operands (comparing two objects, a regular expression
// matching the text of an array); charging the operands bounds them.
func (st *evalState) charge(v any) bool {
	if st.steps < 0 {
		return st.err == nil // no limit: no need to measure
	}
	n := 1
	switch v.(type) {
	case string, []any, map[string]any:
		n += st.sizes.Size(v) / bytesPerStep
	}
	return st.spend(n)
}

func (st *evalState) fail(msg string) {
	if st.err == nil {
		st.err = &limitError{msg: msg}
	}
}

// withCurrent evaluates e, with "@" standing for v, in the context that
// carries st.
func (st *evalState) withCurrent(v any, e gval.Evaluable, root any) (any, error) {
	prev := st.current
	st.current = v
	r, err := e(st.ctx, root)
	st.current = prev
	return r, err
}

func parseRootPath(c context.Context, p *gval.Parser) (gval.Evaluable, error) {
	q := &query{}
	if err := q.parsePath(c, p); err != nil {
		return nil, err
	}
	return q.eval, nil
}

func parseCurrentPath(c context.Context, p *gval.Parser) (gval.Evaluable, error) {
	q := &query{current: true}
	if err := q.parsePath(c, p); err != nil {
		return nil, err
	}
	return q.eval, nil
}

// isQuery reports whether e is the evaluation of a query, rather than an
// expression of queries, such as "$.a[*] + 1". As gval's IsConst does, it
// compares code pointers: every method value q.eval shares the code of its
// wrapper.
func isQuery(e gval.Evaluable) bool {
	return reflect.ValueOf(e).Pointer() == queryEvalCode
}

var queryEvalCode = reflect.ValueOf(gval.Evaluable((&query{}).eval)).Pointer()

func (q *query) addPlain(f func(st *evalState, root, v any) (any, error)) {
	q.steps = append(q.steps, step{plain: f})
}

func (q *query) addAmbiguous(f func(st *evalState, root, v any, emit func(any))) {
	q.steps = append(q.steps, step{ambiguous: f})
	q.ambiguous = true
}

func (q *query) parsePath(c context.Context, p *gval.Parser) error {
	for {
		switch p.Scan() {
		case '.':
			if err := q.parseSelect(c, p); err != nil {
				return err
			}
		case '[':
			keys, separator, err := parseBracket(c, p)
			if err != nil {
				return err
			}
			switch separator {
			case ':':
				if len(keys) > 3 {
					return fmt.Errorf("range query has at least the parameter [min:max:step]")
				}
				keys = append(keys, []gval.Evaluable{p.Const(0), p.Const(float64(math.MaxInt32)), p.Const(1)}[len(keys):]...)
				q.addAmbiguous(rangeStep(keys[0], keys[1], keys[2]))
			case '?':
				if len(keys) != 1 {
					return fmt.Errorf("filter needs exactly one key")
				}
				q.addAmbiguous(filterStep(keys[0]))
			default:
				if len(keys) == 1 {
					q.addPlain(directStep(keys[0]))
				} else {
					q.addAmbiguous(multiStep(keys))
				}
			}
		case '(':
			if err := q.parseScript(c, p); err != nil {
				return err
			}
		default:
			p.Camouflage("jsonpath", '.', '[', '(')
			return nil
		}
	}
}

func (q *query) parseSelect(c context.Context, p *gval.Parser) error {
	switch p.Scan() {
	case scanner.Ident:
		q.addPlain(directStep(p.Const(p.TokenText())))
	case '.':
		q.addAmbiguous(descend)
		return q.parseDescent(c, p)
	case '*':
		q.addAmbiguous(starStep)
	default:
		return p.Expected("JSON select", scanner.Ident, '.', '*')
	}
	return nil
}

// parseDescent parses what follows "..".
func (q *query) parseDescent(c context.Context, p *gval.Parser) error {
	switch p.Scan() {
	case scanner.Ident:
		q.addPlain(directStep(p.Const(p.TokenText())))
	case '[':
		keys, separator, err := parseBracket(c, p)
		if err != nil {
			return err
		}
		switch separator {
		case ':':
			return fmt.Errorf("mapper can not be combined with range query")
		case '?':
			if len(keys) != 1 {
				return fmt.Errorf("filter needs exactly one key")
			}
			q.addAmbiguous(filterStep(keys[0]))
		default:
			q.addAmbiguous(multiStep(keys))
		}
	case '*':
		q.addAmbiguous(starStep)
	case '(':
		return q.parseScript(c, p)
	default:
		return p.Expected("JSON mapper", '[', scanner.Ident, '*')
	}
	return nil
}

func (q *query) parseScript(c context.Context, p *gval.Parser) error {
	script, err := p.ParseExpression(c)
	if err != nil {
		return err
	}
	if p.Scan() != ')' {
		return p.Expected("jsnopath script", ')')
	}
	q.addPlain(func(st *evalState, root, v any) (any, error) {
		return st.withCurrent(v, script, root)
	})
	return nil
}

// parseBracket parses what follows '[': keys separated by ',' or ':', a
// filter ("?(...)") or '*'.
func parseBracket(c context.Context, p *gval.Parser) (keys []gval.Evaluable, separator rune, err error) {
	for {
		scan := p.Scan()
		skipScan := false
		switch scan {
		case '?':
			skipScan = true
		case ':':
			i := float64(0)
			if len(keys) == 1 {
				i = math.MaxInt32
			}
			keys = append(keys, p.Const(i))
			skipScan = true
		case '*':
			if p.Scan() != ']' {
				return nil, 0, p.Expected("JSON bracket star", ']')
			}
			return []gval.Evaluable{}, 0, nil
		case ']':
			if separator == ':' {
				skipScan = true
				break
			}
			fallthrough
		default:
			p.Camouflage("jsonpath brackets")
			key, err := p.ParseExpression(c)
			if err != nil {
				return nil, 0, err
			}
			keys = append(keys, key)
		}
		if !skipScan {
			scan = p.Scan()
		}
		if separator == 0 {
			separator = scan
		}
		switch scan {
		case ':', ',':
		case ']':
			return keys, separator, nil
		case '?':
			if len(keys) != 0 {
				return nil, 0, p.Expected("JSON filter", ']')
			}
		default:
			return nil, 0, p.Expected("JSON bracket separator", ':', ',')
		}
		if separator != scan {
			return nil, 0, fmt.Errorf("mixed %v and %v in JSON bracket", separator, scan)
		}
	}
}

// eval evaluates the query: parameter is the root document.
func (q *query) eval(c context.Context, root any) (any, error) {
	st := stateOf(c)
	st.read = true
	if st.err != nil {
		return nil, st.err
	}
	st.depth++
	defer func() { st.depth-- }()
	// The outermost query gives the matches of the path; a nested one
	// gives a value to an expression, which charge pays for.
	nested := st.depth > 1
	start := root
	if q.current {
		start = st.current
	}
	if !q.ambiguous {
		v := start
		for _, s := range q.steps {
			var err error
			if v, err = s.plain(st, root, v); err != nil {
				return nil, err
			}
		}
		if nested && !st.charge(v) {
			return nil, st.err
		}
		return v, nil
	}
	matches := []any{}
	var visit func(i int, v any)
	// emit[i] continues with step i+1 for a value step i selected.
	emit := make([]func(any), len(q.steps))
	for i, s := range q.steps {
		if s.ambiguous != nil {
			emit[i] = func(m any) {
				if st.err == nil {
					visit(i+1, m)
				}
			}
		}
	}
	visit = func(i int, v any) {
		for ; i < len(q.steps); i++ {
			s := q.steps[i]
			if s.ambiguous != nil {
				s.ambiguous(st, root, v, emit[i])
				return
			}
			var err error
			if v, err = s.plain(st, root, v); err != nil {
				return // a plain step that selects nothing drops the match
			}
		}
		if !st.tick() || nested && !st.charge(v) {
			return
		}
		if max := st.lim.MaxResults; max > 0 && len(matches) >= max {
			st.fail(fmt.Sprintf("The path matches more than %d values", max))
			return
		}
		if !nested && st.bytes >= 0 {
			if st.bytes -= st.sizes.Size(v); st.bytes < 0 {
				st.fail(fmt.Sprintf("The values the path matches take more than %d bytes", st.lim.MaxResultBytes))
				return
			}
		}
		matches = append(matches, v)
	}
	visit(0, start)
	if st.err != nil {
		return nil, st.err
	}
	return matches, nil
}

// key is a key of a step: an expression for an array index or an object
// member name, evaluated with "@" standing for the value it applies to. A
// constant key, such as the name of .name, is evaluated once, when parsed.
type key struct {
	expr     gval.Evaluable
	constant bool
	index    int
	indexOK  bool
	name     string
}

func newKey(expr gval.Evaluable) *key {
	k := &key{expr: expr}
	if c, ok := constant(expr); ok {
		i, err := c.EvalInt(nil, nil)
		name, err2 := c.EvalString(nil, nil)
		if err2 == nil {
			k.constant, k.index, k.indexOK, k.name = true, i, err == nil, name
		}
	}
	return k
}

// constant evaluates e, when it does not depend on what it is evaluated
// against, and returns an expression of the value. gval's IsConst cannot
// tell (it compares code pointers, which differ once the compiler inlines
// gval's constructors), so e is evaluated once: against no document, where
// a variable fails, and with a state that tells whether a query ran. gval's
// functions and operators do not depend on anything else.
func constant(e gval.Evaluable) (gval.Evaluable, bool) {
	st := newEvalState(Limits{MaxSteps: 1000})
	v, err := e(st.ctx, nil)
	if err != nil || st.read || st.err != nil {
		return nil, false
	}
	return func(context.Context, any) (any, error) { return v, nil }, true
}

// lookup is the value of v at the key. ok is false when there is none.
func (k *key) lookup(st *evalState, root, v any) (e any, ok bool) {
	switch o := v.(type) {
	case []any:
		i, ok := k.index, k.indexOK
		if !k.constant {
			prev := st.current
			st.current = v
			n, err := k.expr.EvalInt(st.ctx, root)
			st.current = prev
			i, ok = n, err == nil
		}
		if !ok || i < 0 || i >= len(o) {
			return nil, false
		}
		return o[i], true
	case map[string]any:
		name := k.name
		if !k.constant {
			prev := st.current
			st.current = v
			s, err := k.expr.EvalString(st.ctx, root)
			st.current = prev
			if err != nil {
				return nil, false
			}
			name = s
		}
		e, ok := o[name]
		return e, ok
	}
	return nil, false
}

// errNoMatch is the failure of a plain step that selects nothing. It ends
// the evaluation of a definite query, or drops one match of an indefinite
// one; it is never shown.
var errNoMatch = errors.New("no match")

// directStep is .name or [key].
func directStep(expr gval.Evaluable) func(st *evalState, root, v any) (any, error) {
	k := newKey(expr)
	return func(st *evalState, root, v any) (any, error) {
		if e, ok := k.lookup(st, root, v); ok {
			return e, nil
		}
		return nil, errNoMatch
	}
}

// starStep is .* or [*]: every element of an array, every member of an
// object.
func starStep(st *evalState, _, v any, emit func(any)) {
	eachChild(st, v, emit)
}

// eachChild calls f for each element of an array, in order, or each member
// of an object, in the order of the names, while the budget lasts.
func eachChild(st *evalState, v any, f func(any)) {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if !st.tick() {
				return
			}
			f(e)
		}
	case map[string]any:
		if len(t) == 1 {
			for _, e := range t {
				if st.tick() {
					f(e)
				}
			}
			return
		}
		for _, k := range sortedKeys(t) {
			if !st.tick() {
				return
			}
			f(t[k])
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// multiStep is [key1, key2, ...]; without keys it is [*].
func multiStep(exprs []gval.Evaluable) func(st *evalState, root, v any, emit func(any)) {
	if len(exprs) == 0 {
		return starStep
	}
	keys := make([]*key, len(exprs))
	for i, e := range exprs {
		keys[i] = newKey(e)
	}
	return func(st *evalState, root, v any, emit func(any)) {
		for _, k := range keys {
			if !st.tick() {
				return
			}
			if e, ok := k.lookup(st, root, v); ok {
				emit(e)
			}
		}
	}
}

// filterStep is [?(expression)]: the elements or members for which the
// expression, with "@" standing for them, is true.
func filterStep(filter gval.Evaluable) func(st *evalState, root, v any, emit func(any)) {
	return func(st *evalState, root, v any, emit func(any)) {
		c := st.ctx
		eachChild(st, v, func(e any) {
			prev := st.current
			st.current = e
			ok, err := filter.EvalBool(c, root)
			st.current = prev
			if err == nil && ok && st.err == nil {
				emit(e)
			}
		})
	}
}

// rangeStep is [min:max:step], for arrays only.
func rangeStep(minKey, maxKey, stepKey gval.Evaluable) func(st *evalState, root, v any, emit func(any)) {
	return func(st *evalState, root, v any, emit func(any)) {
		a, ok := v.([]any)
		if !ok {
			return
		}
		c := st.ctx
		prev := st.current
		st.current = v
		lo, err1 := minKey.EvalInt(c, root)
		hi, err2 := maxKey.EvalInt(c, root)
		by, err3 := stepKey.EvalInt(c, root)
		st.current = prev
		if err1 != nil || err2 != nil || err3 != nil || lo > hi {
			return
		}
		n := len(a)
		lo, hi = clampIndex(lo, n), clampIndex(hi, n)
		if by == 0 {
			by = 1
		}
		if by > 0 {
			for i := lo; i < hi; {
				if !st.tick() {
					return
				}
				emit(a[i])
				if by > hi-i {
					break // i+by would be past the end, or overflow
				}
				i += by
			}
			return
		}
		for i := hi - 1; i >= lo; {
			if !st.tick() {
				return
			}
			emit(a[i])
			if i-lo < -by {
				break
			}
			i += by
		}
	}
}

// clampIndex resolves a slice bound against an array of n elements: a
// negative bound counts from the end; the result is within [0, n].
func clampIndex(i, n int) int {
	if i < 0 {
		return max(n+i, 0)
	}
	return min(i, n)
}

// descend is "..": v and every value below it, in pre-order (a container
// before its contents), the elements of an array in order and the members of
// an object in the order of their names. It takes one step per value.
func descend(st *evalState, _, v any, emit func(any)) {
	if !st.tick() {
		return
	}
	emit(v)
	// A frame is a container whose contents are being visited: an array,
	// or an object and its names in order (one name needs no slice).
	type frame struct {
		arr  []any
		obj  map[string]any
		keys []string
		one  string
		i, n int
	}
	var stack []frame
	push := func(v any) {
		switch t := v.(type) {
		case []any:
			if len(t) > 0 {
				stack = append(stack, frame{arr: t, n: len(t)})
			}
		case map[string]any:
			switch len(t) {
			case 0:
			case 1:
				for k := range t {
					stack = append(stack, frame{obj: t, one: k, n: 1})
				}
			default:
				stack = append(stack, frame{obj: t, keys: sortedKeys(t), n: len(t)})
			}
		}
	}
	push(v)
	for len(stack) > 0 {
		if st.err != nil {
			return
		}
		f := &stack[len(stack)-1]
		var child any
		switch {
		case f.arr != nil:
			child = f.arr[f.i]
		case f.keys != nil:
			child = f.obj[f.keys[f.i]]
		default:
			child = f.obj[f.one]
		}
		if f.i++; f.i == f.n {
			stack = stack[:len(stack)-1]
		}
		if !st.tick() {
			return
		}
		emit(child)
		push(child)
	}
}
