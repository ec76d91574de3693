package jsonptr

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEscapeRoundTrip(t *testing.T) {
	for _, k := range []string{"plain", "a/b", "~", "~1", "/~/", ""} {
		require.Equal(t, k, Unescape(Escape(k)))
	}
	require.Equal(t, "a~1b~0c", Escape("a/b~c"))
}

func TestLookup(t *testing.T) {
	doc := map[string]any{"States": map[string]any{"a/b": []any{1, map[string]any{"~x": "v"}}}}
	tests := []struct {
		ptr  string
		want any
	}{
		{"", doc},
		{"/States/a~1b/0", 1},
		{"/States/a~1b/1/~0x", "v"},
		{"/States/a~1b/2", nil},
		{"/States/a~1b/-1", nil},
		{"/States/missing/x", nil},
		{"/States/a~1b/0/deeper", nil},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Lookup(doc, tt.ptr), tt.ptr)
	}
}
