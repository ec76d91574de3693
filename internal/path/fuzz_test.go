package path

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gostates/gostates/internal/jsonv"
)

// FuzzPath compiles arbitrary paths and evaluates them against fixed
// documents: compiling, Get and Set must never panic or hang; a failed Get
// is an *Error; and a path matches what PaesslerAG/jsonpath, which gostates
// used before, matches (as a multiset: it follows Go's random map order).
func FuzzPath(f *testing.F) {
	for _, s := range []string{
		"$", "$$", "$.a", "$.a.b[0]", "$['a']['b']", "$.a[*].b", "$..b", "$.a[1:]", "$.a[:1]", "$.a[-1]",
		"$.a[?(@.b == 1)]", "$.a[?(@.b > 'x')]", "$.a[0,1]", "$['a','b']", "$var.x", "$$.Execution.Id",
		"$.a.length()", "$..[", "$[", "$.", "$.a[?(@.b ==)]", "$.a[1:2:3]", "$..*",
	} {
		f.Add(s)
	}
	for _, s := range differentialPaths {
		f.Add(s)
	}
	docs := make([]any, 0, len(differentialDocs)+1)
	for _, d := range append([]string{`{"a":{"b":[1,{"c":"x"},null,true,2.5]},"l":[{"b":1},{"b":"x"},{"c":[]}],"s":"str","n":null}`},
		differentialDocs[0].json, differentialDocs[1].json) {
		v, err := jsonv.Decode([]byte(d))
		if err != nil {
			f.Fatal(err)
		}
		docs = append(docs, v)
	}
	deep := nested(2000)
	f.Fuzz(func(t *testing.T, s string) {
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("path %q: no answer within 5 s", s)) })
		defer watchdog.Stop()
		for _, compile := range []func(string) (*Path, error){Compile, CompileReference} {
			p, err := compile(s)
			if err != nil {
				continue
			}
			for _, doc := range append(docs, deep) {
				if _, err := p.Get(doc); err != nil {
					var pe *Error
					if !errors.As(err, &pe) || !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrLimit) {
						t.Fatalf("path %q: unexpected error %#v", s, err)
					}
				}
			}
			if p.IsReference() {
				_, _ = p.Set(docs[0], "v")
				continue
			}
			for _, doc := range docs {
				got, err := p.GetWithin(doc, Limits{MaxSteps: 100000})
				if err != nil {
					continue // the reference would take as long
				}
				want, _, panicked := referenceGet(s, doc)
				if !panicked && !sameMatches(got, want, false) {
					t.Fatalf("path %q:\nours:       %s\nPaesslerAG: %s", s, jsonv.String(got), jsonv.String(want))
				}
			}
			_ = p.String()
		}
	})
}
