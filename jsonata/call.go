package jsonata

// lambda is a function defined in an expression (or a partial application).
type lambda struct {
	params []string
	body   *node
	sig    *signature
	input  any
	env    *frame
	thunk  bool
	native *builtin // partial application of a native function
}

// callCtx is what a native function sees of its caller: the context value
// and the environment (for $eval and the parent frame of callbacks).
type callCtx struct {
	input any
	env   *frame
}

// builtin is a native function: a JSONata built-in, a host Function, or a
// closure created during evaluation (transformers, regex match iterators,
// composed functions).
type builtin struct {
	name   string
	sig    *signature
	params []string // declared parameter names (used by partial application)
	arity  int      // number of parameters a higher-order function passes
	raw    bool     // a plain JavaScript function in jsonata-js (boolean false)
	cost   int64    // the cost of a call besides the work it charges itself (0: builtinCost)
	fn     func(ev *evaluator, c callCtx, args []any) (any, error)
}

// wrappedFn is a function value passed as an argument of a function call.
// jsonata-js wraps such arguments in a JavaScript closure, which (unlike the
// function object itself) has the effective boolean value false.
type wrappedFn struct{ fn any }

func unwrap(f any) any {
	if w, ok := f.(*wrappedFn); ok {
		return w.fn
	}
	return f
}

// placeholder marks an unbound argument of a partial application.
type placeholder struct{}

// arity returns the number of parameters of a function value.
func arity(f any) int {
	switch fn := unwrap(f).(type) {
	case *lambda:
		return len(fn.params)
	case *builtin:
		return fn.arity
	case *regexLiteral:
		return 2
	}
	return 0
}

// procName is the token jsonata-js reports for a call: the 'value' of the
// procedure node (or of the first step of a path). ok is false where that is
// undefined.
func procName(n *node) (string, bool) {
	if n.kind == kPath && len(n.items) > 0 {
		n = n.items[0]
	}
	switch n.kind {
	case kName, kVariable, kString:
		return n.str, true
	case kNumber:
		return formatJSNumber(n.num), true
	case kBinary:
		return n.op, true
	case kNegate:
		return "-", true
	case kArray:
		return "[", true
	case kObject:
		return "{", true
	case kFunction, kPartial:
		return "(", true
	case kApply:
		return "~>", true
	case kBind:
		return ":=", true
	case kWildcard:
		return "*", true
	case kDescendant:
		return "**", true
	}
	return "", false
}

// setToken records the call's token on an error that has none.
func setToken(ee *evalError, procedure *node) {
	if ee.hasToken {
		return
	}
	if name, ok := procName(procedure); ok {
		ee.token, ee.hasToken = name, true
	}
}

func (ev *evaluator) evalFunction(n *node, input any, env *frame, applyTo []any) (any, error) {
	proc, err := ev.eval(n.procedure, input, env)
	if err != nil {
		return nil, err
	}
	if isUndefined(proc) && n.procedure.kind == kPath && len(n.procedure.items) > 0 {
		if v := ev.lookupVar(env, n.procedure.items[0].str); truthy(v) {
			return nil, newError("T1005").at(n.pos).withToken(n.procedure.items[0].str)
		}
	}
	args := make([]any, 0, len(n.items)+len(applyTo))
	args = append(args, applyTo...)
	for _, a := range n.items {
		v, err := ev.eval(a, input, env)
		if err != nil {
			return nil, err
		}
		switch v.(type) {
		case *lambda, *builtin:
			v = &wrappedFn{fn: v}
		}
		args = append(args, v)
	}
	result, err := ev.apply(proc, args, input, env)
	if err != nil {
		ee := asEvalError(err)
		switch proc.(type) {
		case *lambda, *builtin:
			ee.position = n.pos
		default:
			if ee.position < 0 {
				ee.position = n.pos
			}
		}
		setToken(ee, n.procedure)
		return nil, ee
	}
	return result, nil
}

