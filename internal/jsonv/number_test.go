package jsonv

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCompareNumbersAnyExponent compares numbers whose exponents big.Rat
// expands (1e999999 took 16 ms per comparison) or refuses (1e1000001 was
// "not a number"), and numbers only their digits tell apart.
func TestCompareNumbersAnyExponent(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1e999999", "1e999998", 1},
		{"1e999999", "1e999999", 0},
		{"1e999999", "10e999998", 0},
		{"1e1000001", "1e1000000", 1},
		{"1e1000001", "1", 1},
		{"-1e1000001", "1", -1},
		{"-1e1000001", "-1e1000002", 1},
		{"1e-1000001", "0", 1},
		{"1e-1000001", "1e-1000002", 1},
		{"-1e-1000001", "0", -1},
		{"1e99999999999999999999", "1e99999999999999999998", 1},
		{"10e99999999999999999998", "1e99999999999999999999", 0},
		{"1e-99999999999999999999", "1e-99999999999999999998", -1},
		{"1e99999999999999999999", "-1e99999999999999999999", 1},
		{"1e400", "1e401", -1},
		{"1.0000000000000000001", "1", 1},
		{"0.30000000000000000001", "0.3", 1},
		{"12345678901234567890", "12345678901234567891", -1},
		{"9223372036854775808", "9223372036854775807", 1},
		{"-0", "0", 0},
		{"-0.0e10", "0", 0},
		{"0e-99999999999999999999", "-0", 0},
		{"123.450e-2", "1.2345", 0},
		{"0.05", "5e-2", 0},
		{"100", "1e2", 0},
		{"2.5", "2", 1},
		{"-2.5", "-2", -1},
		{"1" + strings.Repeat("0", 400), "1e400", 0},
		{"1." + strings.Repeat("0", 2000) + "1", "1", 1},
	}
	for _, tt := range tests {
		t.Run(firstChars(tt.a)+" vs "+firstChars(tt.b), func(t *testing.T) {
			start := time.Now()
			for range 1000 {
				c, ok := CompareNumbers(json.Number(tt.a), json.Number(tt.b))
				require.True(t, ok)
				require.Equal(t, tt.want, c)
				c, ok = CompareNumbers(json.Number(tt.b), json.Number(tt.a))
				require.True(t, ok)
				require.Equal(t, -tt.want, c, "antisymmetric")
			}
			require.Less(t, time.Since(start), time.Second, "2,000 comparisons")
			require.Equal(t, tt.want == 0, Equal(json.Number(tt.a), json.Number(tt.b)))
		})
	}
}

func firstChars(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}

// TestCompareGoNumbers compares numbers in their Go forms: a float64 is the
// shortest decimal that reads back as it.
func TestCompareGoNumbers(t *testing.T) {
	tests := []struct {
		a, b any
		want int
		ok   bool
	}{
		{0.1, json.Number("0.1"), 0, true},
		{0.1, json.Number("0.1000000000000000055511151231257827"), -1, true},
		{float64(1 << 53), json.Number("9007199254740993"), -1, true},
		{int64(math.MaxInt64), json.Number("9223372036854775807"), 0, true},
		{uint64(math.MaxUint64), json.Number("18446744073709551615"), 0, true},
		{uint64(math.MaxUint64), int64(math.MaxInt64), 1, true},
		{float32(0.5), 0.5, 0, true},
		{-3, int32(-3), 0, true},
		{1e308, json.Number("1e400"), -1, true},
		{math.NaN(), 1, 0, false},
		{math.Inf(1), 1, 0, false},
		{json.Number("1"), "1", 0, false},
		{nil, json.Number("0"), 0, false},
	}
	for _, tt := range tests {
		c, ok := CompareNumbers(tt.a, tt.b)
		require.Equal(t, tt.ok, ok, "%v %v", tt.a, tt.b)
		if ok {
			require.Equal(t, tt.want, c, "%v %v", tt.a, tt.b)
		}
	}
}

