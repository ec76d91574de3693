package jsonata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Expr is a compiled JSONata expression. It is immutable and safe for
// concurrent use by multiple goroutines.
type Expr struct {
	src string
	ast *node
}

// Compile parses a JSONata expression. Syntax errors are returned as *Error
// with an S0xxx code.
func Compile(expr string) (e *Expr, err error) {
	defer func() {
		if p := recover(); p != nil {
			e, err = nil, &Error{Code: codeInternal, Message: fmt.Sprintf("internal error: %v", p)}
		}
	}()
	ast, perr := parse(expr)
	if perr != nil {
		return nil, perr.toError()
	}
	return &Expr{src: expr, ast: ast}, nil
}

// String returns the source text of the expression.
func (e *Expr) String() string { return e.src }

// Function is a function the host makes available to expressions, such as
// the functions AWS Step Functions adds ($partition, $range, $hash, $random,
// $uuid, $parse). Bind it by passing it (or a pointer to it) as a variable to
// Eval: vars["partition"] = jsonata.Function{...} makes $partition callable.
//
// Signature is a JSONata function signature such as "<a<j>n:a>"; the
// arguments are validated (and the context value substituted for a missing
// '-' argument) exactly as for the built-in functions before Impl is called.
// An empty Signature disables validation. Impl receives the arguments as
// JSON values (nil, bool, float64, string, []any, map[string]any), with
// Undefined for a missing argument, and returns a JSON value or Undefined.
// An error returned by Impl that is not an *Error is reported as an *Error
// with code D3137 that wraps it.
type Function struct {
	Name      string
	Signature string
	Impl      func(ctx context.Context, args []any) (any, error)
}

// Eval evaluates the expression with input as the context value ($ and $$)
// and vars as variable bindings (names without the leading $). Values are
// JSON values as decoded by encoding/json: nil, bool, string, float64 or
// json.Number (or any Go integer type), []any and map[string]any; a vars
// value may also be a Function or *Function.
//
// The result is Undefined when the expression yields nothing. Otherwise it is
// a JSON value in which every number is a float64, every array []any and
// every object map[string]any (function values are returned as opaque
// values). Evaluation stops with an *Error of code D1012 when ctx is done
// (the error wraps ctx.Err()), and when it exceeds one of its limits (see
// the package documentation and the With... options, whose defaults apply
// when they are not given): D1011 when it nests too deeply, U1001 when it
// does too much work, D2015 when it builds too much. Run-time errors are
// *Error values.
func (e *Expr) Eval(ctx context.Context, input any, vars map[string]any, opts ...Option) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			result, err = nil, &Error{Code: codeInternal, Message: fmt.Sprintf("internal error: %v", p)}
		}
	}()
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.now.IsZero() {
		cfg.now = time.Now()
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ev := &evaluator{
		builtins: builtinTable,
		maxDepth: cfg.maxDepth,
		now:      cfg.now,
	}
	ev.budget.init(ctx, &cfg)
	env := newFrame(nil)
	for name, v := range vars {
		fn, err := hostValue(name, v)
		if err != nil {
			return nil, err
		}
		env.bind(name, fn)
	}
	if input, err = jsonValue(input); err != nil {
		return nil, err
	}
	env.bind("$", input)
	if _, ok := input.([]any); ok {
		input = &array{seq: true, items: []any{input}, outerWrapper: true}
	}
	res, err := ev.eval(e.ast, input, env)
	if err != nil {
		return nil, publicError(err)
	}
	if result, err = ev.export(res); err != nil {
		return nil, publicError(err)
	}
	return result, nil
}

