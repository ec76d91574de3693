package asl_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

// fill writes items (item(i) for i = 0, 1, ...) between head and tail,
// separated by commas, as many as fit in size bytes.
func fill(size int, head, tail string, item func(i int) string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := 0; ; i++ {
		s := item(i)
		if b.Len()+len(s)+1+len(tail) > size {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	b.WriteString(tail)
	return b.String()
}

// cost parses def and returns the error, the time taken and the bytes
// allocated.
func cost(parse func() error) (error, time.Duration, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	err := parse()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return err, took, after.TotalAlloc - before.TotalAlloc
}

// TestManyProblems checks that a definition with a problem in every state
// or field reports the first MaxProblems in source order and how many more
// there are (as AWS's ValidateStateMachineDefinition returns at most 100
// diagnostics), in bounded time.
func TestManyProblems(t *testing.T) {
	require.Equal(t, 100, asl.MaxProblems)
	tests := []struct {
		name  string
		def   string
		count int // problems in all; 0 for "many"
	}{
		{"a state without Type, 1 MiB of them", fill(asl.MaxDefinitionSize, `{"StartAt":"0","States":{`, `}}`, func(i int) string { return fmt.Sprintf(`"%d":{}`, i) }), 0},
		{"unreachable states", fill(asl.MaxDefinitionSize, `{"StartAt":"0","States":{`, `}}`, func(i int) string { return fmt.Sprintf(`"%d":{"Type":"Succeed"}`, i) }), 0},
		{"unknown fields", fill(asl.MaxDefinitionSize, `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,`, `}}}`, func(i int) string { return fmt.Sprintf(`"f%d":1`, i) }), 0},
		{"numbers out of range", fill(asl.MaxDefinitionSize, `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":[`, `]}}}`, func(int) string { return "1e999" }), 0},
		{"exactly the maximum", unknownFields(asl.MaxProblems), asl.MaxProblems},
		{"one more than the maximum", unknownFields(asl.MaxProblems + 1), asl.MaxProblems + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err, took, alloc := cost(func() error { _, err := asl.Parse([]byte(tc.def)); return err })
			t.Logf("%v, %d MiB allocated", took, alloc>>20)
			var errs asl.Errors
			require.ErrorAs(t, err, &errs)
			if tc.count == asl.MaxProblems {
				require.Len(t, errs, asl.MaxProblems)
				require.NotEqual(t, asl.CodeTooManyProblems, errs[len(errs)-1].Code)
				return
			}
			require.Len(t, errs, asl.MaxProblems+1)
			last := errs[asl.MaxProblems]
			require.Equal(t, asl.CodeTooManyProblems, last.Code)
			if tc.count > 0 {
				require.Contains(t, last.Message, fmt.Sprintf("and %d more problem ", tc.count-asl.MaxProblems))
			} else {
				require.Regexp(t, `^\.\.\. and (\d+ )?more problems from here on`, last.Message)
			}
			for i := 1; i < len(errs); i++ {
				a, b := errs[i-1], errs[i]
				require.True(t, a.Line < b.Line || a.Line == b.Line && a.Column <= b.Column, "source order: %v then %v", a, b)
			}
			require.Less(t, len(err.Error()), 64<<10, "the report stays short")
			require.Less(t, took, 5*slowdown*time.Second)
		})
	}
	t.Run("ParseValue", func(t *testing.T) {
		result := make([]any, 1000)
		for i := range result {
			result[i] = math.NaN()
		}
		_, err := asl.ParseValue(map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{"Type": "Pass", "Result": result, "End": true}}})
		var errs asl.Errors
		require.ErrorAs(t, err, &errs)
		require.Len(t, errs, asl.MaxProblems+1)
		require.Equal(t, "/States/A/Result/0", errs[0].Path)
		require.Contains(t, errs[asl.MaxProblems].Message, "and 900 more problems")
	})
}

