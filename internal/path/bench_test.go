package path

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/gostates/gostates/internal/jsonv"
)

// nested builds {"a":{"a":...{"a":{"b":2}}}} with depth objects named "a".
func nested(depth int) any {
	var v any = map[string]any{"b": json.Number("2")}
	for range depth {
		v = map[string]any{"a": v}
	}
	return v
}

// wide builds an array of n objects, each with a few scalar fields and a
// small nested array: about 60 bytes of JSON per element.
func wide(n int) any {
	a := make([]any, n)
	for i := range a {
		a[i] = map[string]any{
			"id":   json.Number(strconv.Itoa(i)),
			"name": "item",
			"tags": []any{"x", json.Number("1")},
			"b":    json.Number(strconv.Itoa(i % 3)),
		}
	}
	return map[string]any{"items": a}
}

func benchmarkGet(b *testing.B, src string, doc any, lim Limits, wantErr bool) {
	p := MustCompile(src)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.GetWithin(doc, lim); (err != nil) != wantErr {
			b.Fatal(err)
		}
	}
}

// BenchmarkDescent evaluates recursive descent on 10,000 nested objects
// (60 KB of JSON) and on a wide document of 1 MB. PaesslerAG/jsonpath, which
// gostates used before, took 3.2 s and 2.9 GB for $..a on 1,000 nested
// objects, and was cubic in the depth.
func BenchmarkDescent(b *testing.B) {
	deep := nested(10000)
	big := wide(21200)
	if n := jsonv.Size(big, 0); n < 1000000 || n > 1100000 {
		b.Fatalf("the wide document has %d bytes", n)
	}
	for _, depth := range []int{1000, 10000} {
		doc := nested(depth)
		for _, src := range []string{"$..a", "$..[*]", "$..a[?(@.b>1)]", "$..b"} {
			b.Run(fmt.Sprintf("deep-%d/%s", depth, src), func(b *testing.B) { benchmarkGet(b, src, doc, Limits{}, false) })
		}
	}
	// With the default limits, the matches of $..a would take 300 MB of
	// JSON, and $..*..b 50 million steps.
	for _, src := range []string{"$..a", "$..*..b"} {
		b.Run("deep-10000-limited/"+src, func(b *testing.B) { benchmarkGet(b, src, deep, DefaultLimits(), true) })
	}
	for _, src := range []string{"$..b", "$..[*]", "$..[?(@.b>1)]", "$.items[*].id"} {
		b.Run(fmt.Sprintf("wide-1MB/%s", src), func(b *testing.B) { benchmarkGet(b, src, big, DefaultLimits(), false) })
	}
}
