package interpreter

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Clock tells the time and waits. The engine never reads the wall clock or
// sleeps directly, so a FakeClock runs waits, retries and timeouts in zero time.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits for d, or until ctx is done (then it returns ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
	// AfterFunc calls f in its own goroutine once d has elapsed, unless the
	// returned stop function is called first.
	// f must not block.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// RealClock returns the wall clock.
func RealClock() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (realClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

func (realClock) park(ctx context.Context, d time.Duration, wake func(error)) {
	var (
		once    atomic.Bool
		stopCtx func() bool
	)
	t := time.AfterFunc(d, func() {
		if once.CompareAndSwap(false, true) {
			stopCtx()
			wake(nil)
		}
	})
	stopCtx = context.AfterFunc(ctx, func() {
		if once.CompareAndSwap(false, true) {
			t.Stop()
			wake(ctx.Err())
		}
	})
}

// parker is implemented by the clocks that can wait without a goroutine:
// park calls wake, in a goroutine of its own, once d has elapsed (with nil)
// or ctx is done (with ctx.Err()), whichever comes first. The engine parks
// an execution waiting on a top-level Wait state, so that a waiting
// execution holds no goroutine. A goroutine counted at work by a FakeClock
// stops being counted when it parks and is counted again when woken.
//
// suspend parks an execution that waits for something else than time (a
// task token's callback): ready reports, without blocking and for good once
// true, that the wait is over. Whoever ends the wait calls resume, which
// reports true to the first caller only; that caller continues the
// execution in a goroutine of its own.
type parker interface {
	park(ctx context.Context, d time.Duration, wake func(error))
	suspend(ready func() bool) (resume func() bool)
}

func (realClock) suspend(func() bool) func() bool {
	var once atomic.Bool
	return func() bool { return once.CompareAndSwap(false, true) }
}

// FakeClock is a virtual clock for tests and fast runs: waits, retries and
// timeouts take no real time.
//
// The engine tells a FakeClock which of its goroutines are at work (running
// states, or inside a Task's adapter) and which wait. Virtual time moves on
// only when every one of them waits and at least one sleeps (a Wait state, a
// retry's backoff): it then jumps to the next sleep or timer that falls due.
// So concurrent branches, Map iterations and nested executions interleave in
// virtual time as they would in real time, and a task that answers at once
// is never timed out because a sibling branch sleeps. Time never moves while
// an adapter is running, nor only because a task timeout or heartbeat timer
// is pending; call Advance to move it by hand (a hung adapter, a callback
// that never comes).
//
// Sleep called outside an execution (without the engine's context) advances
// the time at once. Timer functions run synchronously while the time moves,
// so they must not block.
type FakeClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer
	stopped int // timers stopped but not yet dropped from timers
	sleeps  []time.Duration
	active  int                      // engine goroutines at work
	waiters map[*fakeWaiter]struct{} // engine goroutines waiting
	// firing counts timer functions being run outside c.mu: time stands
	// still until they have run (they may wake waiters).
	firing int
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

// fakeWaiter is an engine goroutine that waits: for the virtual time
// (sleeping, until at; the scheduler closes woken) or for something else.
type fakeWaiter struct {
	sleeping bool
	at       time.Time
	woken    chan struct{}
	// ready reports, without blocking and for good once true, that the
	// wait is over and the goroutine is about to work again.
	ready func() bool
	// onWake, for a parked execution (see park), is called in a new
	// goroutine instead of closing woken.
	onWake  func(error)
	stopCtx func() bool
}

// NewFakeClock returns a FakeClock reading start.
func NewFakeClock(start time.Time) *FakeClock {
	return &FakeClock{now: start, waiters: map[*fakeWaiter]struct{}{}}
}

// Now returns the virtual time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep waits until the virtual time has moved on by d, or ctx is done.
func (c *FakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	if ctx.Value(workKey{}) == nil {
		c.Advance(d)
		return ctx.Err()
	}
	w := &fakeWaiter{sleeping: true, woken: make(chan struct{}), ready: func() bool { return ctx.Err() != nil }}
	c.enlist(w, d)
	c.schedule()
	select {
	case <-w.woken: // the scheduler counted this goroutine at work again
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		if _, waiting := c.waiters[w]; waiting {
			delete(c.waiters, w)
			c.active++
		}
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Hold keeps the virtual time still until release is called, as if one
// more engine goroutine were at work. Start a batch of executions between
// Hold and release and they all start at the same virtual moment; without
// it, time may move on (to the first one's Wait) before the next one starts.
// Calling release more than once has no further effect.
func (c *FakeClock) Hold() (release func()) {
	c.begin()
	var once sync.Once
	return func() { once.Do(c.end) }
}

// park is Sleep without a goroutine: see parker.
func (c *FakeClock) park(ctx context.Context, d time.Duration, wake func(error)) {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	w := &fakeWaiter{sleeping: true, ready: func() bool { return ctx.Err() != nil }, onWake: wake}
	c.enlist(w, d)
	stop := context.AfterFunc(ctx, func() {
		c.mu.Lock()
		_, waiting := c.waiters[w]
		if waiting {
			delete(c.waiters, w)
			c.active++
		}
		c.mu.Unlock()
		if waiting {
			wake(ctx.Err())
		}
	})
	c.mu.Lock()
	w.stopCtx = stop // read by due under c.mu; nil there only means the registration lingers until ctx is done
	c.mu.Unlock()
	c.schedule()
}

// enlist counts the calling goroutine as waiting in w, a sleeper due d
// from now or (not sleeping) a wait for something else; call c.schedule
// after.
func (c *FakeClock) enlist(w *fakeWaiter, d time.Duration) {
	c.mu.Lock()
	if w.sleeping {
		w.at = c.now.Add(max(d, 0))
	}
	c.active--
	c.waiters[w] = struct{}{}
	c.mu.Unlock()
}

// suspend parks a wait for something else than time: see parker.
func (c *FakeClock) suspend(ready func() bool) func() bool {
	w := &fakeWaiter{ready: ready}
	c.enlist(w, 0)
	c.schedule()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, waiting := c.waiters[w]; !waiting {
			return false
		}
		delete(c.waiters, w)
		c.active++
		return true
	}
}

// Sleeps returns every duration passed to Sleep, in order.
func (c *FakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// AfterFunc schedules f for when the virtual time reaches now+d.
func (c *FakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		if was {
			t.stopped = true
			c.stopped++
			c.compact()
		}
		return was
	}
}

// compact drops stopped timers once they are half of the list, so that
// many short-lived timeouts cost neither memory nor scans. c.mu is held.
func (c *FakeClock) compact() {
	if c.stopped < 64 || 2*c.stopped < len(c.timers) {
		return
	}
	kept := c.timers[:0]
	for _, t := range c.timers {
		if !t.stopped {
			kept = append(kept, t)
		}
	}
	clear(c.timers[len(kept):])
	c.timers, c.stopped = kept, 0
}

// Advance moves the virtual time forward by d, firing the timers and waking
// the sleepers that fall due, in the order they fall due.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(max(d, 0))
	c.mu.Unlock()
	for {
		c.mu.Lock()
		next, ok := c.nextDue(target)
		if !ok {
			c.now = target
			due := c.due()
			c.mu.Unlock()
			fire(due)
			return
		}
		c.now = next
		due := c.due()
		c.mu.Unlock()
		fire(due)
	}
}

// nextDue is the earliest timer or sleep due before target. c.mu is held.
func (c *FakeClock) nextDue(target time.Time) (time.Time, bool) {
	next, found := target, false
	for _, t := range c.timers {
		if !t.stopped && t.at.Before(next) {
			next, found = t.at, true
		}
	}
	for w := range c.waiters {
		if w.sleeping && w.at.Before(next) {
			next, found = w.at, true
		}
	}
	return next, found
}

// due collects the timers that fall due and wakes the sleepers that do,
// counting them at work. c.mu is held.
func (c *FakeClock) due() []*fakeTimer {
	var due []*fakeTimer
	kept := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			t.stopped = true
			due = append(due, t)
		default:
			kept = append(kept, t)
		}
	}
	clear(c.timers[len(kept):])
	c.timers, c.stopped = kept, 0
	for w := range c.waiters {
		if w.sleeping && !w.at.After(c.now) {
			delete(c.waiters, w)
			c.active++
			if w.onWake != nil {
				wake, stop := w.onWake, w.stopCtx
				due = append(due, &fakeTimer{at: w.at, f: func() {
					if stop != nil {
						stop()
					}
					go wake(nil)
				}})
				continue
			}
			close(w.woken)
		}
	}
	return due
}