// unknownFields is a Pass state with n unknown fields: n problems.
func unknownFields(n int) string {
	var b strings.Builder
	b.WriteString(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true`)
	for i := range n {
		fmt.Fprintf(&b, `,"f%d":1`, i)
	}
	b.WriteString(`}}}`)
	return b.String()
}

// TestLongValuesInMessages checks that a problem quoting a very long value
// quotes only its start.
func TestLongValuesInMessages(t *testing.T) {
	long := strings.Repeat("a", 900<<10)
	tests := []struct{ name, def, path string }{
		{"Next", `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"` + long + `"}}}`, "/States/A/Next"},
		{"Timestamp", `{"StartAt":"A","States":{"A":{"Type":"Wait","Timestamp":"` + long + `","End":true}}}`, "/States/A/Timestamp"},
		{"StartAt", `{"StartAt":"` + long + `","States":{"A":{"Type":"Succeed"}}}`, "/StartAt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := asl.Parse([]byte(tc.def))
			var errs asl.Errors
			require.ErrorAs(t, err, &errs)
			require.Equal(t, tc.path, errs[0].Path)
			require.Less(t, len(errs[0].Message), 1024, errs[0].Message[:min(len(errs[0].Message), 300)])
			require.Contains(t, errs[0].Message, "aaaa…")
			require.Contains(t, errs[0].Message, fmt.Sprint(len(long)))
		})
	}
	t.Run("an unknown field's long name", func(t *testing.T) {
		_, err := asl.Parse([]byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"` + long + `":1}}}`))
		var errs asl.Errors
		require.ErrorAs(t, err, &errs)
		require.Less(t, len(errs[0].Message), 1024)
	})
}

