package payload

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

// docEnv resolves $ against input and $$ against ctx.
type docEnv struct{ input, ctx any }

func (e docEnv) Resolve(p *path.Path) (any, error) { return p.Get(e.Document(p)) }
func (e docEnv) Document(p *path.Path) any {
	if p.Root() == path.Context {
		return e.ctx
	}
	return e.input
}
func (docEnv) Random() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
func (docEnv) UUID() string       { return "uuid" }

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	require.NoError(t, err)
	return v
}

func TestEval(t *testing.T) {
	env := docEnv{input: decode(t, `{"a":{"b":[1,2]},"s":"x"}`), ctx: decode(t, `{"State":{"Name":"S"}}`)}
	tests := []struct {
		name, tmpl, want string
		static           bool
	}{
		{name: "static", tmpl: `{"k":[1,{"x":"$.a"}]}`, want: `{"k":[1,{"x":"$.a"}]}`, static: true},
		{name: "paths", tmpl: `{"b.$":"$.a.b","n.$":"$$.State.Name","nested":{"s.$":"$.s"},"arr":[{"x.$":"$.a.b[1]"}]}`,
			want: `{"b":[1,2],"n":"S","nested":{"s":"x"},"arr":[{"x":2}]}`},
		{name: "intrinsic", tmpl: `{"f.$":"States.Format('{}-{}', $.s, $$.State.Name)"}`, want: `{"f":"x-S"}`},
		{name: "a key of only .$ is a literal", tmpl: `{".$":"$.s"}`, want: `{".$":"$.s"}`, static: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, problems := Compile(decode(t, tt.tmpl))
			require.Empty(t, problems)
			require.Equal(t, tt.static, tp.Static())
			got, err := tp.Eval(env)
			require.NoError(t, err)
			require.True(t, jsonv.Equal(decode(t, tt.want), got), "got %s", jsonv.String(got))
		})
	}
}

func TestCompileProblems(t *testing.T) {
	tests := []struct{ tmpl, ptr, msg string }{
		{`{"a.$":1}`, "/a.$", "must be a string"},
		{`{"x":{"a.$":"a.b"}}`, "/x/a.$", "neither a JSONPath nor an intrinsic function"},
		{`{"l":[{"a.$":"$.["}]}`, "/l/0/a.$", `field "a.$"`},
		{`{"a.$":"States.Nope()"}`, "/a.$", "States.Nope"},
	}
	for _, tt := range tests {
		_, problems := Compile(decode(t, tt.tmpl))
		require.Len(t, problems, 1, tt.tmpl)
		require.Equal(t, tt.ptr, problems[0].Pointer)
		require.Contains(t, problems[0].Message, tt.msg)
	}
}

func TestEvalMissingPath(t *testing.T) {
	tp, problems := Compile(decode(t, `{"v.$":"$.nope"}`))
	require.Empty(t, problems)
	_, err := tp.Eval(docEnv{input: decode(t, `{"a":1}`)})
	se := states.As(err)
	require.Equal(t, states.ErrRuntime, se.Name)
	require.Equal(t, `The JSONPath '$.nope' specified for the field 'v.$' could not be found in the input '{"a":1}'`, se.Cause)
}

func TestCompileValue(t *testing.T) {
	v, err := CompileValue("$.s", "ErrorPath")
	require.NoError(t, err)
	got, err := v.Eval(docEnv{input: decode(t, `{"s":"E"}`)})
	require.NoError(t, err)
	require.Equal(t, "E", got)
	_, err = CompileValue("nope", "ErrorPath")
	require.Error(t, err)
}