// TestMalformedNumbers passes json.Number values JSON cannot write to every
// helper: none may panic, and none may take them for numbers.
func TestMalformedNumbers(t *testing.T) {
	for _, s := range []string{"", "-", "007", "-01", "1.", ".5", "+1", "1e", "1e+", "--1", "1.2.3", "0x10", "1_000",
		"Inf", "-Inf", "NaN", "infinity", " 1", "1 ", "1e5e5", "١", "1ee2", "e5"} {
		t.Run(s, func(t *testing.T) {
			n := json.Number(s)
			require.False(t, IsNumber(n))
			_, ok := Float(n)
			require.False(t, ok)
			_, ok = Number(n)
			require.False(t, ok)
			_, ok = Int64(n)
			require.False(t, ok)
			_, ok = CanonicalNumber(n)
			require.False(t, ok)
			_, ok = CompareNumbers(n, json.Number("1"))
			require.False(t, ok)
			_, ok = CompareNumbers(json.Number("1"), n)
			require.False(t, ok)
			require.False(t, Equal(n, n))
			require.False(t, Equal([]any{n}, []any{json.Number("1")}))
			if _, err := Marshal([]any{n}); s != "" {
				require.Error(t, err) // encoding/json writes json.Number("") as 0
			}
			_ = String(n)
			_ = Size(n, 0)
			_ = TypeName(n)
		})
	}
}

