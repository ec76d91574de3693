package interpreter

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/jsonata"
	"github.com/gostates/gostates/states"
)

// Limits Step Functions enforces.
const (
	// DefaultMaxPayloadBytes is the largest input or output a state may have.
	DefaultMaxPayloadBytes = 256 * 1024
	// DefaultMaxHistoryEvents is the most events an execution may record.
	DefaultMaxHistoryEvents = 25000
	// DefaultMaxGoroutines bounds the goroutines one Map state runs at once.
	DefaultMaxGoroutines = 1000
	// InlineMapConcurrency is how many iterations an inline Map runs at
	// once at most on AWS, whatever its MaxConcurrency.
	InlineMapConcurrency = 40
	// DistributedMapConcurrency is the most child executions a Distributed
	// Map runs at once on AWS.
	DistributedMapConcurrency = 10000
)

// Options configures an Engine. The zero value works: no integrations, the
// wall clock, a random seed, region us-east-1 and account 123456789012.
type Options struct {
	// Integrations runs Task states.
	Integrations integrations.Invoker
	// Clock tells time and waits; RealClock when nil.
	Clock Clock
	// Rand is the source of MathRandom and retry jitter; seeded randomly when
	// nil. It is used under a lock.
	Rand mrand.Source
	// NewUUID makes States.UUID values, task tokens and execution names. It
	// is called from many goroutines at once.
	NewUUID func() string
	// Region and Account appear in the ARNs of executions and machines.
	Region, Account string
	// StateMachineName names the machine in ARNs; "StateMachine" when empty.
	StateMachineName string
	// RoleArn is reported as $$.Execution.RoleArn.
	RoleArn string
	// MaxPayloadBytes is the payload limit (256 KiB when 0; negative: none).
	MaxPayloadBytes int
	// MaxHistoryEvents is the history limit (25,000 when 0; negative: none).
	MaxHistoryEvents int
	// MaxGoroutines bounds the iterations one Map state runs at once (1000
	// when 0). A Map runs as many at once as AWS would (MaxConcurrency, at
	// most 40 for an inline Map and 10,000 for a Distributed one) unless
	// this is lower: outputs never change, but a lower bound can make
	// iterations that wait take longer in (virtual) time than on AWS.
	MaxGoroutines int
	// DiscardHistory keeps no history events (Execution.History is empty),
	// for throughput and very large fan-outs. Events are still counted
	// against MaxHistoryEvents.
	DiscardHistory bool
	// Limits bounds each evaluation of a JSONPath or JSONata expression.
	Limits ExpressionLimits
}

// ExpressionLimits bounds the work of each evaluation of an expression, so
// that a hostile definition or input ends in an error in bounded time and
// memory. Zero fields take the defaults; a negative one lifts that limit.
// These are limits of gostates: AWS documents none.
type ExpressionLimits struct {
	// JSONataSteps bounds the work of a JSONata evaluation
	// (jsonata.DefaultMaxSteps, about a quarter of a second of CPU time).
	// Past it the state fails with States.QueryEvaluationError (U1001).
	JSONataSteps int
	// JSONataTime bounds a JSONata evaluation in time (none by default).
	JSONataTime time.Duration
	// PathSteps bounds the nodes a JSONPath evaluation visits (1,048,576).
	// Past it, or past PathResults or PathResultBytes, the state fails
	// with States.Runtime.
	PathSteps int
	// PathResults bounds the values a JSONPath selects (1,048,576).
	PathResults int
	// PathResultBytes bounds the JSON size of the values a filter compares
	// (16 MiB).
	PathResultBytes int
}

// jsonataOptions are the options of every JSONata evaluation.
func (l ExpressionLimits) jsonataOptions() []jsonata.Option {
	var opts []jsonata.Option
	if l.JSONataSteps != 0 {
		opts = append(opts, jsonata.WithMaxSteps(l.JSONataSteps))
	}
	if l.JSONataTime > 0 {
		opts = append(opts, jsonata.WithTimeLimit(l.JSONataTime))
	}
	return opts
}

// pathLimits are the limits of every JSONPath evaluation.
func (l ExpressionLimits) pathLimits() path.Limits {
	lim := path.DefaultLimits()
	for _, f := range []struct {
		dst *int
		v   int
	}{{&lim.MaxSteps, l.PathSteps}, {&lim.MaxResults, l.PathResults}, {&lim.MaxResultBytes, l.PathResultBytes}} {
		switch {
		case f.v > 0:
			*f.dst = f.v
		case f.v < 0:
			*f.dst = 0
		}
	}
	return lim
}

