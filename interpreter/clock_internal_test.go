package interpreter

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// TestAdvanceFiresInOrder: Advance moves through the timers that fall due
// one after another, each seeing its own time.
func TestAdvanceFiresInOrder(t *testing.T) {
	c := NewFakeClock(t0)
	var seen []time.Duration
	c.AfterFunc(20*time.Second, func() { seen = append(seen, c.Now().Sub(t0)) })
	c.AfterFunc(10*time.Second, func() { seen = append(seen, c.Now().Sub(t0)) })
	c.Advance(time.Hour)
	require.Equal(t, []time.Duration{10 * time.Second, 20 * time.Second}, seen)
	require.Equal(t, t0.Add(time.Hour), c.Now())
}

// TestStoppedTimersAreDropped: stopped timers do not pile up.
func TestStoppedTimersAreDropped(t *testing.T) {
	c := NewFakeClock(t0)
	for i := 0; i < 10000; i++ {
		stop := c.AfterFunc(time.Minute, func() {})
		stop()
	}
	c.mu.Lock()
	n := len(c.timers)
	c.mu.Unlock()
	require.Less(t, n, 200)
}
