package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDispatchCoversEveryStateType checks that the dispatch read from the
// schema knows every state type the schema allows.
func TestDispatchCoversEveryStateType(t *testing.T) {
	c := load()
	require.NoError(t, c.err)
	require.NotNil(t, c.state)
	var want []string
	for _, e := range c.raw.(map[string]any)["$defs"].(map[string]any)["stateType"].(map[string]any)["enum"].([]any) {
		want = append(want, e.(string))
	}
	var got []string
	for typ := range c.states {
		got = append(got, typ)
	}
	require.ElementsMatch(t, want, got)
}

func TestWithoutDispatchLeavesOtherSchemasAlone(t *testing.T) {
	for _, raw := range []any{
		map[string]any{},
		map[string]any{"$defs": map[string]any{"state": map[string]any{"type": "object"}}},
		map[string]any{"$defs": map[string]any{
			"states": map[string]any{"additionalProperties": map[string]any{"$ref": "#/$defs/state"}},
			"state":  map[string]any{"allOf": []any{map[string]any{"if": true}}},
		}},
	} {
		got, dispatch := withoutDispatch(raw)
		require.Nil(t, dispatch)
		require.Equal(t, raw, got)
	}
}

// TestDispatchAgreesWithTheSchema checks the optimization: validating each
// state against its type's subschema finds exactly what the schema as
// written finds.
func TestDispatchAgreesWithTheSchema(t *testing.T) {
	full := compile(false)
	require.NoError(t, full.err)
	require.Nil(t, full.states)
	fast := load()
	require.NotNil(t, fast.states)
	var docs [][]byte
	for _, pattern := range []string{"../../testdata/*/*.asl.json", "../../../examples/*/*.asl.json"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			docs = append(docs, data)
		}
	}
	dir := os.Getenv("GOSTATES_CASES")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "conformance", "cases")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var c struct {
			Definition json.RawMessage `json:"definition"`
		}
		if json.Unmarshal(data, &c) == nil && len(c.Definition) > 0 {
			docs = append(docs, c.Definition)
		}
	}
	docs = append(docs,
		[]byte(`{"StartAt":"A","States":{"A":"Pass","B":{},"C":{"Type":7},"D":{"Type":"Sleep"},"E":{"Type":"Pass","Foo":1}}}`),
		[]byte(`{"StartAt":"A","States":{"A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":3},"C":[]}},7]}}}`),
		[]byte(`{"StartAt":"A","States":{"A":{"Type":"Map","End":true,"Iterator":{"StartAt":"B","States":{"B":{"Type":"Task"}}},"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":-1,"End":true}}}}}}`),
		[]byte(`{"StartAt":"A","States":[]}`), []byte(`[]`), []byte(`{"States":{"A":{"Type":"Succeed","x":{"Type":"Task"}}}}`),
	)
	require.Greater(t, len(docs), 50)
	for _, d := range docs {
		dec := json.NewDecoder(bytes.NewReader(d))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			continue
		}
		want, _ := full.validate(v, nil, 0)
		got, complete := fast.validate(v, nil, 0)
		require.True(t, complete)
		require.ElementsMatch(t, want, got, "%s", d[:min(len(d), 300)])
	}
}
