package intrinsics

import (
	"strings"
	"sync"
	"testing"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
	"github.com/stretchr/testify/require"
)

func decode(t testing.TB, s string) any {
	t.Helper()
	v, err := jsonv.Decode([]byte(s))
	require.NoError(t, err, s)
	return v
}

// evalString parses and evaluates src against the JSON document input.
func evalString(t testing.TB, src, input string) (any, error) {
	t.Helper()
	c, err := Parse(src)
	require.NoError(t, err, src)
	env := newTestEnv(decode(t, input))
	env.ctx = map[string]any{"Execution": map[string]any{"Name": "exec-1", "Input": env.input}}
	env.vars = map[string]any{"tpl": "It's {}!", "n": decode(t, "3")}
	return c.Eval(env)
}

func TestIsCall(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"States.Format('x')", true},
		{"  States.UUID()  ", true},
		{"States.Array (1)", true},
		{"States . Array(1)", true},
		{"States.Nope(1)", true},
		{"States.Format('x'", true},
		{"States.ALL", false},
		{"States.(", false},
		{"$.a", false},
		{"States", false},
		{"states.Format('x')", false},
		{"", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, IsCall(tt.s), tt.s)
	}
}

func TestParseAccepts(t *testing.T) {
	for _, src := range []string{
		"States.Array()",
		"States.Array( )",
		" States.Array( $.a , $.b ) ",
		"States . Array ( 1 )",
		"States.Array(\n$.a,\t'x')",
		"States.Array(1, -1, 0, -0, 1.5, -0.25, 1e3, 1E-3, 2.5e+2, true, false, null)",
		"States.Array($, $$, $$.Execution.Id, $var, $var.a[0], $['a b'], $.a[?(@.b == \"x,y\")], $.a[*].b, $.a[0:2])",
		"States.Format('{} and {}', $.a, States.Format('{}', $.b))",
		`States.Format('\{\} \'quoted\' back\\slash {}', 1)`,
		"States.Format($.template, 1, 2, 3)",
		"States.Format('no placeholders')",
		"States.JsonMerge($.a, $.b, false)",
		"States.JsonMerge($.a, $.b, $.deep)",
		"States.MathRandom($.a, $.b)",
		"States.MathRandom(1, 10, 42)",
		"States.UUID()",
		"States.StringSplit('Hello\nWorld', '\n')",
		"States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(1))))))))))",
	} {
		_, err := Parse(src)
		require.NoError(t, err, src)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, msg string }{
		{"", "expected an intrinsic function such as States.Format(...), found the end of the call"},
		{"$.a", `expected an intrinsic function such as States.Format(...), found '$'`},
		{"States", "expected '.' after States"},
		{"States.", "expected a function name after States."},
		{"States.Nope()", "unknown intrinsic function States.Nope"},
		{"States.format('x')", "unknown intrinsic function States.format"},
		{"States.UUID", "expected '(' after States.UUID"},
		{"States.Array(", "unexpected end of the call; expected an argument"},
		{"States.Array(1", "expected ',' or ')' after an argument of States.Array"},
		{"States.Array(1,)", "missing argument before ')'"},
		{"States.Array(,1)", "missing argument before ','"},
		{"States.Array(1 2)", "expected ',' or ')' after an argument of States.Array"},
		{"States.Array(1) x", `unexpected 'x' after the end of the call`},
		{"States.Array(1))", `unexpected ')' after the end of the call`},
		{"States.Array(foo)", `unexpected "foo"`},
		{"States.Array(\"x\")", `unexpected '"'`},
		{"States.Array([1,2])", `unexpected '['`},
		{"States.Array('x)", "the string is not closed by '"},
		{`States.Array('x\n')`, `invalid escape sequence \n in a string`},
		{`States.Array('say \"hi\"')`, `invalid escape sequence \" in a string`},
		{`States.Array('x\`, "the string is not closed by '"},
		{"States.Array(1.)", `invalid number "1.": expected a digit after '.'`},
		{"States.Array(.5)", `unexpected '.'`},
		{"States.Array(01)", `invalid number "01": leading zero`},
		{"States.Array(-)", "invalid number: expected a digit"},
		{"States.Array(1e)", "expected a digit in the exponent"},
		{"States.Array(1x)", `invalid number "1x"`},
		{"States.Array($.a[)", `invalid path "$.a[)": '[' is not closed by ']'`},
		{"States.Array($.a[0", `the path "$.a[0" is not closed`},
		{"States.Array($[?(@.a == 'x)])", `the path "$[?(@.a == 'x)])" is not closed`},
		{"States.Array($.a..)", `invalid path "$.a.."`},
		{"States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(1)))))))))))", "nested more than 10 deep"},
		// arity
		{"States.Format()", "States.Format takes at least 1 argument, got 0"},
		{"States.StringToJson()", "States.StringToJson takes 1 argument, got 0"},
		{"States.JsonToString(1, 2)", "States.JsonToString takes 1 argument, got 2"},
		{"States.ArrayPartition($.a)", "States.ArrayPartition takes 2 arguments, got 1"},
		{"States.ArrayContains($.a)", "States.ArrayContains takes 2 arguments, got 1"},
		{"States.ArrayRange(1, 5)", "States.ArrayRange takes 3 arguments, got 2"},
		{"States.ArrayGetItem($.a, 1, 2)", "States.ArrayGetItem takes 2 arguments, got 3"},
		{"States.ArrayLength()", "States.ArrayLength takes 1 argument, got 0"},
		{"States.ArrayUnique($.a, $.b)", "States.ArrayUnique takes 1 argument, got 2"},
		{"States.Base64Encode()", "States.Base64Encode takes 1 argument, got 0"},
		{"States.Base64Decode('a', 'b')", "States.Base64Decode takes 1 argument, got 2"},
		{"States.Hash('a')", "States.Hash takes 2 arguments, got 1"},
		{"States.JsonMerge($.a, $.b)", "States.JsonMerge takes 3 arguments, got 2"},
		{"States.MathRandom(1)", "States.MathRandom takes 2 to 3 arguments, got 1"},
		{"States.MathRandom(1, 2, 3, 4)", "States.MathRandom takes 2 to 3 arguments, got 4"},
		{"States.MathAdd($.attempts.count)", "States.MathAdd takes 2 arguments, got 1"},
		{"States.StringSplit('a')", "States.StringSplit takes 2 arguments, got 1"},
		{"States.UUID(1)", "States.UUID takes 0 arguments, got 1"},
		// literal argument types
		{"States.Format(1, 2)", "argument 1 of States.Format must be a string, got the number 1"},
		{"States.StringToJson(null)", "argument 1 of States.StringToJson must be a string, got null"},
		{"States.ArrayPartition('x', 2)", `argument 1 of States.ArrayPartition must be an array, got the string "x"`},
		{"States.ArrayPartition($.a, 0)", "argument 2 of States.ArrayPartition must be a positive integer, got the number 0"},
		{"States.ArrayPartition($.a, 0.6)", "must be a positive integer, got the number 0.6"},
		{"States.ArrayPartition($.a, '2')", `must be a positive integer, got the string "2"`},
		{"States.ArrayContains('x', 1)", "argument 1 of States.ArrayContains must be an array"},
		{"States.ArrayRange('a', 5, 1)", "argument 1 of States.ArrayRange must be a 32-bit integer"},
		{"States.ArrayRange($.a, 3000000000, 1)", "argument 2 of States.ArrayRange must be a 32-bit integer, got the number 3000000000"},
		{"States.ArrayRange($.a, $.b, 0.49)", "argument 3 of States.ArrayRange must be a non-zero integer"},
		{"States.ArrayGetItem($.a, -1)", "argument 2 of States.ArrayGetItem must be an integer of at least 0, got the number -1"},
		{"States.ArrayGetItem($.a, '1')", "argument 2 of States.ArrayGetItem must be an integer of at least 0"},
		{"States.ArrayLength('x')", "argument 1 of States.ArrayLength must be an array"},
		{"States.ArrayUnique(true)", "argument 1 of States.ArrayUnique must be an array, got true"},
		{"States.Base64Encode(123)", "argument 1 of States.Base64Encode must be a string, got the number 123"},
		{"States.Base64Decode(false)", "argument 1 of States.Base64Decode must be a string"},
		{"States.Hash(null, 'MD5')", "argument 1 of States.Hash must be a value other than null"},
		{"States.Hash($.a, 'SHA256')", "argument 2 of States.Hash must be one of MD5, SHA-1, SHA-256, SHA-384 and SHA-512"},
		{"States.Hash($.a, 'sha-256')", "argument 2 of States.Hash must be one of"},
		{"States.Hash($.a, 1)", "argument 2 of States.Hash must be one of"},
		{"States.JsonMerge(1, $.b, false)", "argument 1 of States.JsonMerge must be an object"},
		{"States.JsonMerge($.a, 'x', false)", "argument 2 of States.JsonMerge must be an object"},
		{"States.JsonMerge($.a, $.b, true)", "argument 3 of States.JsonMerge must be false: only shallow merging is supported"},
		{"States.MathRandom('a', 10)", "argument 1 of States.MathRandom must be a 32-bit integer"},
		{"States.MathRandom(1, 10, 'seed')", "argument 3 of States.MathRandom must be a number"},
		{"States.MathRandom(1, 10, null)", "argument 3 of States.MathRandom must be a number, got null"},
		{"States.MathAdd('1', 2)", `argument 1 of States.MathAdd must be a number, got the string "1"`},
		{"States.MathAdd(1, true)", "argument 2 of States.MathAdd must be a number, got true"},
		{"States.StringSplit(1, ',')", "argument 1 of States.StringSplit must be a string"},
		{"States.StringSplit('a', $.b, 1)", "States.StringSplit takes 2 arguments, got 3"},
		{"States.Array(States.MathAdd('a', 1))", "argument 1 of States.MathAdd must be a number"},
		{"States.ArrayLength(States.Format('x'))", "argument 1 of States.ArrayLength must be an array, got the string \"x\""},
		// templates
		{"States.Format('{}')", "the template of States.Format has 1 placeholders {} but 0 values follow it"},
		{"States.Format('{} {}', $.a)", "has 2 placeholders {} but 1 values follow it"},
		{"States.Format('{}', $.a, $.b)", "has 1 placeholders {} but 2 values follow it"},
		{"States.Format('Hello {', $.a)", "invalid template of States.Format: matching '}' not found for '{'"},
		{"States.Format('Hello {{}}', $.a)", "matching '}' not found for '{'"},
		{"States.Format('}')", "matching '{' not found for '}'"},
		{`States.Format('\{}')`, "matching '{' not found for '}'"},
		// all-literal calls that always fail
		{"States.ArrayRange(1, 1001, 1)", "States.ArrayRange(1, 1001, 1) always fails: the range has 1001 elements; at most 1000 are allowed"},
		{"States.ArrayRange(1001, 1, -1)", "the range has 1001 elements"},
		{"States.MathAdd(2147483647, 1)", "always fails: the sum 2147483648 is not a 32-bit integer"},
		{"States.MathAdd(3000000000, 1)", "always fails: the numbers must be 32-bit integers"},
		{"States.MathRandom(1, 1)", "States.MathRandom(1, 1) always fails: start (1) must be less than end (1)"},
		{"States.MathRandom(10, 5, 1)", "start (10) must be less than end (5)"},
		{"States.MathRandom(1.4, 1.6)", "start (1) must be less than end (1)"},
		{"States.ArrayGetItem(States.Array(1, 2, 3), 3)", "index 3 is out of bounds for an array of 3 elements"},
		{"States.StringToJson('{')", "States.StringToJson('{') always fails: the string is not JSON"},
		{"States.StringToJson('1 2')", "the string is not JSON"},
		{"States.Format(States.Format('\\{'))", "invalid template of States.Format: matching '}' not found for '{'"},
		{"States.Format(States.Format('\\{}', 1))", "at offset 14: invalid template of States.Format: matching '{' not found for '}'"},
		{"States.Base64Encode('" + strings.Repeat("a", 10001) + "')", "the string has 10001 characters; at most 10000 are allowed"},
		{"States.Hash('" + strings.Repeat("a", 10001) + "', 'MD5')", "the data has 10001 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse(tt.src)
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.msg)
			require.Contains(t, err.Error(), "intrinsic function")
		})
	}
}

func TestEval(t *testing.T) {
	tests := []struct {
		name, src, input, want string
	}{
		// States.Format
		{"format", "States.Format('Hello, my name is {}.', $.name)", `{"name":"Arnav"}`, `"Hello, my name is Arnav."`},
		{"format template path", "States.Format($.t, $.name)", `{"t":"Hi {}","name":"Ada"}`, `"Hi Ada"`},
		{"format template variable", "States.Format($tpl, $$.Execution.Name)", `{}`, `"It's exec-1!"`},
		{"format scalars", "States.Format('{}|{}|{}|{}|{}|{}', $.s, $.i, $.f, $.t, $.n, $.e)",
			`{"s":"x","i":-1,"f":3.50,"t":false,"n":null,"e":1e2}`, `"x|-1|3.5|false|null|100.0"`},
		{"format object in Java", "States.Format('{}', $.o)", `{"o":{"b":[1,"two",null],"a":{"x":1.0}}}`, `"{a={x=1.0}, b=[1, two, null]}"`},
		{"format escapes", `States.Format('Name: \'{}\' \{{}\} \\', $.a, $.b)`, `{"a":"A","b":"B"}`, `"Name: 'A' {B} \\"`},
		{"format template path escapes", "States.Format($.t, 'Foo')", `{"t":"This value is \\{{}\\}"}`, `"This value is {Foo}"`},
		{"format values are not templates", "States.Format('{}', $.a)", `{"a":"{} {"}`, `"{} {"`},
		{"format no placeholders", "States.Format('plain')", `{}`, `"plain"`},
		{"format nested", "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, ':'), 3), States.ArrayLength($.l))",
			`{"arn":"arn:aws:states:us-east-1:1:x","l":[1,2]}`, `"us-east-1.2"`},
		{"format unicode", "States.Format('¡{}!', $.a)", `{"a":"🆗"}`, `"¡🆗!"`},
		// States.StringToJson and States.JsonToString
		{"string to json object", "States.StringToJson($.s)", `{"s":"{\"a\":[1,2.50,-0,\"x\"]}"}`, `{"a":[1,2.5,0,"x"]}`},
		{"string to json blank", "States.StringToJson($.s)", `{"s":" \n "}`, `null`},
		{"string to json literal", `States.StringToJson('{"constant": "false"}')`, `{}`, `{"constant":"false"}`},
		{"json to string", "States.JsonToString($.o)", `{"o":{"b":"<&>","a":[1,1.5,null,true]}}`, `"{\"a\":[1,1.5,null,true],\"b\":\"<&>\"}"`},
		{"json to string scalar", "States.JsonToString($.s)", `{"s":"x"}`, `"\"x\""`},
		{"json round trip", "States.StringToJson(States.JsonToString($))", `{"a":{"b":[1]}}`, `{"a":{"b":[1]}}`},
		// States.Array
		{"array empty", "States.Array()", `{}`, `[]`},
		{"array mixed", "States.Array('a', 1, 1.50, true, null, $.o, $$.Execution.Name, $n)", `{"o":{"k":1}}`, `["a",1,1.5,true,null,{"k":1},"exec-1",3]`},
		{"array whole input", "States.Array($)", `{"k":1}`, `[{"k":1}]`},
		{"array indefinite path", "States.Array($.a[*].b)", `{"a":[{"b":1},{"b":2}]}`, `[[1,2]]`},
		// States.ArrayPartition
		{"partition", "States.ArrayPartition($.a, 4)", `{"a":[1,2,3,4,5,6,7,8,9]}`, `[[1,2,3,4],[5,6,7,8],[9]]`},
		{"partition empty", "States.ArrayPartition($.a, 2)", `{"a":[]}`, `[]`},
		{"partition truncates", "States.ArrayPartition($.a, 2.6)", `{"a":[1,2,3,4,5]}`, `[[1,2],[3,4],[5]]`},
		{"partition large chunk", "States.ArrayPartition($.a, 2147483647)", `{"a":[1,2,3]}`, `[[1,2,3]]`},
		// States.ArrayContains
		{"contains", "States.ArrayContains($.a, $.v)", `{"a":[1,2,3],"v":2}`, `true`},
		{"contains not", "States.ArrayContains($.a, 5)", `{"a":[1,2,3]}`, `false`},
		{"contains object", "States.ArrayContains($.a, $.v)", `{"a":[{"1":2,"2":[]}],"v":{"1":2,"2":[]}}`, `true`},
		{"contains array", "States.ArrayContains($.a, $.v)", `{"a":[[1,2,3],2],"v":[1,2,3]}`, `true`},
		{"contains null", "States.ArrayContains($.a, null)", `{"a":[1,null]}`, `true`},
		{"contains empty", "States.ArrayContains($.a, $.v)", `{"a":[],"v":[]}`, `false`},
		{"contains string for number (AWS)", "States.ArrayContains($.a, 9007199254740991)", `{"a":["9007199254740991"]}`, `true`},
		{"contains string for true (AWS)", "States.ArrayContains($.a, true)", `{"a":["true"]}`, `true`},
		{"contains no bool for number", "States.ArrayContains($.a, false)", `{"a":[0,1]}`, `false`},
		// States.ArrayRange
		{"range", "States.ArrayRange(1, 9, 2)", `{}`, `[1,3,5,7,9]`},
		{"range uneven", "States.ArrayRange($.a, $.b, $.c)", `{"a":0,"b":10,"c":3}`, `[0,3,6,9]`},
		{"range down", "States.ArrayRange(5, 1, -2)", `{}`, `[5,3,1]`},
		{"range wrong direction", "States.ArrayRange(1, 5, -1)", `{}`, `[]`},
		{"range single", "States.ArrayRange(3, 3, -1)", `{}`, `[3]`},
		{"range truncates", "States.ArrayRange(5.4, -0.6, -2.4)", `{}`, `[5,3,1]`},
		{"range 1000", "States.ArrayLength(States.ArrayRange(1, 1000, 1))", `{}`, `1000`},
		// States.ArrayGetItem
		{"get item", "States.ArrayGetItem($.a, $.i)", `{"a":[1,2,3,4,5,6,7,8,9],"i":5}`, `6`},
		{"get item truncates", "States.ArrayGetItem($.a, 1.9)", `{"a":[10,20,30]}`, `20`},
		{"get item of empty array", "States.ArrayGetItem($.a, 999)", `{"a":[]}`, `null`},
		// States.ArrayLength and States.ArrayUnique
		{"length", "States.ArrayLength($.a)", `{"a":[1,[2],{"3":3}]}`, `3`},
		{"unique", "States.ArrayUnique($.a)", `{"a":[1,2,3,3,3,3,3,3,4]}`, `[1,2,3,4]`},
		{"unique values", "States.ArrayUnique($.a)", `{"a":[null,null,true,true,false,1,1.0,"1","x","x",[],[],[null],[null],{"a":1,"b":2},{"b":2,"a":1},{"a":1,"b":1}]}`,
			`[null,true,false,1,"1","x",[],[null],{"a":1,"b":2},{"a":1,"b":1}]`},
		// Base64
		{"base64 encode", "States.Base64Encode($.s)", `{"s":"Data to encode"}`, `"RGF0YSB0byBlbmNvZGU="`},
		{"base64 encode unicode", "States.Base64Encode('🚀 ✓')", `{}`, `"8J+agCDinJM="`},
		{"base64 encode empty", "States.Base64Encode('')", `{}`, `""`},
		{"base64 encode 10000", "States.ArrayLength(States.StringSplit(States.Base64Encode($.s), 'x'))", `{"s":"` + strings.Repeat("a", 10000) + `"}`, `1`},
		{"base64 decode", "States.Base64Decode($.s)", `{"s":"RGF0YSB0byBlbmNvZGU="}`, `"Data to encode"`},
		{"base64 decode unpadded", "States.Base64Decode('YWJjZA')", `{}`, `"abcd"`},
		{"base64 decode lenient", "States.Base64Decode(' YWJj\nZA== ')", `{}`, `"abcd"`},
		{"base64 decode stops at padding", "States.Base64Decode('YQ==YWJj')", `{}`, `"a"`},
		{"base64 decode url-safe", "States.Base64Decode('-_-_')", `{}`, `"���"`},
		{"base64 decode nul", "States.Base64Decode('YWJjAGRlZg==')", `{}`, `"abc\u0000def"`},
		{"base64 round trip", "States.Base64Decode(States.Base64Encode($.s))", `{"s":"こんにちは"}`, `"こんにちは"`},
		// States.Hash
		{"hash md5", "States.Hash($.d, 'MD5')", `{"d":"input data"}`, `"812f45842bc6d66ee14572ce20db8e86"`},
		{"hash sha1", "States.Hash($.d, 'SHA-1')", `{"d":"input data"}`, `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
		{"hash sha256", "States.Hash($.d, $.a)", `{"d":"input data","a":"SHA-256"}`, `"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"`},
		{"hash sha384", "States.Hash('input data', 'SHA-384')", `{}`, `"d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"`},
		{"hash sha512", "States.Hash('input data', 'SHA-512')", `{}`, `"6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"`},
		{"hash empty", "States.Hash('', 'SHA-1')", `{}`, `"da39a3ee5e6b4b0d3255bfef95601890afd80709"`},
		{"hash number", "States.Hash($.d, 'SHA-1')", `{"d":1}`, `"356a192b7913b04c54574d18c28d46e6395428ab"`},
		{"hash object as Java", "States.Hash($.d, 'SHA-1')", `{"d":{"foo":"bar"}}`, `"dc2935b70ad43836e2e74df2d9758b1e51397997"`},
		{"hash true", "States.Hash($.d, 'SHA-1')", `{"d":true}`, `"5ffe533b830f08a0326348a9160afafc8ada44db"`},
		// States.JsonMerge
		{"merge", "States.JsonMerge($.json1, $.json2, false)", `{"json1":{"a":{"a1":1,"a2":2},"b":2},"json2":{"a":{"a3":1,"a4":2},"c":3}}`,
			`{"a":{"a3":1,"a4":2},"b":2,"c":3}`},
		{"merge non-boolean flag", "States.JsonMerge($.a, $.b, $.deep)", `{"a":{"x":1},"b":{"x":null},"deep":"false"}`, `{"x":null}`},
		{"merge literal", `States.JsonMerge(States.StringToJson('{"a": 1}'), $$.Execution.Input.b, false)`, `{"b":{"c":2}}`, `{"a":1,"c":2}`},
		// States.MathRandom
		{"random seeded", "States.MathRandom(1, 999, 42)", `{}`, `255`},
		{"random seeded path", "States.MathRandom($.s, $.e, $.seed)", `{"s":0,"e":10,"seed":42}`, `0`},
		{"random seed truncated", "States.MathRandom(1, 999, 42.9)", `{}`, `255`},
		{"random negative seed", "States.MathRandom(1, 10, -10)", `{}`, `1`},
		{"random power of two", "States.MathRandom(0, 1048576, 42)", `{}`, `762905`},
		{"random single value", "States.MathRandom(5, 6)", `{}`, `5`},
		// States.MathAdd
		{"add", "States.MathAdd($.a, $.b)", `{"a":111,"b":-1}`, `110`},
		{"add rounds half up", "States.MathAdd($.a, $.b)", `{"a":-0.5,"b":0.5}`, `1`},
		{"add rounds -2.5", "States.MathAdd(-2.5, 0)", `{}`, `-2`},
		{"add rounds -1.51", "States.MathAdd(-1.51, 0)", `{}`, `-2`},
		{"add 1.49 1.5", "States.MathAdd(1.49, 1.5)", `{}`, `3`},
		{"add bounds", "States.MathAdd(-2147483647, -1)", `{}`, `-2147483648`},
		{"add variables", "States.MathAdd($n, 4.3)", `{}`, `7`},
		{"add nested", "States.MathAdd(States.MathAdd($.x, 1), 2)", `{"x":5}`, `8`},
		// States.StringSplit
		{"split", "States.StringSplit($.s, $.d)", `{"s":"This.is+a,test=string","d":".+,="}`, `["This","is","a","test","string"]`},
		{"split drops empty", "States.StringSplit($.s, ',')", `{"s":", , ,"}`, `[" "," "]`},
		{"split empty string", "States.StringSplit('', ',')", `{}`, `[]`},
		{"split empty delimiter", "States.StringSplit('a,b', '')", `{}`, `["a,b"]`},
		{"split astral", "States.StringSplit($.s, $.d)", `{"s":"a😀b😁c","d":"😀"}`, `["a","b😁c"]`},
		{"split newline", "States.StringSplit('Hello\nWorld', '\n')", `{}`, `["Hello","World"]`},
		// States.UUID
		{"uuid", "States.UUID()", `{}`, `"2f0c3c04-3d52-4e5f-9c6e-1a0b2c3d4e5f"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := evalString(t, tt.src, tt.input)
			require.NoError(t, err)
			require.Equal(t, tt.want, jsonv.String(got))
		})
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		src, input, cause string
	}{
		{"States.Format('{}', $.nope)", `{"other":1}`,
			"The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'"},
		{"States.Format('{} {}', $.other, $.a.b)", `{"other":1}`,
			"The JsonPath argument for the field '$.a.b' could not be found in the input '{\"other\":1}'"},
		{"States.Format('{}', States.Format('{}', $.nope))", `{"other":1}`,
			"The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'"},
		{"States.Format('{}', $.items[5])", `{"items":[1,2]}`,
			"The JsonPath argument for the field '$.items[5]' could not be found in the input '{\"items\":[1,2]}'"},
		{"States.Format('{}', $$.Nope.Deep)", `{"other":1}`,
			"The JsonPath argument for the field '$.Nope.Deep' could not be found in the input '{\"other\":1}'"},
		{"States.Array($nope)", `{}`,
			"The JsonPath argument for the field '$nope' could not be found in the input '{}'"},
		{"States.Format($.t, 1)", `{"t":"{} {}"}`, "Invalid arguments in States.Format"},
		{"States.Format($.t, 1)", `{"t":"{"}`, "Invalid arguments in States.Format"},
		{"States.Format($.t)", `{"t":1}`, "Invalid arguments in States.Format"},
		{"States.StringToJson($.s)", `{"s":"{bad"}`, "Invalid arguments in States.StringToJson"},
		{"States.StringToJson($.s)", `{"s":5}`, "Invalid arguments in States.StringToJson"},
		{"States.ArrayPartition($.a, 2)", `{"a":"x"}`, "Invalid arguments in States.ArrayPartition"},
		{"States.ArrayPartition($.a, $.n)", `{"a":[1],"n":-0.4}`, "Invalid arguments in States.ArrayPartition"},
		{"States.ArrayContains($.a, 1)", `{"a":{}}`, "Invalid arguments in States.ArrayContains"},
		{"States.ArrayRange($.a, 1001, 1)", `{"a":1}`, "Invalid arguments in States.ArrayRange"},
		{"States.ArrayRange(1, 10, $.s)", `{"s":0}`, "Invalid arguments in States.ArrayRange"},
		{"States.ArrayRange(1, 10, $.s)", `{"s":"1"}`, "Invalid arguments in States.ArrayRange"},
		{"States.ArrayGetItem($.a, 3)", `{"a":[10,20,30]}`, "Invalid arguments in States.ArrayGetItem"},
		{"States.ArrayGetItem($.a, $.i)", `{"a":[10],"i":-1}`, "Invalid arguments in States.ArrayGetItem"},
		{"States.ArrayLength($.a)", `{"a":{"k":1}}`, "Invalid arguments in States.ArrayLength"},
		{"States.ArrayUnique($.a)", `{"a":null}`, "Invalid arguments in States.ArrayUnique"},
		{"States.Base64Encode($.s)", `{"s":"` + strings.Repeat("a", 10001) + `"}`, "Invalid arguments in States.Base64Encode"},
		{"States.Base64Encode($.s)", `{"s":["x"]}`, "Invalid arguments in States.Base64Encode"},
		{"States.Base64Decode($.s)", `{"s":"` + strings.Repeat("A", 10001) + `"}`, "Invalid arguments in States.Base64Decode"},
		{"States.Hash($.s, 'SHA-256')", `{"s":"` + strings.Repeat("a", 10001) + `"}`, "Invalid arguments in States.Hash"},
		{"States.Hash($.s, $.a)", `{"s":"x","a":"MD-5"}`, "Invalid arguments in States.Hash"},
		{"States.Hash($.s, 'MD5')", `{"s":null}`, "Invalid arguments in States.Hash"},
		{"States.JsonMerge($.a, $.b, false)", `{"a":[],"b":{}}`, "Invalid arguments in States.JsonMerge"},
		{"States.JsonMerge($.a, $.b, $.d)", `{"a":{},"b":{},"d":true}`, "Invalid arguments in States.JsonMerge"},
		{"States.MathRandom($.a, $.b)", `{"a":10,"b":5}`, "Invalid arguments in States.MathRandom"},
		{"States.MathRandom($.a, $.b)", `{"a":-2000000000,"b":2000000000}`, "Invalid arguments in States.MathRandom"},
		{"States.MathRandom(1, 10, $.s)", `{"s":"x"}`, "Invalid arguments in States.MathRandom"},
		{"States.MathAdd($.a, 1)", `{"a":"1"}`, "Invalid arguments in States.MathAdd"},
		{"States.MathAdd($.a, 1)", `{"a":2147483647}`, "Invalid arguments in States.MathAdd"},
		{"States.MathAdd($.a, 1)", `{"a":-3000000000}`, "Invalid arguments in States.MathAdd"},
		{"States.MathAdd($.a, 1)", `{"a":[null,1]}`, "Invalid arguments in States.MathAdd"},
		{"States.StringSplit($.s, ',')", `{"s":false}`, "Invalid arguments in States.StringSplit"},
		{"States.StringSplit('a,b', $.d)", `{"d":null}`, "Invalid arguments in States.StringSplit"},
		{"States.Format('{}', States.MathAdd($.a, 1))", `{"a":"x"}`, "Invalid arguments in States.MathAdd"},
	}
	for _, tt := range tests {
		t.Run(tt.src+" "+firstN(tt.input, 40), func(t *testing.T) {
			_, err := evalString(t, tt.src, tt.input)
			var se *states.Error
			require.ErrorAs(t, err, &se)
			require.Equal(t, states.ErrRuntime, se.Name)
			require.Equal(t, "The function '"+tt.src+"' had the following error: "+tt.cause, se.Cause)
		})
	}
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestConstantCallsAreFolded checks that a call of literals is evaluated
// once, at parse time, and that impure calls are not.
func TestConstantCallsAreFolded(t *testing.T) {
	for src, folded := range map[string]bool{
		"States.ArrayRange(1, 3, 1)":                true,
		"States.Format('{}', States.MathAdd(1, 2))": true,
		"States.Format('{}', $.a)":                  false,
		"States.UUID()":                             false,
		"States.MathRandom(1, 5)":                   false,
		"States.Array(States.MathRandom(1, 5, 3))":  false,
	} {
		c, err := Parse(src)
		require.NoError(t, err)
		_, isLiteral := c.root.(*literal)
		require.Equal(t, folded, isLiteral, src)
	}
}

func TestEvalPassesEnvErrorsThrough(t *testing.T) {
	c, err := Parse("States.Array($.a)")
	require.NoError(t, err)
	_, err = c.Eval(failingEnv{newTestEnv(nil)})
	require.Equal(t, &states.Error{Name: "Custom", Cause: "boom"}, err)
	require.Equal(t, "States.Array($.a)", c.String())
}

type failingEnv struct{ *testEnv }

func (failingEnv) Resolve(*path.Path) (any, error) {
	return nil, &states.Error{Name: "Custom", Cause: "boom"}
}

func TestConcurrentEval(t *testing.T) {
	c, err := Parse("States.Format('{}-{}', States.ArrayLength($.a), States.Hash($.s, 'SHA-256'))")
	require.NoError(t, err)
	input := decode(t, `{"a":[1,2,3],"s":"x"}`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				v, err := c.Eval(newTestEnv(input))
				if err != nil || v != "3-2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" {
					t.Errorf("got %v, %v", v, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestJavaDouble(t *testing.T) {
	// Expected values printed by Java's Double.toString.
	tests := map[float64]string{
		1.1: "1.1", 1.0: "1.0", 100.0: "100.0", 1e7: "1.0E7", 9999999.0: "9999999.0",
		1e-3: "0.001", 9.99e-4: "9.99E-4", 1.5e300: "1.5E300", -2.5e-10: "-2.5E-10",
		0.30000000000000004: "0.30000000000000004", 123456789.125: "1.23456789125E8", 1e21: "1.0E21",
		1.7976931348623157e308: "1.7976931348623157E308", 12345.678: "12345.678",
	}
	for f, want := range tests {
		require.Equal(t, want, javaDouble(f), "%v", f)
	}
	require.Equal(t, "-0.0", javaDouble(-1/inf()))
	require.Equal(t, "0", javaNumber("-0"))
	require.Equal(t, "-0.0", javaNumber("-0.0"))
	require.Equal(t, "1e999", javaNumber("1e999"))
}

func inf() float64 { return 1 / zero }

var zero = 0.0

func TestJavaRandom(t *testing.T) {
	// Expected values printed by java.util.Random.
	require.Equal(t, 0.7275636800328681, newJavaRandom(42).nextDouble())
	r := newJavaRandom(42)
	require.Equal(t, []int32{0, 19, 716411, 102948884},
		[]int32{r.nextInt(10), r.nextInt(998), r.nextInt(1 << 20), r.nextInt(1<<31 - 1)})
	require.Equal(t, int32(0), newJavaRandom(-10).nextInt(9))
	require.Equal(t, int32(6), newJavaRandom(0).nextInt(9))
	require.Equal(t, int32(4), newJavaRandom(1).nextInt(7))
	require.Equal(t, int32(360), newJavaRandom(-1<<63).nextInt(1000))
}

func TestRoundInt32(t *testing.T) {
	// Expected values printed by Java's Math.round.
	tests := map[string]int64{
		"1.49": 1, "1.5": 2, "2.5": 3, "-0.5": 0, "-1.5": -1, "-1.51": -2, "-2.5": -2,
		"0.49999999999999994": 0, "-0.49999999999999994": 0, "4.3": 4, "7": 7, "-2147483648": -2147483648,
	}
	for in, want := range tests {
		got, ok := roundInt32(decode(t, in))
		require.True(t, ok, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"2147483648", "-2147483649", "2147483647.5", "1e10", "\"1\""} {
		_, ok := roundInt32(decode(t, in))
		require.False(t, ok, in)
	}
}
