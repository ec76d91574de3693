package jsonata

import (
	"strings"
	"unicode/utf8"
)

const upperHex = "0123456789ABCDEF"

// encodeURIComponent and encodeURI implement the JavaScript functions of the
// same names; ok is false where JavaScript throws a URIError (a lone
// surrogate).
func encodeURIComponent(s string) (string, bool) {
	return uriEncode(s, "-_.!~*'()")
}

func encodeURI(s string) (string, bool) {
	return uriEncode(s, "-_.!~*'();/?:@&=+$,#")
}

func uriEncode(s, unescaped string) (string, bool) {
	var sb strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if isASCIILetter(c) || (c >= '0' && c <= '9') || strings.IndexByte(unescaped, c) >= 0 {
				sb.WriteByte(c)
			} else {
				sb.WriteByte('%')
				sb.WriteByte(upperHex[c>>4])
				sb.WriteByte(upperHex[c&0xF])
			}
			i++
			continue
		}
		r, size := decodeChar(s, i)
		if (r >= 0xD800 && r <= 0xDFFF) || (r == utf8.RuneError && size == 1) {
			return "", false
		}
		var buf [4]byte
		n := utf8.EncodeRune(buf[:], r)
		for _, b := range buf[:n] {
			sb.WriteByte('%')
			sb.WriteByte(upperHex[b>>4])
			sb.WriteByte(upperHex[b&0xF])
		}
		i += size
	}
	return sb.String(), true
}

// decodeURIComponent and decodeURI implement the JavaScript functions of the
// same names; decodeURI leaves escapes of reserved characters alone.
func decodeURIComponent(s string) (string, bool) { return uriDecode(s, "") }

func decodeURI(s string) (string, bool) { return uriDecode(s, ";/?:@&=+$,#") }

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func uriDecode(s, reserved string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, true
	}
	var sb strings.Builder
	hexByte := func(i int) (byte, bool) {
		if i+2 >= len(s) || s[i] != '%' {
			return 0, false
		}
		h, ok1 := unhex(s[i+1])
		l, ok2 := unhex(s[i+2])
		return h<<4 | l, ok1 && ok2
	}
	for i := 0; i < len(s); {
		if s[i] != '%' {
			sb.WriteByte(s[i])
			i++
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		b, ok := hexByte(i)
		if !ok {
			return "", false
		}
		if b < 0x80 {
			if strings.IndexByte(reserved, b) >= 0 {
				sb.WriteString(s[i : i+3])
			} else {
				sb.WriteByte(b)
			}
			i += 3
			continue
		}
		n := 0
		switch {
		case b&0xE0 == 0xC0:
			n = 2
		case b&0xF0 == 0xE0:
			n = 3
		case b&0xF8 == 0xF0:
			n = 4
		default:
			return "", false
		}
		buf := []byte{b}
		j := i + 3
		for k := 1; k < n; k++ {
			if j+2 >= len(s) {
				return "", false
			}
			cb, ok := hexByte(j)
			if !ok || cb&0xC0 != 0x80 {
				return "", false
			}
			buf = append(buf, cb)
			j += 3
		}
		r, size := utf8.DecodeRune(buf)
		if r == utf8.RuneError || size != n {
			return "", false
		}
		sb.WriteRune(r)
		i = j
	}
	return sb.String(), true
}
