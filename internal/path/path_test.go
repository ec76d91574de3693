package path

import (
	"sort"
	"testing"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/stretchr/testify/require"
)

func doc(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	require.NoError(t, err)
	return v
}

func TestGet(t *testing.T) {
	in := `{"a":{"b":[10,{"c":"x"}]},"users":[{"year":1997,"status":0},{"year":1998,"status":1}],"delivery-partner":"ups","n":{"x y":1}}`
	tests := []struct {
		path, want, err string
	}{
		{path: "$", want: in},
		{path: "$.a.b[0]", want: "10"},
		{path: "$.a.b[1].c", want: `"x"`},
		{path: "$['a']['b'][1]['c']", want: `"x"`},
		{path: "$.delivery-partner", want: `"ups"`},
		{path: "$.n['x y']", want: "1"},
		{path: "$.users[?(@.status == 0)]", want: `[{"year":1997,"status":0}]`},
		{path: "$.users[?(@.year > 1997)].year", want: `[1998]`},
		{path: "$.users[*].year", want: `[1997,1998]`},
		{path: "$.users[1:].year", want: `[1998]`},
		{path: "$.nothing[*]", want: `[]`},
		{path: "$.nothing[1:5]", want: `[]`},
		{path: "$.missing", err: "No results for path: $['missing']"},
		{path: "$.no.such.path", err: "Missing property in path $['no']"},
		{path: "$.a.b[5]", err: "No results for path: $['a']['b'][5]"},
	}
	root := doc(t, in)
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Compile(tt.path)
			require.NoError(t, err)
			got, err := p.Get(root)
			if tt.err != "" {
				require.ErrorIs(t, err, ErrNotFound)
				require.Equal(t, tt.err, err.(*Error).Description())
				return
			}
			require.NoError(t, err)
			require.True(t, jsonv.Equal(doc(t, tt.want), got), "got %s", jsonv.String(got))
		})
	}
}

func TestRoots(t *testing.T) {
	for _, tt := range []struct {
		path     string
		root     Root
		variable string
	}{
		{"$", Input, ""}, {"$.a", Input, ""}, {"$$", Context, ""}, {"$$.Execution.Id", Context, ""},
		{"$var", Variable, "var"}, {"$my_var1.x[0]", Variable, "my_var1"},
	} {
		p, err := Compile(tt.path)
		require.NoError(t, err, tt.path)
		require.Equal(t, tt.root, p.Root(), tt.path)
		require.Equal(t, tt.variable, p.Variable(), tt.path)
	}
}

func TestCompileErrors(t *testing.T) {
	for _, s := range []string{"", "a.b", "$.", "$.a[", "$.a..", "$x y", "$.a b"} {
		_, err := Compile(s)
		require.Error(t, err, s)
	}
	// An expression of paths is not a path (the query language of filters
	// read it, and formatted the matches as text, in random order).
	for _, s := range []string{"$.*+0", "$.a[*] == 1", "$..a || true", "$[0,1] in $[*]", "$.a[?(@.b)] ?? 1"} {
		_, err := Compile(s)
		require.ErrorContains(t, err, "an expression follows the path", s)
	}
	for _, s := range []string{"$.a[*]", "$..a", "$.a[?(@.b)]", "$.a[1:2]"} {
		_, err := CompileReference(s)
		require.Error(t, err, s)
	}
}

func TestSet(t *testing.T) {
	tests := []struct{ in, path, val, want, err string }{
		{`{"a":1}`, "$", `2`, `2`, ""},
		{`{"a":1}`, "$.b", `2`, `{"a":1,"b":2}`, ""},
		{`{"a":1}`, "$.b.c.d", `2`, `{"a":1,"b":{"c":{"d":2}}}`, ""},
		{`{"a":{"x":1}}`, "$.a.y", `2`, `{"a":{"x":1,"y":2}}`, ""},
		{`{"a":[1,2]}`, "$.a[1]", `9`, `{"a":[1,9]}`, ""},
		{`{"a":"s"}`, "$.a.b", `2`, "", "not an object"},
		{`"s"`, "$.a", `2`, "", "not an object"},
		{`{"a":[1]}`, "$.a[3]", `2`, "", "no array element"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			in := doc(t, tt.in)
			before := jsonv.String(in)
			p, err := CompileReference(tt.path)
			require.NoError(t, err)
			got, err := p.Set(in, doc(t, tt.val))
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.True(t, jsonv.Equal(doc(t, tt.want), got), "got %s", jsonv.String(got))
			require.Equal(t, before, jsonv.String(in), "Set must not modify its input")
		})
	}
}

func TestQuotedBracketNames(t *testing.T) {
	root := doc(t, `{"a]b":1,"it's":2,"Test\"\"Name\"":3,"x,y":4,"back\\slash":5}`)
	tests := []struct {
		path string
		want string
	}{
		{`$['a]b']`, `1`},
		{`$["it's"]`, `2`},
		{`$['it\'s']`, `2`},
		{`$['Test\""Name"']`, `3`},
		{`$[ 'x,y' ]`, `4`},
		{`$['back\\slash']`, `5`},
	}
	for _, tt := range tests {
		p, err := CompileReference(tt.path)
		require.NoError(t, err, tt.path)
		got, err := p.Get(root)
		require.NoError(t, err, tt.path)
		require.True(t, jsonv.Equal(doc(t, tt.want), got), "%s: got %s", tt.path, jsonv.String(got))
	}
	// A union of names is not a single quoted name.
	p, err := Compile(`$['a]b','x,y']`)
	require.NoError(t, err)
	require.False(t, p.IsReference())
}

func TestSingleQuotedStringsInQueries(t *testing.T) {
	root := doc(t, `{"ab":1,"cd":2,"a":[{"b":"xy","n":1},{"b":"it's","n":2},{"b":"zz","n":3}]}`)
	tests := []struct{ path, want string }{
		{`$['ab','cd']`, `[1,2]`},
		{`$["ab","cd"]`, `[1,2]`},
		{`$.a[?(@.b == 'xy')].n`, `[1]`},
		{`$.a[?(@.b == 'it\'s')].n`, `[2]`},
		{`$.a[?(@.b == "zz")].n`, `[3]`},
		{`$..['n']`, `[1,2,3]`},
	}
	for _, tt := range tests {
		p, err := Compile(tt.path)
		require.NoError(t, err, tt.path)
		got, err := p.Get(root)
		require.NoError(t, err, tt.path)
		require.True(t, jsonv.Equal(doc(t, tt.want), sortedNumbers(got)), "%s: got %s", tt.path, jsonv.String(got))
	}
}

// sortedNumbers orders an array of numbers, for matches whose order the
// query engine does not fix (recursive descent over objects).
func sortedNumbers(v any) any {
	a, ok := v.([]any)
	if !ok {
		return v
	}
	out := append([]any(nil), a...)
	sort.Slice(out, func(i, j int) bool {
		c, _ := jsonv.CompareNumbers(out[i], out[j])
		return c < 0
	})
	return out
}
