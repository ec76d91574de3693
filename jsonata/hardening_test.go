package jsonata_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/jsonata"
)

// Hostile expressions and inputs end in a clear error, in bounded time and
// memory, with the default limits (which is how the interpreter evaluates
// expressions).

// hardBound is how long any of these evaluations may take: they take well
// under a second of CPU time, the margin is for a loaded machine.
const hardBound = 30 * time.Second

// skipUnderRace skips tests that run evaluations to their default limits:
// they have no concurrency, and the race detector makes them take minutes.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("runs evaluations to their limits, too slow under the race detector")
	}
}

// evalHostile evaluates expr against input with the default limits. It fails
// the test when the evaluation has not ended after hardBound (the context
// is cancelled a little earlier).
func evalHostile(t *testing.T, expr string, input any, vars map[string]any) (any, error) {
	t.Helper()
	e, err := jsonata.Compile(expr)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), hardBound-time.Second)
	defer cancel()
	type outcome struct {
		v   any
		err error
	}
	done := make(chan outcome, 1)
	start := time.Now()
	go func() {
		v, err := e.Eval(ctx, input, vars, jsonata.WithNow(time.UnixMilli(1700000000000)))
		done <- outcome{v, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			require.NotEqual(t, "D1012", errCode(o.err), "stopped by the context after %v, not by a limit: %v", time.Since(start), o.err)
		}
		return o.v, o.err
	case <-time.After(hardBound):
		t.Fatalf("Eval(%q) did not end within %v", expr, hardBound)
		return nil, nil
	}
}

type hostileCase struct {
	name, expr string
	code       string // the error code (or codes: "D2015|U1001"); "" for a result
	want       string // the JSON of the result
}

func runHostile(t *testing.T, cases []hostileCase) {
	t.Helper()
	skipUnderRace(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := evalHostile(t, tc.expr, nil, nil)
			if tc.code != "" {
				require.Error(t, err)
				require.Contains(t, strings.Split(tc.code, "|"), errCode(err), "%v", err)
				var je *jsonata.Error
				require.True(t, errors.As(err, &je))
				require.Less(t, len(je.Message), 5000, "the message stays short")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, jsonOf(t, got))
		})
	}
}

// Item 1: builtins that create many items or large strings count against
// the item and string budgets (D2015) before they build them.
func TestHostileSizesFailWithD2015(t *testing.T) {
	runHostile(t, []hostileCase{
		{"split of a 50 MB string into characters", "$split($pad('', 50000000, 'a'), '')", "D2015", ""},
		{"split into characters repeated", "[1..5].$count($split($pad('', 5000000, 'a'), ''))", "D2015|U1001", ""},
		{"string split repeated", "[1..100].$count($split($pad('', 1000000, 'a,'), ','))", "D2015|U1001", ""},
		{"many large pads", "$count([1..200].$pad('', 1000000, 'x'))", "D2015|U1001", ""},
		{"base64 of a 100 MB string", "$length($base64encode($pad('', 100000000, 'a')))", "D2015", ""},
		{"join of many large strings", "$length($join([1..200].$pad('', 1000000, 'x')))", "D2015|U1001", ""},
		{"replace repeated", "$count([1..100].$replace($pad('', 2000000, 'a'), 'a', 'bb'))", "D2015|U1001", ""},
		{"uppercase repeated", "$count([1..100].$uppercase($pad('', 2000000, 'a')))", "D2015|U1001", ""},
		{"string of a large array repeated", "$count([1..300].$string([1..100000]))", "D2015|U1001", ""},
		{"concatenation repeated", "($s := $pad('', 2000000, 'a'); $count([1..100].($s & $s)))", "D2015|U1001", ""},
		{"zip of two large ranges", "$count($zip([1..10000000], [1..10000000]))", "D2015|U1001", ""},
		{"objects from a large range", "$count([1..10000000].{'a': $})", "D2015|U1001", ""},
		{"keys of a large object repeated", "($o := $merge([1..100000].{$string($): $}); $count([1..1000].$keys($o)))", "D2015|U1001", ""},
		{"spread of a large object repeated", "($o := $merge([1..100000].{$string($): $}); $count([1..1000].$spread($o)))", "D2015|U1001", ""},
		{"roman numerals of a huge number", "$formatInteger(1e300, 'I')", "D2015", ""},
		{"a huge date component width", "$fromMillis(0, '[Y,1000000000]')", "D2015", ""},
		{"an overflowing date component width", "$fromMillis(0, '[Y,99999999999]')", "D2015", ""},
		{"pad to a huge width", "$pad('x', 1e15)", "D2015", ""},
		{"pad to a huge negative width", "$pad('x', -1e300)", "D2015", ""},
		{"pad with a long character", "$pad('x', 1e8, '😀')", "D2015", ""},
		{"replacement that repeats the match", "$replace($pad('', 100000, 'a'), /a+/, $join($map([1..100000], function(){'$0'})))", "D2015", ""},
	})
}