func fire(due []*fakeTimer) {
	sort.SliceStable(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	for _, t := range due {
		t.f()
	}
}

// schedule moves the virtual time while every engine goroutine waits and one
// of them sleeps: to the next sleep or timer due, again and again, until a
// goroutine is at work or about to be.
func (c *FakeClock) schedule() {
	for {
		c.mu.Lock()
		next, ok := c.next()
		if !ok {
			c.mu.Unlock()
			return
		}
		if next.After(c.now) {
			c.now = next
		}
		due := c.due()
		c.firing++
		c.mu.Unlock()
		fire(due)
		c.mu.Lock()
		c.firing--
		c.mu.Unlock()
	}
}

// next is when the virtual time should move to, if it should. c.mu is held.
func (c *FakeClock) next() (time.Time, bool) {
	if c.active > 0 || c.firing > 0 {
		return time.Time{}, false
	}
	var (
		next     time.Time
		sleeping bool
	)
	for w := range c.waiters {
		if w.ready() {
			return time.Time{}, false
		}
		if w.sleeping && (!sleeping || w.at.Before(next)) {
			next, sleeping = w.at, true
		}
	}
	if !sleeping {
		return time.Time{}, false
	}
	for _, t := range c.timers {
		if !t.stopped && t.at.Before(next) {
			next = t.at
		}
	}
	return next, true
}

// begin counts one more engine goroutine at work; call it before starting
// the goroutine.
func (c *FakeClock) begin() {
	c.mu.Lock()
	c.active++
	c.mu.Unlock()
}

// end counts an engine goroutine that stops working for good.
func (c *FakeClock) end() {
	c.mu.Lock()
	c.active--
	c.mu.Unlock()
	c.schedule()
}

// await runs block, which waits for something else than the virtual time,
// with the calling goroutine counted as waiting. ready must report, without
// blocking and for good once true, that block is about to return.
func (c *FakeClock) await(ready func() bool, block func()) {
	resume := c.suspend(ready)
	block()
	resume()
}

// scheduler is implemented by clocks that run virtual time for the engine,
// which reports through it the goroutines at work.
type scheduler interface {
	begin()
	end()
	await(ready func() bool, block func())
}

// workKey marks the contexts of engine goroutines counted by a scheduler.
type workKey struct{}

// begin counts a goroutine about to start engine work.
func (e *Engine) begin() {
	if s, ok := e.opts.Clock.(scheduler); ok {
		s.begin()
	}
}

// end counts a goroutine that has finished engine work.
func (e *Engine) end() {
	if s, ok := e.opts.Clock.(scheduler); ok {
		s.end()
	}
}

// await runs block, which waits for something else than time (branches,
// a callback, another execution), counting the caller as waiting. ready must
// report, without blocking and for good once true, that block is about to
// return.
func (e *Engine) await(ready func() bool, block func()) {
	if s, ok := e.opts.Clock.(scheduler); ok {
		s.await(ready, block)
		return
	}
	block()
}

// Await blocks until done is closed or ctx is done. A Task adapter that
// waits for other executions of this engine (a nested .sync execution) waits
// through Await with the context it was invoked with, so that a FakeClock
// moves time on for them meanwhile. A task must not be in two Awaits at
// once (the task counts as waiting once).
func (e *Engine) Await(ctx context.Context, done <-chan struct{}) error {
	block := func() {
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
	if ctx.Value(workKey{}) == nil {
		block()
	} else {
		e.await(func() bool { return isClosed(done) || ctx.Err() != nil }, block)
	}
	select {
	case <-done:
		return nil
	default:
		return ctx.Err()
	}
}

// isClosed reports whether ch is closed, without blocking.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
