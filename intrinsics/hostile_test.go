package intrinsics

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
	"github.com/stretchr/testify/require"
)

// TestHostileParse checks calls that can never succeed, or that hold numbers
// a float64 cannot, are refused when parsed.
func TestHostileParse(t *testing.T) {
	tests := []struct{ src, err string }{
		{"States.ArrayRange(0, 1e9, 1)", "always fails: the range has 1000000001 elements; at most 1000 are allowed"},
		{"States.ArrayRange(-2147483648, 2147483647, 1)", "always fails: the range has 4294967296 elements; at most 1000 are allowed"},
		{"States.MathAdd(1e308, 1e308)", "always fails: the numbers must be 32-bit integers"},
		{"States.MathRandom(-2147483648, 2147483647)", "always fails: start (-2147483648) must be less than end (2147483647), by at most 2147483647"},
		{"States.MathRandom(1, 10, 1e300)", "always fails: the seed must be a 64-bit integer"},
		{"States.Array(1e400)", "number 1e400 is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)"},
		{"States.Array(-1e400)", "number -1e400 is out of range"},
		{"States.Array(1" + strings.Repeat("0", 400) + ")", "number 100000000000000000000000… (401 characters) is out of range"},
		{"States.MathAdd(1e999999999999999999999, 1)", "number 1e999999999999999999999 is out of range"},
		{"States.StringToJson('1e400')", "always fails: the string is not JSON: number 1e400 is out of range"},
		{"States.StringToJson('{\"a\":[-1e400]}')", "always fails: the string is not JSON: number -1e400 at /a/0 is out of range"},
		{"States.Base64Decode('" + strings.Repeat("A", 10001) + "')", "always fails: the string has 10001 characters; at most 10000 are allowed"},
	}
	for _, tt := range tests {
		t.Run(firstN(tt.src, 60), func(t *testing.T) {
			_, err := Parse(tt.src)
			require.ErrorContains(t, err, tt.err)
		})
	}
	// A number that underflows is 0, as Jackson reads it.
	c, err := Parse("States.Array(1e-400)")
	require.NoError(t, err)
	v, err := c.Eval(newTestEnv(nil))
	require.NoError(t, err)
	require.Equal(t, `[0.0]`, jsonv.String(v))
}

// shared builds an array of width references to one value, depth levels
// deep: a value of width^depth leaves in a few hundred bytes of memory, as
// States.Array($, $, ...) nested builds from its input.
func shared(width, depth int) any {
	var v any = "leaf"
	for range depth {
		a := make([]any, width)
		for i := range a {
			a[i] = v
		}
		v = a
	}
	return v
}

// nestedJSON is {"a":{"a":...{"b":2}}} depth levels deep, as JSON text.
func nestedJSON(depth int) string {
	return strings.Repeat(`{"a":`, depth) + `{"b":2}` + strings.Repeat("}", depth)
}

