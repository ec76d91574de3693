package jsonata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// diffShow is the number of mismatches reported per kind.
var diffShow = 8

// TestDifferential compares this implementation with the reference
// implementation (jsonata-js) on the suite's expressions evaluated against
// other inputs and on randomly generated expressions. It runs only when
// JSONATA_REFERENCE names the jsonata.js of the reference version (for
// example node_modules/jsonata/jsonata.js of jsonata@2.0.6) and node is
// installed:
//
//	JSONATA_REFERENCE=/path/to/jsonata.js go test ./jsonata -run TestDifferential -v
//
// JSONATA_DIFF_N sets the number of generated expressions (default 3000),
// JSONATA_DIFF_SEED the random seed.
func TestDifferential(t *testing.T) {
	ref := os.Getenv("JSONATA_REFERENCE")
	if ref == "" {
		t.Skip("set JSONATA_REFERENCE to the reference jsonata.js to compare with it")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not installed")
	}
	dir := suiteDir(t)
	inputs := diffInputs(t, dir)
	var cases []diffCase
	for _, nc := range loadSuite(t, dir) {
		if nc.c.Expr == nil || nondeterministic(*nc.c.Expr) || nc.c.Timelimit > 0 || newerSyntax(*nc.c.Expr) {
			continue
		}
		if len(nc.c.Bindings) > 0 {
			continue
		}
		for _, in := range inputs[:4] {
			cases = append(cases, diffCase{Expr: *nc.c.Expr, Input: in})
		}
	}
	n := 3000
	if s := os.Getenv("JSONATA_DIFF_N"); s != "" {
		fmt.Sscan(s, &n)
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("JSONATA_DIFF_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d", seed)
	if s := os.Getenv("JSONATA_DIFF_SHOW"); s != "" {
		fmt.Sscan(s, &diffShow)
	}
	g := &exprGen{r: rand.New(rand.NewPCG(seed, seed>>1))}
	for i := 0; i < n; i++ {
		in := inputs[g.r.IntN(len(inputs))]
		var e string
		switch i % 3 {
		case 0:
			e = g.expr(0)
		case 1:
			e = g.call()
		default:
			v, _ := decodeJSON([]byte(in))
			e = g.structPath(v)
		}
		if nondeterministic(e) {
			continue
		}
		cases = append(cases, diffCase{Expr: e, Input: in})
	}
	if os.Getenv("JSONATA_DIFF_OURS") != "" {
		for _, c := range cases {
			if os.Getenv("JSONATA_DIFF_TRACE") != "" {
				fmt.Fprintln(os.Stderr, "CASE", c.Expr, "INPUT", c.Input)
			}
			start := time.Now()
			ourResult(c)
			if d := time.Since(start); d > 200*time.Millisecond {
				t.Logf("slow (%v): %s", d, c.Expr)
			}
		}
		return
	}
	results := runReference(t, ref, cases)
	mismatches, messages := 0, 0
	byKind := map[string]int{}
	for i, c := range cases {
		want := results[i]
		got := ourResult(c)
		if got.Err == "D1001" && want.Err == "" && strings.Contains(want.OK, `"__num:`) {
			// a result never holds a number that is not finite (D1001),
			// where jsonata-js returns NaN or Infinity
			continue
		}
		if sameDiffResult(want, got) {
			if want.Err != "" && want.Err == got.Err && want.Msg != got.Msg {
				messages++
				if messages <= diffShow {
					t.Logf("different message for %s\n  expr: %s\n  want: %s\n  got:  %s", want.Err, c.Expr, want.Msg, got.Msg)
				}
			}
			continue
		}
		mismatches++
		kind := diffKind(want, got)
		if kind == "different error" && strings.ContainsAny(c.Expr, "[{") {
			// jsonata-js evaluates array items and object values
			// concurrently (Promise.all); which failing item reports its
			// error first depends on its scheduling
			kind = "different error (concurrent items)"
		}
		byKind[kind]++
		if byKind[kind] <= diffShow {
			in := c.Input
			if len(in) > 80 {
				in = in[:80] + "..."
			}
			t.Errorf("%s\n  expr:  %s\n  input: %s\n  want:  %s\n  got:   %s", kind, c.Expr, in, want.show(), got.show())
		}
	}
	t.Logf("%d cases, %d mismatches %v, %d different error messages", len(cases), mismatches, byKind, messages)
}

type diffCase struct {
	Expr  string `json:"expr"`
	Input string `json:"input"`
}

type diffResult struct {
	U   bool   `json:"u"`
	OK  string `json:"ok"`
	Err string `json:"err"`
	Msg string `json:"msg"`
}

func (r diffResult) show() string {
	switch {
	case r.U:
		return "undefined"
	case r.Err != "":
		return "error " + r.Err
	}
	if len(r.OK) > 300 {
		return r.OK[:300] + "..."
	}
	return r.OK
}

func diffKind(want, got diffResult) string {
	switch {
	case want.Err != "" && got.Err != "":
		return "different error"
	case want.Err != "":
		return "missing error"
	case got.Err != "":
		return "unexpected error"
	}
	return "different result"
}

// newerSyntax reports whether the expression uses operators added after
// JSONata 2.0.6 (?? and ?:), which the 2.0.6 reference rejects.
func newerSyntax(e string) bool {
	return strings.Contains(e, "??") || strings.Contains(e, "?:")
}

func nondeterministic(e string) bool {
	// (exponent pictures loop forever in jsonata-js 2.0.6 for numbers <= 0)
	for _, f := range []string{"$now", "$millis", "$random", "$shuffle", "e0", "%%", "‰‰", "%‰", "---"} {
		if strings.Contains(e, f) {
			return true
		}
	}
	return false
}

// diffInputs returns input documents as JSON text with sorted keys (so that
// key order is the same for both implementations).
func diffInputs(t *testing.T, dir string) []string {
	var out []string
	for _, name := range []string{"dataset5", "dataset1", "dataset0", "dataset8", "dataset10", "dataset2", "dataset12"} {
		raw, err := os.ReadFile(filepath.Join(dir, "datasets", name+".json"))
		if err != nil {
			continue
		}
		v, err := decodeJSON(raw)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		out = append(out, string(b))
	}
	out = append(out, `[1,2,3,[4,5],{"a":1}]`, `{"a":{"b":[1,{"c":2}],"d":"x"},"e":[{"f":1},{"f":[2,3]}]}`, ``, `"text"`, `42.5`)
	return out
}

func runReference(t *testing.T, ref string, cases []diffCase) []diffResult {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "cases.json")
	out := filepath.Join(tmp, "results.json")
	b, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o600); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(tmp, "diff.js")
	if err := os.WriteFile(script, []byte(diffScript), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "--stack-size=4000", script, in, out)
	cmd.Env = append(os.Environ(), "JSONATA="+ref)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node: %v\n%s", err, msg)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var results []diffResult
	if err := json.Unmarshal(raw, &results); err != nil {
		t.Fatal(err)
	}
	return results
}

