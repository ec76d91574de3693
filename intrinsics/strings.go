package intrinsics

import (
	"strings"
)

// stringSplit is States.StringSplit(string, delimiters), which works as
// Java's StringTokenizer: it splits at every character of delimiters and
// drops the empty strings, so ",a,,b," split at "," is ["a", "b"].
func stringSplit(_ *call, _ Env, args []any) (any, error) {
	s, delims := args[0].(string), args[1].(string)
	fields := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(delims, r) })
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
