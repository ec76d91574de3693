package jsonv_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
)

func TestNormalize(t *testing.T) {
	type point struct {
		X int    `json:"x"`
		Y string `json:"y"`
	}
	for _, tc := range []struct {
		name string
		in   any
		want any
		err  string
	}{
		{"model value kept", map[string]any{"a": []any{json.Number("1"), 2.5, int64(3), nil, true, "s"}}, map[string]any{"a": []any{json.Number("1"), 2.5, int64(3), nil, true, "s"}}, ""},
		{"struct encoded", point{1, "p"}, map[string]any{"x": json.Number("1"), "y": "p"}, ""},
		{"typed slice encoded", []string{"a"}, []any{"a"}, ""},
		{"nested struct encoded", map[string]any{"p": &point{2, "q"}}, map[string]any{"p": map[string]any{"x": json.Number("2"), "y": "q"}}, ""},
		{"NaN", map[string]any{"a": math.NaN()}, nil, "number NaN at /a is out of range"},
		{"+Inf", []any{1, math.Inf(1)}, nil, "number +Inf at /1 is out of range"},
		{"float32 -Inf", float32(math.Inf(-1)), nil, "number -Inf is out of range"},
		{"json.Number beyond float64", map[string]any{"n": json.Number("1e400")}, nil, "number 1e400 at /n is out of range"},
		{"malformed json.Number", json.Number("abc"), nil, "cannot be encoded as JSON"},
		{"channel", make(chan int), nil, "cannot be encoded as JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := jsonv.Normalize(tc.in)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}