func publicError(err error) error {
	var ee *evalError
	if errors.As(err, &ee) {
		return ee.toError()
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return &Error{Code: codeHostFunction, Message: err.Error(), cause: err}
}

// jsonValue returns v itself when it is a JSON value of a supported Go
// type, and otherwise converts it through encoding/json (so that a struct
// or a []string passed by mistake still works). Only the top level is
// checked: nested values must be JSON values already.
func jsonValue(v any) (any, error) {
	switch v.(type) {
	case nil, bool, string, float64, json.Number, []any, map[string]any, undefinedValue,
		int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32:
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, &Error{Code: "T0410", Message: "value is not JSON: " + err.Error(), cause: err}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, &Error{Code: "T0410", Message: "value is not JSON: " + err.Error(), cause: err}
	}
	return out, nil
}

// hostValue converts a variable binding: host functions become callable,
// other values must be JSON values (see jsonValue).
func hostValue(name string, v any) (any, error) {
	var f *Function
	switch x := v.(type) {
	case Function:
		f = &x
	case *Function:
		if x == nil {
			return Undefined, nil
		}
		f = x
	default:
		return jsonValue(v)
	}
	b := &builtin{name: f.Name, params: nil}
	if b.name == "" {
		b.name = name
	}
	if f.Signature != "" {
		sig, err := parseSignature(f.Signature)
		if err != nil {
			return nil, err.toError()
		}
		b.sig = sig
		b.arity = sig.paramCount()
	}
	for i := 0; i < b.arity; i++ {
		b.params = append(b.params, "arg"+strconv.Itoa(i))
	}
	impl := f.Impl
	b.fn = func(ev *evaluator, c callCtx, args []any) (any, error) {
		if impl == nil {
			return Undefined, nil
		}
		exported := make([]any, len(args))
		for i, a := range args {
			var err error
			if exported[i], err = ev.export(a); err != nil {
				return nil, err
			}
		}
		r, err := impl(ev.ctx, exported)
		if err != nil {
			var pe *Error
			if errors.As(err, &pe) {
				return nil, err
			}
			e := newError(codeHostFunction)
			e.message = err.Error()
			e.cause = err
			return nil, e
		}
		return jsonValue(r)
	}
	return b, nil
}

// export converts an internal value into the public representation,
// copying containers only where something changes. It fails when the
// value is not JSON (a number that is not finite: D1001, as jsonata-js
// reports for arithmetic on one), nests too deeply (D1011) or is too
// large to export (a value that shares sub-structures can expand
// exponentially: D2015).
func (ev *evaluator) export(v any) (any, error) {
	x := exporter{ev: ev, budget: ev.maxItems}
	r, _ := x.value(v, 0)
	if x.err != nil {
		return nil, x.err
	}
	return r, nil
}

type exporter struct {
	ev     *evaluator
	budget int
	err    error
}

func (x *exporter) fail(err error) (any, bool) {
	if x.err == nil {
		x.err = err
	}
	return nil, true
}

func (x *exporter) value(v any, depth int) (any, bool) {
	if x.err != nil {
		return nil, true
	}
	x.budget--
	if x.budget < 0 {
		return x.fail(x.ev.tooManyItems())
	}
	if depth > maxValueDepth {
		return x.fail(newError(codeStackOverflow))
	}
	if err := x.ev.scan(1); err != nil {
		return x.fail(err)
	}
	switch val := v.(type) {
	case nil, bool, string, undefinedValue:
		return v, false
	case float64:
		if math.IsNaN(val) || math.IsInf(val, 0) {
			return x.fail(newError("D1001").withValue(val))
		}
		if val == 0 && math.Signbit(val) {
			return 0.0, true
		}
		return v, false
	case json.Number, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32:
		f, _ := toNumber(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return x.fail(newError("D1001").withValue(f))
		}
		if f == 0 {
			f = 0
		}
		return f, true
	case *wrappedFn:
		return val.fn, true
	case *array:
		out := make([]any, len(val.items))
		for i, it := range val.items {
			out[i], _ = x.item(it, depth)
		}
		return out, true
	case []any:
		var out []any
		for i, it := range val {
			c, changed := x.item(it, depth)
			if changed && out == nil {
				out = make([]any, len(val))
				copy(out, val[:i])
			}
			if out != nil {
				out[i] = c
			}
		}
		if out != nil {
			return out, true
		}
		return val, false
	case *object:
		out := make(map[string]any, len(val.keys))
		for _, k := range val.keys {
			item := val.vals[k]
			if isUndefined(item) {
				continue
			}
			out[k], _ = x.item(item, depth)
		}
		return out, true
	case map[string]any:
		var out map[string]any
		for k, item := range val {
			c, changed := x.item(item, depth)
			if changed && out == nil {
				out = make(map[string]any, len(val))
				for k2, v2 := range val {
					out[k2] = v2
				}
			}
			if out != nil {
				out[k] = c
			}
		}
		if out != nil {
			return out, true
		}
		return val, false
	}
	return v, false
}

func (x *exporter) item(v any, depth int) (any, bool) {
	if isUndefined(v) {
		return nil, true
	}
	return x.value(v, depth+1)
}