// Engine runs executions. It is safe for concurrent use.
type Engine struct {
	opts   Options
	randMu sync.Mutex
	rnd    *mrand.Rand

	// jsonataFuncs are the functions Step Functions adds to JSONata.
	jsonataFuncs map[string]jsonata.Function
	// jsonataOpts and pathLimits come from Options.Limits.
	jsonataOpts []jsonata.Option
	pathLimits  path.Limits

	mu     sync.Mutex
	tokens map[string]*callback
	execs  map[string]*Execution
	// retired holds the tokens of tasks that ended (at most
	// maxRetiredTokens, oldest first in retiredOrder).
	retired      map[string]struct{}
	retiredOrder []string
}

// New returns an Engine.
func New(opts Options) *Engine {
	if opts.Clock == nil {
		opts.Clock = RealClock()
	}
	if opts.Rand == nil {
		var seed [32]byte
		_, _ = rand.Read(seed[:])
		opts.Rand = mrand.NewChaCha8(seed)
	}
	if opts.NewUUID == nil {
		opts.NewUUID = newUUID
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.Account == "" {
		opts.Account = "123456789012"
	}
	if opts.StateMachineName == "" {
		opts.StateMachineName = "StateMachine"
	}
	if opts.RoleArn == "" {
		opts.RoleArn = fmt.Sprintf("arn:aws:iam::%s:role/StepFunctionsRole", opts.Account)
	}
	if opts.MaxPayloadBytes == 0 {
		opts.MaxPayloadBytes = DefaultMaxPayloadBytes
	}
	if opts.MaxHistoryEvents == 0 {
		opts.MaxHistoryEvents = DefaultMaxHistoryEvents
	}
	if opts.MaxGoroutines <= 0 {
		opts.MaxGoroutines = DefaultMaxGoroutines
	}
	e := &Engine{opts: opts, tokens: map[string]*callback{}, execs: map[string]*Execution{}}
	e.rnd = mrand.New(lockedSource{mu: &e.randMu, src: opts.Rand})
	e.jsonataFuncs = e.jsonataFunctions()
	e.jsonataOpts = opts.Limits.jsonataOptions()
	e.pathLimits = opts.Limits.pathLimits()
	return e
}

// lockedSource makes a rand.Source safe for concurrent use.
type lockedSource struct {
	mu  *sync.Mutex
	src mrand.Source
}

func (s lockedSource) Uint64() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.src.Uint64()
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// StartOption configures one execution.
type StartOption func(*startOptions)

type startOptions struct {
	name        string
	machineName string
}

// WithName names the execution (a UUID by default).
func WithName(name string) StartOption { return func(o *startOptions) { o.name = name } }

// WithStateMachineName names the state machine in this execution's ARNs.
func WithStateMachineName(name string) StartOption {
	return func(o *startOptions) { o.machineName = name }
}

// Status is an execution's status, as AWS names it.
type Status string

// Execution statuses.
const (
	Running   Status = "RUNNING"
	Succeeded Status = "SUCCEEDED"
	Failed    Status = "FAILED"
	TimedOut  Status = "TIMED_OUT"
	Aborted   Status = "ABORTED"
)

// Result is how an execution ended.
type Result struct {
	Status Status
	// Output is the execution's output (SUCCEEDED only), a JSON value.
	Output any
	// Error and Cause describe a failure.
	Error, Cause string
}

// OutputJSON returns Output encoded as JSON.
func (r Result) OutputJSON() []byte {
	b, _ := jsonv.Marshal(r.Output)
	return b
}

// Start begins an execution of sm with input, which is JSON text ([]byte,
// json.RawMessage, string) or a Go value that encodes to JSON. The execution
// runs until it ends or ctx is cancelled (then it is ABORTED).
func (e *Engine) Start(ctx context.Context, sm *asl.StateMachine, input any, opts ...StartOption) (*Execution, error) {
	if sm == nil {
		return nil, errors.New("interpreter: nil state machine")
	}
	in, err := normalizeInput(input)
	if err != nil {
		return nil, fmt.Errorf("interpreter: execution input: %w", err)
	}
	so := startOptions{machineName: e.opts.StateMachineName}
	for _, o := range opts {
		o(&so)
	}
	if so.name == "" {
		so.name = e.opts.NewUUID()
	}
	x := newExecution(e, sm, in, so)
	e.mu.Lock()
	if _, dup := e.execs[x.ARN]; dup {
		e.mu.Unlock()
		return nil, fmt.Errorf("interpreter: execution %q already exists", x.ARN)
	}
	e.execs[x.ARN] = x
	e.mu.Unlock()
	e.begin()
	go x.run(ctx)
	return x, nil
}

// Execute starts an execution and waits for its result. When ctx is
// cancelled the execution is aborted, and Execute returns once it has ended:
// the result is then ABORTED and the history ends with ExecutionAborted.
func (e *Engine) Execute(ctx context.Context, sm *asl.StateMachine, input any, opts ...StartOption) (Result, *Execution, error) {
	x, err := e.Start(ctx, sm, input, opts...)
	if err != nil {
		return Result{}, nil, err
	}
	res := x.Wait(ctx)
	if res.Status == Running {
		<-x.done // cancelled: the execution ends promptly as ABORTED
		res = x.result
	}
	return res, x, nil
}

func normalizeInput(input any) (any, error) {
	switch t := input.(type) {
	case nil:
		return map[string]any{}, nil
	case []byte:
		if len(t) == 0 {
			return map[string]any{}, nil
		}
		return jsonv.Decode(t)
	case json.RawMessage:
		return normalizeInput([]byte(t))
	case string:
		return normalizeInput([]byte(t))
	}
	b, err := json.Marshal(input)
	if err != nil {
		return nil, err
	}
	return jsonv.Decode(b)
}

// StopExecution aborts a running execution with an optional error and cause.
func (e *Engine) StopExecution(executionArn, errName, cause string) error {
	e.mu.Lock()
	x := e.execs[executionArn]
	e.mu.Unlock()
	if x == nil {
		return fmt.Errorf("interpreter: no execution %q", executionArn)
	}
	x.Stop(errName, cause)
	return nil
}

// callback is a task waiting for SendTaskSuccess/Failure (.waitForTaskToken).
type callback struct {
	done chan struct{} // closed once result is set

	mu     sync.Mutex
	result callbackResult
	ended  bool
	onDone func() // called once the result is set, if set
	onBeat func() // called on each heartbeat, if set
}

type callbackResult struct {
	output any
	err    *states.Error
}

// complete sets the task's result; false when it already had one.
func (cb *callback) complete(res callbackResult) bool {
	cb.mu.Lock()
	if cb.ended {
		cb.mu.Unlock()
		return false
	}
	cb.ended, cb.result = true, res
	close(cb.done)
	onDone := cb.onDone
	cb.mu.Unlock()
	if onDone != nil {
		onDone()
	}
	return true
}

// heartbeat tells the waiting task that the worker is alive.
func (cb *callback) heartbeat() {
	cb.mu.Lock()
	onBeat := cb.onBeat
	cb.mu.Unlock()
	if onBeat != nil {
		onBeat()
	}
}

// setHooks sets what complete and heartbeat call (a nil onDone keeps the
// current one); onDone is called at once when the result is already set.
// The hooks must not block.
func (cb *callback) setHooks(onDone, onBeat func()) {
	cb.mu.Lock()
	if onDone != nil {
		cb.onDone = onDone
	}
	cb.onBeat = onBeat
	ended := cb.ended
	cb.mu.Unlock()
	if ended && onDone != nil {
		onDone()
	}
}

func (e *Engine) registerToken(token string) *callback {
	cb := &callback{done: make(chan struct{})}
	e.mu.Lock()
	e.tokens[token] = cb
	e.mu.Unlock()
	return cb
}

// releaseToken forgets a token whose task has ended, remembering it as
// retired so that a late call gets TaskTimedOut rather than InvalidToken.
func (e *Engine) releaseToken(token string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.tokens[token]; !ok {
		return
	}
	delete(e.tokens, token)
	if e.retired == nil {
		e.retired = map[string]struct{}{}
	}
	if len(e.retiredOrder) >= maxRetiredTokens {
		delete(e.retired, e.retiredOrder[0])
		e.retiredOrder = e.retiredOrder[1:]
	}
	e.retired[token] = struct{}{}
	e.retiredOrder = append(e.retiredOrder, token)
}

// maxRetiredTokens is how many ended tasks' tokens an engine remembers;
// an older one is answered as a token it never issued (InvalidToken).
const maxRetiredTokens = 10000

// Errors of the callback calls (SendTaskSuccess, SendTaskFailure,
// SendTaskHeartbeat), as the Step Functions API names and words them.
const (
	// ErrInvalidToken: the engine never issued the token.
	ErrInvalidToken = "InvalidToken"
	// ErrTaskTimedOut: the token's task has ended (timed out, completed,
	// or its execution stopped).
	ErrTaskTimedOut = "TaskTimedOut"
	// ErrInvalidOutput: SendTaskSuccess output that is not JSON.
	ErrInvalidOutput = "InvalidOutput"
	// ErrValidation: a parameter outside the API's limits (output over
	// 256 KiB, error over 256 characters, cause over 32,768).
	ErrValidation = "ValidationException"
)

// Limits of the callback calls' parameters, as the Step Functions API sets
// them.
const (
	MaxTaskOutputBytes = 256 * 1024
	MaxTaskErrorChars  = 256
	MaxTaskCauseChars  = 32768
)

func (e *Engine) lookupToken(token string) (*callback, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if cb := e.tokens[token]; cb != nil {
		return cb, nil
	}
	if _, ok := e.retired[token]; ok {
		return nil, taskGone()
	}
	return nil, &states.Error{Name: ErrInvalidToken, Cause: "Invalid Token: 'Invalid token'"}
}

func taskGone() *states.Error {
	return &states.Error{Name: ErrTaskTimedOut, Cause: "Task Timed Out: 'Provided task does not exist anymore'"}
}

// lengthError is AWS's ValidationException for a parameter over its limit.
func lengthError(field string, limit int) *states.Error {
	return &states.Error{Name: ErrValidation, Cause: fmt.Sprintf("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", field, limit)}
}

// SendTaskSuccess completes the task waiting on token with output (JSON text
// or a Go value). A refused call (an unknown token, output that is not JSON
// or exceeds 256 KiB) leaves the task waiting; its error is a
// *states.Error named as the Step Functions API names it (ErrInvalidToken,
// ErrTaskTimedOut, ErrInvalidOutput, ErrValidation).
func (e *Engine) SendTaskSuccess(ctx context.Context, token string, output any) error {
	cb, err := e.lookupToken(token)
	if err != nil {
		return err
	}
	var text []byte
	switch t := output.(type) {
	case []byte:
		text = t
	case json.RawMessage:
		text = t
	case string:
		text = []byte(t)
	default:
		if text, err = json.Marshal(output); err != nil {
			return &states.Error{Name: ErrInvalidOutput, Cause: fmt.Sprintf("Invalid Output: '%v'", err)}
		}
	}
	if len(text) > MaxTaskOutputBytes {
		return lengthError("output", MaxTaskOutputBytes)
	}
	out, err := normalizeInput(text)
	if err != nil {
		return &states.Error{Name: ErrInvalidOutput, Cause: fmt.Sprintf("Invalid Output: '%s'", text)}
	}
	if !cb.complete(callbackResult{output: out}) {
		return taskGone()
	}
	e.releaseToken(token)
	return nil
}

// SendTaskFailure fails the task waiting on token.
func (e *Engine) SendTaskFailure(ctx context.Context, token, errName, cause string) error {
	cb, err := e.lookupToken(token)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(errName) > MaxTaskErrorChars {
		return lengthError("error", MaxTaskErrorChars)
	}
	if utf8.RuneCountInString(cause) > MaxTaskCauseChars {
		return lengthError("cause", MaxTaskCauseChars)
	}
	if !cb.complete(callbackResult{err: &states.Error{Name: errName, Cause: cause}}) {
		return taskGone()
	}
	e.releaseToken(token)
	return nil
}

// SendTaskHeartbeat reports that the task waiting on token is still alive.
func (e *Engine) SendTaskHeartbeat(ctx context.Context, token string) error {
	cb, err := e.lookupToken(token)
	if err != nil {
		return err
	}
	cb.heartbeat()
	return nil
}

// now is the engine clock's time, rounded as AWS timestamps are.
func (e *Engine) now() time.Time { return e.opts.Clock.Now() }
