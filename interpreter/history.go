package interpreter

import (
	"encoding/json"
	"sync"
	"time"
)

// Event is one entry of an execution's history, shaped like an event of
// AWS GetExecutionHistory.
type Event struct {
	ID              int64     `json:"id"`
	PreviousEventID int64     `json:"previousEventId"`
	Timestamp       time.Time `json:"timestamp"`
	// Type is the AWS event type, e.g. "PassStateEntered", "TaskFailed".
	Type string `json:"type"`
	// DetailsKey is the JSON field holding Details, e.g.
	// "stateEnteredEventDetails"; empty when the event has no details.
	DetailsKey string `json:"-"`
	// Details holds the event's details with AWS's field names.
	Details map[string]any `json:"-"`
}

// MarshalJSON renders the event as AWS does, details under DetailsKey.
func (e Event) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"id":        e.ID,
		"timestamp": e.Timestamp.UTC().Format(time.RFC3339Nano),
		"type":      e.Type,
	}
	if e.PreviousEventID != 0 {
		m["previousEventId"] = e.PreviousEventID
	}
	if e.DetailsKey != "" {
		m[e.DetailsKey] = e.Details
	}
	return json.Marshal(m)
}

// history is an execution's event log. It is shared by the goroutines of
// Parallel branches and Map iterations.
type history struct {
	mu     sync.Mutex
	events []record
	n      int // events recorded, kept or not
	limit  int
	clock  Clock
	// discard counts events (for the limit) without keeping them.
	discard bool
	// full is set once an event was refused for the limit.
	full bool
}

// record is a kept event: its details are either in Event.Details or, for
// the most frequent events, compactly in io until the history is read.
type record struct {
	Event
	io   *ioDetails
	lazy func() map[string]any // builds Details when the history is read
}

// ioDetails are the details of a state entered or exited event or of
// ExecutionStarted: a state name, the input or output, and a role.
type ioDetails struct {
	name, roleArn string
	output        bool // value is the output (else the input)
	value         any
}

// details builds the event's details as AWS shapes them.
func (d *ioDetails) details() map[string]any {
	m := make(map[string]any, 3)
	if d.name != "" {
		m["name"] = d.name
	}
	key := "input"
	if d.output {
		key = "output"
	}
	m[key] = lazyJSON{d.value}
	m[key+"Details"] = map[string]any{"truncated": false}
	if d.roleArn != "" {
		m["roleArn"] = d.roleArn
	}
	return m
}

// addIO appends an event whose details are d (see ioDetails).
func (h *history) addIO(typ, detailsKey string, d ioDetails) (id int64, ok bool) {
	var io *ioDetails
	if h.keeps() {
		io = new(ioDetails)
		*io = d
	}
	return h.append(0, record{Event: Event{Type: typ, DetailsKey: detailsKey}, io: io}, false)
}

// add appends an event after prev (0 for the last event) and returns its id.
// ok is false when the history limit is reached.
func (h *history) add(prev int64, typ, detailsKey string, details map[string]any) (id int64, ok bool) {
	return h.append(prev, record{Event: Event{Type: typ, DetailsKey: detailsKey, Details: details}}, false)
}

// append records rec (its type and details) as the next event, after prev
// (0: the last event); force records it even past the limit.
func (h *history) append(prev int64, rec record, force bool) (id int64, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	// The last event under the limit is kept for the execution's end
	// (ExecutionFailed), as AWS does.
	if !force && h.limit > 0 && h.n >= h.limit-1 {
		h.full = true
		return int64(h.n), false
	}
	h.n++
	id = int64(h.n)
	if h.discard {
		return id, true
	}
	if prev == 0 {
		prev = id - 1
	}
	rec.ID, rec.PreviousEventID, rec.Timestamp = id, prev, h.clock.Now()
	h.events = append(h.events, rec)
	return id, true
}

// record adds an event whose details are built only when events are kept
// (details does not escape: a discarded history costs no allocation).
func (h *history) record(typ, detailsKey string, details func() map[string]any) (id int64, ok bool) {
	var d map[string]any
	if h.keeps() {
		d = details()
	}
	return h.add(0, typ, detailsKey, d)
}

// recordLazy adds an event whose details are built when the history is
// read, so that an execution that waits keeps no map for them (details must
// only read values that no longer change).
func (h *history) recordLazy(typ, detailsKey string, details func() map[string]any) (id int64, ok bool) {
	if !h.keeps() {
		return h.add(0, typ, detailsKey, nil)
	}
	return h.append(0, record{Event: Event{Type: typ, DetailsKey: detailsKey}, lazy: details}, false)
}

// exhausted reports whether the history limit was reached: the execution
// must fail, whatever Retry or Catch say.
func (h *history) exhausted() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.full
}

// keeps reports whether events are kept, so callers can skip building
// details nobody will read.
func (h *history) keeps() bool { return !h.discard }

func (h *history) snapshot() []Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	events := make([]Event, len(h.events))
	for i := range h.events {
		events[i] = h.events[i].Event
		switch rec := &h.events[i]; {
		case rec.io != nil:
			events[i].Details = rec.io.details()
		case rec.lazy != nil:
			events[i].Details = rec.lazy()
		}
	}
	return events
}

// force appends an event even past the limit: the closing event of an
// execution is always recorded.
func (h *history) force(typ, detailsKey string, details map[string]any) {
	h.append(0, record{Event: Event{Type: typ, DetailsKey: detailsKey, Details: details}}, true)
}