// Item 2: evaluation work is bounded by the step limit (U1001), so that
// loops that jsonata-js runs forever (tail calls are optimised, so the
// depth does not grow) and quadratic work on large values end.
func TestRunawayEvaluationStops(t *testing.T) {
	runHostile(t, []hostileCase{
		{"tail recursion", "($f := function($n){ $f($n+1) }; $f(0))", "U1001", ""},
		{"tail recursion with a condition", "($f := function($n){ $n = 0 ? 0 : $f($n - 1) }; $f(1e12))", "U1001", ""},
		{"mutual recursion through tail calls", "($a := function(){ $b() }; $b := function(){ $a() }; $a())", "U1001", ""},
		{"mutual recursion with arguments", "($even := function($n){ $n = 0 ? true : $odd($n - 1) }; $odd := function($n){ $n = 0 ? false : $even($n - 1) }; $even(1e12))", "U1001", ""},
		{"Y combinator", "($Y := function($f){ (function($x){ $x($x) })(function($x){ $f(function($v){ ($x($x))($v) }) }) }; $loop := $Y(function($self){ function($n){ $self($n+1) } }); $loop(0))", "U1001", ""},
		{"map over a large range", "[1..10000000] ~> $map(function($x){ $x })", "U1001", ""},
		{"sort with a comparator", "$sort([1..1000000], function($a, $b){ $a < $b })", "U1001", ""},
		{"membership in a large array", "($big := [1..1000000]; $count([1..10000][-$ in $big]))", "U1001", ""},
		{"length of a large string", "($s := $pad('', 10000000, 'a'); $count([1..100000].$length($s)))", "U1001", ""},
		{"substring of a large string", "($s := $pad('', 1000000, 'a'); $count([1..100000].$substring($s, 5, 10)))", "U1001", ""},
		{"deep equality of large arrays", "($a := [1..1000000]; $b := [1..1000000]; $count([1..10000][$a = $b]))", "U1001", ""},
		{"effective boolean of a large array", "($z := $map([1..1000000], function(){ false }); $count([1..10000][$boolean($z)]))", "U1001", ""},
		{"field of a large array", "($big := [1..100000].{'a': $}; $count([1..10000].($big.a)))", "U1001", ""},
		{"distinct of a large array repeated", "($big := [1..100000]; $count([1..10000].$distinct($big)))", "U1001", ""},
		{"sum of a large array repeated", "($big := [1..1000000]; $count([1..10000].$sum($big)))", "U1001", ""},
		{"catastrophic regular expression", "($s := $pad('', 1000000, 'a'); $contains($s, /(.*){1000}c/))", "U1001", ""},
		{"regular expression with a large program", "($s := $pad('', 100000, 'a'); $count($match($s, /(a|aa|aaa|aaaa){500}b/)))", "U1001", ""},
		{"eval in a loop", "$count([1..10000000].$eval('1+1'))", "U1001", ""},
		{"formatNumber in a loop", "$count([1..10000000].$formatNumber($, '#,##0.00'))", "U1001", ""},
		{"fromMillis in a loop", "$count([1..10000000].$fromMillis($))", "U1001", ""},
		{"formatNumber with many grouping separators", "$formatNumber(1, $join($map([1..100000], function(){'#'}), ',') & '0')", "U1001", ""},
	})
}

