package distributed

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
)

func numbers(n int) []any {
	items := make([]any, n)
	for i := range items {
		items[i] = json.Number(strconv.Itoa(i))
	}
	return items
}

func batchSizes(t *testing.T, batches []any) []int {
	t.Helper()
	var sizes []int
	for _, b := range batches {
		sizes = append(sizes, len(b.(map[string]any)["Items"].([]any)))
	}
	return sizes
}

func TestBatchByCount(t *testing.T) {
	// The ItemBatcher (Map) page: 1130 items, MaxItemsPerBatch 100 → 11
	// batches of 100 and a twelfth of 30.
	batches, err := Batch(numbers(1130), BatcherConfig{MaxItemsPerBatch: 100})
	require.NoError(t, err)
	sizes := batchSizes(t, batches)
	require.Len(t, sizes, 12)
	for _, n := range sizes[:11] {
		require.Equal(t, 100, n)
	}
	require.Equal(t, 30, sizes[11])

	// Items keep their order across batches.
	var all []any
	for _, b := range batches {
		all = append(all, b.(map[string]any)["Items"].([]any)...)
	}
	require.Equal(t, numbers(1130), all)
}

func TestBatchShape(t *testing.T) {
	items := []any{map[string]any{"verdict": "true"}, map[string]any{"verdict": "false"}, map[string]any{"verdict": "mostly-true"}}
	batches, err := Batch(items, BatcherConfig{MaxItemsPerBatch: 2, BatchInput: map[string]any{"factCheck": "December 2022"}})
	require.NoError(t, err)
	require.JSONEq(t, `[
		{"BatchInput":{"factCheck":"December 2022"},"Items":[{"verdict":"true"},{"verdict":"false"}]},
		{"BatchInput":{"factCheck":"December 2022"},"Items":[{"verdict":"mostly-true"}]}
	]`, jsonv.String(batches))

	batches, err = Batch(items, BatcherConfig{MaxItemsPerBatch: 5})
	require.NoError(t, err)
	require.JSONEq(t, `[{"Items":[{"verdict":"true"},{"verdict":"false"},{"verdict":"mostly-true"}]}]`, jsonv.String(batches))

	batches, err = Batch(nil, BatcherConfig{MaxItemsPerBatch: 5})
	require.NoError(t, err)
	require.Empty(t, batches)
}

func TestBatchByBytes(t *testing.T) {
	word := strings.Repeat("a", 8) // "aaaaaaaa" is 10 bytes of JSON
	items := []any{word, word, word, word, word}
	tests := []struct {
		name  string
		cfg   BatcherConfig
		sizes []int
	}{
		// {"Items":["aaaaaaaa","aaaaaaaa"]} is 12 + 10 + 1 + 10 = 33 bytes.
		{"exact fit", BatcherConfig{MaxInputBytesPerBatch: 33}, []int{2, 2, 1}},
		{"one byte short", BatcherConfig{MaxInputBytesPerBatch: 32}, []int{1, 1, 1, 1, 1}},
		{"count tighter than bytes", BatcherConfig{MaxInputBytesPerBatch: 1000, MaxItemsPerBatch: 2}, []int{2, 2, 1}},
		{"bytes tighter than count", BatcherConfig{MaxInputBytesPerBatch: 44, MaxItemsPerBatch: 4}, []int{3, 2}},
		// {"BatchInput":{"k":1},"Items":[...]}: BatchInput adds 14 + 7 bytes.
		{"batch input counts", BatcherConfig{MaxInputBytesPerBatch: 54, BatchInput: map[string]any{"k": json.Number("1")}}, []int{2, 2, 1}},
		{"item larger than the limit goes alone", BatcherConfig{MaxInputBytesPerBatch: 5}, []int{1, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			batches, err := Batch(items, tt.cfg)
			require.NoError(t, err)
			require.Equal(t, tt.sizes, batchSizes(t, batches))
			for _, b := range batches {
				if len(b.(map[string]any)["Items"].([]any)) > 1 {
					require.LessOrEqual(t, len(jsonv.String(b)), tt.cfg.MaxInputBytesPerBatch)
				}
			}
		})
	}
}

func TestBatchDefaultByteLimit(t *testing.T) {
	// Without MaxInputBytesPerBatch batches still stay within 256 KiB.
	big := strings.Repeat("x", 100*1024)
	batches, err := Batch([]any{big, big, big, big, big}, BatcherConfig{MaxItemsPerBatch: 10})
	require.NoError(t, err)
	require.Equal(t, []int{2, 2, 1}, batchSizes(t, batches))
	for _, b := range batches {
		require.LessOrEqual(t, len(jsonv.String(b)), MaxBatchBytes)
	}
	// Values above the 256 KiB ceiling are capped to it.
	batches, err = Batch([]any{big, big, big}, BatcherConfig{MaxInputBytesPerBatch: 10 << 20})
	require.NoError(t, err)
	require.Equal(t, []int{2, 1}, batchSizes(t, batches))
}

func TestBatchUnicodeAndEscapesCountAsEncoded(t *testing.T) {
	// "é" is two bytes, "\n" encodes as two, "<" stays one (no HTML escaping):
	// the item is 7 bytes of JSON, 8 with its comma.
	items := []any{"é\n<", "é\n<"}
	one := len(`{"Items":["é\n<"]}`) // the JSON text, \n as two bytes
	require.Equal(t, one, len(jsonv.String(map[string]any{"Items": []any{"é\n<"}})))
	batches, err := Batch(items, BatcherConfig{MaxInputBytesPerBatch: one + 7})
	require.NoError(t, err)
	require.Equal(t, []int{1, 1}, batchSizes(t, batches))
	batches, err = Batch(items, BatcherConfig{MaxInputBytesPerBatch: one + 8})
	require.NoError(t, err)
	require.Equal(t, []int{2}, batchSizes(t, batches))
}

func TestBatchErrors(t *testing.T) {
	_, err := Batch(numbers(3), BatcherConfig{MaxItemsPerBatch: -1})
	requireStatesError(t, err, "States.Runtime", "field MaxItemsPerBatch must be positive")
	_, err = Batch(numbers(3), BatcherConfig{MaxInputBytesPerBatch: -1})
	requireStatesError(t, err, "States.Runtime", "field MaxInputBytesPerBatch must be positive")
}

func TestBatcherStreams(t *testing.T) {
	b, err := NewBatcher(BatcherConfig{MaxItemsPerBatch: 2})
	require.NoError(t, err)
	var got []int
	for _, item := range numbers(5) {
		if batch, ok := b.Add(item); ok {
			got = append(got, len(batch.(map[string]any)["Items"].([]any)))
		}
	}
	batch, ok := b.Flush()
	require.True(t, ok)
	got = append(got, len(batch.(map[string]any)["Items"].([]any)))
	require.Equal(t, []int{2, 2, 1}, got)
	_, ok = b.Flush()
	require.False(t, ok)
}