const diffScript = `
const jsonata = require(process.env.JSONATA);
const fs = require('fs');
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
(async () => {
  const out = [];
  for (const c of cases) {
    let r;
    try {
      const e = jsonata(c.expr);
      const input = c.input === '' ? undefined : JSON.parse(c.input);
      const res = await e.evaluate(input, {});
      if (res === undefined) r = {u: true};
      else if (typeof res === 'function' || (res && (res._jsonata_function || res._jsonata_lambda))) r = {ok: '"__function"'};
      else {
        let s;
        try {
          s = JSON.stringify(res, (k, v) => (typeof v === 'number' && !isFinite(v)) ? ('__num:' + v) :
            (typeof v === 'function' || (v && (v._jsonata_function || v._jsonata_lambda))) ? '__function' : v);
        } catch (e) { s = '"__unserialisable"'; }
        r = {ok: s === undefined ? 'null' : s};
      }
    } catch (e) {
      r = {err: e.code || ('JS:' + (e.message || String(e)).slice(0, 60)), msg: e.message};
    }
    out.push(r);
  }
  fs.writeFileSync(process.argv[3], JSON.stringify(out));
})();
`

func ourResult(c diffCase) (r diffResult) {
	defer func() {
		if p := recover(); p != nil {
			r = diffResult{Err: fmt.Sprintf("PANIC %v", p)}
		}
	}()
	var input any = Undefined
	if c.Input != "" {
		v, err := decodeJSON([]byte(c.Input))
		if err != nil {
			return diffResult{Err: "bad input"}
		}
		input = v
	}
	e, err := Compile(c.Expr)
	if err != nil {
		var je *Error
		errors.As(err, &je)
		return diffResult{Err: errCode(err), Msg: je.Message}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res, err := e.Eval(ctx, input, nil)
	if err != nil {
		var je *Error
		errors.As(err, &je)
		return diffResult{Err: errCode(err), Msg: je.Message}
	}
	if IsUndefined(res) {
		return diffResult{U: true}
	}
	if isFunction(res) {
		return diffResult{OK: `"__function"`}
	}
	w := jsonWriter{limit: math.MaxInt}
	if err := w.write(diffJSON(res), 0); err != nil {
		return diffResult{Err: "marshal " + err.Error()}
	}
	return diffResult{OK: w.sb.String()}
}

func errCode(err error) string {
	var je *Error
	if errors.As(err, &je) {
		return je.Code
	}
	return "GO:" + err.Error()
}

// diffJSON maps values to what the reference script prints.
func diffJSON(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return "__num:" + formatJSNumber(x)
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = diffJSON(it)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, it := range x {
			out[k] = diffJSON(it)
		}
		return out
	}
	if isFunction(v) {
		return "__function"
	}
	return v
}

