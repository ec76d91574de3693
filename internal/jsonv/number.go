package jsonv

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// A number is compared, and made exact, from its decimal text: its
// significant digits and its exponent, read without expanding the
// exponent. A big.Rat of 1e999999 takes 20 ms and 400 KB to build.

// MaxExactDigits is the most significant digits Number makes an exact
// rational of. Jackson, the JSON library of Step Functions, refuses by
// default numbers longer than 1000 characters.
const MaxExactDigits = 1000

// decimal is a number as ±0.d₁d₂…dₙ × 10^exp, with d₁ ≠ 0 and dₙ ≠ 0:
// no leading or trailing zeros. Zero has no digits. The digits are
// hi + lo, two parts of the text (they may straddle the decimal point).
type decimal struct {
	neg    bool
	hi, lo string
	exp    int64
	// expBig is the exponent when the one written has 18 digits or more
	// (exp is then unused); rare enough that math/big is fine.
	expBig *big.Int
}

func (d *decimal) digits() int { return len(d.hi) + len(d.lo) }

func (d *decimal) digit(i int) byte {
	if i < len(d.hi) {
		return d.hi[i]
	}
	return d.lo[i-len(d.hi)]
}

func (d *decimal) sign() int {
	switch {
	case d.digits() == 0:
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// parseDecimal reads a number written as JSON writes numbers,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. ok is false for anything
// else.
func parseDecimal(s string) (d decimal, ok bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		d.neg = true
		i++
	}
	intStart := i
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return decimal{}, false
	}
	intPart := s[intStart:i]
	var frac string
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return decimal{}, false
		}
		frac = s[start:i]
	}
	var expText string
	expNeg := false
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return decimal{}, false
		}
		expText = strings.TrimLeft(s[start:i], "0")
	}
	if i != len(s) {
		return decimal{}, false
	}
	// The significant digits: drop leading zeros, which may run into the
	// fraction, then trailing ones.
	lz := len(intPart) - len(strings.TrimLeft(intPart, "0"))
	hi, lo := intPart[lz:], frac
	if hi == "" {
		trimmed := strings.TrimLeft(frac, "0")
		lz += len(frac) - len(trimmed)
		lo = trimmed
	}
	if lo = strings.TrimRight(lo, "0"); lo == "" {
		hi = strings.TrimRight(hi, "0")
	}
	d.hi, d.lo = hi, lo
	if d.digits() == 0 {
		return decimal{}, true // zero, and -0 is 0
	}
	// value = 0.digits × 10^(exponent + len(intPart) - lz)
	shift := int64(len(intPart) - lz)
	if len(expText) < 18 {
		var e int64
		if expText != "" {
			e, _ = strconv.ParseInt(expText, 10, 64)
		}
		if expNeg {
			e = -e
		}
		d.exp = e + shift
		return d, true
	}
	e, _ := new(big.Int).SetString(expText, 10)
	if expNeg {
		e.Neg(e)
	}
	d.expBig = e.Add(e, big.NewInt(shift))
	return d, true
}

// exponent returns the exponent as a big.Int.
func (d *decimal) exponent() *big.Int {
	if d.expBig != nil {
		return d.expBig
	}
	return big.NewInt(d.exp)
}

// cmpDecimal compares two numbers exactly.
func cmpDecimal(x, y *decimal) int {
	sx, sy := x.sign(), y.sign()
	switch {
	case sx != sy:
		return cmpInt(int64(sx), int64(sy))
	case sx == 0:
		return 0
	}
	// Same sign, both non-zero: compare magnitudes, then apply the sign.
	var c int
	if x.expBig == nil && y.expBig == nil {
		c = cmpInt(x.exp, y.exp)
	} else {
		c = x.exponent().Cmp(y.exponent())
	}
	if c == 0 {
		n := min(x.digits(), y.digits())
		for i := 0; i < n && c == 0; i++ {
			c = cmpInt(int64(x.digit(i)), int64(y.digit(i)))
		}
		if c == 0 {
			c = cmpInt(int64(x.digits()), int64(y.digits()))
		}
	}
	return c * sx
}

// number is a JSON number in any of its Go forms, read for comparison: its
// value rounded to a float64 (±Inf beyond the range), and the text its
// decimal is read from when the floats cannot tell.
type number struct {
	f    float64
	text string // the text of a json.Number or an integer; "" for a float64
}

// numberOf reads v. ok is false for a non-number, a malformed
// json.Number, and a float64 NaN or infinity (which JSON cannot write).
func numberOf(v any) (n number, ok bool) {
	switch t := v.(type) {
	case json.Number:
		if !isJSONNumber(string(t)) {
			return number{}, false
		}
		f, _ := strconv.ParseFloat(string(t), 64) // ±Inf on overflow
		return number{f: f, text: string(t)}, true
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return number{}, false
		}
		return number{f: t}, true
	case float32:
		return numberOf(float64(t))
	case int:
		return number{f: float64(t), text: strconv.Itoa(t)}, true
	case int64:
		return number{f: float64(t), text: strconv.FormatInt(t, 10)}, true
	case int32:
		return number{f: float64(t), text: strconv.FormatInt(int64(t), 10)}, true
	case uint64:
		return number{f: float64(t), text: strconv.FormatUint(t, 10)}, true
	}
	return number{}, false
}

