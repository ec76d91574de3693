package jsonata_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/jsonata"
)

func evalWith(t *testing.T, expr string, opts ...jsonata.Option) (any, error) {
	t.Helper()
	e, err := jsonata.Compile(expr)
	require.NoError(t, err)
	return e.Eval(context.Background(), nil, nil, opts...)
}

func TestDefaultLimits(t *testing.T) {
	require.Equal(t, 10000, jsonata.DefaultMaxDepth)
	require.Equal(t, 4_000_000, jsonata.DefaultMaxSteps)
	require.Equal(t, 20_000_000, jsonata.DefaultMaxItems)
	require.Equal(t, 128<<20, jsonata.DefaultMaxStringBytes)
}

func TestStepLimit(t *testing.T) {
	tests := []struct {
		name  string
		expr  string
		steps int
		code  string
	}{
		{"a small range within the limit", "$sum([1..100])", 1000, ""},
		{"a loop beyond the limit", "$sum([1..100].($ * 2))", 100, "U1001"},
		{"tail recursion", "($f := function($n){ $f($n + 1) }; $f(0))", 10000, "U1001"},
		{"builtin calls", "$count([1..1000].$string())", 1000, "U1001"},
		{"a sort", "$sort([1..1000], function($a, $b){ $a > $b })", 1000, "U1001"},
		{"sort comparisons", "$count($sort([1..100000]))", 10000, "U1001"},
		{"the limit applies inside $eval", "$eval('[1..100000].($ * 2)')", 10000, "U1001"},
		{"the default when n <= 0", "$sum([1..100])", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evalWith(t, tc.expr, jsonata.WithMaxSteps(tc.steps))
			if tc.code == "" {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tc.code, errCode(err), "%v", err)
		})
	}
}

func TestStepLimitError(t *testing.T) {
	_, err := evalWith(t, "($f := function($n){ $f($n + 1) }; $f(0))", jsonata.WithMaxSteps(5000))
	var je *jsonata.Error
	require.True(t, errors.As(err, &je))
	require.Equal(t, "U1001", je.Code)
	require.Equal(t, "Expression evaluation exceeded the step limit of 5000: check for an infinite loop or runaway recursion", je.Message)
	require.NotErrorIs(t, err, context.DeadlineExceeded)
}

func TestStepLimitIsPerEvaluation(t *testing.T) {
	e, err := jsonata.Compile("$sum([1..1000].($ * 2))")
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		got, err := e.Eval(context.Background(), nil, nil, jsonata.WithMaxSteps(20000))
		require.NoError(t, err)
		require.Equal(t, 1001000.0, got)
	}
}

// The interpreter passes only WithNow: the default limits apply.
func TestDefaultsApplyWithOtherOptions(t *testing.T) {
	if raceEnabled {
		t.Skip("runs an evaluation to its default step limit, too slow under the race detector")
	}
	_, err := evalWith(t, "($f := function($n){ $f($n + 1) }; $f(0))", jsonata.WithNow(time.Now()))
	require.Equal(t, "U1001", errCode(err), "%v", err)
	_, err = evalWith(t, "$count($split($pad('', 30000000, 'a'), ''))", jsonata.WithNow(time.Now()))
	require.Equal(t, "D2015", errCode(err), "%v", err)
}

func TestTimeLimit(t *testing.T) {
	start := time.Now()
	_, err := evalWith(t, "($f := function($n){ $f($n + 1) }; $f(0))",
		jsonata.WithMaxSteps(math.MaxInt), jsonata.WithTimeLimit(50*time.Millisecond))
	require.Less(t, time.Since(start), 5*time.Second)
	var je *jsonata.Error
	require.True(t, errors.As(err, &je), "%v", err)
	require.Equal(t, "D1012", je.Code)
	require.Equal(t, "Evaluation timeout after 50 milliseconds. Check for infinite loop", je.Message)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	got, err := evalWith(t, "$sum([1..100])", jsonata.WithTimeLimit(time.Minute))
	require.NoError(t, err)
	require.Equal(t, 5050.0, got)
}

func TestContextStillCancels(t *testing.T) {
	e, err := jsonata.Compile("($f := function($n){ $f($n + 1) }; $f(0))")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = e.Eval(ctx, nil, nil, jsonata.WithMaxSteps(math.MaxInt))
	require.Equal(t, "D1012", errCode(err))
	require.ErrorIs(t, err, context.DeadlineExceeded)

	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, err = e.Eval(cancelled, nil, nil)
	require.Equal(t, "D1012", errCode(err))
	require.ErrorIs(t, err, context.Canceled)
}