func sameDiffResult(want, got diffResult) bool {
	if want.U || got.U || want.Err != "" || got.Err != "" {
		if strings.HasPrefix(want.Err, "JS:") {
			return true // the reference crashed with a JavaScript error
		}
		return want.U == got.U && want.Err == got.Err
	}
	w, err1 := decodeJSON([]byte(want.OK))
	g, err2 := decodeJSON([]byte(got.OK))
	if err1 != nil || err2 != nil {
		return want.OK == got.OK
	}
	return reflect.DeepEqual(normalizeJSON(w), normalizeJSON(g))
}

// exprGen generates random JSONata expressions over the suite's datasets.
type exprGen struct {
	r *rand.Rand
}

var (
	genFields = []string{"Account", "Order", "Product", "Price", "Quantity", "`Product Name`", "OrderID", "Description", "Colour", "Weight",
		"SKU", "a", "b", "c", "d", "e", "f", "foo", "bar", "blah", "baz", "fud", "Phone", "type", "number", "Email", "address", "FirstName", "Surname", "Age", "nest0", "nest1"}
	genFuncs = []string{"$sum", "$count", "$max", "$min", "$average", "$string", "$substring", "$substringBefore", "$substringAfter",
		"$lowercase", "$uppercase", "$length", "$trim", "$pad", "$contains", "$split", "$join", "$match", "$replace",
		"$number", "$abs", "$floor", "$ceil", "$round", "$power", "$sqrt", "$formatNumber", "$formatBase", "$formatInteger", "$parseInteger",
		"$boolean", "$not", "$exists", "$keys", "$lookup", "$spread", "$merge", "$each", "$sift", "$append", "$reverse", "$sort", "$distinct",
		"$zip", "$type", "$map", "$filter", "$reduce", "$single", "$base64encode", "$base64decode", "$encodeUrl", "$encodeUrlComponent",
		"$decodeUrl", "$decodeUrlComponent", "$fromMillis", "$toMillis", "$eval", "$error", "$assert"}
	genOps = []string{"+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "and", "or", "in", "~>"}
)

func (g *exprGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *exprGen) literal() string {
	switch g.r.IntN(9) {
	case 0:
		return fmt.Sprint(g.r.IntN(20) - 5)
	case 1:
		return fmt.Sprintf("%g", math.Round(g.r.Float64()*10000)/100)
	case 2:
		return g.pick([]string{`"a"`, `"abc"`, `""`, `"Hello World"`, `'x,y,z'`, `"10"`, `"2018-10-21T13:05:00Z"`, `"0.5"`, `"é𝄞"`})
	case 3:
		return g.pick([]string{"true", "false", "null"})
	case 4:
		return "[1,2,3]"
	case 5:
		return `{"a":1,"b":"x"}`
	case 6:
		return g.pick([]string{"/a/", "/[a-z]+/i", "/\\d+/", "/(a)(b)?/", "/o/"})
	case 7:
		return "[]"
	}
	return "1e21"
}

func (g *exprGen) path(depth int) string {
	n := 1 + g.r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		switch g.r.IntN(10) {
		case 0:
			parts[i] = "*"
		case 1:
			if i > 0 {
				parts[i] = "%"
			} else {
				parts[i] = "$"
			}
		case 2:
			parts[i] = "**"
		default:
			parts[i] = g.pick(genFields)
		}
		switch g.r.IntN(12) {
		case 0:
			parts[i] += fmt.Sprintf("[%d]", g.r.IntN(4)-1)
		case 1:
			parts[i] += "[" + g.expr(depth+1) + "]"
		case 2:
			parts[i] += "[]"
		case 3:
			parts[i] += "^(" + g.pick([]string{"", ">", "<"}) + g.pick(genFields) + ")"
		case 4:
			parts[i] += "#$i"
		case 5:
			parts[i] += "@$o"
		case 6:
			parts[i] += "{" + g.expr(depth+1) + ": " + g.expr(depth+1) + "}"
		}
	}
	return strings.Join(parts, ".")
}

