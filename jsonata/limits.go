package jsonata

import (
	"context"
	"math"
	"time"
)

// Limits of one evaluation. They are gostates limits, not jsonata-js
// behaviour: they exist so that a hostile expression or input ends in a
// clear error in bounded time and memory. The defaults apply whenever Eval
// is called without the corresponding option.
const (
	// DefaultMaxDepth is the default limit on the nesting of evaluation
	// (about three levels per call of a non-tail-recursive function).
	// Deeper evaluation fails with code D1011.
	DefaultMaxDepth = 10000

	// DefaultMaxSteps is the default limit on the work of one evaluation,
	// in steps (see WithMaxSteps). It bounds an evaluation to roughly a
	// quarter of a second of CPU time; more work fails with code U1001.
	DefaultMaxSteps = 4_000_000

	// DefaultMaxItems is the default limit on the number of items an
	// evaluation may put into sequences, arrays and objects, counted
	// cumulatively (about 500 MB). More fails with code D2015.
	DefaultMaxItems = 20_000_000

	// DefaultMaxStringBytes is the default limit on the total size of the
	// strings an evaluation builds, in bytes, counted cumulatively. More
	// fails with code D2015.
	DefaultMaxStringBytes = 128 << 20
)

// Option configures one evaluation.
type Option func(*evalConfig)

type evalConfig struct {
	now            time.Time
	maxDepth       int
	maxSteps       int
	maxItems       int
	maxStringBytes int
	timeLimit      time.Duration
}

func defaultConfig() evalConfig {
	return evalConfig{
		maxDepth:       DefaultMaxDepth,
		maxSteps:       DefaultMaxSteps,
		maxItems:       DefaultMaxItems,
		maxStringBytes: DefaultMaxStringBytes,
	}
}

// WithNow sets the time $now() and $millis() return (by default the time
// Eval is called). Use it to evaluate against a virtual clock.
func WithNow(t time.Time) Option {
	return func(c *evalConfig) { c.now = t }
}

// WithMaxDepth limits the nesting of evaluation; deeper evaluation (runaway
// recursion) fails with code D1011. n <= 0 selects DefaultMaxDepth.
func WithMaxDepth(n int) Option {
	return func(c *evalConfig) {
		if n > 0 {
			c.maxDepth = n
		}
	}
}

// WithMaxSteps limits the work of the evaluation: more than n steps fail
// with code U1001. A step (about 60 ns of work) is the evaluation of one
// expression node; a function call costs 2 to 64 steps, and built-in
// functions charge for the work they do on large values: a step for about
// 4 items they create, 16 items they scan, 128 bytes of strings they build
// or 64 they scan; a sort comparison is ¾ of a step, a regular expression
// search 1/8 step per instruction of the program and byte of text.
// n <= 0 selects DefaultMaxSteps; math.MaxInt disables the limit.
func WithMaxSteps(n int) Option {
	return func(c *evalConfig) {
		if n > 0 {
			c.maxSteps = n
		}
	}
}

// WithTimeLimit limits the wall-clock time of the evaluation: it fails with
// code D1012 (as JSONata 2.2's timeout option does; the error wraps
// context.DeadlineExceeded) once d has passed. By default there is no time
// limit besides ctx and the step limit, which is deterministic; d <= 0
// selects that default.
func WithTimeLimit(d time.Duration) Option {
	return func(c *evalConfig) {
		if d > 0 {
			c.timeLimit = d
		}
	}
}

// WithMaxItems limits the number of items the evaluation may put into
// sequences, arrays and objects, counted cumulatively (an object counts as
// 16 items): more fail with code D2015. n <= 0 selects DefaultMaxItems.
func WithMaxItems(n int) Option {
	return func(c *evalConfig) {
		if n > 0 {
			c.maxItems = n
		}
	}
}

// WithMaxStringBytes limits the total size in bytes of the strings the
// evaluation builds (counted cumulatively): more fail with code D2015.
// n <= 0 selects DefaultMaxStringBytes.
func WithMaxStringBytes(n int) Option {
	return func(c *evalConfig) {
		if n > 0 {
			c.maxStringBytes = n
		}
	}
}

// The work of an evaluation is counted in cost units of about 2 ns: a step
// (the evaluation of one node) is stepCost units, an item scanned scanCost
// units, an item created allocCost units, and bytes of strings cost a unit
// per bytesPerUnit bytes built or bytesPerUnit/2 bytes scanned. The weights
// follow the measured cost of the operations, so that the step limit bounds
// the time of any evaluation.
const (
	stepCost     = 32
	scanCost     = 2
	allocCost    = 8
	bytesPerUnit = 4
	// callCost is the extra cost of calling a lambda (a frame, its
	// bindings, the arguments)
	callCost = 2 * stepCost
	// builtinCost is the cost of calling a native function (the arguments,
	// their validation), unless its definition says more
	builtinCost = 2 * stepCost
	// compareCost is the cost of one comparison of a sort
	compareCost = 24
	// objectItems is what an object counts for in the item limit (a Go
	// map takes about as much memory as 16 items of a slice).
	objectItems = 16
	// checkInterval is the work between two checks of the context and the
	// time limit.
	checkInterval = 1024 * stepCost
)

