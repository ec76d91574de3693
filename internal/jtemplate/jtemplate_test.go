package jtemplate

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	require.NoError(t, err)
	return v
}

func TestIsExpression(t *testing.T) {
	for s, want := range map[string]bool{
		"{% 1 %}": true, "{%%}": true, " {% 1 %}": false, "{% 1 %} ": false, "{% 1": false, "text": false, "{%": false,
	} {
		require.Equal(t, want, IsExpression(s), s)
	}
}

func TestEval(t *testing.T) {
	env := Env{Vars: map[string]any{"states": map[string]any{"input": decode(t, `{"n":[1,2],"s":"x"}`)}, "v": "var"}}
	tests := []struct{ tmpl, want string }{
		{`"{% $sum($states.input.n) %}"`, `3`},
		{`{"a":"{% $v %}","b":[1,"{% $states.input.s & '!' %}"],"c":"{% null %}"}`, `{"a":"var","b":[1,"x!"],"c":null}`},
		{`{"lit":" {% not evaluated %} ","n":1}`, `{"lit":" {% not evaluated %} ","n":1}`},
	}
	for _, tt := range tests {
		tp, problems := Compile(decode(t, tt.tmpl))
		require.Empty(t, problems, tt.tmpl)
		got, err := tp.Eval(context.Background(), env, "Output")
		require.NoError(t, err, tt.tmpl)
		require.True(t, jsonv.Equal(decode(t, tt.want), got), "%s: got %s", tt.tmpl, jsonv.String(got))
	}
}

func TestEvalFailures(t *testing.T) {
	env := Env{Vars: map[string]any{"states": map[string]any{"input": map[string]any{}}}}
	tests := []struct{ tmpl, cause string }{
		{`{"a":["{% $states.input.x %}"]}`, "The JSONata expression '$states.input.x' specified for the field 'Output/a[0]' returned nothing (undefined)."},
		{`"{% $sqrt(-1) %}"`, "The JSONata expression '$sqrt(-1)' specified for the field 'Output' threw an error during evaluation. D3060: The sqrt function cannot be applied to a negative number: -1"},
		{`"{% function($x){$x} %}"`, "The JSONata expression 'function($x){$x}' specified for the field 'Output' returned an unsupported result type."},
	}
	for _, tt := range tests {
		tp, problems := Compile(decode(t, tt.tmpl))
		require.Empty(t, problems)
		_, err := tp.Eval(context.Background(), env, "Output")
		se := states.As(err)
		require.Equal(t, states.ErrQueryEvaluationError, se.Name, tt.tmpl)
		require.Equal(t, tt.cause, se.Cause)
	}
}

func TestCompileProblems(t *testing.T) {
	_, problems := Compile(decode(t, `{"ok":"{% 1 %}","bad":{"x":["{% a[1,2) %}"]}}`))
	require.Len(t, problems, 1)
	require.Equal(t, "/bad/x/0", problems[0].Pointer)
	require.Contains(t, problems[0].Message, "invalid JSONata expression")
}
