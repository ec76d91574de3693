package jsonata

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// formatJSNumber formats a number as JavaScript's Number.prototype.toString
// does: the shortest representation that round-trips, in positional notation
// for exponents in [-7, 21) and exponential notation (1e+21, 1.5e-7)
// otherwise; -0 is "0".
func formatJSNumber(f float64) string {
	switch {
	case f == 0:
		return "0"
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return layoutJSNumber(strconv.FormatFloat(f, 'e', -1, 64))
}

// layoutJSNumber lays out a number given in Go 'e' format (d.ddde±xx) the way
// JavaScript's ToString does.
func layoutJSNumber(e string) string {
	neg := false
	if e[0] == '-' {
		neg = true
		e = e[1:]
	}
	epos := strings.IndexByte(e, 'e')
	mant, expStr := e[:epos], e[epos+1:]
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	k := len(digits)
	n := exp + 1 // the decimal point is after n digits
	var sb strings.Builder
	if neg {
		sb.WriteByte('-')
	}
	switch {
	case k <= n && n <= 21:
		sb.WriteString(digits)
		sb.WriteString(strings.Repeat("0", n-k))
	case 0 < n && n <= 21:
		sb.WriteString(digits[:n])
		sb.WriteByte('.')
		sb.WriteString(digits[n:])
	case -6 < n && n <= 0:
		sb.WriteString("0.")
		sb.WriteString(strings.Repeat("0", -n))
		sb.WriteString(digits)
	default:
		sb.WriteByte(digits[0])
		if k > 1 {
			sb.WriteByte('.')
			sb.WriteString(digits[1:])
		}
		sb.WriteByte('e')
		if n-1 >= 0 {
			sb.WriteByte('+')
		}
		sb.WriteString(strconv.Itoa(n - 1))
	}
	return sb.String()
}

// decimalExponent is floor(log10(|f|)) for a finite f other than 0,
// computed exactly.
func decimalExponent(f float64) int {
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
	epos := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[epos+1:])
	if s[:epos] == "1" {
		// the shortest form may have rounded up to the power of ten
		_, point := exactDecimal(f)
		return point - 1
	}
	return exp
}

// exactDecimal returns the exact decimal digits of |f| and the position of
// the decimal point relative to them (value = 0.digits × 10^point).
func exactDecimal(f float64) (string, int) {
	f = math.Abs(f)
	if f == 0 {
		return "0", 1
	}
	// 1100 significant digits are always enough for the exact value of a double
	s := new(big.Float).SetFloat64(f).Text('e', 1100)
	epos := strings.IndexByte(s, 'e')
	digits := strings.Replace(s[:epos], ".", "", 1)
	exp, _ := strconv.Atoi(s[epos+1:])
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		digits = "0"
	}
	return digits, exp + 1
}

// roundDigitsHalfUp rounds a digit string to n digits, rounding half up;
// it returns the new digits and whether the number of integer digits grew.
func roundDigitsHalfUp(digits string, n int) (string, bool) {
	if n < 0 {
		return "", false
	}
	if len(digits) <= n {
		return digits + strings.Repeat("0", n-len(digits)), false
	}
	b := []byte(digits[:n])
	if digits[n] >= '5' {
		i := n - 1
		for ; i >= 0; i-- {
			if b[i] == '9' {
				b[i] = '0'
			} else {
				b[i]++
				break
			}
		}
		if i < 0 {
			return "1" + string(b), true
		}
	}
	return string(b), false
}

// toPrecision is JavaScript's Number.prototype.toPrecision(p) for finite
// numbers.
func toPrecision(f float64, p int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return formatJSNumber(f)
	}
	if f == 0 {
		s := "0"
		if p > 1 {
			s += "." + strings.Repeat("0", p-1)
		}
		return s
	}
	neg := f < 0
	digits, point := exactDecimal(f)
	d, grew := roundDigitsHalfUp(digits, p)
	e := point - 1
	if grew {
		d = d[:p]
		e++
	}
	var sb strings.Builder
	if neg {
		sb.WriteByte('-')
	}
	if e < -6 || e >= p {
		sb.WriteByte(d[0])
		if p > 1 {
			sb.WriteByte('.')
			sb.WriteString(d[1:])
		}
		sb.WriteByte('e')
		if e >= 0 {
			sb.WriteByte('+')
		}
		sb.WriteString(strconv.Itoa(e))
		return sb.String()
	}
	if e >= 0 {
		sb.WriteString(d[:e+1])
		if p > e+1 {
			sb.WriteByte('.')
			sb.WriteString(d[e+1:])
		}
		return sb.String()
	}
	sb.WriteString("0.")
	sb.WriteString(strings.Repeat("0", -(e + 1)))
	sb.WriteString(d)
	return sb.String()
}

// toFixed is JavaScript's Number.prototype.toFixed(dp) for finite numbers.
func toFixed(f float64, dp int) string {
	if math.Abs(f) >= 1e21 || math.IsNaN(f) {
		return formatJSNumber(f)
	}
	// strconv rounds the exact value correctly, but a tie to even where
	// JavaScript rounds it up: only a digit 5 after the last kept digit can
	// be a tie, which the exact digits below decide
	if dp <= 100 && !strings.HasSuffix(strconv.FormatFloat(f, 'f', dp+1, 64), "5") {
		if f == 0 {
			f = 0 // (-0).toFixed(2) is "0.00"
		}
		return strconv.FormatFloat(f, 'f', dp, 64)
	}
	neg := f < 0
	digits, point := exactDecimal(f)
	// number of digits to keep: integer digits + dp
	keep := point + dp
	var d string
	if keep < 0 {
		d = ""
	} else {
		var grew bool
		d, grew = roundDigitsHalfUp(digits, keep)
		if grew {
			point++
		}
	}
	// d holds digits for 0.d × 10^point with len(d) == point+dp (or fewer if keep<0)
	var intPart, fracPart string
	if point > 0 {
		if len(d) < point {
			d += strings.Repeat("0", point-len(d))
		}
		intPart = d[:point]
		fracPart = d[point:]
	} else {
		intPart = "0"
		fracPart = strings.Repeat("0", -point) + d
	}
	if len(fracPart) < dp {
		fracPart += strings.Repeat("0", dp-len(fracPart))
	}
	fracPart = fracPart[:dp]
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	s := intPart
	if dp > 0 {
		s += "." + fracPart
	}
	if neg {
		s = "-" + s
	}
	return s
}

// precision15 is Number(x.toPrecision(15)), which $string applies to numbers.
func precision15(f float64) float64 {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	short := strconv.FormatFloat(f, 'e', -1, 64)
	if epos := strings.IndexByte(short, 'e'); epos >= 0 {
		mant := strings.TrimPrefix(short[:epos], "-")
		if len(strings.Replace(mant, ".", "", 1)) <= 15 {
			return f
		}
	}
	// rounding the largest numbers can overflow to Infinity, as it does
	// in JavaScript
	r, _ := strconv.ParseFloat(toPrecision(f, 15), 64)
	return r
}

// parseJSNumberString parses the result of string manipulation of a number
// (as +"1.5e3" does in JavaScript).
func parseJSNumberString(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f
		}
		return math.NaN()
	}
	return f
}