func (g *exprGen) expr(depth int) string {
	if depth > 3 {
		if g.r.IntN(2) == 0 {
			return g.literal()
		}
		return g.pick(genFields)
	}
	switch g.r.IntN(16) {
	case 0, 1:
		return g.literal()
	case 2, 3, 4:
		return g.path(depth)
	case 5, 6:
		return g.expr(depth+1) + " " + g.pick(genOps) + " " + g.expr(depth+1)
	case 7, 8, 9:
		f := g.pick(genFuncs)
		nargs := g.r.IntN(4)
		args := make([]string, nargs)
		for i := range args {
			if g.r.IntN(4) == 0 {
				args[i] = g.pick([]string{"function($v){$v}", "function($v, $i){$i}", "function($a, $b){$a + $b}", "$string", "function($v){$v > 1}"})
			} else {
				args[i] = g.expr(depth + 1)
			}
		}
		return f + "(" + strings.Join(args, ", ") + ")"
	case 10:
		return g.expr(depth+1) + " ? " + g.expr(depth+1) + " : " + g.expr(depth+1)
	case 11:
		return "($x := " + g.expr(depth+1) + "; " + g.expr(depth+1) + " & $x)"
	case 12:
		return "[" + g.expr(depth+1) + ", " + g.expr(depth+1) + "]"
	case 13:
		return "{" + g.pick([]string{`"k"`, `"n"`}) + ": " + g.expr(depth+1) + "}"
	case 14:
		return g.expr(depth+1) + ".(" + g.expr(depth+1) + ")"
	}
	return "$ ~> |" + g.path(depth+1) + "|{'x': " + g.expr(depth+1) + "}|"
}

