package jsonv

import (
	"encoding/json"
	"testing"
)

// BenchmarkCompareNumbers compares numbers as a Choice rule does. With
// exact rationals (big.Rat), 1e999999 took 16 ms per comparison.
func BenchmarkCompareNumbers(b *testing.B) {
	for _, bc := range []struct {
		name string
		a, b any
	}{
		{"int", json.Number("42"), json.Number("43")},
		{"decimal", json.Number("2.5"), json.Number("2")},
		{"float64", 0.1, json.Number("0.1")},
		{"20-digit", json.Number("12345678901234567890"), json.Number("12345678901234567891")},
		{"1e999999", json.Number("1e999999"), json.Number("1e999998")},
		{"equal-1e999999", json.Number("1e999999"), json.Number("10e999998")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := CompareNumbers(bc.a, bc.b); !ok {
					b.Fatal("not numbers")
				}
			}
		})
	}
}
