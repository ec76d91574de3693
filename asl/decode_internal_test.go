package asl

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// trickyJSON are inputs where a hand-written JSON decoder could part from
// encoding/json.
var trickyJSON = []string{
	`{}`, ` { } `, "\t{\r\n}\n", `{"a":[]}`, `{"a":{}}`, `{"":""}`, `{"a":"","":1}`,
	`{"a":"\u00e9\n\t\"\\\/\b\f\r"}`, `{"a":"\ud83d\ude00"}`, `{"a":"\ud83d"}`, `{"a":"\udc00x"}`,
	`{"a":"é Σ 😀"}`, "{\"a\":\"\xff\"}", "{\"a\":\"\xc3\"}", "{\"a\xff\":1}", "{\"a\":\"\x01\"}", "{\"a\":\"\u2028\"}",
	`{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12g4"}`, `{"a":"abc`, `{"a":"abc\`,
	`{"n":0}`, `{"n":-0}`, `{"n":1.5e+10}`, `{"n":1E-5}`, `{"n":-12.5E5}`, `{"n":12345678901234567890}`,
	`{"n":01}`, `{"n":1.}`, `{"n":.5}`, `{"n":+1}`, `{"n":1e}`, `{"n":1e+}`, `{"n":--1}`, `{"n":1-2}`, `{"n":0x10}`,
	`{"n":1e400}`, `{"n":1e1000001}`, `{"n":[1,1e-400]}`, `{"n":Infinity}`, `{"n":NaN}`,
	`{"b":true,"c":false,"d":null}`, `{"b":tru}`, `{"b":truex}`, `{"b":nul}`, `{"b":True}`,
	`{"a":1,}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a" 1}`, `{"a":1 "b":2}`, `{a:1}`, `{'a':1}`, `{"a":1}}`, `{"a":1} x`, `{"a":1} {}`,
	`{"a":1,"a":2}`, `{"States":{"x":1,"x":2}}`, `{"a":[{"b":1,"b":1}]}`,
	`{"a":` + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + `}`,
	`{"a":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`,
	`{"a":` + strings.Repeat(`{"a":`, maxDepth+5),
	"{\"a\":1}\x00", "{\"a\":\x00}", `{"a":1`, `{"a":`, `{"a"`, `{`,
}

// testDefinitions returns the definitions the package is tested with: the
// test data, the examples and the shared conformance corpus when it is
// there.
func testDefinitions(tb testing.TB) [][]byte {
	var defs [][]byte
	for _, pattern := range []string{"testdata/*/*.asl.json", "../examples/*/*.asl.json"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(tb, err)
			defs = append(defs, data)
		}
	}
	dir := os.Getenv("GOSTATES_CASES")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "conformance", "cases")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(tb, err)
		var c struct {
			Definition json.RawMessage `json:"definition"`
		}
		if json.Unmarshal(data, &c) == nil && len(c.Definition) > 0 && c.Definition[0] == '{' {
			defs = append(defs, c.Definition)
		}
	}
	return defs
}

// requireDecodersAgree checks the fast decoder against the token decoder:
// when it decodes data it yields the same document, and it gives up only
// when the token decoder finds a problem.
func requireDecodersAgree(t testing.TB, data []byte) {
	fast, ok := fastDecodeJSON(data)
	slow, problems := tokenDecodeJSON(data)
	if !ok {
		require.NotEmpty(t, problems, "the fast decoder gave up on a well-formed document: %q", data)
		return
	}
	require.Empty(t, problems, "the fast decoder accepted a document the token decoder refuses: %q", data)
	require.Equal(t, slow.root, fast.root)
	require.Equal(t, slow.top, fast.top)
	require.True(t, slices.Equal(slow.nodes, fast.nodes), "nodes differ:\n%v\n%v", slow.nodes, fast.nodes)
	require.True(t, slices.Equal(slow.kids, fast.kids), "positions differ:\n%v\n%v", slow.kids, fast.kids)
}

func TestFastDecoderAgreesWithTokenDecoder(t *testing.T) {
	for _, s := range trickyJSON {
		t.Run(s[:min(len(s), 40)], func(t *testing.T) { requireDecodersAgree(t, []byte(s)) })
	}
	defs := testDefinitions(t)
	t.Run("definitions", func(t *testing.T) {
		for _, d := range defs {
			requireDecodersAgree(t, d)
		}
	})
}

// FuzzDecoders holds the fast JSON decoder to the token decoder's answers.
func FuzzDecoders(f *testing.F) {
	for _, s := range trickyJSON {
		f.Add([]byte(s))
	}
	for _, d := range testDefinitions(f) {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) { requireDecodersAgree(t, data) })
}