// Every builtin that creates items counts them against the item limit.
func TestItemLimit(t *testing.T) {
	const limit = 1000
	input := map[string]any{"big": bigObject(2000)}
	tests := []struct{ name, expr string }{
		{"range", "[1..2000]"},
		{"split into characters", "$split($pad('', 2000, 'a'), '')"},
		{"split on a separator", "$split($pad('', 4000, 'a,'), ',')"},
		{"split on a regex", "$split($pad('', 4000, 'a,'), /,/)"},
		{"match", "$match($pad('', 2000, 'a'), /a/)"},
		{"zip", "$zip([1..400], [1..400])"},
		{"keys", "$keys(big)"},
		{"spread", "$spread(big)"},
		{"merge", "$merge([big, big])"},
		{"wildcard", "big.*"},
		{"descendants", "big.**"},
		{"object construction", "[1..100].{'a': $}"},
		{"grouping", "[1..600]{$string($): $}"},
		{"array constructor", "($a := [1..600]; [$a, $a])"},
		{"append", "($a := [1..600]; $append($a, $a))"},
		{"reverse", "($a := [1..600]; $reverse($a))"},
		{"shuffle", "($a := [1..600]; $shuffle($a))"},
		{"distinct", "($a := [1..600]; $distinct($a))"},
		{"path flattening", "[1..30].[1..30]"},
		{"clone", "$clone(big)"},
		{"transform", "big ~> | $ | {'x': 1} |"},
		{"positional binding", "[1..600]#$i.($i)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := jsonata.Compile(tc.expr)
			require.NoError(t, err)
			_, err = e.Eval(context.Background(), input, nil, jsonata.WithMaxItems(limit))
			require.Equal(t, "D2015", errCode(err), "%v", err)
			var je *jsonata.Error
			require.True(t, errors.As(err, &je))
			require.Equal(t, "The evaluation exceeded its limit of 1000 items in sequences, arrays and objects", je.Message)
		})
	}
	got, err := evalWith(t, "$count([1..500])", jsonata.WithMaxItems(limit))
	require.NoError(t, err)
	require.Equal(t, 500.0, got)
}

func bigObject(n int) map[string]any {
	o := make(map[string]any, n)
	for i := 0; i < n; i++ {
		o[strings.Repeat("k", 1+i%7)+string(rune('a'+i%26))+string(rune('0'+i%10))+string(rune(i))] = float64(i)
	}
	return o
}

// Every builtin that builds strings counts their bytes against the string
// limit, before it builds them.
func TestStringLimit(t *testing.T) {
	const limit = 10000
	tests := []struct{ name, expr string }{
		{"pad", "$pad('', 20000)"},
		{"concatenation", "($s := $pad('', 4000); $s & $s & $s)"},
		{"join", "$join([1..3000].$string())"},
		{"string", "$string([1..3000])"},
		{"pretty string", "$string([1..1500], true)"},
		{"replace", "$replace($pad('', 6000, 'a'), 'a', 'bb')"},
		{"replace with a regex", "$replace($pad('', 6000, 'a'), /a/, 'bb')"},
		{"uppercase", "($s := $pad('', 4000, 'a'); [$uppercase($s), $uppercase($s), $uppercase($s)])"},
		{"lowercase", "($s := $pad('', 4000, 'A'); [$lowercase($s), $lowercase($s), $lowercase($s)])"},
		{"trim", "($s := $pad('', 4000, 'a'); [$trim($s), $trim($s), $trim($s)])"},
		{"base64encode", "$base64encode($pad('', 8000, 'a'))"},
		{"base64decode", "$base64decode($pad('', 8000, 'QUJD'))"},
		{"encodeUrlComponent", "$encodeUrlComponent($pad('', 4000, ' '))"},
		{"formatNumber", "$formatNumber(1, $pad('', 12000, '0'))"},
		{"formatInteger", "$formatInteger(1, $pad('', 12000, '0'))"},
		{"formatInteger roman", "$formatInteger(20000000, 'I')"},
		{"fromMillis", "$fromMillis(0, $pad('', 12000, 'x'))"},
		{"fromMillis width", "$fromMillis(0, '[Y,20000]')"},
		{"formatBase", "$join([1..200].$formatBase(1e300, 2))"},
		{"split into characters", "($s := $pad('', 2000, 'é'); [$split($s, ''), $split($s, ''), $split($s, '')])"},
		{"split on a regex", "($s := $pad('', 2000, 'é,'); [$split($s, /,/), $split($s, /,/), $split($s, /,/)])"},
		{"regex as a function", "/a/([1..3000].$string())"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evalWith(t, tc.expr, jsonata.WithMaxStringBytes(limit))
			require.Equal(t, "D2015", errCode(err), "%v", err)
			var je *jsonata.Error
			require.True(t, errors.As(err, &je))
			require.Equal(t, "The evaluation exceeded its limit of 10000 bytes of strings", je.Message)
		})
	}
	got, err := evalWith(t, "$length($pad('', 5000))", jsonata.WithMaxStringBytes(limit))
	require.NoError(t, err)
	require.Equal(t, 5000.0, got)
}

// With the step limit lifted, the cumulative item and string limits are
// what stops large work.
func TestCumulativeSizeLimits(t *testing.T) {
	opts := []jsonata.Option{jsonata.WithMaxSteps(math.MaxInt), jsonata.WithMaxItems(1_000_000), jsonata.WithMaxStringBytes(1 << 20)}
	for _, tc := range []struct{ name, expr string }{
		{"many pads", "$count([1..200].$pad('', 10000, 'x'))"},
		{"many splits", "[1..50].$count($split($pad('', 100000, 'a'), ''))"},
		{"zip of two ranges", "$count($zip([1..400000], [1..400000]))"},
		{"objects from a range", "$count([1..100000].{'a': $})"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evalWith(t, tc.expr, opts...)
			require.Equal(t, "D2015", errCode(err), "%v", err)
		})
	}
}
