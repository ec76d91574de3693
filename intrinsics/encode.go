package intrinsics

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strings"
	"unicode/utf8"
)

// maxEncodeLen is the longest string, in Java (UTF-16) characters, that
// States.Base64Encode, States.Base64Decode and States.Hash accept.
const maxEncodeLen = 10000

// base64Encode is States.Base64Encode(string): the UTF-8 bytes of the string
// in standard Base64 with padding.
func base64Encode(_ *call, _ Env, args []any) (any, error) {
	s := args[0].(string)
	if n := utf16Len(s); n > maxEncodeLen {
		return nil, invalidf("the string has %d characters; at most %d are allowed", n, maxEncodeLen)
	}
	return base64.StdEncoding.EncodeToString([]byte(s)), nil
}

// base64Decode is States.Base64Decode(string). Like the lenient decoder AWS
// uses, it skips characters outside the Base64 alphabet, accepts the URL-safe
// alphabet too, stops at the first '=' and does not need padding. The bytes
// are read as UTF-8, each invalid byte becoming U+FFFD.
func base64Decode(_ *call, _ Env, args []any) (any, error) {
	s := args[0].(string)
	if n := utf16Len(s); n > maxEncodeLen {
		return nil, invalidf("the string has %d characters; at most %d are allowed", n, maxEncodeLen)
	}
	return validUTF8(decodeBase64(s)), nil
}

// decodeBase64 decodes s leniently.
func decodeBase64(s string) []byte {
	out := make([]byte, 0, len(s)*3/4)
	var bits uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			break
		}
		v := base64Value(c)
		if v < 0 {
			continue
		}
		bits = bits<<6 | uint32(v)
		if n++; n == 4 {
			out = append(out, byte(bits>>16), byte(bits>>8), byte(bits))
			bits, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(bits>>4))
	case 3:
		out = append(out, byte(bits>>10), byte(bits>>2))
	}
	return out
}

// base64Value is the 6-bit value of a Base64 character, standard or URL-safe,
// or -1.
func base64Value(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+' || c == '-':
		return 62
	case c == '/' || c == '_':
		return 63
	}
	return -1
}

// validUTF8 converts b to a string, replacing each byte that is not part of
// valid UTF-8 with U+FFFD.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

// hashValue is States.Hash(data, algorithm): the lowercase hex digest of the
// UTF-8 bytes of data. Data that is not a string is hashed in Java's text
// rendering (see javaText), as AWS does.
func hashValue(_ *call, env Env, args []any) (any, error) {
	// The text of data is rendered only as far as the limit: a UTF-16
	// character takes at most 3 bytes of UTF-8.
	data, ok := javaText(args[0], &budget{left: 3*maxEncodeLen + 3})
	if !ok {
		return nil, invalidf("the data has more than %d characters; at most %d are allowed", maxEncodeLen, maxEncodeLen)
	}
	if n := utf16Len(data); n > maxEncodeLen {
		return nil, invalidf("the data has %d characters; at most %d are allowed", n, maxEncodeLen)
	}
	if !budgetOf(env).spend(len(data)) {
		return nil, tooMuchText()
	}
	h := hashAlgorithm(args[1].(string))
	h.Write([]byte(data))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashAlgorithm returns a new hash for one of the algorithm names
// States.Hash accepts, or nil. The names are case-sensitive.
func hashAlgorithm(name string) hash.Hash {
	switch name {
	case "MD5":
		return md5.New()
	case "SHA-1":
		return sha1.New()
	case "SHA-256":
		return sha256.New()
	case "SHA-384":
		return sha512.New384()
	case "SHA-512":
		return sha512.New()
	}
	return nil
}

// isHashAlgorithm reports whether States.Hash supports the algorithm.
func isHashAlgorithm(name string) bool {
	switch name {
	case "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512":
		return true
	}
	return false
}

// utf16Len is the length of s as Java counts it, in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