// TestNestingForItsSize checks the budget on the JSON pointers of a
// definition's values: long keys or state names above many values would
// make every pointer built for them (by the checks and by template
// compilation) long, and the work quadratic: 1 MiB of them took minutes
// and hundreds of gigabytes.
func TestNestingForItsSize(t *testing.T) {
	key := strings.Repeat("k", 6000)
	deep := func(head, tail string) string {
		var b strings.Builder
		b.WriteString(head)
		for i := range 80 {
			fmt.Fprintf(&b, `{"%s%d":`, key, i)
		}
		b.WriteString(fill(asl.MaxDefinitionSize-b.Len()-len(tail)-200, "[", "]", func(int) string { return "0" }))
		b.WriteString(strings.Repeat("}", 80) + tail)
		return b.String()
	}
	name := strings.Repeat("n", 400<<10)
	tests := []struct{ name, def string }{
		{"long keys nested deep in Parameters", deep(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Parameters":`, `}}}`)},
		{"long keys nested deep in a JSONata Output", deep(`{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Output":`, `}}}`)},
		{"long keys nested deep in Result", deep(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":`, `}}}`)},
		{"a long state name above many states", fill(asl.MaxDefinitionSize, `{"StartAt":"`+name+`","States":{"`+name+`":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"s0","States":{`, `}}]}}}`,
			func(i int) string { return fmt.Sprintf(`"s%d":{"Type":"Pass","Next":"s%d"}`, i, i+1) })},
		{"YAML", "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Parameters:\n" + yamlLongKeys(key[:1000], 60)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.LessOrEqual(t, len(tc.def), asl.MaxDefinitionSize)
			err, took, alloc := cost(func() error { _, err := asl.Parse([]byte(tc.def)); return err })
			t.Logf("%v, %d MiB allocated", took, alloc>>20)
			requireProblem(t, err, asl.CodeTooLarge, errPath(err), "nested too deeply for its size")
			require.Less(t, took, 2*slowdown*time.Second)
			require.Less(t, alloc, uint64(512<<20))
		})
	}
	t.Run("ParseValue", func(t *testing.T) {
		v := any(make([]any, 20000))
		for i := range 80 {
			v = map[string]any{fmt.Sprint(key, i): v}
		}
		err, took, _ := cost(func() error {
			_, err := asl.ParseValue(map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{"Type": "Pass", "Parameters": v, "End": true}}})
			return err
		})
		requireProblem(t, err, asl.CodeTooLarge, errPath(err), "nested too deeply for its size")
		require.Less(t, took, 2*slowdown*time.Second)
	})
	t.Run("the benchmark's definition is far within the budget", func(t *testing.T) {
		_, err := asl.Parse(minifiedDefinition(asl.MaxDefinitionSize))
		require.NoError(t, err)
	})
}

// errPath returns the pointer of the first problem of err.
func errPath(err error) string {
	var errs asl.Errors
	if errors.As(err, &errs) && len(errs) > 0 {
		return errs[0].Path
	}
	return ""
}

// yamlLongKeys nests n block mappings with long keys (YAML allows 1024
// characters), with a long list at the bottom.
func yamlLongKeys(key string, n int) string {
	var b strings.Builder
	for i := range n - 1 {
		fmt.Fprintf(&b, "%s%s%d:\n", strings.Repeat(" ", 6+i), key, i)
	}
	fmt.Fprintf(&b, "%s%s%d: ", strings.Repeat(" ", 6+n-1), key, n-1)
	b.WriteString(fill(asl.MaxDefinitionSize-200-b.Len(), "[", "]", func(int) string { return "0" }))
	return b.String() + "\n"
}

// TestYAMLAliasBombs checks the "billion laughs": aliases repeating
// aliases cannot expand a YAML definition past what Parse accepts.
func TestYAMLAliasBombs(t *testing.T) {
	laughs := "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	for i := 1; i <= 9; i++ {
		laughs += fmt.Sprintf("lol%d: &lol%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*lol%d, ", i-1), 10), ", "))
	}
	tests := []struct{ name, def string }{
		{"billion laughs", laughs + "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Result: *lol9\n"},
		{"a wide anchor repeated", "x: &x [" + strings.Repeat("y,", 50000) + "y]\nStartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Result: [" + strings.Repeat("*x,", 9000) + "*x]\n"},
		{"an anchored state repeated", "s: &s {Type: Pass, End: true, Result: [" + strings.Repeat("1,", 30000) + "1]}\nStartAt: A\nStates:\n" + aliasedStates(2000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err, took, alloc := cost(func() error { _, err := asl.Parse([]byte(tc.def)); return err })
			t.Logf("%v, %d MiB allocated", took, alloc>>20)
			var errs asl.Errors
			require.ErrorAs(t, err, &errs)
			require.Len(t, errs, 1, err.Error())
			require.Contains(t, []string{asl.CodeTooLarge, asl.CodeSyntax}, errs[0].Code, errs[0].Error())
			require.Regexp(t, `more than 1048576 bytes|too many alias expansions`, errs[0].Message)
			require.Less(t, took, 2*slowdown*time.Second)
			require.Less(t, alloc, uint64(512<<20))
		})
	}
}

// aliasedStates is a YAML States mapping of n states aliasing the anchor s.
func aliasedStates(n int) string {
	var b strings.Builder
	b.WriteString("  A: *s\n")
	for i := range n {
		fmt.Fprintf(&b, "  S%d: *s\n", i)
	}
	return b.String()
}

// TestManyStates checks that the largest chain of states that fits in
// 1 MiB parses, in bounded time.
func TestManyStates(t *testing.T) {
	def := fill(asl.MaxDefinitionSize-64, `{"StartAt":"0","States":{`, `,"end":{"Type":"Succeed"}}}`, func(i int) string { return fmt.Sprintf(`"%d":{"Type":"Pass","Next":"%d"}`, i, i+1) })
	n := strings.Count(def, `"Type":"Pass"`)
	def = strings.Replace(def, fmt.Sprintf(`"Next":"%d"}`, n), `"Next":"end"}`, 1)
	require.Greater(t, n, 27000)
	err, took, alloc := cost(func() error {
		sm, err := asl.Parse([]byte(def))
		if err == nil && len(sm.States) != n+1 {
			return fmt.Errorf("%d states, want %d", len(sm.States), n+1)
		}
		return err
	})
	t.Logf("%d states: %v, %d MiB allocated", n+1, took, alloc>>20)
	require.NoError(t, err)
	require.Less(t, took, 5*slowdown*time.Second)
}
