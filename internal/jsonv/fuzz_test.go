package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
)

// FuzzDecode decodes arbitrary bytes: Decode never panics; what it accepts
// holds no number beyond the range of float64 and reads back the same once
// marshalled; a *NumberError names a number that is out of range, where it
// says it is.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `null`, `1`, `-0`, `1e400`, `-1e400`, `1e-400`, `1.7976931348623157e308`, `1.8e308`,
		`{"a":{"b":-1e400}}`, `[1, 2, [3, 1e999999]]`, `{"a/b~c": [1e309]}`, `{"s":"1e400","n":[{"z":1E+400}]}`,
		`{"a":1} {}`, `[1,`, `"\ud800"`, `{"":{"":[]}}`, `12345678901234567890`, `0.1e-99999999999999999999`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Decode(data)
		var ne *NumberError
		if errors.As(err, &ne) {
			if ne.Offset < 0 || ne.Offset+int64(len(ne.Number)) > int64(len(data)) || string(data[ne.Offset:ne.Offset+int64(len(ne.Number))]) != ne.Number {
				t.Fatalf("%q: %#v: the number is not at its offset", data, ne)
			}
			if !outOfRange(ne.Number) {
				t.Fatalf("%q: %v: the number is in range", data, ne)
			}
			// The pointer leads to the number in the document.
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			var doc any
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("%q: refused a number of a document encoding/json refuses: %v", data, err)
			}
			if got, ok := resolve(doc, ne.Pointer); !ok || got != json.Number(ne.Number) {
				t.Fatalf("%q: %v: the pointer leads to %v", data, ne, got)
			}
			return
		}
		if err != nil {
			return
		}
		if hasOutOfRange(v) {
			t.Fatalf("%q: accepted a number beyond the range", data)
		}
		b, err := Marshal(v)
		if err != nil {
			t.Fatalf("%q: decoded %#v, which does not marshal: %v", data, v, err)
		}
		w, err := Decode(b)
		if err != nil || !Equal(v, w) {
			t.Fatalf("%q: marshalled as %s, which reads back as %#v (%v)", data, b, w, err)
		}
		if n := Size(v, 0); n != len(b) {
			t.Fatalf("%q: Size %d, marshalled %d bytes", data, n, len(b))
		}
	})
}

// resolve follows a JSON Pointer.
func resolve(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch t := doc.(type) {
		case map[string]any:
			v, ok := t[tok]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i := 0
			for _, c := range tok {
				i = i*10 + int(c-'0')
			}
			if i >= len(t) {
				return nil, false
			}
			doc = t[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

// FuzzCompareNumbers compares arbitrary texts as numbers: never a panic;
// CompareNumbers is antisymmetric, agrees with Equal, with CanonicalNumber,
// with float64 order where the floats differ, with big.Rat where exact
// rationals are cheap, and with Number and Int64.
func FuzzCompareNumbers(f *testing.F) {
	for _, p := range [][2]string{
		{"1", "2"}, {"2.5", "2"}, {"1e999999", "1e999998"}, {"1e1000001", "1"}, {"-0", "0"}, {"0.1", "1e-1"},
		{"12345678901234567890", "12345678901234567891"}, {"1e99999999999999999999", "10e99999999999999999998"},
		{"1.0000000000000000001", "1"}, {"007", "7"}, {"Inf", "1"}, {"1e-400", "0"}, {"-1.5e-3", "-0.0015"},
		{"9223372036854775807", "9.223372036854775807e18"}, {"", "0"}, {"1.", ".5"},
	} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		x, y := json.Number(a), json.Number(b)
		c, ok := CompareNumbers(x, y)
		r, rok := CompareNumbers(y, x)
		if ok != rok || ok && c != -r {
			t.Fatalf("CompareNumbers(%q, %q) = %d, %v but reversed %d, %v", a, b, c, ok, r, rok)
		}
		if ok != (isJSONNumber(a) && isJSONNumber(b)) {
			t.Fatalf("CompareNumbers(%q, %q): ok %v", a, b, ok)
		}
		if ok != (IsNumber(x) && IsNumber(y)) {
			t.Fatalf("CompareNumbers(%q, %q): ok %v but IsNumber %v, %v", a, b, ok, IsNumber(x), IsNumber(y))
		}
		if !ok {
			return
		}
		if Equal(x, y) != (c == 0) {
			t.Fatalf("Equal(%q, %q) = %v, CompareNumbers %d", a, b, Equal(x, y), c)
		}
		ka, _ := CanonicalNumber(x)
		kb, _ := CanonicalNumber(y)
		if (ka == kb) != (c == 0) {
			t.Fatalf("CanonicalNumber %q, %q but CompareNumbers(%q, %q) = %d", ka, kb, a, b, c)
		}
		fa, oka := Float(x)
		fb, okb := Float(y)
		if oka && okb && fa != fb && (fa < fb) != (c < 0) {
			t.Fatalf("CompareNumbers(%q, %q) = %d but as float64 %g, %g", a, b, c, fa, fb)
		}
		// big.Rat is exact, and quick where exponents are small.
		da, _ := parseDecimal(a)
		db, _ := parseDecimal(b)
		if small := func(d decimal) bool { return d.expBig == nil && d.exp > -400 && d.exp < 400 }; len(a) < 200 && len(b) < 200 && small(da) && small(db) {
			ra, oka := new(big.Rat).SetString(a)
			rb, okb := new(big.Rat).SetString(b) // refuses 0e9227000000000000000
			if oka && okb && ra.Cmp(rb) != c {
				t.Fatalf("CompareNumbers(%q, %q) = %d but big.Rat says %d", a, b, c, ra.Cmp(rb))
			}
		}
		na, oka := Number(x)
		nb, okb := Number(y)
		if oka && okb && na.Cmp(nb) != c {
			t.Fatalf("CompareNumbers(%q, %q) = %d but Number says %d", a, b, c, na.Cmp(nb))
		}
		if i, ok := Int64(x); ok {
			if c, _ := CompareNumbers(x, i); c != 0 {
				t.Fatalf("Int64(%q) = %d, which compares %d", a, i, c)
			}
			if ra, ok := Number(x); !ok || !ra.IsInt() || ra.Num().Int64() != i {
				t.Fatalf("Int64(%q) = %d but Number %v, %v", a, i, ra, ok)
			}
		}
	})
}
