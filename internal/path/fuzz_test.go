package path

import (
	"fmt"
	"testing"
	"time"

	"github.com/gostates/gostates/internal/jsonv"
)

// FuzzPath compiles arbitrary paths and evaluates them against a fixed
// document: compiling, Get and Set must never panic or hang.
func FuzzPath(f *testing.F) {
	for _, s := range []string{
		"$", "$$", "$.a", "$.a.b[0]", "$['a']['b']", "$.a[*].b", "$..b", "$.a[1:]", "$.a[:1]", "$.a[-1]",
		"$.a[?(@.b == 1)]", "$.a[?(@.b > 'x')]", "$.a[0,1]", "$['a','b']", "$var.x", "$$.Execution.Id",
		"$.a.length()", "$..[", "$[", "$.", "$.a[?(@.b ==)]", "$.a[1:2:3]", "$..*",
	} {
		f.Add(s)
	}
	doc, err := jsonv.Decode([]byte(`{"a":{"b":[1,{"c":"x"},null,true,2.5]},"l":[{"b":1},{"b":"x"},{"c":[]}],"s":"str","n":null}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("path %q: no answer within 5 s", s)) })
		defer watchdog.Stop()
		for _, compile := range []func(string) (*Path, error){Compile, CompileReference} {
			p, err := compile(s)
			if err != nil {
				continue
			}
			_, _ = p.Get(doc)
			if p.IsReference() {
				_, _ = p.Set(doc, "v")
			}
			_ = p.String()
		}
	})
}
