package distributed

import (
	"strings"
	"testing"
)

// FuzzCSV checks the CSV scanner ends on any input and that plain fields
// (no quotes, backslashes or line ends) come back as written.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"x\ny\",\"\"\"\"\n", "C:\\\\x,\\", "\r\n\r", "\"unterminated", "a|b"} {
		f.Add(s, byte(','))
	}
	f.Fuzz(func(t *testing.T, s string, delim byte) {
		sc := &csvScanner{s: s, delim: delim}
		total := 0
		for {
			fields, size, ok := sc.next()
			if !ok {
				break
			}
			if size <= 0 || len(fields) == 0 {
				t.Fatalf("record %q of size %d", fields, size)
			}
			total += size
		}
		if total > len(s) {
			t.Fatalf("records span %d bytes of %d", total, len(s))
		}
		if delim == '"' || delim == '\\' || delim == '\n' || delim == '\r' || strings.ContainsAny(s, "\"\\\r\n") {
			return
		}
		if s == "" {
			return
		}
		sc = &csvScanner{s: s, delim: delim}
		fields, _, _ := sc.next()
		if got := strings.Join(fields, string([]byte{delim})); got != s {
			t.Fatalf("plain line %q came back as %q", s, got)
		}
	})
}
