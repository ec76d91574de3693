// Package jsonptr handles the JSON pointers (RFC 6901) that name the fields
// of a definition in gostates' errors: "/States/My~1State/Next".
package jsonptr

import (
	"strconv"
	"strings"
)

// Escape escapes a key as a pointer token: "~" becomes "~0", "/" "~1".
func Escape(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// Unescape decodes a pointer token back into the key.
func Unescape(tok string) string {
	if !strings.Contains(tok, "~") {
		return tok
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
}

// Lookup returns the value ptr names inside doc (decoded JSON), or nil when
// it names nothing. The empty pointer names doc itself.
func Lookup(doc any, ptr string) any {
	if ptr == "" {
		return doc
	}
	cur := doc
	for _, tok := range strings.Split(ptr[1:], "/") {
		switch t := cur.(type) {
		case map[string]any:
			cur = t[Unescape(tok)]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(t) {
				return nil
			}
			cur = t[i]
		default:
			return nil
		}
	}
	return cur
}
