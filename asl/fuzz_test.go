package asl_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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
	for _, s := range hostileSeeds {
		f.Add([]byte(s))
	}
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
		if len(errs) > asl.MaxProblems+1 {
			t.Fatalf("%d problems reported, more than %d", len(errs), asl.MaxProblems+1)
		}
		for _, e := range errs {
			if e.Code == "" || e.Message == "" {
				t.Fatalf("error without code or message: %#v", e)
			}
			if e.Code == asl.CodeInternal {
				t.Fatalf("the parser panicked: %v", e)
			}
		}
		if _, err2 := asl.Parse(data); err2 == nil || err2.Error() != err.Error() {
			t.Fatalf("parsing twice gives different answers:\n%v\n---\n%v", err, err2)
		}
	})
}

// hostileSeeds are definitions that once crashed or stalled the parser, or
// come close to its limits: numbers math/big or float64 cannot hold, NaN
// written out, deep nesting, long keys nested deep, YAML aliases.
var hostileSeeds = []string{
	`{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1e1000001,"End":true}}}`,
	`{"StartAt":"A","States":{"A":{"Type":"Pass","Result":[1e-1000001,0e99999999999999999999,-1e400,1e-400],"End":true}}}`,
	`{"StartAt":"A","TimeoutSeconds":9e999999,"States":{"A":{"Type":"Pass","Parameters":{"n":1E+1000001},"End":true}}}`,
	`{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":NaN,"End":true}}}`,
	`{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":Infinity,"End":true}}}`,
	`{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":-Infinity,"End":true}}}`,
	"StartAt: A\nStates:\n  A:\n    Type: Wait\n    Seconds: .nan\n    End: true\n",
	"StartAt: A\nStates:\n  A:\n    Type: Wait\n    Seconds: -.inf\n    End: true\n",
	"StartAt: A\nStates:\n  A:\n    Type: Wait\n    Seconds: 1e1000001\n    End: true\n",
	"StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: !!float 1e400\n    End: true\n",
	`{"StartAt":"A","States":{"A":{"Type":"Pass","Result":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `,"End":true}}}`,
	`{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":` + strings.Repeat(`{"a":`, 600) + `1` + strings.Repeat("}", 600) + `,"End":true}}}`,
	"StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Result: " + strings.Repeat("[", 600) + strings.Repeat("]", 600) + "\n",
	`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Parameters":` + strings.Repeat(`{"`+strings.Repeat("k", 200)+`":`, 20) + `[0,0,0,0,0,0,0,0]` + strings.Repeat("}", 20) + `}}}`,
	"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Result: *d\n",
	`{"StartAt":"0","States":{` + strings.TrimSuffix(strings.Repeat(`"x":{},`, 3), ",") + `}}`,
	`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"\u00e9\ud83d\ude00\ud800"},"é":{"Type":"Succeed"}}}`,
}

// FuzzGoValues feeds ParseValue with arbitrary JSON decoded as
// encoding/json decodes it by default (float64 numbers): it must return a
// state machine or Errors, never panic.
func FuzzGoValues(f *testing.F) {
	for _, d := range corpusDefinitions() {
		f.Add(d)
	}
	for _, s := range hostileSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		sm, err := asl.ParseValue(v)
		if err == nil {
			if sm == nil {
				t.Fatal("nil state machine without error")
			}
			return
		}
		errs, ok := err.(asl.Errors)
		if !ok || len(errs) == 0 || len(errs) > asl.MaxProblems+1 {
			t.Fatalf("error is %T with %d problems", err, len(errs))
		}
		for _, e := range errs {
			if e.Code == asl.CodeInternal {
				t.Fatalf("the parser panicked: %v", e)
			}
		}
	})
}
