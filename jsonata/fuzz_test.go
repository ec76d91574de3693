package jsonata

import (
	"context"
	"errors"
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

// FuzzEval checks that evaluation never panics, always returns a value or
// an *Error, and stops when its context is cancelled.
func FuzzEval(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, fuzzInput)
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
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		done := make(chan struct{})
		var res any
		go func() {
			defer close(done)
			res, err = e.Eval(ctx, in, map[string]any{"x": 1.5, "s": "text"}, WithMaxDepth(500))
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Eval(%q) did not stop after its context was cancelled", expr)
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
		_ = res
	})
}