// budget holds the limits and counters of one evaluation.
type budget struct {
	cost      int64 // work done so far, in cost units
	nextCheck int64 // cost at which checkpoint runs next
	costLimit int64

	items, maxItems    int
	strBytes, maxBytes int

	ctx   context.Context
	timer *timeLimit // nil without a time limit
}

type timeLimit struct {
	limit    time.Duration
	deadline time.Time
}

func (b *budget) init(ctx context.Context, cfg *evalConfig) {
	b.ctx = ctx
	if int64(cfg.maxSteps) > math.MaxInt64/(4*stepCost) {
		b.costLimit = math.MaxInt64 / 4
	} else {
		b.costLimit = int64(cfg.maxSteps) * stepCost
	}
	b.maxItems = cfg.maxItems
	b.maxBytes = cfg.maxStringBytes
	if cfg.timeLimit > 0 {
		b.timer = &timeLimit{limit: cfg.timeLimit, deadline: time.Now().Add(cfg.timeLimit)}
	}
}

// charge accounts for work; it fails when the evaluation has done too much
// work, ran out of time or was cancelled.
func (b *budget) charge(units int64) error {
	b.cost += units
	if b.cost < b.nextCheck {
		return nil
	}
	return b.checkpoint()
}

// step accounts for one step.
func (b *budget) step() error { return b.charge(stepCost) }

// scan accounts for reading n items of an existing value.
func (b *budget) scan(n int) error { return b.charge(int64(n) * scanCost) }

// scanf is scan for a number of items computed as a float (which may be
// huge).
func (b *budget) scanf(n float64) error {
	if !(n*scanCost <= float64(b.remaining())) {
		return b.charge(b.remaining() + 1)
	}
	return b.charge(int64(n) * scanCost)
}

// scanBytes accounts for reading n bytes of an existing string.
func (b *budget) scanBytes(n int) error { return b.charge(int64(n) * 2 / bytesPerUnit) }

func (b *budget) checkpoint() error {
	if b.cost > b.costLimit {
		b.nextCheck = b.cost // fail again on the next charge
		return newError(codeStepLimit).withValue(float64(b.costLimit / stepCost))
	}
	if done := b.ctx.Done(); done != nil {
		select {
		case <-done:
			b.nextCheck = b.cost
			e := newError(codeTimeout)
			e.cause = b.ctx.Err()
			return e
		default:
		}
	}
	if b.timer != nil && !time.Now().Before(b.timer.deadline) {
		b.nextCheck = b.cost
		e := newError(codeTimeout)
		e.message = "Evaluation timeout after " + formatJSNumber(float64(b.timer.limit.Milliseconds())) + " milliseconds. Check for infinite loop"
		e.verbatim = true
		e.cause = context.DeadlineExceeded
		return e
	}
	b.nextCheck = min(b.cost+checkInterval, b.costLimit+1)
	return nil
}

// alloc accounts for n items added to sequences, arrays or objects.
func (b *budget) alloc(n int) error {
	if n < 0 || n > b.maxItems-b.items {
		return b.tooManyItems()
	}
	b.items += n
	return b.charge(int64(n) * allocCost)
}

// allocObject accounts for an object of n keys.
func (b *budget) allocObject(n int) error { return b.alloc(objectItems + n) }

// allocf is alloc for a size computed as a float (which may be huge).
func (b *budget) allocf(n float64) error {
	if !(n <= float64(b.maxItems-b.items)) {
		return b.tooManyItems()
	}
	return b.alloc(int(n))
}

// newString accounts for a string of n bytes built by the evaluation; call
// it before building the string.
func (b *budget) newString(n int) error {
	if n < 0 || n > b.maxBytes-b.strBytes {
		return b.tooManyBytes()
	}
	b.strBytes += n
	return b.charge(int64(n) / bytesPerUnit)
}

// ensureString checks that a string of up to n bytes (an estimate, which
// may be huge) can still be built, without accounting for it.
func (b *budget) ensureString(n float64) error {
	if !(n <= float64(b.maxBytes-b.strBytes)) {
		return b.tooManyBytes()
	}
	return nil
}

// newStringf is newString for a size computed as a float.
func (b *budget) newStringf(n float64) error {
	if !(n <= float64(b.maxBytes-b.strBytes)) {
		return b.tooManyBytes()
	}
	return b.newString(int(n))
}

func (b *budget) tooManyItems() error {
	e := newError(codeTooLarge).withValue(float64(b.maxItems))
	e.message = "The evaluation exceeded its limit of " + formatJSNumber(float64(b.maxItems)) + " items in sequences, arrays and objects"
	e.verbatim = true
	return e
}

func (b *budget) tooManyBytes() error {
	e := newError(codeTooLarge).withValue(float64(b.maxBytes))
	e.message = "The evaluation exceeded its limit of " + formatJSNumber(float64(b.maxBytes)) + " bytes of strings"
	e.verbatim = true
	return e
}

// stringRoom is the number of bytes of strings the evaluation may still
// build.
func (b *budget) stringRoom() int { return b.maxBytes - b.strBytes }

// remaining is the work the evaluation may still do, in cost units.
func (b *budget) remaining() int64 { return b.costLimit - b.cost }

// isLimitError reports whether err is a limit of the evaluation (depth,
// work, time, size, cancellation), which no expression can handle.
func isLimitError(code string) bool {
	switch code {
	case codeStackOverflow, codeTimeout, codeStepLimit, codeTooLarge:
		return true
	}
	return false
}
