package asl

import (
	"fmt"
	"math"
	"strconv"
)

// Numbers are checked where they enter (the JSON or YAML decoder, or
// ParseValue) so that everything after (the JSON Schema check, which reads
// them as math/big rationals, and the Go checks, which read them as
// float64) only ever sees numbers a 64-bit float holds.
const (
	// maxNumberLength bounds the characters of a number, as Jackson's
	// default StreamReadConstraints do: longer ones are refused.
	maxNumberLength = 1000
	// maxExponent bounds the exponent of a number as written. Beyond it
	// math/big refuses (or spends seconds on) a number even when its value
	// is zero.
	maxExponent = 10000
)

// outOfRange words the problem of a number a 64-bit float cannot hold.
func outOfRange(s string) string {
	if len(s) > 40 {
		s = fmt.Sprintf("%s… (%d characters)", s[:24], len(s))
	}
	return fmt.Sprintf("number %s is out of range: a number must be at most 1.8e308 in magnitude (a 64-bit floating-point number)", s)
}

// numberProblem says why s, a number as written in a definition, cannot be
// accepted, or returns "" when it can: s must be a JSON number of at most
// maxNumberLength characters whose magnitude a float64 holds (no overflow;
// a number too small for a float64 reads as 0, as package jsonv and the
// JSON parsers of AWS read it).
func numberProblem(s string) string {
	if len(s) > maxNumberLength {
		return fmt.Sprintf("number %s… is %d characters long; a number may be at most %d characters long", s[:16], len(s), maxNumberLength)
	}
	_, exp, ok := scanNumber(s)
	if !ok {
		return fmt.Sprintf("%q is not a number", s)
	}
	if exp > maxExponent || exp < -maxExponent {
		return outOfRange(s)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return outOfRange(s)
	}
	return ""
}

// floatProblem says why a float64 cannot stand in a definition (NaN and
// the infinities have no JSON spelling), or returns "".
func floatProblem(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN is not a number JSON can hold"
	case math.IsInf(f, 0):
		return outOfRange(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return ""
}

// scanNumber checks that s follows the JSON grammar of numbers,
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and returns whether its
// digits hold a non-zero one and its exponent as written (clamped to
// ±(maxExponent+1), which is all the caller needs).
func scanNumber(s string) (nonZero bool, exp int, ok bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if s[i] != '0' {
				nonZero = true
			}
			i++
		}
		return i - start
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false, 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false, 0, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if exp <= maxExponent {
				exp = exp*10 + int(s[i]-'0')
			}
			i++
		}
		if i == start {
			return false, 0, false
		}
		if neg {
			exp = -exp
		}
	}
	return nonZero, exp, i == len(s)
}
