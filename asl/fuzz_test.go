package asl_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gostates/gostates/asl"
)

// FuzzParse feeds arbitrary bytes to Parse, seeded with the shared corpus,
// the examples and the test definitions: it must return a state machine or
// Errors, never panic or hang, and give the same answer twice.
func FuzzParse(f *testing.F) {
	for _, d := range corpusDefinitions() {
		f.Add(d)
	}
	for _, pattern := range []string{"../examples/*/*.asl.json", "testdata/*/*.asl.*"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n"))
	f.Add([]byte(`{"StartAt":"A","States":{"A":{"Type":"Map","ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}},"End":true}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sm, err := asl.Parse(data)
		if err == nil {
			if sm == nil {
				t.Fatal("nil state machine without error")
			}
			return
		}
		errs, ok := err.(asl.Errors)
		if !ok {
			t.Fatalf("error is %T, want asl.Errors", err)
		}
		if len(errs) == 0 {
			t.Fatal("empty Errors")
		}
		for _, e := range errs {
			if e.Code == "" || e.Message == "" {
				t.Fatalf("error without code or message: %#v", e)
			}
		}
		if _, err2 := asl.Parse(data); err2 == nil || err2.Error() != err.Error() {
			t.Fatalf("parsing twice gives different answers:\n%v\n---\n%v", err, err2)
		}
	})
}
