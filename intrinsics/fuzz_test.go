package intrinsics

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// fuzzInput is the state input calls are evaluated against in FuzzParse.
const fuzzInput = `{"a":[1,2,3,"3",null,{"k":[true]}],"s":"a,b,,c","n":-2.5,"i":7,"o":{"x":1,"y":{"z":"w"}},
"t":"{} and \\{{}\\}","j":"{\"k\":[1,2.50,-0]}","b":"RGF0YQ==","e":[],"max":1e308,"neg":-0}`

// FuzzParse parses arbitrary text and, when it parses, evaluates it: neither
// may panic or hang, and evaluation returns a JSON value or a *states.Error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"States.Format('{} and {}', $.a[0], $.s)",
		"States.Format($.t, 1, 2)",
		"States.Format('x \\{\\} \\' \\\\ {}', States.UUID())",
		"States.StringToJson($.j)",
		"States.JsonToString($)",
		"States.Array(1, -0, 2.50, 1e3, true, false, null, 'x', $$, $var)",
		"States.ArrayPartition($.a, 2)",
		"States.ArrayContains($.a, '3')",
		"States.ArrayRange($.i, 1, $.n)",
		"States.ArrayGetItem($.a, 5)",
		"States.ArrayLength($.e)",
		"States.ArrayUnique(States.Array($.a, $.a, $.o))",
		"States.Base64Encode(States.Base64Decode($.b))",
		"States.Hash($.o, 'SHA-512')",
		"States.JsonMerge($.o, $.o, false)",
		"States.MathRandom(1, 100, $.n)",
		"States.MathRandom($.n, $.i)",
		"States.MathAdd($.n, $.big)",
		"States.StringSplit($.s, ',b')",
		"States.Array($.a[?(@ > 1)], $.a[*], $..k, $.o.*)",
		"States.Format('{}', States.Format('{}', States.Format('{}', $.nope)))",
		"States.Array(",
		"States.Array('\\n')",
		"  States . Array ( 01 , ) ",
		"States.MathAdd($.max, $.max)",
		"States.Array(1e400, -1e-400)",
		"States.StringSplit($.s, $.s)",
		"States.JsonToString(States.Array($, $, $..a, $..*))",
		"States.ArrayUnique(States.Array($, $.a, $, $.o, $.a))",
		"States.ArrayContains(States.Array($.o, $.o), $.o)",
		"States.Hash(States.Array($, $), 'MD5')",
	} {
		f.Add(s)
	}
	input, err := jsonv.Decode([]byte(fuzzInput))
	if err != nil {
		f.Fatal(err)
	}
	// jsonv.Decode refuses numbers beyond the range of a float64; values
	// made otherwise may still hold one.
	input.(map[string]any)["big"] = json.Number("1e400")
	f.Fuzz(func(t *testing.T, src string) {
		c, err := Parse(src)
		if err != nil {
			if !strings.Contains(err.Error(), "intrinsic function") {
				t.Fatalf("Parse(%q): error without context: %v", src, err)
			}
			return
		}
		if c.String() != src {
			t.Fatalf("String() = %q, want %q", c.String(), src)
		}
		env := newTestEnv(input)
		env.ctx = map[string]any{"Execution": map[string]any{"Input": input}}
		env.vars = map[string]any{"var": "v"}
		v, err := c.Eval(env)
		if err != nil {
			se, ok := err.(*states.Error)
			if !ok || se.Name != states.ErrRuntime || !strings.HasPrefix(se.Cause, "The function '") {
				t.Fatalf("Eval(%q): unexpected error %#v", src, err)
			}
			return
		}
		if _, err := jsonv.Marshal(v); err != nil {
			t.Fatalf("Eval(%q) = %#v: not JSON: %v", src, v, err)
		}
	})
}