// Item 3: $distinct hashes its items (1e6 items used to take minutes) and
// keeps jsonata-js's semantics: deep equality, the order of first
// occurrence.
func TestDistinctIsNearLinear(t *testing.T) {
	runHostile(t, []hostileCase{
		{"a million distinct numbers", "$count($distinct([1..1000000]))", "", "1000000"},
		{"a million numbers with repeats", "$distinct([1..1000000] ~> $map(function($v){ $v % 3 }))", "U1001", ""},
		{"many numbers with repeats", "$distinct([1..300000].($ % 3))", "", "[1,2,0]"},
		{"strings", "$count($distinct([1..200000].$string($ % 5000)))", "", "5000"},
		{"objects", "$distinct([1..200000].{'a': $ % 2, 'b': [$ % 2]})", "", `[{"a":1,"b":[1]},{"a":0,"b":[0]}]`},
	})
}

func TestDistinctSemantics(t *testing.T) {
	tests := []struct{ name, expr, want string }{
		{"numbers and strings differ", `$distinct([1, "1", 1, "1"])`, `[1,"1"]`},
		{"null, booleans", `$distinct([null, true, false, null, true])`, `[null,true,false]`},
		{"minus zero equals zero", `$distinct([0, -0, 0])`, `[0]`},
		{"arrays by value", `$distinct([[1, 2], [1, 2], [2, 1], [[1, 2]]])`, `[[1,2],[2,1],[[1,2]]]`},
		{"objects by value in any key order", `$distinct([{"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": 1}])`, `[{"a":1,"b":2},{"a":1}]`},
		{"nested objects", `$distinct([{"a": {"b": [1]}}, {"a": {"b": [1]}}, {"a": {"b": [2]}}])`, `[{"a":{"b":[1]}},{"a":{"b":[2]}}]`},
		{"first occurrence order", `$distinct(["b", "a", "b", "c", "a"])`, `["b","a","c"]`},
		{"a single value", `$distinct(5)`, `5`},
		{"an empty array", `$distinct([])`, `[]`},
		{"a path sequence", `$distinct(a.b)`, `[1,2]`},
		{"flattened NaN arrays", `($n := [0/0]; $count($distinct([$n, $n])))`, `2`},
		{"the same array holding NaN", `($n := [[0/0]]; $count($distinct([$n, $n])))`, `1`},
		{"arrays holding the same NaN array", `($n := [[0/0]]; $count($distinct([[$n, 1], [$n, 1]])))`, `1`},
		{"objects holding the same NaN array", `($n := [[0/0]]; $count($distinct([{'a': $n}, {'a': $n}])))`, `1`},
		{"an array holding NaN equals itself", `($n := [[0/0]]; $n = $n)`, `true`},
		{"distinct NaN", `$count($distinct([0/0, 0/0]))`, `2`},
		{"functions by identity", `($f := function(){1}; $count($distinct([$f, $f, function(){1}])))`, `2`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval(t, tc.expr, `{"a":[{"b":1},{"b":2},{"b":1}]}`)
			require.NoError(t, err)
			require.Equal(t, tc.want, jsonOf(t, got))
		})
	}
}