// structPath generates a path expression that follows the structure of the
// input, decorated with predicates, bindings, sorting, grouping and functions.
func (g *exprGen) structPath(input any) string {
	var steps []string
	v := input
	var vars []string
	for depth := 0; depth < 6; depth++ {
		if items, ok := v.([]any); ok {
			if len(items) == 0 {
				break
			}
			v = items[g.r.IntN(len(items))]
			continue
		}
		m, ok := v.(map[string]any)
		if !ok || len(m) == 0 {
			break
		}
		keys := sortedKeys(m)
		k := keys[g.r.IntN(len(keys))]
		v = m[k]
		step := k
		if strings.ContainsAny(k, " .-") {
			step = "`" + k + "`"
		}
		switch g.r.IntN(14) {
		case 0:
			step = "*"
		case 1:
			step += fmt.Sprintf("[%d]", g.r.IntN(3)-1)
		case 2:
			step += "[]"
		case 3:
			step += "#$i" + fmt.Sprint(depth)
			vars = append(vars, "$i"+fmt.Sprint(depth))
		case 4:
			step += "@$v" + fmt.Sprint(depth)
			vars = append(vars, "$v"+fmt.Sprint(depth))
		case 5:
			if sub, ok := firstScalarField(v); ok {
				step += "[" + sub + g.pick([]string{" > ", " = ", " != ", " <= "}) + g.literalFor(v, sub) + "]"
			}
		case 6:
			if sub, ok := firstScalarField(v); ok {
				step += "^(" + g.pick([]string{"", ">", "<"}) + sub + ")"
			}
		case 7:
			if len(steps) > 0 {
				steps = append(steps, step)
				step = "%"
			}
		}
		steps = append(steps, step)
	}
	if len(steps) == 0 {
		return "$"
	}
	if g.r.IntN(6) == 0 {
		steps = append([]string{"**"}, steps[len(steps)-1])
	}
	path := strings.Join(steps, ".")
	if len(vars) > 0 && g.r.IntN(2) == 0 {
		path += ".{" + `"v": ` + vars[g.r.IntN(len(vars))] + "}"
	}
	switch g.r.IntN(12) {
	case 0:
		return "$count(" + path + ")"
	case 1:
		return "$string(" + path + ")"
	case 2:
		return "$keys(" + path + ")"
	case 3:
		return "$distinct(" + path + ")"
	case 4:
		return path + "{$string($): $count($)}"
	case 5:
		return "$sum(" + path + "[$type($) = 'number'])"
	case 6:
		return "[" + path + "]"
	case 7:
		return path + ".$string()"
	case 8:
		return "$map(" + path + ", function($x, $i){[$i, $type($x)]})"
	case 9:
		return "$each(" + path + ", function($v, $k){$k})"
	}
	return path
}

func firstScalarField(v any) (string, bool) {
	if items, ok := v.([]any); ok && len(items) > 0 {
		v = items[0]
	}
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	for _, k := range sortedKeys(m) {
		switch m[k].(type) {
		case string, json.Number, float64, bool:
			if strings.ContainsAny(k, " .-") {
				return "`" + k + "`", true
			}
			return k, true
		}
	}
	return "", false
}

func (g *exprGen) literalFor(v any, field string) string {
	if items, ok := v.([]any); ok && len(items) > 0 {
		v = items[g.r.IntN(len(items))]
	}
	if m, ok := v.(map[string]any); ok {
		switch x := m[strings.Trim(field, "`")].(type) {
		case string:
			b, _ := json.Marshal(x)
			return string(b)
		case json.Number:
			return x.String()
		case bool:
			return fmt.Sprint(x)
		}
	}
	return "1"
}

