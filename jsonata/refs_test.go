package jsonata

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReferences(t *testing.T) {
	tests := []struct {
		expr    string
		context []string
		root    bool
		vars    []string
	}{
		{expr: "$states.input.items[value > 3]", vars: []string{"states.input.items"}},
		{expr: "phone", context: []string{"phone"}},
		{expr: "a.b.c + d", context: []string{"a", "d"}},
		{expr: "$$.x", root: true},
		{expr: "$sum($states.input.n) + $x", vars: []string{"sum", "states.input.n", "x"}},
		{expr: "$map($states.input.a, function($v){ b })", context: []string{"b"}, vars: []string{"map", "states.input.a"}},
		{expr: "$states.input.list^(price)", vars: []string{"states.input.list"}},
		{expr: "$states.input.o{k: v}", vars: []string{"states.input.o"}},
		{expr: "'text' & 1", context: nil},
		{expr: "$states.errorOutput.Cause", vars: []string{"states.errorOutput.Cause"}},
	}
	for _, tt := range tests {
		e, err := Compile(tt.expr)
		require.NoError(t, err, tt.expr)
		refs := e.References()
		require.Equal(t, tt.context, refs.ContextFields, tt.expr)
		require.Equal(t, tt.root, refs.Root, tt.expr)
		if tt.vars != nil {
			require.Subset(t, refs.Variables, tt.vars, tt.expr)
		}
	}
}
