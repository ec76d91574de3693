package asl_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gostates/gostates/asl"
)

// BenchmarkParse parses and validates every definition of the shared corpus
// once per iteration.
func BenchmarkParse(b *testing.B) {
	defs := corpusDefinitions()
	if len(defs) == 0 {
		b.Skipf("shared conformance corpus not found at %s (set GOSTATES_CASES to its cases folder)", corpusDir())
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range defs {
			_, _ = asl.Parse(d)
		}
	}
	b.ReportMetric(float64(len(defs)), "definitions/op")
}

// minifiedDefinition builds a valid definition of at most size bytes on a
// single line: a chain of Pass states with Parameters templates (paths,
// intrinsic functions, nested objects and arrays), as a generator or a
// minifier would write it.
func minifiedDefinition(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"Comment":"generated","StartAt":"S0","States":{`)
	state := func(i int, last bool) string {
		next := fmt.Sprintf(`"Next":"S%d"`, i+1)
		if last {
			next = `"End":true`
		}
		return fmt.Sprintf(`"S%d":{"Type":"Pass","Parameters":{"id.$":"$.id","step":%d,"tags":["a","b",true,null],"nested":{"name.$":"States.Format('step-{}-%d', $.id)","ratio":0.5}},"ResultPath":"$.r%d",%s}`, i, i, i, i, next)
	}
	for i := 0; ; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		s := state(i, false)
		if b.Len()+len(s)+len(state(i+1, true))+3 > size {
			b.WriteString(state(i, true))
			break
		}
		b.WriteString(s)
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

// BenchmarkParseMinified1MB parses a definition of nearly AWS's maximum
// size written on one line: positions must not cost time per value.
func BenchmarkParseMinified1MB(b *testing.B) {
	def := minifiedDefinition(1 << 20)
	if _, err := asl.Parse(def); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(def)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := asl.Parse(def); err != nil {
			b.Fatal(err)
		}
	}
}
