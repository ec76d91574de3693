package jsonv

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1.0}`, true},
		{`1`, `1.000`, true},
		{`1e2`, `100`, true},
		{`[1,2]`, `[2,1]`, false},
		{`{"a":null}`, `{}`, false},
		{`"1"`, `1`, false},
		{`true`, `true`, true},
		{`12345678901234567890`, `12345678901234567891`, false},
	}
	for _, tt := range tests {
		a, err := Decode([]byte(tt.a))
		require.NoError(t, err)
		b, err := Decode([]byte(tt.b))
		require.NoError(t, err)
		require.Equal(t, tt.want, Equal(a, b), "%s vs %s", tt.a, tt.b)
	}
}

func TestCompareNumbers(t *testing.T) {
	tests := []struct {
		a, b any
		want int
		ok   bool
	}{
		{json.Number("1"), json.Number("2"), -1, true},
		{json.Number("2.5"), json.Number("2"), 1, true},
		{json.Number("9223372036854775808"), json.Number("9223372036854775807"), 1, true},
		{json.Number("1e3"), 1000, 0, true},
		{json.Number("1"), "1", 0, false},
	}
	for _, tt := range tests {
		c, ok := CompareNumbers(tt.a, tt.b)
		require.Equal(t, tt.ok, ok, "%v %v", tt.a, tt.b)
		if ok {
			require.Equal(t, tt.want, c, "%v %v", tt.a, tt.b)
		}
	}
}

func TestSizeMatchesMarshal(t *testing.T) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,"x\n\"y",null,true,false],"é":"\u2028<&>"}`, `"\u0001"`, `12.50`} {
		v, err := Decode([]byte(s))
		require.NoError(t, err)
		b, err := Marshal(v)
		require.NoError(t, err)
		require.Equal(t, len(b), Size(v, 0), s)
	}
	big := map[string]any{"a": make([]any, 1000)}
	require.Greater(t, Size(big, 100), 100, "Size stops early but stays above the limit")
}

func TestDecodeRejectsTrailingData(t *testing.T) {
	_, err := Decode([]byte(`{} {}`))
	require.Error(t, err)
	v, err := Decode([]byte(` 12345678901234567890 `))
	require.NoError(t, err)
	require.Equal(t, json.Number("12345678901234567890"), v)
}

func TestTypeName(t *testing.T) {
	for v, want := range map[any]string{"s": "string", true: "boolean", json.Number("1"): "number", nil: "null"} {
		require.Equal(t, want, TypeName(v))
	}
	require.Equal(t, "object", TypeName(map[string]any{}))
	require.Equal(t, "array", TypeName([]any{}))
}

// TestSizeCache checks that SizeCache measures as Size does, for values
// that share containers, and in time linear in the memory they share: the
// 10,000 values nested in one another below add up to 300 MB of JSON.
func TestSizeCache(t *testing.T) {
	shared, err := Decode([]byte(`{"k":[1,"x\n\"y",null,true,false,{"é":"\u2028<&>"}],"e":{},"a":[]}`))
	require.NoError(t, err)
	tests := []struct {
		name string
		v    any
	}{
		{"scalar", json.Number("12.50")},
		{"string", "a\u0001b"},
		{"empty object", map[string]any{}},
		{"empty array", []any{}},
		{"object", shared},
		{"shared twice", []any{shared, shared, map[string]any{"s": shared}}},
		{"subslices", []any{shared.(map[string]any)["k"], shared.(map[string]any)["k"].([]any)[:2]}},
	}
	var c SizeCache
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, Size(tt.v, 0), c.Size(tt.v))
			require.Equal(t, Size(tt.v, 0), c.Size(tt.v), "measured again")
		})
	}
	t.Run("deep", func(t *testing.T) {
		levels := make([]any, 10000)
		var v any = map[string]any{"b": json.Number("2")}
		for i := range levels {
			v = map[string]any{"a": v}
			levels[i] = v
		}
		var c SizeCache
		total := 0
		for i := len(levels) - 1; i >= 0; i-- {
			total += c.Size(levels[i])
		}
		require.Equal(t, 10000*(10000+1)/2*6+10000*7, total)
		require.Equal(t, Size(levels[9999], 0), c.Size(levels[9999]))
	})
}
