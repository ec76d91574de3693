package jsonata

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JavaScript strings are sequences of UTF-16 code units; Go strings are
// UTF-8. Strings here are UTF-8, except that a lone surrogate (which only a
// \uXXXX escape can create) is kept in its 3-byte WTF-8 form. These helpers
// give the JavaScript view where it matters: code point iteration
// ($length, $substring), UTF-16 indexes ($match) and ordering.

// decodeChar decodes the code point at s[i:], treating a WTF-8 encoded
// surrogate as one code point.
func decodeChar(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 && c == 0xED && i+2 < len(s) &&
		s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return r, size
}

// charCount is the number of code points in s.
func charCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
		_, size := decodeChar(s, i)
		i += size
		n++
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// utf16Units converts s to UTF-16 code units.
func utf16Units(s string) []uint16 {
	out := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		r, size := decodeChar(s, i)
		i += size
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			out = append(out, uint16(hi), uint16(lo))
		} else {
			out = append(out, uint16(r))
		}
	}
	return out
}

// utf16Len is the JavaScript length of s.
func utf16Len(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for i := 0; i < len(s); {
		r, size := decodeChar(s, i)
		i += size
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// unitsToString converts UTF-16 code units back to a string.
func unitsToString(units []uint16) string {
	var sb strings.Builder
	for i := 0; i < len(units); i++ {
		u := units[i]
		if u >= 0xD800 && u <= 0xDBFF && i+1 < len(units) && units[i+1] >= 0xDC00 && units[i+1] <= 0xDFFF {
			sb.WriteRune(utf16.DecodeRune(rune(u), rune(units[i+1])))
			i++
			continue
		}
		writeCodeUnit(&sb, int(u))
	}
	return sb.String()
}

// compareStrings compares strings in UTF-16 code unit order, as JavaScript's
// relational operators do.
func compareStrings(a, b string) int {
	if isASCII(a) && isASCII(b) {
		return strings.Compare(a, b)
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ra, sa := decodeChar(a, i)
		rb, sb := decodeChar(b, j)
		if ra != rb {
			ua, ub := firstUnit(ra), firstUnit(rb)
			if ua != ub {
				if ua < ub {
					return -1
				}
				return 1
			}
			// same high surrogate: compare the low surrogates
			_, la := utf16.EncodeRune(ra)
			_, lb := utf16.EncodeRune(rb)
			if la < lb {
				return -1
			}
			return 1
		}
		i += sa
		j += sb
	}
	switch {
	case i < len(a):
		return 1
	case j < len(b):
		return -1
	}
	return 0
}

func firstUnit(r rune) rune {
	if r >= 0x10000 {
		hi, _ := utf16.EncodeRune(r)
		return hi
	}
	return r
}
