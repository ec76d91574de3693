package intrinsics

import (
	"strings"
	"unicode/utf8"
)

// stringSplit is States.StringSplit(string, delimiters), which works as
// Java's StringTokenizer: it splits at every character of delimiters and
// drops the empty strings, so ",a,,b," split at "," is ["a", "b"].
func stringSplit(_ *call, _ Env, args []any) (any, error) {
	s, delims := args[0].(string), args[1].(string)
	isDelim := delimiterSet(delims)
	fields := strings.FieldsFunc(s, isDelim)
	out := make([]any, len(fields))
	for i, f := range fields {
		out[i] = f
	}
	return out, nil
}

// uuid is States.UUID(): a new version 4 UUID.
func uuid(_ *call, env Env, _ []any) (any, error) {
	return env.UUID(), nil
}

// delimiterSet returns whether a character is one of delims, in constant
// time: strings.ContainsRune for each character of the string took time in
// the product of the two lengths.
func delimiterSet(delims string) func(rune) bool {
	var ascii [utf8.RuneSelf]bool
	var others map[rune]bool
	for _, r := range delims {
		if r < utf8.RuneSelf {
			ascii[r] = true
			continue
		}
		if others == nil {
			others = map[rune]bool{}
		}
		others[r] = true
	}
	return func(r rune) bool {
		if r < utf8.RuneSelf {
			return ascii[r]
		}
		return others[r]
	}
}
