package asl_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

// parseCost parses def and returns the bytes it allocated and the least
// time it took over a few runs.
func parseCost(def []byte) (alloc uint64, took time.Duration) {
	took = time.Hour
	for range 5 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, _ = asl.Parse(def)
		took = min(took, time.Since(start))
		runtime.ReadMemStats(&after)
		alloc = after.TotalAlloc - before.TotalAlloc
	}
	return alloc, took
}

// nonASCIIDefinition is minifiedDefinition with state names and strings in
// Greek: columns count characters, not bytes.
func nonASCIIDefinition(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"Comment":"γενιά","StartAt":"Σ0","States":{`)
	for i := 0; ; i++ {
		s := fmt.Sprintf(`"Σ%d":{"Type":"Pass","Parameters":{"όνομα":"τιμή %d","λίστα":["α","β"]},"Next":"Σ%d"}`, i, i, i+1)
		if b.Len()+len(s)+64 > size {
			fmt.Fprintf(&b, `"Σ%d":{"Type":"Succeed"}}}`, i)
			return []byte(b.String())
		}
		b.WriteString(s)
		b.WriteByte(',')
	}
}

// longKeysDeep nests objects with long keys 40 deep and puts an array of
// numbers at the bottom: every value's JSON pointer is long.
func longKeysDeep(size int) []byte {
	const depth = 40
	key := strings.Repeat("k", size/(4*depth))
	var b strings.Builder
	b.WriteString(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":`)
	for i := range depth {
		fmt.Fprintf(&b, `{"%s%d":`, key, i)
	}
	b.WriteString("[0")
	for b.Len()+2+depth+8 < size {
		b.WriteString(",0")
	}
	b.WriteString("]" + strings.Repeat("}", depth) + "}}}")
	return []byte(b.String())
}

// danglingNexts is a one-line definition whose every state names a missing
// state: a problem, with a line and a column, for each.
func danglingNexts(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"StartAt":"S0","States":{`)
	for i := 0; b.Len() < size-64; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"S%d":{"Type":"Pass","Next":"Missing%d"}`, i, i)
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

// TestParseCostIsLinear checks that parsing four times more costs about
// four times more, whatever the shape of the definition. Positions used to
// be found by counting the characters from the start of the line for every
// value, and every value's JSON pointer was built and kept: a minified
// definition of 880 KB took 17 s.
func TestParseCostIsLinear(t *testing.T) {
	shapes := []struct {
		name  string
		build func(size int) []byte
	}{
		{"minified states", minifiedDefinition},
		{"minified non-ASCII", nonASCIIDefinition},
		{"long keys nested deep", longKeysDeep},
		{"a problem per state on one line", danglingNexts},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			small, large := sh.build(64<<10), sh.build(256<<10)
			require.InDelta(t, 4, float64(len(large))/float64(len(small)), 0.1)
			allocSmall, tookSmall := parseCost(small)
			allocLarge, tookLarge := parseCost(large)
			t.Logf("64 KiB: %v, %d KiB allocated; 256 KiB: %v, %d KiB allocated", tookSmall, allocSmall>>10, tookLarge, allocLarge>>10)
			require.Less(t, float64(allocLarge), 6*float64(allocSmall), "allocations grow faster than the input")
			require.Less(t, float64(tookLarge), 12*float64(tookSmall), "time grows faster than the input")
		})
	}
}
