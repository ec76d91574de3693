package distributed

import (
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// MaxBatchBytes is the largest batch ItemBatcher builds (256 KiB, the
// MaxInputBytesPerBatch ceiling and the child execution input limit).
const MaxBatchBytes = 256 * 1024

// BatcherConfig is an ItemBatcher with its values resolved.
type BatcherConfig struct {
	// MaxItemsPerBatch limits the items in a batch; 0 sets no count limit.
	MaxItemsPerBatch int
	// MaxInputBytesPerBatch limits the size of a batch in bytes; 0 (or a
	// value above MaxBatchBytes) means MaxBatchBytes.
	MaxInputBytesPerBatch int
	// BatchInput is the evaluated BatchInput, or nil when absent.
	BatchInput any
}

func (c BatcherConfig) byteLimit() int {
	if c.MaxInputBytesPerBatch <= 0 || c.MaxInputBytesPerBatch > MaxBatchBytes {
		return MaxBatchBytes
	}
	return c.MaxInputBytesPerBatch
}

// Batch groups items as an ItemBatcher does. Each batch is the input of one
// child execution, the object AWS documents on the ItemBatcher (Map) page:
//
//	{"BatchInput": {...}, "Items": [item, ...]}
//
// without "BatchInput" when none is configured. Items keep their order; a
// batch closes when one more item would pass MaxItemsPerBatch or make the
// batch's JSON encoding longer than MaxInputBytesPerBatch bytes (the whole
// child input is counted, BatchInput included). An item too large to share
// a batch goes alone in one; whether it fits the child input limit is the
// caller's check.
func Batch(items []any, cfg BatcherConfig) ([]any, error) {
	b, err := NewBatcher(cfg)
	if err != nil {
		return nil, err
	}
	var batches []any
	for _, item := range items {
		if batch, ok := b.Add(item); ok {
			batches = append(batches, batch)
		}
	}
	if batch, ok := b.Flush(); ok {
		batches = append(batches, batch)
	}
	return batches, nil
}

// Batcher builds batches one item at a time, so a reader's items can be
// batched without holding them all.
type Batcher struct {
	cfg      BatcherConfig
	limit    int
	baseSize int // size of the batch object with no items
	items    []any
	size     int // size of the batch object with items
}

// NewBatcher returns a Batcher for cfg. Negative limits are an error.
func NewBatcher(cfg BatcherConfig) (*Batcher, error) {
	if cfg.MaxItemsPerBatch < 0 {
		return nil, states.New(states.ErrRuntime, "field MaxItemsPerBatch must be positive")
	}
	if cfg.MaxInputBytesPerBatch < 0 {
		return nil, states.New(states.ErrRuntime, "field MaxInputBytesPerBatch must be positive")
	}
	base := len(`{"Items":[]}`)
	if cfg.BatchInput != nil {
		base += len(`"BatchInput":,`) + jsonv.Size(cfg.BatchInput, 0)
	}
	return &Batcher{cfg: cfg, limit: cfg.byteLimit(), baseSize: base, size: base}, nil
}

// Add adds an item. When the item does not fit the open batch, Add closes
// that batch, returns it with ok true, and starts the next with the item.
func (b *Batcher) Add(item any) (batch any, ok bool) {
	itemSize := jsonv.Size(item, b.limit+1)
	grown := b.size + itemSize
	if len(b.items) > 0 {
		grown++ // the comma
	}
	full := len(b.items) > 0 && (grown > b.limit || (b.cfg.MaxItemsPerBatch > 0 && len(b.items) >= b.cfg.MaxItemsPerBatch))
	if full {
		batch, ok = b.Flush()
		grown = b.size + itemSize
	}
	b.items = append(b.items, item)
	b.size = grown
	return batch, ok
}

// Flush closes the open batch and returns it; ok is false when it is empty.
func (b *Batcher) Flush() (batch any, ok bool) {
	if len(b.items) == 0 {
		return nil, false
	}
	m := map[string]any{"Items": b.items}
	if b.cfg.BatchInput != nil {
		m["BatchInput"] = jsonv.Clone(b.cfg.BatchInput)
	}
	b.items = nil
	b.size = b.baseSize
	return m, true
}