// decimal returns the exact value of n. A float64 stands for the shortest
// decimal that reads back as it, which is how JSON writes it: 0.1 is 1/10,
// not its binary value.
func (n number) decimal() decimal {
	text := n.text
	if text == "" {
		text = strconv.FormatFloat(n.f, 'g', -1, 64)
	}
	d, _ := parseDecimal(text)
	return d
}

// CompareNumbers compares two JSON numbers by their exact values: -1, 0 or
// +1. ok is false when either is not a number (or is a malformed
// json.Number, or a float64 NaN or infinity). It takes time linear in the
// length of the numbers as written, whatever their exponents: numbers
// whose float64 values differ compare as those; others, their digits and
// exponents. Integers that fit in 64 bits compare without allocating.
func CompareNumbers(a, b any) (c int, ok bool) {
	if x, ok1 := int64Of(a); ok1 {
		if y, ok2 := int64Of(b); ok2 {
			return cmpInt(x, y), true
		}
	}
	x, ok1 := numberOf(a)
	y, ok2 := numberOf(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	// Rounding to a float64 keeps the order: values whose floats differ
	// are ordered as their floats.
	switch {
	case x.f < y.f:
		return -1, true
	case x.f > y.f:
		return 1, true
	case x.text == "" && y.text == "":
		return 0, true // two float64 values, equal
	}
	dx, dy := x.decimal(), y.decimal()
	return cmpDecimal(&dx, &dy), true
}

// Number converts a JSON number in any of its Go forms (json.Number,
// float64, the int types) to an exact rational. ok is false for
// non-numbers, malformed json.Number values, float64 NaN and infinities,
// numbers a float64 cannot hold (beyond ±1.8e308, such as 1e400, or not zero
// but closer to zero than 4.9e-324, such as 1e-400), and numbers of more
// than MaxExactDigits significant digits: their exact values are costly to
// build and no integer a float64 holds has as many.
func Number(v any) (r *big.Rat, ok bool) {
	n, ok := numberOf(v)
	if !ok || math.IsInf(n.f, 0) {
		return nil, false
	}
	d := n.decimal()
	if d.digits() == 0 {
		return new(big.Rat), true
	}
	if n.f == 0 || d.digits() > MaxExactDigits {
		return nil, false // underflow, or too many digits
	}
	// Within the range, 0.digits × 10^exp has -324 < exp <= 309.
	var digits strings.Builder
	digits.Grow(d.digits())
	digits.WriteString(d.hi)
	digits.WriteString(d.lo)
	num, _ := new(big.Int).SetString(digits.String(), 10)
	if d.neg {
		num.Neg(num)
	}
	scale := d.exp - int64(d.digits())
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs64(scale)), nil)
	if scale >= 0 {
		return new(big.Rat).SetInt(num.Mul(num, pow)), true
	}
	return new(big.Rat).SetFrac(num, pow), true
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// CanonicalNumber returns a text that is the same for two JSON numbers
// exactly when they are equal (CompareNumbers answers 0), in time linear in
// their length: "0" for zero, otherwise the sign, the significant digits
// and the exponent, as in -0.125e3 for -125. ok is false for non-numbers,
// as for CompareNumbers.
func CanonicalNumber(v any) (string, bool) {
	if i, ok := int64Of(v); ok && i == 0 {
		return "0", true
	}
	n, ok := numberOf(v)
	if !ok {
		return "", false
	}
	d := n.decimal()
	if d.digits() == 0 {
		return "0", true
	}
	var b strings.Builder
	b.Grow(d.digits() + 24)
	if d.neg {
		b.WriteByte('-')
	}
	b.WriteString("0.")
	b.WriteString(d.hi)
	b.WriteString(d.lo)
	b.WriteByte('e')
	if d.expBig != nil {
		b.WriteString(d.expBig.String())
	} else {
		b.WriteString(strconv.FormatInt(d.exp, 10))
	}
	return b.String(), true
}

// Int64 reads a JSON number whose value is an integer that fits in an
// int64, whatever its form: 12, 1.2e1 and 12.0 are 12. ok is false for
// anything else.
func Int64(v any) (int64, bool) {
	if i, ok := int64Of(v); ok {
		return i, true
	}
	n, ok := numberOf(v)
	if !ok || n.f < math.MinInt64 || n.f > math.MaxInt64 {
		return 0, false
	}
	d := n.decimal()
	if d.digits() == 0 {
		return 0, true
	}
	if d.expBig != nil || d.exp < int64(d.digits()) || d.exp > 19 {
		return 0, false // a fraction, or too large
	}
	var digits strings.Builder
	digits.WriteString(d.hi)
	digits.WriteString(d.lo)
	for range d.exp - int64(d.digits()) {
		digits.WriteByte('0')
	}
	text := digits.String()
	if d.neg {
		text = "-" + text
	}
	i, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return 0, false
	}
	return i, true
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// int64Of reads an integer JSON number that fits in an int64: a json.Number
// written as JSON writes an integer (no fraction or exponent), or a Go
// integer.
func int64Of(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		s := string(n)
		if !isJSONInteger(s) {
			return 0, false
		}
		i, err := strconv.ParseInt(s, 10, 64)
		return i, err == nil
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	return 0, false
}

// isJSONInteger reports whether s is -?(0|[1-9][0-9]*).
func isJSONInteger(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isJSONNumber reports whether s is written as JSON writes numbers.
func isJSONNumber(s string) bool {
	_, ok := parseDecimal(s)
	return ok
}