// call generates a call of a built-in function with plausible arguments.
func (g *exprGen) call() string {
	num := func() string {
		switch g.r.IntN(8) {
		case 0:
			return fmt.Sprint(g.r.IntN(2000) - 1000)
		case 1:
			return fmt.Sprintf("%.3f", g.r.Float64()*200-100)
		case 2:
			return g.pick([]string{"0.5", "1.5", "2.5", "-2.5", "0.125", "1e-7", "123456789012", "1e21", "0.1+0.2", "-0", "3.14159", "99.995", "1.005", "5890840712243076", "1e300", "0.000001"})
		case 3:
			return fmt.Sprint(g.r.IntN(10))
		case 4:
			return fmt.Sprintf("%.2f", g.r.Float64()*10)
		case 5:
			return fmt.Sprint(g.r.Int64N(1e15))
		case 6:
			return fmt.Sprintf("%.6f", g.r.Float64())
		}
		return fmt.Sprintf("%de%d", g.r.IntN(9)+1, g.r.IntN(40)-20)
	}
	strs := []string{`"hello world"`, `"Hello, World!"`, `""`, `"  spaced  out  "`, `"a,b,,c"`, `"éàü"`, `"𝄞music𝄞"`, `"x"`, `"2018-02-01T09:42:13.123Z"`,
		`"1,234.56"`, `"%"`, `"日本語テキスト"`, `"a-b_c.d"`, `"http://example.com/a b?c=d&e=€"`, `"%E2%82%AC"`, `"SGVsbG8="`, `"twenty-one"`, `"MCMXCIX"`, `"abc"`}
	str := func() string { return g.pick(strs) }
	switch g.pick([]string{"round", "formatNumber", "formatBase", "formatInteger", "parseInteger", "string", "substring", "pad", "split", "replace",
		"match", "number", "fromMillis", "toMillis", "encode", "base64", "sort", "trim", "length", "upper", "power", "sqrt", "join", "contains", "abs", "floor"}) {
	case "round":
		return "$round(" + num() + g.pick([]string{"", ", 0", ", 1", ", 2", ", 3", ", -1", ", -2"}) + ")"
	case "formatNumber":
		pics := []string{"'#,##0.00'", "'0.000e0'", "'#0.0#'", "'000'", "'#,###'", "'0.00%'", "'0.0‰'", "'##0.00e00'", "'#.##'", "'0,000.000'", "'#;(#)'", "'00.0e0'", "'$#,##0.00'", "'#,##,###'"}
		return "$formatNumber(" + num() + ", " + g.pick(pics) + ")"
	case "formatBase":
		return "$formatBase(" + num() + g.pick([]string{"", ", 2", ", 8", ", 16", ", 36", ", 10"}) + ")"
	case "formatInteger":
		pics := []string{"'w'", "'W'", "'Ww'", "'i'", "'I'", "'a'", "'A'", "'0001'", "'#,##0'", "'1;o'", "'w;o'", "'Ww;o'", "'00'", "'٠١٢'", "'# ###'"}
		return "$formatInteger(" + fmt.Sprint(g.r.IntN(5000)-10) + ", " + g.pick(pics) + ")"
	case "parseInteger":
		return g.pick([]string{"$parseInteger('twelve thousand, four hundred and seventy-six', 'w')", "$parseInteger('MCMLXXXIV', 'I')",
			"$parseInteger('xiv', 'i')", "$parseInteger('AB', 'A')", "$parseInteger('12,345', '#,##0')", "$parseInteger('21st', '1;o')", "$parseInteger('0042', '0000')"})
	case "string":
		return "$string(" + g.pick([]string{num(), str(), `[1, 0.1+0.2, "x", null, true]`, `{"a": 1.5e300, "b": [1e-7]}`, "$sum"}) + g.pick([]string{"", ", true"}) + ")"
	case "substring":
		return "$substring(" + str() + ", " + fmt.Sprint(g.r.IntN(12)-6) + g.pick([]string{"", ", 2", ", 0", ", -1", ", 100", ", 3.5"}) + ")"
	case "pad":
		return "$pad(" + str() + ", " + fmt.Sprint(g.r.IntN(30)-15) + g.pick([]string{"", ", '#'", ", 'ab'", ", '𝄞'"}) + ")"
	case "split":
		return "$split(" + str() + ", " + g.pick([]string{"','", "' '", "''", "/[ ,]+/", "/o/", "'l'"}) + g.pick([]string{"", ", 2", ", 0"}) + ")"
	case "replace":
		return "$replace(" + str() + ", " + g.pick([]string{"'o'", "/(o)(r)?/", "/l+/", "/^/", "/[aeiou]/i", "' '"}) + ", " + g.pick([]string{"'0'", "'$1-$2'", "'$$'", "'$0$0'", "'$10'", "function($m){$uppercase($m.match)}"}) + g.pick([]string{"", ", 1", ", 0"}) + ")"
	case "match":
		return "$match(" + str() + ", " + g.pick([]string{"/o/", "/(l)(l)?/", "/[a-z]+/i", `/\d/`, "/𝄞/"}) + g.pick([]string{"", ", 1"}) + ")"
	case "number":
		return "$number(" + g.pick([]string{`"12"`, `"-1.5e3"`, `"0x1F"`, `"0b101"`, `"0o17"`, `" 12"`, `"1e400"`, `"12abc"`, `"0x1Fzz"`, `"-0"`, `".5"`, `"5."`, "true", "false", num()}) + ")"
	case "fromMillis":
		pics := []string{"", ", '[Y0001]-[M01]-[D01]'", ", '[H01]:[m01]:[s01].[f001]'", ", '[D1o] [MNn] [Y]'", ", '[FNn], [D1] [MNn,3-3] [Y]'", ", '[h]:[m01] [P]'",
			", '[Y,2]'", ", '[d] [W] [w] [X] [x]'", ", '[Z]'", ", '[z]'", ", '[H01]:[m01]', '+0530'", ", '[Y]-[M]-[D] [H]:[m] [Z01:01]', '-0800'", ", '[YI]'", ", '[Mw]'", ", '[FNn,2-2]'"}
		return "$fromMillis(" + fmt.Sprint(g.r.Int64N(4e12)-1e12) + g.pick(pics) + ")"
	case "toMillis":
		return g.pick([]string{"$toMillis('2018-02-01T09:42:13.123Z')", "$toMillis('2018-02-01')", "$toMillis('2018')", "$toMillis('2018-02-01T09:42:13+01:00')",
			"$toMillis('12/25/2019', '[M]/[D]/[Y]')", "$toMillis('Tuesday, 5th March 2019', '[FNn], [D1o] [MNn] [Y]')", "$toMillis('23:15', '[H]:[m]')",
			"$toMillis('2019-W05-3', '[X0001]-W[W01]-[F1]')", "$toMillis('7:30 pm', '[h]:[m01] [P]')", "$toMillis('2019-032', '[Y]-[d]')"})
	case "encode":
		return g.pick([]string{"$encodeUrl", "$encodeUrlComponent", "$decodeUrl", "$decodeUrlComponent"}) + "(" + str() + ")"
	case "base64":
		return g.pick([]string{"$base64encode", "$base64decode"}) + "(" + str() + ")"
	case "sort":
		return "$sort(" + g.pick([]string{"[3,1,2,10,-5]", `["b","a","B","é","𝄞","c"]`, `[1, "a"]`, "[[1],[2]]"}) + g.pick([]string{"", ", function($a,$b){$a < $b}", ", function($a,$b){$a > $b}"}) + ")"
	case "trim":
		return "$trim(" + str() + ")"
	case "length":
		return "$length(" + str() + ")"
	case "upper":
		return g.pick([]string{"$uppercase", "$lowercase"}) + "(" + g.pick([]string{str(), `"straße"`, `"İstanbul"`, `"ΣΊΣΥΦΟΣ"`}) + ")"
	case "power":
		return "$power(" + num() + ", " + num() + ")"
	case "sqrt":
		return "$sqrt(" + num() + ")"
	case "join":
		return "$join(" + g.pick([]string{`["a","b"]`, `[]`, `["x"]`}) + g.pick([]string{"", ", ', '"}) + ")"
	case "contains":
		return "$contains(" + str() + ", " + g.pick([]string{"'o'", "/l+/", "''", "/^h/i"}) + ")"
	case "abs":
		return "$abs(" + num() + ")"
	}
	return "$floor(" + num() + ") + $ceil(" + num() + ")"
}

// sortedKeys is used by tests that print objects.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