// Item 4: a number that is not finite never leaves Eval (jsonata-js
// raises D1001 when arithmetic meets one), and extreme numbers and dates
// format as jsonata-js formats them, or fail clearly.
func TestNonFiniteNumbersNeverLeaveEval(t *testing.T) {
	runHostile(t, []hostileCase{
		{"parseInteger of 400 nines", "$parseInteger($pad('', 400, '9'), '#0')", "D1001", ""},
		{"overflowing product", "10 * 1e308", "D1001", ""},
		{"zero divided by zero", "0 / 0", "D1001", ""},
		{"in an array", "[1, 1e308 * 10]", "D1001", ""},
		{"in an object", "{'a': 0 / 0}", "D1001", ""},
		{"a sum that overflows", "$sum([1e308, 1e308])", "D1001", ""},
		{"an average that overflows", "$average([1e308, 1e308])", "D1001", ""},
		{"a huge hexadecimal number", "$number('0x' & $pad('', 300, 'f'))", "D1001", ""},
		{"rounding to 400 places", "$round(123.456, 400)", "D1001", ""},
		{"a date beyond the range", "$toMillis('275761', '[Y]')", "D1001", ""},
		{"used in arithmetic", "(10 * 1e308) + 1", "D1001", ""},
		{"an infinite intermediate", "$exists(10 * 1e308)", "", "true"},
		{"a string of an infinite number", "$string(10 * 1e308)", "D3001", ""},
	})
}

func TestNonFiniteNumbersAndHostFunctions(t *testing.T) {
	called := false
	f := jsonata.Function{Name: "f", Signature: "<n:n>", Impl: func(_ context.Context, args []any) (any, error) {
		called = true
		return args[0], nil
	}}
	_, err := evalHostile(t, "$f(1e308 * 10)", nil, map[string]any{"f": f})
	require.Equal(t, "D1001", errCode(err), "%v", err)
	require.False(t, called, "the host function never sees a non-finite number")

	inf := jsonata.Function{Name: "inf", Impl: func(context.Context, []any) (any, error) { return math.Inf(1), nil }}
	_, err = evalHostile(t, "$inf()", nil, map[string]any{"inf": inf})
	require.Equal(t, "D1001", errCode(err), "%v", err)

	_, err = evalHostile(t, "$", map[string]any{"a": json.Number("1e400")}, nil)
	require.Equal(t, "D1001", errCode(err), "%v", err)
}

// The expected results are those of jsonata-js 2.0.6.
func TestExtremeNumbersFormatAsJavaScript(t *testing.T) {
	runHostile(t, []hostileCase{
		{"formatNumber of 1e308", "$formatNumber(1e308, '0.00')", "", `"NaN.00"`},
		{"formatNumber of -1e308", "$formatNumber(-1e308, '0.00')", "", `"-NaN.00"`},
		{"formatNumber of 1e21", "$formatNumber(1e21, '#')", "", `"1e+21"`},
		{"formatNumber of 1e300 with grouping", "$formatNumber(1e300, '#,###.00')", "", `"1e+,300.00"`},
		{"formatNumber of 1e300 with an exponent", "$formatNumber(1e300, '0.0e0')", "", `"1.0e300"`},
		{"formatNumber of 1e20", "$formatNumber(1e20, '0')", "", `"100000000000000000000"`},
		{"formatNumber of a tie", "$formatNumber(2.5, '0')", "", `"2"`},
		{"formatNumber of a near tie", "$formatNumber(1.005, '0.00')", "", `"1.00"`},
		{"formatNumber of 0.1 to 20 places", "$formatNumber(0.1, '0.00000000000000000000')", "", `"0.10000000000000000555"`},
		{"string of 1e21", "$string(1e21)", "", `"1e+21"`},
		{"concatenation of 1e21", "1e21 & ''", "", `"1e+21"`},
		{"string of 1.5e300", "$string(1.5e300)", "", `"1.5e+300"`},
		{"string of -1.5e300", "$string(-1.5e300)", "", `"-1.5e+300"`},
		{"string of the largest number", "$string(1.7976931348623157e308)", "", `"null"`},
		{"clone of the largest number", "$clone({'a': 1.7976931348623157e308})", "", `{"a":null}`},
		{"string of 17 digits", "$string(123456789012345678901234)", "", `"1.23456789012346e+23"`},
		{"string of an array", "$string([1e21, 1.5e300, -1e-7, 1e-7])", "", `"[1e+21,1.5e+300,-1e-7,1e-7]"`},
		{"formatBase of 1e21", "$formatBase(1e21)", "", `"1e+21"`},
		{"round of 1e21", "$round(1e21) & ''", "", `"1e+21"`},
		{"formatInteger of 1e21", "$formatInteger(1e21, '0;o')", "", `"1e+21st"`},
		{"formatInteger of 1e21 in words", "$formatInteger(1e21, 'w')", "", `"one billion trillion"`},
		{"formatInteger of 1e23 in words", "$formatInteger(1e23, 'w')", "", `"ninety-nine billion, nine hundred and ninety-nine million, nine hundred and ninety-nine thousand, nine hundred and ninety-nine trillion, nine hundred and ninety-nine billion, nine hundred and eighty-nine million, one hundred and eighty-two thousand, four hundred and sixty-four"`},
	})
	got, err := evalHostile(t, "$formatInteger(1e300, 'w')", nil, nil)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(got.(string), "one trillion trillion, two hundred and sixty-eight million"), got)
}