// TestNumber checks the exact rationals Number makes, and the numbers it
// refuses rather than building a huge big.Rat.
func TestNumber(t *testing.T) {
	rat := func(s string) *big.Rat {
		r, ok := new(big.Rat).SetString(s)
		require.True(t, ok, s)
		return r
	}
	tests := []struct {
		v    any
		want *big.Rat // nil: refused
	}{
		{json.Number("0"), rat("0")},
		{json.Number("-0.0"), rat("0")},
		{json.Number("12.50"), rat("25/2")},
		{json.Number("-1.5e-3"), rat("-3/2000")},
		{json.Number("1e308"), rat("1e308")},
		{json.Number("1.7976931348623157e308"), rat("1.7976931348623157e308")},
		{json.Number("4.9e-324"), rat("4.9e-324")},
		{json.Number("123456789012345678901234567890"), rat("123456789012345678901234567890")},
		{json.Number("1." + strings.Repeat("0", 5000)), rat("1")},
		{json.Number(strings.Repeat("1", MaxExactDigits-5) + "e-900"), rat(strings.Repeat("1", MaxExactDigits-5) + "e-900")},
		{0.1, rat("1/10")},
		{float32(0.25), rat("1/4")},
		{int64(-7), rat("-7")},
		{uint64(math.MaxUint64), rat("18446744073709551615")},
		{json.Number("1e400"), nil},
		{json.Number("-1e400"), nil},
		{json.Number("1e-400"), nil},
		{json.Number("1e999999"), nil},
		{json.Number("1e-999999"), nil},
		{json.Number("1e1000001"), nil},
		{json.Number("1." + strings.Repeat("0", MaxExactDigits) + "1"), nil},
		{math.NaN(), nil},
		{math.Inf(-1), nil},
		{"1", nil},
	}
	for _, tt := range tests {
		t.Run(firstChars(jsonString(tt.v)), func(t *testing.T) {
			start := time.Now()
			r, ok := Number(tt.v)
			require.Less(t, time.Since(start), 10*time.Millisecond)
			if tt.want == nil {
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.Zero(t, tt.want.Cmp(r), "got %s", r.RatString())
		})
	}
}

func jsonString(v any) string {
	if s, ok := v.(string); ok {
		return "string " + s
	}
	return String(v)
}

func TestInt64AndCanonicalNumber(t *testing.T) {
	for _, tt := range []struct {
		v    any
		i    int64
		ok   bool
		text string
	}{
		{json.Number("12"), 12, true, "0.12e2"},
		{json.Number("1.2e1"), 12, true, "0.12e2"},
		{json.Number("12.000"), 12, true, "0.12e2"},
		{json.Number("-0"), 0, true, "0"},
		{json.Number("0.0e5"), 0, true, "0"},
		{json.Number("9223372036854775807"), math.MaxInt64, true, "0.9223372036854775807e19"},
		{json.Number("-9.223372036854775808e18"), math.MinInt64, true, "-0.9223372036854775808e19"},
		{json.Number("9223372036854775808"), 0, false, "0.9223372036854775808e19"},
		{json.Number("1.5"), 0, false, "0.15e1"},
		{json.Number("1e999999"), 0, false, "0.1e1000000"},
		{json.Number("1e-99999999999999999999"), 0, false, "0.1e-99999999999999999998"},
		{2.0, 2, true, "0.2e1"},
		{0.1, 0, false, "0.1e0"},
	} {
		i, ok := Int64(tt.v)
		require.Equal(t, tt.ok, ok, "%v", tt.v)
		require.Equal(t, tt.i, i, "%v", tt.v)
		text, ok := CanonicalNumber(tt.v)
		require.True(t, ok)
		require.Equal(t, tt.text, text, "%v", tt.v)
	}
}

// TestDecodeOutOfRange checks that Decode refuses numbers a float64
// cannot hold, naming the first one in document order and where it is,
// and keeps numbers that underflow.
func TestDecodeOutOfRange(t *testing.T) {
	tests := []struct {
		doc, number, pointer string
		offset               int64
	}{
		{`1e400`, "1e400", "", 0},
		{` -1e400 `, "-1e400", "", 1},
		{`{"a":{"b":-1e400}}`, "-1e400", "/a/b", 10},
		{`[1, 2, [3, 1e999999]]`, "1e999999", "/2/1", 11},
		{`{"a/b~c": [1e309]}`, "1e309", "/a~1b~0c/0", 11},
		{`{"b": 1e400, "a": 2e400}`, "1e400", "/b", 6},
		{`{"s":"1e400","n":[{"x":true,"y":null,"z":1.8e308}]}`, "1.8e308", "/n/0/z", 41},
		{`[` + "2" + strings.Repeat("0", 308) + `]`, "2" + strings.Repeat("0", 308), "/0", 1},
		{`{"":{"":1E+400}}`, "1E+400", "//", 8},
	}
	for _, tt := range tests {
		t.Run(firstChars(tt.doc), func(t *testing.T) {
			_, err := Decode([]byte(tt.doc))
			var ne *NumberError
			require.ErrorAs(t, err, &ne)
			require.Equal(t, NumberError{Number: tt.number, Pointer: tt.pointer, Offset: tt.offset}, *ne)
			require.Equal(t, tt.number, tt.doc[tt.offset:tt.offset+int64(len(tt.number))])
		})
	}
	_, err := Decode([]byte(`{"a":{"b":-1e400}}`))
	require.EqualError(t, err, "number -1e400 at /a/b is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)")
	_, err = Decode([]byte(`1` + strings.Repeat("0", 400)))
	require.EqualError(t, err, "number 100000000000000000000000… (401 characters) is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)")

	for _, ok := range []string{`1e-400`, `[-1e-999999]`, `1.7976931348623157e308`, `-1.7976931348623157e308`, `4.9e-324`, `1` + strings.Repeat("0", 308), `{"x":"1e400"}`} {
		v, err := Decode([]byte(ok))
		require.NoError(t, err, ok)
		require.Equal(t, ok, String(v))
	}
}

// TestCheckNumbers checks values built without Decode.
func TestCheckNumbers(t *testing.T) {
	tests := []struct {
		v       any
		number  string
		pointer string
	}{
		{map[string]any{"b": []any{json.Number("1"), json.Number("-1e400")}, "a": json.Number("2e400")}, "2e400", "/a"},
		{[]any{"1e400", map[string]any{"x/y": json.Number("1e999999")}}, "1e999999", "/1/x~1y"},
		{json.Number("1" + strings.Repeat("0", 309)), "1" + strings.Repeat("0", 309), ""},
	}
	for _, tt := range tests {
		err := CheckNumbers(tt.v)
		var ne *NumberError
		require.ErrorAs(t, err, &ne)
		require.Equal(t, NumberError{Number: tt.number, Pointer: tt.pointer, Offset: -1}, *ne)
	}
	for _, v := range []any{nil, json.Number("1e-400"), map[string]any{"a": []any{json.Number("1.7976931348623157e308"), "1e400", 1e308}}} {
		require.NoError(t, CheckNumbers(v))
	}
}