// apply invokes a function, running the trampoline for tail calls.
func (ev *evaluator) apply(proc any, args []any, input any, env *frame) (any, error) {
	result, err := ev.applyInner(proc, args, input, env)
	if err != nil {
		return nil, err
	}
	for {
		l, ok := result.(*lambda)
		if !ok || !l.thunk {
			return result, nil
		}
		call := l.body
		next, err := ev.eval(call.procedure, l.input, l.env)
		if err != nil {
			return nil, err
		}
		targs := make([]any, 0, len(call.items))
		for _, a := range call.items {
			v, err := ev.eval(a, l.input, l.env)
			if err != nil {
				return nil, err
			}
			targs = append(targs, v)
		}
		if result, err = ev.applyInner(next, targs, input, env); err != nil {
			ee := asEvalError(err)
			setToken(ee, call.procedure)
			if ee.position < 0 {
				ee.position = call.pos
			}
			return nil, ee
		}
	}
}

func (ev *evaluator) applyInner(proc any, args []any, input any, env *frame) (any, error) {
	switch fn := unwrap(proc).(type) {
	case *lambda:
		validated := args
		if fn.sig != nil {
			var err error
			if validated, err = fn.sig.validate(&ev.budget, args, input); err != nil {
				return nil, err
			}
		}
		return ev.applyLambda(fn, validated)
	case *builtin:
		cost := fn.cost
		if cost == 0 {
			cost = builtinCost
		}
		if err := ev.charge(cost); err != nil {
			return nil, err
		}
		validated := args
		if fn.sig != nil {
			var err error
			if validated, err = fn.sig.validate(&ev.budget, args, input); err != nil {
				return nil, err
			}
		}
		return fn.fn(ev, callCtx{input: input, env: env}, validated)
	case *regexLiteral:
		return ev.callRegex(fn, args)
	}
	return nil, newError("T1006")
}

func (ev *evaluator) applyLambda(fn *lambda, args []any) (any, error) {
	if err := ev.charge(callCost); err != nil {
		return nil, err
	}
	env := newFrame(fn.env)
	for i, p := range fn.params {
		if i < len(args) {
			env.bind(p, args[i])
		} else {
			env.bind(p, Undefined)
		}
	}
	if fn.native != nil {
		nargs := make([]any, len(fn.native.params))
		for i, p := range fn.native.params {
			if v, ok := env.lookup(p); ok {
				nargs[i] = v
			} else {
				nargs[i] = Undefined
			}
		}
		// drop trailing unbound arguments so that optional parameters stay
		// optional for the signature check
		for len(nargs) > 0 && isUndefined(nargs[len(nargs)-1]) {
			nargs = nargs[:len(nargs)-1]
		}
		return ev.applyInner(fn.native, nargs, Undefined, env)
	}
	return ev.eval(fn.body, fn.input, env)
}

