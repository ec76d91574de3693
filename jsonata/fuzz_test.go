package jsonata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	"Account.Order.Product[Price > 30].`Product Name`",
	"$sum(Account.Order.Product.(Price * Quantity))",
	"Account.Order#$i.Product@$p{$string($i): $p.Price}",
	"$map([1..5], function($v, $i){ $v * $i })",
	"( $f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10) )",
	"$ ~> | Account | {'x': 1}, ['Order'] |",
	"**[Price > 20]^(>Price).%.OrderID",
	"$match('abcabc', /(b)(c)?/i)",
	"$formatNumber(1234.5678, '#,##0.00')",
	"$fromMillis(1510067557121, '[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] [Z]')",
	"$toMillis('2018-02-01', '[Y]-[M]-[D]')",
	"{'a': [1, 2], 'b': {'c': $.x ?? 'd' ?: 'e'}}",
	"$replace('hello', /l+/, function($m){ $uppercase($m.match) })",
	"$reduce([1..10], function($a, $b){ $a + $b }, 0) ~> $string()",
	"$eval('1 + 2')",
	"$sort(Account.Order.Product, function($l, $r){ $l.Price > $r.Price })",
	"[1,2,3][$ > 1].$string()",
	"$split('a,b,c', ',', 2)",
	"/a/('xay')",
	"$substring('𝄞abc', 1, 2) & $pad('x', -5, '#')",
}

const fuzzInput = `{"Account":{"Account Name":"Firefly","Order":[{"OrderID":"order103","Product":[{"Product Name":"Bowler Hat","Price":34.45,"Quantity":2},{"Product Name":"Trilby hat","Price":21.67,"Quantity":1}]},{"OrderID":"order104","Product":[{"Product Name":"Cloak","Price":107.99,"Quantity":1}]}]},"x":null}`

// FuzzCompile checks that the parser never panics or hangs.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := Compile(expr)
		if err != nil {
			var je *Error
			if !errors.As(err, &je) {
				t.Fatalf("Compile(%q) returned %T, want *Error", expr, err)
			}
			if je.Code == codeInternal {
				t.Fatalf("Compile(%q): %v", expr, err)
			}
			return
		}
		if e.String() != expr {
			t.Fatalf("String() = %q, want %q", e.String(), expr)
		}
	})
}

// fuzzHostileSeeds are expressions that exercise the limits.
var fuzzHostileSeeds = []string{
	"($f := function($n){ $f($n+1) }; $f(0))",
	"($a := function(){ $b() }; $b := function(){ $a() }; $a())",
	"$split($pad('', 50000000, 'a'), '')",
	"$distinct([1..100000].($ % 7))",
	"$parseInteger($pad('', 400, '9'), '#0')",
	"$formatNumber(1e308, '0.00')",
	"$fromMillis(1e300)",
	"$string(1.7976931348623157e308)",
	"$formatInteger(1e300, 'w')",
	"$replace($pad('', 1000, 'a'), /a+/, '$0$0$0$0')",
	"$contains($pad('', 100000, 'a'), /(.*){1000}c/)",
	"$reduce([1..20000], function($a, $b){ [[$a]] }, [])",
	"[1..1000]{$string($ % 10): $}",
}

// fuzzSteps is the step limit of fuzzed evaluations, and fuzzBound the time
// they may take: every step must be cheap, whatever the expression.
const (
	fuzzSteps = 1_000_000
	fuzzBound = 2 * time.Second
)

// FuzzEval checks that evaluation never panics, always returns a JSON value
// or an *Error, and ends within fuzzBound under its limits (no context
// deadline: the limits alone must stop it).
func FuzzEval(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, fuzzInput)
	}
	for _, s := range fuzzHostileSeeds {
		f.Add(s, "")
	}
	f.Add("$", `[1,[2,3],{"a":[4]}]`)
	f.Add("**.%", `{"a":{"b":{"c":1}}}`)
	f.Fuzz(func(t *testing.T, expr, input string) {
		e, err := Compile(expr)
		if err != nil {
			return
		}
		var in any = Undefined
		if input != "" {
			v, err := decodeJSON([]byte(input))
			if err != nil {
				return
			}
			in = v
		}
		done := make(chan struct{})
		var res any
		start := time.Now()
		go func() {
			defer close(done)
			res, err = e.Eval(context.Background(), in, map[string]any{"x": 1.5, "s": "text"}, WithMaxDepth(500), WithMaxSteps(fuzzSteps))
		}()
		select {
		case <-done:
		case <-time.After(fuzzBound):
			t.Fatalf("Eval(%q) did not end within %v", expr, fuzzBound)
		}
		if el := time.Since(start); el > fuzzBound {
			t.Fatalf("Eval(%q) took %v", expr, el)
		}
		if err != nil {
			var je *Error
			if !errors.As(err, &je) {
				t.Fatalf("Eval(%q) returned %T, want *Error", expr, err)
			}
			if je.Code == codeInternal {
				t.Fatalf("Eval(%q): %v", expr, err)
			}
			return
		}
		if err := checkJSONResult(res, 0); err != nil {
			t.Fatalf("Eval(%q) = %v: %v", expr, res, err)
		}
	})
}

// checkJSONResult checks that a result holds only JSON values (numbers are
// finite float64s) and function values.
func checkJSONResult(v any, depth int) error {
	if depth > maxValueDepth+1 {
		return errors.New("nested too deeply")
	}
	switch x := v.(type) {
	case nil, bool, string, undefinedValue:
		return nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return errors.New("not a finite number")
		}
		return nil
	case []any:
		for _, it := range x {
			if IsUndefined(it) {
				return errors.New("undefined in an array")
			}
			if err := checkJSONResult(it, depth+1); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		for _, it := range x {
			if IsUndefined(it) {
				return errors.New("undefined in an object")
			}
			if err := checkJSONResult(it, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if isFunction(v) {
		return nil
	}
	return fmt.Errorf("%T is not a JSON value", v)
}
