package nested

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// Defaults of the options, the same as the engine's.
const (
	DefaultRegion  = "us-east-1"
	DefaultAccount = "123456789012"
)

// Option configures a Service.
type Option func(*options)

type options struct {
	clock           interpreter.Clock
	region, account string
	newUUID         func() string
}

// WithClock sets the clock the Service reads dates from; give it the
// engine's clock (Options.Clock), so StartDate and StopDate agree with the
// executions' history. The wall clock by default.
func WithClock(c interpreter.Clock) Option { return func(o *options) { o.clock = c } }

// WithRegion sets the region of the state machine ARNs Register returns
// (us-east-1 by default). It must be the engine's Options.Region, which
// names the executions.
func WithRegion(region string) Option { return func(o *options) { o.region = region } }

// WithAccount sets the account of the state machine ARNs Register returns
// (123456789012 by default). It must be the engine's Options.Account.
func WithAccount(account string) Option { return func(o *options) { o.account = account } }

// WithNewUUID sets the source of default execution names and request IDs
// (random version 4 UUIDs by default). It is called from many goroutines
// at once.
func WithNewUUID(f func() string) Option { return func(o *options) { o.newUUID = f } }

// Service runs child executions for Task states. It is an
// integrations.Invoker for the resources arn:aws:states:::states:startExecution
// (all patterns) and arn:aws:states:::aws-sdk:sfn:*; register it under
// "states" and "aws-sdk:sfn". It is safe for concurrent use.
type Service struct {
	eng  *interpreter.Engine
	opts options

	mu       sync.Mutex
	machines map[string]*machine   // by state machine ARN
	execs    map[string]*execution // by execution ARN
	closed   bool
}

// machine is a registered state machine and the executions started of it.
type machine struct {
	name, arn string
	sm        *asl.StateMachine
	byName    map[string]*execution
	order     []*execution
}

// New returns a Service that starts child executions on eng.
func New(eng *interpreter.Engine, opts ...Option) *Service {
	o := options{clock: interpreter.RealClock(), region: DefaultRegion, account: DefaultAccount, newUUID: newUUID}
	for _, opt := range opts {
		opt(&o)
	}
	return &Service{eng: eng, opts: o, machines: map[string]*machine{}, execs: map[string]*execution{}}
}

// Register makes sm a state machine named name that Tasks can start, and
// returns its ARN, arn:aws:states:REGION:ACCOUNT:stateMachine:NAME.
// Registering a name again replaces its definition, as UpdateStateMachine
// does; the names of its executions stay taken.
func (s *Service) Register(name string, sm *asl.StateMachine) string {
	arn := fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", s.opts.region, s.opts.account, name)
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.machines[arn]; m != nil {
		m.sm = sm
		return arn
	}
	s.machines[arn] = &machine{name: name, arn: arn, sm: sm, byName: map[string]*execution{}}
	return arn
}

// Executions returns the executions of the state machine that Tasks
// started through s, oldest first.
func (s *Service) Executions(stateMachineARN string) []*interpreter.Execution {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.machines[stateMachineARN]
	if m == nil {
		return nil
	}
	xs := make([]*interpreter.Execution, len(m.order))
	for i, e := range m.order {
		xs[i] = e.x
	}
	return xs
}

// Shutdown stops every execution started through s that is still running
// (it ends ABORTED) and waits for them to end, or for ctx to be done. Tasks
// that start an execution afterwards fail.
func (s *Service) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	var running []*execution
	for _, e := range s.execs {
		if !e.done() {
			running = append(running, e)
		}
	}
	s.mu.Unlock()
	for _, e := range running {
		e.x.Stop("", "")
	}
	for _, e := range running {
		select {
		case <-e.x.Done():
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Invoke implements integrations.Invoker.
func (s *Service) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	res := req.Resource
	params, _ := req.Input.(map[string]any)
	switch {
	case res.Kind == integrations.Optimized && res.Service == "states" && res.Action == "startExecution":
		return s.startExecution(ctx, optimized, res, params)
	case res.Kind == integrations.SDK && res.Service == "sfn" && res.Pattern != integrations.Sync:
		if res.Action == "startExecution" {
			return s.startExecution(ctx, sdk, res, params)
		}
		call := s.sdkAction(res.Action)
		if call == nil {
			break
		}
		out, err := call(ctx, params)
		if err != nil {
			return nil, err
		}
		if res.Pattern == integrations.WaitForTaskToken {
			return &integrations.Response{Pending: true}, nil
		}
		return &integrations.Response{Output: out}, nil
	}
	return nil, states.Errorf(states.ErrTaskFailed, "nested: resource %s is not supported", res.ARN)
}

// now reads the clock, at the millisecond precision of AWS dates.
func (s *Service) now() time.Time { return s.opts.clock.Now().UTC().Truncate(time.Millisecond) }

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
