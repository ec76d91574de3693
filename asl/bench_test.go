package asl_test

import (
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