// TestHostileEval evaluates calls on inputs made to take time or memory:
// each ends, within a second or two, with a result or with the error AWS
// gives (States.Runtime, "Invalid arguments in ...") or a limit.
func TestHostileEval(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	object := map[string]any{}
	for i := range 10000 {
		object[fmt.Sprintf("key%05d", i)] = strings.Repeat("v", 20)
	}
	hundredK := make([]any, 100000)
	for i := range hundredK {
		hundredK[i] = json.Number("1")
	}
	deep, err := jsonv.Decode([]byte(nestedJSON(9990)))
	require.NoError(t, err)
	many := func(n int, arg string) string { return strings.TrimSuffix(strings.Repeat(arg+", ", n), ", ") }
	tooMuch := "The values are too large: their text takes more than 4194304 bytes"

	tests := []struct {
		name  string
		src   string
		input any
		want  func(t *testing.T, v any) // checks a result
		cause string                    // or the cause of the failure
	}{
		{name: "range of 1e9 from the input", src: "States.ArrayRange($.a, $.b, $.c)",
			input: map[string]any{"a": json.Number("0"), "b": json.Number("1e9"), "c": json.Number("1")},
			cause: "Invalid arguments in States.ArrayRange"},
		{name: "range of 32-bit extremes", src: "States.ArrayRange($.a, $.b, $.b)",
			input: map[string]any{"a": json.Number("-2147483648"), "b": json.Number("2147483647")},
			want:  wantJSON(`[-2147483648,-1,2147483646]`)},
		{name: "split a long string at many delimiters", src: "States.StringSplit($.s, $.d)",
			input: map[string]any{"s": strings.Repeat("x", 200000) + ",y", "d": strings.Repeat("é", 100000) + ","},
			want:  func(t *testing.T, v any) { require.Len(t, v, 2) }},
		{name: "split into 100000 strings", src: "States.StringSplit($.s, ',')",
			input: map[string]any{"s": strings.Repeat("a,", 100000)},
			want:  func(t *testing.T, v any) { require.Len(t, v, 100000) }},
		{name: "partition 100000 elements by 1", src: "States.ArrayPartition($.a, 1)",
			input: map[string]any{"a": hundredK},
			want:  func(t *testing.T, v any) { require.Len(t, v, 100000) }},
		{name: "partition by 1e9", src: "States.ArrayLength(States.ArrayPartition($.a, $.n))",
			input: map[string]any{"a": hundredK, "n": json.Number("1e9")},
			want:  wantJSON(`1`)},
		{name: "format 200 copies of the input", src: "States.Format('" + strings.Repeat("{}", 200) + "', " + many(200, "$.o") + ")",
			input: map[string]any{"o": object},
			cause: tooMuch},
		{name: "format a value of 10^10 leaves", src: "States.Format('{}', $.v)",
			input: map[string]any{"v": shared(10, 10)},
			cause: tooMuch},
		{name: "format within the budget", src: "States.Format('{} {}', $.o, $.o)",
			input: map[string]any{"o": object},
			want:  func(t *testing.T, v any) { require.Greater(t, len(v.(string)), 2*300000) }},
		{name: "json of 10^10 leaves", src: "States.JsonToString($.v)",
			input: map[string]any{"v": shared(10, 10)},
			cause: tooMuch},
		{name: "json of 10 copies of 330 KB", src: "States.JsonToString(States.Array(" + many(10, "$.o") + "))",
			input: map[string]any{"o": object},
			want:  func(t *testing.T, v any) { require.Greater(t, len(v.(string)), 10*300000) }},
		{name: "json of 50 copies of 330 KB", src: "States.JsonToString(States.Array(" + many(50, "$.o") + "))",
			input: map[string]any{"o": object},
			cause: tooMuch},
		{name: "json of 9990 nested objects", src: "States.JsonToString($)",
			input: deep,
			want:  func(t *testing.T, v any) { require.Equal(t, nestedJSON(9990), v) }},
		{name: "add 1e308 and 1e308", src: "States.MathAdd($.a, $.a)",
			input: map[string]any{"a": json.Number("1e308")},
			cause: "Invalid arguments in States.MathAdd"},
		{name: "add a number beyond float64", src: "States.MathAdd($.a, 1)",
			input: map[string]any{"a": json.Number("1e400")},
			cause: "Invalid arguments in States.MathAdd"},
		{name: "random with a seed of 1e300", src: "States.MathRandom($.a, $.b, $.s)",
			input: map[string]any{"a": json.Number("1"), "b": json.Number("10"), "s": json.Number("1e300")},
			cause: "Invalid arguments in States.MathRandom"},
		{name: "random over the widest range", src: "States.MathRandom($.a, $.b, $.s)",
			input: map[string]any{"a": json.Number("-1073741824"), "b": json.Number("1073741823"), "s": json.Number("-9223372036854775808")},
			want:  func(t *testing.T, v any) { require.True(t, jsonv.IsNumber(v)) }},
		{name: "base64-decode 1 MB", src: "States.Base64Decode($.s)", input: map[string]any{"s": big},
			cause: "Invalid arguments in States.Base64Decode"},
		{name: "base64-encode 1 MB", src: "States.Base64Encode($.s)", input: map[string]any{"s": big},
			cause: "Invalid arguments in States.Base64Encode"},
		{name: "hash 1 MB", src: "States.Hash($.s, 'SHA-256')", input: map[string]any{"s": big},
			cause: "Invalid arguments in States.Hash"},
		{name: "hash an object of 300 KB", src: "States.Hash($.o, 'SHA-256')", input: map[string]any{"o": object},
			cause: "Invalid arguments in States.Hash"},
		{name: "hash a value of 10^10 leaves", src: "States.Hash($.v, 'MD5')", input: map[string]any{"v": shared(10, 10)},
			cause: "Invalid arguments in States.Hash"},
		{name: "contains in 50 copies of the input", src: "States.ArrayContains(States.Array(" + many(50, "$.o") + "), 'x')",
			input: map[string]any{"o": object},
			want:  wantJSON(`false`)},
		{name: "contains the input in 50 copies of it", src: "States.ArrayContains(States.Array(" + many(50, "$.o") + "), $.o)",
			input: map[string]any{"o": object},
			want:  wantJSON(`true`)},
		{name: "contains in a value of 10^10 leaves", src: "States.ArrayContains($.v, 'x')",
			input: map[string]any{"v": shared(10, 10)},
			cause: tooMuch},
		{name: "unique of 50 copies of the input", src: "States.ArrayLength(States.ArrayUnique(States.Array(" + many(50, "$.o") + ")))",
			input: map[string]any{"o": object},
			want:  wantJSON(`1`)},
		{name: "unique of 10 values of 10^9 leaves", src: "States.ArrayUnique($.v)",
			input: map[string]any{"v": shared(10, 10)},
			cause: tooMuch},
		{name: "string to json of 1e400", src: "States.StringToJson($.s)", input: map[string]any{"s": "[1,1e400]"},
			cause: "Invalid arguments in States.StringToJson"},
		{name: "string to json nested beyond 10000", src: "States.StringToJson($.s)", input: map[string]any{"s": nestedJSON(10001)},
			cause: "Invalid arguments in States.StringToJson"},
		{name: "string to json nested 9990 deep", src: "States.ArrayLength(States.Array(States.StringToJson($.s)))",
			input: map[string]any{"s": nestedJSON(9990)},
			want:  wantJSON(`1`)},
		{name: "a path beyond its limits", src: "States.Format('{}', $..a)", input: deep,
			cause: "The JsonPath argument for the field '$..a' could not be evaluated: The values the path matches take more than 16777216 bytes"},
		{name: "a path within its limits", src: "States.Format('{}', $..b)", input: deep, want: wantJSON(`"[2]"`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.src)
			require.NoError(t, err)
			start := time.Now()
			v, err := c.Eval(newTestEnv(tt.input))
			require.Less(t, time.Since(start), 5*time.Second)
			if tt.cause != "" {
				var se *states.Error
				require.ErrorAs(t, err, &se)
				require.Equal(t, states.ErrRuntime, se.Name)
				require.Equal(t, "The function '"+tt.src+"' had the following error: "+tt.cause, se.Cause)
				return
			}
			require.NoError(t, err)
			tt.want(t, v)
		})
	}
}

func wantJSON(s string) func(t *testing.T, v any) {
	return func(t *testing.T, v any) {
		t.Helper()
		require.Equal(t, s, jsonv.String(v))
	}
}
