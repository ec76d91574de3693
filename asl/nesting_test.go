package asl_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

// TestDeepNesting checks that a definition nested 100,000 levels deep, in
// JSON, YAML or Go values, fails fast with a clear error instead of
// exhausting the stack or the clock, and that deep but reasonable nesting
// still parses.
func TestDeepNesting(t *testing.T) {
	const n = 100000
	pass := func(field, v string) string {
		return `{"StartAt":"A","States":{"A":{"Type":"Pass","` + field + `":` + v + `,"End":true}}}`
	}
	yamlPass := func(field, v string) string {
		return "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    " + field + ": " + v + "\n"
	}
	deepGo := func() any {
		v := any("leaf")
		for range n {
			v = map[string]any{"a": v}
		}
		return map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{"Type": "Pass", "Parameters": v, "End": true}}}
	}
	refused := []struct {
		name string
		def  string
		want string
	}{
		{"JSON arrays", pass("Result", strings.Repeat("[", n)+strings.Repeat("]", n)), "nested deeper than 512 levels"},
		{"JSON arrays never closed", pass("Result", strings.Repeat("[", n)), "nested deeper than 512 levels"},
		{"JSON objects", pass("Result", strings.Repeat(`{"a":`, n)+"1"+strings.Repeat("}", n)), "nested deeper than 512 levels"},
		{"JSON Parameters template", pass("Parameters", strings.Repeat(`{"a":`, n)+`{"b.$":"$.x"}`+strings.Repeat("}", n)), "nested deeper than 512 levels"},
		{"JSON just past the limit", pass("Result", strings.Repeat("[", 511)+strings.Repeat("]", 511)), "nested deeper than 512 levels"},
		{"JSON Parallel branches", strings.Repeat(`{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[`, n/50), "nested deeper than 512 levels"},
		{"YAML flow sequences", yamlPass("Result", strings.Repeat("[", n)+strings.Repeat("]", n)), "exceeded max depth"},
		{"YAML flow mappings", yamlPass("Parameters", strings.Repeat("{a: ", n)+"1"+strings.Repeat("}", n)), "exceeded max depth"},
		{"YAML block sequences", yamlPass("Result", "\n      "+strings.Repeat("- ", n)+"x"), "exceeded max depth"},
		{"YAML past our limit, within yaml.v3's", yamlPass("Result", strings.Repeat("[", 600)+strings.Repeat("]", 600)), "nested deeper than 512 levels"},
		{"YAML block mappings past our limit", yamlPass("Result", yamlBlock(600)), "nested deeper than 512 levels"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := asl.Parse([]byte(tc.def))
			require.Less(t, time.Since(start), 2*slowdown*time.Second)
			var errs asl.Errors
			require.ErrorAs(t, err, &errs)
			require.Len(t, errs, 1)
			require.Equal(t, asl.CodeSyntax, errs[0].Code, errs[0].Error())
			require.Contains(t, errs[0].Message, tc.want)
			require.NotZero(t, errs[0].Line)
		})
	}
	t.Run("ParseValue", func(t *testing.T) {
		start := time.Now()
		_, err := asl.ParseValue(deepGo())
		require.Less(t, time.Since(start), 2*slowdown*time.Second)
		e := requireProblem(t, err, asl.CodeSyntax, "/States/A/Parameters"+strings.Repeat("/a", 510), "nested deeper than 512 levels")
		require.Zero(t, e.Line)
	})
	accepted := []struct{ name, def string }{
		{"arrays just within the limit", pass("Result", strings.Repeat("[", 510)+strings.Repeat("]", 510))},
		{"template 500 deep", pass("Parameters", strings.Repeat(`{"a":`, 500)+`{"b.$":"$.x"}`+strings.Repeat("}", 500))},
		{"Choice rule 250 Nots deep", `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{` + strings.Repeat(`"Not":{`, 250) + `"Variable":"$.a","IsNull":true` + strings.Repeat("}", 250) + `,"Next":"D"}]},"D":{"Type":"Succeed"}}}`},
		{"Parallel 120 deep", nestedParallels(120)},
		{"YAML 500 deep", yamlPass("Result", yamlBlock(500))},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			_, err := asl.Parse([]byte(tc.def))
			require.NoError(t, err)
		})
	}
}

// yamlBlock nests n block mappings ("a:" each indented one more).
func yamlBlock(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "\n%sa:", strings.Repeat(" ", 6+i))
	}
	b.WriteString(" 1")
	return b.String()
}

// nestedParallels nests n Parallel states, each the only state of its
// parent's only branch.
func nestedParallels(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"StartAt":"P%d","States":{"P%d":{"Type":"Parallel","End":true,"Branches":[`, i, i)
	}
	b.WriteString(`{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}`)
	b.WriteString(strings.Repeat(`]}}}`, n))
	return b.String()
}