func TestDatesOutOfRangeFail(t *testing.T) {
	runHostile(t, []hostileCase{
		{"fromMillis of 1e300", "$fromMillis(1e300)", "D1001", ""},
		{"fromMillis just beyond the range", "$fromMillis(8.64e15 + 1)", "D1001", ""},
		{"fromMillis just before the range", "$fromMillis(-8.64e15 - 1)", "D1001", ""},
		{"fromMillis with a picture", "$fromMillis(1e300, '[Y]')", "D1001", ""},
		{"fromMillis moved beyond the range by the timezone", "$fromMillis(8.64e15, '[Y]', '+0100')", "D1001", ""},
		{"fromMillis of NaN", "$fromMillis(0/0)", "D1001", ""},
		{"fromMillis with an invalid timezone", "$fromMillis(0, '[Y]', 'x')", "D1001", ""},
		{"fromMillis at the end of the range", "$fromMillis(8.64e15)", "", `"5760-09-13T00:00:00.000Z"`},
		{"fromMillis at the start of the range", "$fromMillis(-8.64e15)", "", `"-1821-04-20T00:00:00.000Z"`},
		{"fromMillis of a picture without components", "$fromMillis(1e300, 'text')", "", `"text"`},
		{"fromMillis with the calendar of an invalid date", "$fromMillis(1e300, '[C]')", "", `"ISO"`},
		{"toMillis of a large year", "$toMillis('99999', '[Y]')", "", `3093496444800000`},
		{"formatInteger of 1e300 in words", "$count($formatInteger(1e300, 'w'))", "", "1"},
	})
}

// Item 5: the rest of a hostile tour of the builtins.
func TestHostileBuiltins(t *testing.T) {
	runHostile(t, []hostileCase{
		{"regex with a huge repetition", "$match('a', /a{1000000}/)", "S0303", ""},
		{"regex with nested repetitions", "$match('a', /((a{1000}){1000}){1000}/)", "S0303", ""},
		{"eval of deep nesting", "$eval($pad('', 100000, '('))", "D3120", ""},
		{"a deeply nested result", "$reduce([1..20000], function($a, $b){ [[$a]] }, [])", "D1011", ""},
		{"a deeply nested object result", "$reduce([1..20000], function($a, $b){ {'a': $a} }, {})", "D1011", ""},
		{"string of a deeply nested value", "$string($reduce([1..20000], function($a, $b){ [[$a]] }, []))", "D1011", ""},
		{"a deeply nested value equals itself", "($d := $reduce([1..20000], function($a, $b){ [[$a]] }, []); $d = $d)", "", "true"},
		{"deep equality of deeply nested values", "$reduce([1..20000], function($a, $b){ [[$a]] }, []) = $reduce([1..20000], function($a, $b){ [[$a]] }, [])", "D1011", ""},
		{"distinct of a deeply nested value", "$count($distinct([$reduce([1..20000], function($a, $b){ [[$a]] }, []), 1]))", "", "2"},
		{"keys of deeply nested arrays", "$keys($reduce([1..20000], function($a, $b){ [[$a]] }, []))", "D1011", ""},
		{"a huge value in an error message", "$number($pad('', 10000000, 'x'))", "D3030", ""},
		{"grouping separators of a long picture", "$length($formatInteger(1, '0' & $join($map([1..100000], function(){'000'}), ',')))", "", "400001"},
		{"grouping by one key", "$count(([1..100000]{'a': $}).a)", "", "100000"},
		{"spread of many objects", "$count($spread([1..100000].{'k': $}))", "", "100000"},
		{"regex split of a long non-ASCII string", "($s := $join($map([1..100000], function(){'éb'})); $count($split($s, /b/)))", "", "100001"},
		{"regex matches of a long string", "($s := $join($map([1..300000], function(){'ab'})); $count($match($s, /b/)))", "", "300000"},
		{"regex replace of a long non-ASCII string", "($s := $join($map([1..100000], function(){'éb'})); $length($replace($s, /b/, 'c')))", "", "200000"},
		{"a range at jsonata-js's limit", "[1..10000000] ~> $count()", "", "10000000"},
	})
}