func (ev *evaluator) evalPartial(n *node, input any, env *frame) (any, error) {
	args := make([]any, 0, len(n.items))
	for _, a := range n.items {
		if a.kind == kPlaceholder {
			args = append(args, placeholder{})
			continue
		}
		v, err := ev.eval(a, input, env)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	proc, err := ev.eval(n.procedure, input, env)
	if err != nil {
		return nil, err
	}
	if isUndefined(proc) && n.procedure.kind == kPath && len(n.procedure.items) > 0 {
		if v := ev.lookupVar(env, n.procedure.items[0].str); truthy(v) {
			return nil, newError("T1007").at(n.pos).withToken(n.procedure.items[0].str)
		}
	}
	switch fn := unwrap(proc).(type) {
	case *lambda:
		return partialApply(fn, args), nil
	case *builtin:
		return partialApply(&lambda{params: fn.params, native: fn}, args), nil
	case *regexLiteral:
		native := &builtin{name: "regex", params: []string{"str", "fromIndex"}, arity: 2,
			fn: func(ev *evaluator, c callCtx, args []any) (any, error) { return ev.callRegex(fn, args) }}
		return partialApply(&lambda{params: native.params, native: native}, args), nil
	}
	e := newError("T1008").at(n.pos)
	setToken(e, n.procedure)
	return nil, e
}

// partialApply binds the supplied arguments and returns a function of the
// remaining (placeholder) parameters.
func partialApply(fn *lambda, args []any) *lambda {
	env := newFrame(fn.env)
	var unbound []string
	for i, p := range fn.params {
		var arg any = Undefined
		if i < len(args) {
			arg = args[i]
		}
		if _, ok := arg.(placeholder); ok {
			unbound = append(unbound, p)
		} else {
			env.bind(p, arg)
		}
	}
	return &lambda{input: fn.input, env: env, params: unbound, body: fn.body, native: fn.native}
}

func (ev *evaluator) evalApply(n *node, input any, env *frame) (any, error) {
	lhs, err := ev.eval(n.lhs, input, env)
	if err != nil {
		return nil, err
	}
	if n.rhs.kind == kFunction {
		return ev.evalFunction(n.rhs, input, env, []any{lhs})
	}
	fn, err := ev.eval(n.rhs, input, env)
	if err != nil {
		return nil, err
	}
	if !isFunction(fn) {
		return nil, newError("T2006").at(n.pos).withValue(fn)
	}
	if isFunction(lhs) {
		// function composition: λ($x){ $rhs($lhs($x)) }
		first := lhs
		return &builtin{name: "", params: []string{"x"}, arity: 1, fn: func(ev *evaluator, c callCtx, args []any) (any, error) {
			var x any = Undefined
			if len(args) > 0 {
				x = args[0]
			}
			r, err := ev.apply(first, []any{x}, nil, c.env)
			if err != nil {
				return nil, err
			}
			return ev.apply(fn, []any{r}, nil, c.env)
		}}, nil
	}
	return ev.apply(fn, []any{lhs}, nil, env)
}

// transformer creates the function of a transform expression
// (| pattern | update, delete |).
func (ev *evaluator) transformer(n *node, env *frame) *builtin {
	return &builtin{name: "", sig: transformSignature, params: []string{"obj"}, arity: 1,
		fn: func(ev *evaluator, c callCtx, args []any) (any, error) {
			obj := args[0]
			if isUndefined(obj) {
				return Undefined, nil
			}
			cloneFn := ev.lookupVar(env, "clone")
			if !isFunction(cloneFn) {
				return nil, newError("T2013").at(n.pos)
			}
			result, err := ev.apply(cloneFn, []any{obj}, nil, env)
			if err != nil {
				return nil, err
			}
			matches, err := ev.eval(n.pattern, result, env)
			if err != nil {
				return nil, err
			}
			if isUndefined(matches) {
				return result, nil
			}
			items, ok := arrayItems(matches)
			if !ok {
				items = []any{matches}
			}
			for _, match := range items {
				update, err := ev.eval(n.update, match, env)
				if err != nil {
					return nil, err
				}
				if !isUndefined(update) {
					if !isObject(update) {
						return nil, newError("T2011").at(n.update.pos).withValue(update)
					}
					for _, k := range objectKeys(update) {
						v, _ := objectGet(update, k)
						// the value is copied so that the result never
						// contains cycles (jsonata-js assigns the reference)
						c, err := ev.copyValue(v, 0)
						if err != nil {
							return nil, err
						}
						setField(match, k, c)
					}
				}
				if n.del != nil {
					deletions, err := ev.eval(n.del, match, env)
					if err != nil {
						return nil, err
					}
					if isUndefined(deletions) {
						continue
					}
					dels, ok := arrayItems(deletions)
					if !ok {
						dels = []any{deletions}
					}
					if !isArrayOfStrings(dels) {
						return nil, newError("T2012").at(n.del.pos).withValue(deletions)
					}
					for _, d := range dels {
						deleteField(match, d.(string))
					}
				}
			}
			return result, nil
		}}
}

// setField and deleteField modify objects created by the evaluation (the
// clone made by a transform); input objects are never modified.
func setField(obj any, k string, v any) {
	if o, ok := obj.(*object); ok {
		o.set(k, v)
	}
}

func deleteField(obj any, k string) {
	if o, ok := obj.(*object); ok {
		o.del(k)
	}
}
