package distributed

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkRead100kCSV reads a 100,000-row CSV object and batches it.
func BenchmarkRead100kCSV(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("id,name,qty\n")
	for i := range 100_000 {
		sb.WriteString(strconv.Itoa(i) + ",\"item " + strconv.Itoa(i) + "\"," + strconv.Itoa(i%97) + "\n")
	}
	s3 := newMemS3()
	s3.put("b", "k", sb.String())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		items, err := ReadItems(ctx, s3, ReaderConfig{InputType: "CSV"}, ResourceGetObject, map[string]any{"Bucket": "b", "Key": "k"})
		if err != nil || len(items) != 100_000 {
			b.Fatal(err, len(items))
		}
		batches, err := Batch(items, BatcherConfig{MaxItemsPerBatch: 100})
		if err != nil || len(batches) != 1000 {
			b.Fatal(err, len(batches))
		}
	}
}
