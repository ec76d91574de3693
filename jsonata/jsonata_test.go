package jsonata_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/jsonata"
)

func decode(t testing.TB, s string) any {
	t.Helper()
	if s == "" {
		return jsonata.Undefined
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

func eval(t testing.TB, expr, input string) (any, error) {
	t.Helper()
	e, err := jsonata.Compile(expr)
	if err != nil {
		return nil, err
	}
	return e.Eval(context.Background(), decode(t, input), nil)
}

// jsonOf renders a result for comparison ("undefined" for Undefined).
func jsonOf(t testing.TB, v any) string {
	t.Helper()
	if jsonata.IsUndefined(v) {
		return "undefined"
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func errCode(err error) string {
	var je *jsonata.Error
	if errors.As(err, &je) {
		return je.Code
	}
	return ""
}

func TestEvalResults(t *testing.T) {
	const order = `{"Account":{"Order":[{"OrderID":"o1","Product":[{"Price":34.45,"Quantity":2},{"Price":21.67,"Quantity":1}]},{"OrderID":"o2","Product":[{"Price":107.99,"Quantity":1}]}]}}`
	tests := []struct {
		name, expr, input, want string
	}{
		// paths, sequences and flattening
		{"path", "Account.Order.OrderID", order, `["o1","o2"]`},
		{"singleton sequence collapses", "Account.Order[0].OrderID", order, `"o1"`},
		{"keep singleton array", "Account.Order[0].OrderID[]", order, `["o1"]`},
		{"flattening", "Account.Order.Product.Price", order, `[34.45,21.67,107.99]`},
		{"predicate and aggregate", "$sum(Account.Order.Product[Price > 30].(Price * Quantity))", order, `176.89`},
		{"negative index", "Account.Order.Product[-1].Price", order, `[21.67,107.99]`},
		{"missing path is undefined", "Account.Nothing.Here", order, `undefined`},
		{"input array is one value", "$", `[1,2]`, `[1,2]`},
		{"wildcard over an array", "*", `[[1,2],3,{"a":4}]`, `[1,2,3,{"a":4}]`},
		{"constructed array step is not flattened", "[1,2].[$, $*10]", ``, `[[1,10],[2,20]]`},
		{"range", "[1..4]", ``, `[1,2,3,4]`},
		{"positional binding", "Account.Order#$i.{'i': $i, 'id': OrderID}", order, `[{"i":0,"id":"o1"},{"i":1,"id":"o2"}]`},
		{"context binding keeps the context", "Account.Order@$o.$o.Product[Price > 100].{'id': $o.OrderID}", order, `{"id":"o2"}`},
		{"parent", "Account.Order.Product[Price > 100].%.OrderID", order, `"o2"`},
		{"sort", "Account.Order.Product^(>Price).Price", order, `[107.99,34.45,21.67]`},
		{"grouping", "Account.Order.Product{$string(Quantity): $sum(Price)}", order, `{"1":129.66,"2":34.45}`},
		{"descendants", "$count(**.Price)", order, `3`},
		// operators
		{"string concatenation", "'a' & 1 & true & null", ``, `"a1truenull"`},
		{"in", "3 in [1,2,3]", ``, `true`},
		{"coalescing", "missing ?? 'default'", `{}`, `"default"`},
		{"default", "0 ?: 'zero'", ``, `"zero"`},
		{"conditional without else", "false ? 1", ``, `undefined`},
		{"chain", "'hello' ~> $uppercase() ~> $substring(1, 3)", ``, `"ELL"`},
		{"composition", "($f := $uppercase ~> $trim; $f(' x '))", ``, `"X"`},
		// functions and closures
		{"lambda", "(function($x){$x * 2})(21)", ``, `42`},
		{"closure", "($add := function($a){function($b){$a + $b}}; $add(1)(2))", ``, `3`},
		{"partial application", "($first := $substring(?, 0, 1); $first('abc'))", ``, `"a"`},
		{"tail recursion", "($loop := function($n, $acc){$n = 0 ? $acc : $loop($n - 1, $acc + 1)}; $loop(100000, 0))", ``, `100000`},
		{"higher-order", "$reduce($map([1..5], function($v){$v * $v}), function($a, $b){$a + $b})", ``, `55`},
		{"sort with comparator", "$sort([3,1,2], function($a, $b){$a < $b})", ``, `[3,2,1]`},
		{"eval", "$eval('$ + 1', 41)", ``, `42`},
		{"transform", "$ ~> |a|{'c': 3}, ['b']|", `{"a":{"b":1}}`, `{"a":{"c":3}}`},
		// numbers as JavaScript prints them
		{"string of a sum", "$string(0.1 + 0.2)", ``, `"0.3"`},
		{"sum itself", "0.1 + 0.2", ``, `0.30000000000000004`},
		{"exponent notation", "$string(1e21) & ' ' & $string(1.5e-7) & ' ' & $string(123456789012)", ``, `"1e+21 1.5e-7 123456789012"`},
		{"15 significant digits (2.0.6)", "$string(5890840712243076)", ``, `"5890840712243080"`},
		{"round half even", "[$round(2.5), $round(3.5), $round(-2.5), $round(1.005, 2), $round(1234.5678, -2)]", ``, `[2,4,-2,1,1200]`},
		{"power as V8 computes it", "$power(0.49613, 7)", ``, `0.007398921528605776`},
		{"formatNumber", "$formatNumber(1234.5678, '#,##0.00') & ' ' & $formatNumber(0.125, '0.0%')", ``, `"1,234.57 12.5%"`},
		{"formatBase", "$formatBase(255, 16) & ' ' & $formatBase(-5, 2)", ``, `"ff -101"`},
		{"formatInteger", "$formatInteger(1999, 'I') & ' ' & $formatInteger(21, 'w;o')", ``, `"MCMXCIX twenty-first"`},
		{"number from string", "$number('0x1F') + $number('-1.5e2')", ``, `-119`},
		// strings
		{"length counts code points", "$length('𝄞x')", ``, `2`},
		{"substring by code points", "$substring('𝄞abc', 1, 2)", ``, `"ab"`},
		{"match index in UTF-16 units", "$match('𝄞a', /a/).index", ``, `2`},
		{"replace with groups", "$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')", ``, `"Smith, John"`},
		{"split with regex", "$split('a1b22c', /\\d+/)", ``, `["a","b","c"]`},
		{"uppercase special casing", "$uppercase('straße')", ``, `"STRASSE"`},
		{"lowercase final sigma", "$lowercase('ΟΔΟΣ')", ``, `"οδος"`},
		{"base64 of Latin-1", "$base64encode('é')", ``, `"6Q=="`},
		{"url encoding", "$encodeUrlComponent('a b&c') & ' ' & $decodeUrl('%E2%82%AC')", ``, `"a%20b%26c €"`},
		{"pretty string", "$string({'a': [1]}, true)", ``, `"{\n  \"a\": [\n    1\n  ]\n}"`},
		// objects keep insertion order where they are built
		{"constructed key order", "$string({'b': 1, 'a': 2})", ``, `"{\"b\":1,\"a\":2}"`},
		{"keys of constructed object", "$keys({'z': 1, 'y': 2})", ``, `["z","y"]`},
		{"keys of input object (sorted)", "$keys($)", `{"z":1,"y":2}`, `["y","z"]`},
		// truthiness as jsonata-js 2.0.6 has it
		{"function argument is false", "$boolean($sum)", ``, `false`},
		{"function value is true in a condition", "$sum ? 'yes' : 'no'", ``, `"yes"`},
		// dates
		{"fromMillis", "$fromMillis(1510067557121)", ``, `"2017-11-07T15:12:37.121Z"`},
		{"fromMillis picture", "$fromMillis(1510067557121, '[FNn], [D1o] [MNn] [Y] [h]:[m01] [P]', '-0500')", ``, `"Tuesday, 7th November 2017 10:12 am"`},
		{"toMillis", "$toMillis('2017-11-07T15:12:37.121Z')", ``, `1510067557121`},
		{"toMillis picture", "$toMillis('7/11/2017', '[D]/[M]/[Y]')", ``, `1510012800000`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eval(t, tt.expr, tt.input)
			require.NoError(t, err)
			require.Equal(t, tt.want, jsonOf(t, got))
		})
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		name, expr, code, token string
	}{
		{"unterminated string", `"abc`, "S0101", ""},
		{"syntax error", "(1 + ", "S0203", ""},
		{"unknown operator", "1 ! 2", "S0204", "!"},
		{"non-numeric operand", "'a' + 1", "T2001", "+"},
		{"invoke non-function", "$x(1)", "T1006", "x"},
		{"forgot $", "sum([1])", "T1005", "sum"},
		{"signature mismatch", "$substring('a', 'b')", "T0410", "substring"},
		{"type mismatch in comparison", "1 < 'a'", "T2009", "<"},
		{"bad cast", "$number('abc')", "D3030", "number"},
		{"error function", "$error('boom')", "D3137", "error"},
		{"range too large", "[1..20000000]", "D2014", ".."},
		{"regex look-ahead is not supported", "$match('a', /a(?=b)/)", "S0303", ""},
		{"lone surrogate in URL", `$encodeUrl('\uD800')`, "D3140", "encodeUrl"},
		{"sequence too large", "$split($pad('', 30000000, 'a'), '')", "D2015", ""},
		{"too much work", "[1..10000000].[1..10000000]", "U1001", ""},
		{"eval syntax error", "$eval('1 +')", "D3120", "eval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eval(t, tt.expr, "")
			require.Error(t, err)
			var je *jsonata.Error
			require.True(t, errors.As(err, &je), "want *jsonata.Error, got %T", err)
			require.Equal(t, tt.code, je.Code, je.Message)
			if tt.token != "" {
				require.Equal(t, tt.token, je.Token)
			}
			require.NotEmpty(t, je.Message)
		})
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := eval(t, "'a' + 1", "")
	require.EqualError(t, err, "T2001: The left side of the \"+\" operator must evaluate to a number")
	_, err = jsonata.Compile("Account.")
	require.Equal(t, "S0207", errCode(err))
}

func TestUndefinedAndNull(t *testing.T) {
	got, err := eval(t, "missing", `{"present": null}`)
	require.NoError(t, err)
	require.True(t, jsonata.IsUndefined(got))
	require.Equal(t, jsonata.Undefined, got)

	got, err = eval(t, "present", `{"present": null}`)
	require.NoError(t, err)
	require.Nil(t, got)
}

func TestNumbersComeBackAsFloat64(t *testing.T) {
	e, err := jsonata.Compile("{'a': a, 'b': [b], 'c': a + 1}")
	require.NoError(t, err)
	got, err := e.Eval(context.Background(), map[string]any{"a": json.Number("1.50"), "b": 7}, nil)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"a": 1.5, "b": []any{7.0}, "c": 2.5}, got)
}

func TestVariables(t *testing.T) {
	e, err := jsonata.Compile("$greeting & ', ' & name & $suffix")
	require.NoError(t, err)
	got, err := e.Eval(context.Background(), map[string]any{"name": "World"}, map[string]any{"greeting": "Hello", "suffix": "!"})
	require.NoError(t, err)
	require.Equal(t, "Hello, World!", got)
}

func TestHostFunction(t *testing.T) {
	var calls [][]any
	partition := jsonata.Function{
		Name:      "partition",
		Signature: "<a<j>n:a>",
		Impl: func(ctx context.Context, args []any) (any, error) {
			calls = append(calls, args)
			arr := args[0].([]any)
			size := int(args[1].(float64))
			out := []any{}
			for i := 0; i < len(arr); i += size {
				out = append(out, arr[i:min(i+size, len(arr))])
			}
			return out, nil
		},
	}
	fail := &jsonata.Function{Name: "fail", Impl: func(context.Context, []any) (any, error) {
		return nil, errors.New("backend down")
	}}
	vars := map[string]any{"partition": partition, "fail": fail}

	e, err := jsonata.Compile("$partition([1,2,3,4,5], 2)")
	require.NoError(t, err)
	got, err := e.Eval(context.Background(), nil, vars)
	require.NoError(t, err)
	require.Equal(t, []any{[]any{1.0, 2.0}, []any{3.0, 4.0}, []any{5.0}}, got)
	require.Len(t, calls, 1)

	// arguments are validated against the signature
	e, err = jsonata.Compile("$partition([1,2,3], 'two')")
	require.NoError(t, err)
	_, err = e.Eval(context.Background(), nil, vars)
	require.Equal(t, "T0410", errCode(err))
	require.Len(t, calls, 1)

	// host functions can be passed to higher-order functions
	e, err = jsonata.Compile("$map([[1,2,3]], function($a){$partition($a, 1)})")
	require.NoError(t, err)
	got, err = e.Eval(context.Background(), nil, vars)
	require.NoError(t, err)
	require.Equal(t, []any{[]any{1.0}, []any{2.0}, []any{3.0}}, got)

	// errors are wrapped
	e, err = jsonata.Compile("$fail()")
	require.NoError(t, err)
	_, err = e.Eval(context.Background(), nil, vars)
	require.Equal(t, "D3137", errCode(err))
	require.ErrorContains(t, err, "backend down")
}

func TestNow(t *testing.T) {
	clock := time.Date(2024, 2, 29, 12, 30, 0, 0, time.UTC)
	e, err := jsonata.Compile("[$now(), $millis(), $now('[Y]-[M01]-[D01]')]")
	require.NoError(t, err)
	got, err := e.Eval(context.Background(), nil, nil, jsonata.WithNow(clock))
	require.NoError(t, err)
	require.Equal(t, []any{"2024-02-29T12:30:00.000Z", float64(clock.UnixMilli()), "2024-02-29"}, got)
}

func TestCancellation(t *testing.T) {
	e, err := jsonata.Compile("($loop := function(){$loop()}; $loop())")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	// without a step limit, only the context stops the loop
	_, err = e.Eval(ctx, nil, nil, jsonata.WithMaxSteps(math.MaxInt))
	require.Less(t, time.Since(start), 2*time.Second)
	require.Equal(t, "D1012", errCode(err))
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestDepthLimit(t *testing.T) {
	e, err := jsonata.Compile("($f := function($n){$n + $f($n - 1)}; $f(1))")
	require.NoError(t, err)
	_, err = e.Eval(context.Background(), nil, nil)
	require.Equal(t, "D1011", errCode(err))

	e, err = jsonata.Compile("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(500))")
	require.NoError(t, err)
	_, err = e.Eval(context.Background(), nil, nil, jsonata.WithMaxDepth(100))
	require.Equal(t, "D1011", errCode(err))
	got, err := e.Eval(context.Background(), nil, nil, jsonata.WithMaxDepth(5000))
	require.NoError(t, err)
	require.Equal(t, 500.0, got)
}

func TestTransformNeverCreatesCycles(t *testing.T) {
	// jsonata-js assigns the match itself (a circular structure); the value
	// is copied here
	got, err := eval(t, "$ ~> |a|{'self': $}|", `{"a":{"b":1}}`)
	require.NoError(t, err)
	require.Equal(t, `{"a":{"b":1,"self":{"b":1}}}`, jsonOf(t, got))
}

func TestInputIsNotModified(t *testing.T) {
	input := decode(t, `{"a":{"b":1},"list":[3,1,2]}`)
	before := jsonOf(t, input)
	_, err := eval(t, "[$ ~> |a|{'b': 2}|, $sort(list), $ ~> |$|{'x': 1}, ['a']|]", before)
	require.NoError(t, err)
	require.Equal(t, before, jsonOf(t, input))
}

func TestConcurrentEval(t *testing.T) {
	e, err := jsonata.Compile("$sum(items[$ % 2 = 0]) & '-' & $string(items^(>$)) & $now()")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			input := map[string]any{"items": []any{float64(i), float64(i + 1), float64(i + 2)}}
			for j := 0; j < 50; j++ {
				got, err := e.Eval(context.Background(), input, nil, jsonata.WithNow(time.UnixMilli(0)))
				if err != nil {
					t.Error(err)
					return
				}
				even := 0
				for _, v := range []int{i, i + 1, i + 2} {
					if v%2 == 0 {
						even += v
					}
				}
				want := fmt.Sprintf("%d-[%d,%d,%d]1970-01-01T00:00:00.000Z", even, i+2, i+1, i)
				if got != want {
					t.Errorf("got %v, want %v", got, want)
					return
				}
			}
		}(i)
	}
	wg.Wait()
}

func TestString(t *testing.T) {
	e, err := jsonata.Compile("  a.b  ")
	require.NoError(t, err)
	require.Equal(t, "  a.b  ", e.String())
}