// deepValue is an array nested n deep.
func deepValue(n int) any {
	var v any = []any{}
	for i := 0; i < n; i++ {
		v = []any{v}
	}
	return v
}

func TestDeeplyNestedInput(t *testing.T) {
	skipUnderRace(t)
	deep := map[string]any{"a": deepValue(50000)}
	for _, tc := range []struct{ name, expr, code string }{
		{"the input itself", "$", "D1011"},
		{"its string", "$string($)", "D1011"},
		{"its descendants", "$count(**)", "D1011"},
		{"its clone", "$clone($)", "D1011"},
		{"its keys", "$keys(a)", "D1011"},
		{"a field of it", "$count(a.x)", "D1011"},
		{"its spread", "$spread(a)", "D1011"},
		{"its distinct", "$distinct(a)", ""},
		{"flattening it", "$count(*)", "D1011"},
		{"equality with a copy", "a = $eval('a', $)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evalHostile(t, tc.expr, deep, nil)
			if tc.code == "" {
				if err != nil {
					// any clear error will do, but not a crash
					require.NotEqual(t, "D1000", errCode(err), "%v", err)
				}
				return
			}
			require.Equal(t, tc.code, errCode(err), "%v", err)
		})
	}
}

// Compile takes time linear in the size of the expression (a path of many
// steps took minutes: each '.' rechecked every step), or fails clearly.
func TestHostileCompile(t *testing.T) {
	const n = 100000
	tests := []struct{ name, expr, code string }{
		{"a long path", strings.Repeat("a.", n) + "a", ""},
		{"a long path of wildcards", strings.Repeat("*.", n) + "*", ""},
		{"a long path of descendants", strings.Repeat("**.", n) + "a", ""},
		{"many parent operators", strings.Repeat("a.", n/2) + strings.Repeat("%.", n/2) + "x", "U1002"},
		{"a few parent operators", strings.Repeat("a.", 1000) + strings.Repeat("%.", 1000) + "x", ""},
		{"deep parentheses", strings.Repeat("(", n) + "1" + strings.Repeat(")", n), "D1011"},
		{"deep arrays", strings.Repeat("[", n) + "1" + strings.Repeat("]", n), "D1011"},
		{"a long sum", strings.Repeat("1+", n) + "1", ""},
		{"a long block", "(" + strings.Repeat("$a := 1;", n) + "$a)", ""},
		{"many predicates", "a" + strings.Repeat("[true]", n), ""},
		{"a long string", "'" + strings.Repeat("x", 10_000_000) + "'", ""},
		{"a long regular expression", "/" + strings.Repeat("a|", n) + "a/", ""},
		{"a regular expression of many repetitions", "/" + strings.Repeat("a{1000}", 1000) + "/", "S0303"},
		{"a regular expression of nested repetitions", "/" + strings.Repeat("(?:a{100}){10}", 1000) + "/", "S0303"},
		{"a regular expression of moderate size", "/" + strings.Repeat("a{100}", 100) + "/", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := jsonata.Compile(tc.expr)
			require.Less(t, time.Since(start), hardBound)
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tc.code, errCode(err), "%v", err)
		})
	}
}
