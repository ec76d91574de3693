// Package integrations connects Task states to the work they do. A Task's
// Resource ARN is parsed into a Resource; an Invoker runs it. The Registry
// resolves resources to adapters: in-process Go functions (Func), scripted
// results for tests (package mock) and AWS service calls (package aws).
//
// An adapter fails a task by returning an error. A *states.Error keeps its
// name, so Retry and Catch can match it with ErrorEquals; any other error
// becomes States.TaskFailed with the error's text as cause. An adapter that
// panics fails its task with States.TaskFailed too (see InvokeSafely).
package integrations

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/gostates/gostates/states"
)

// Invoker runs Task states.
type Invoker interface {
	// Invoke runs one attempt of a task. It must return once ctx is
	// cancelled (a task timeout or the end of the execution).
	Invoke(ctx context.Context, req *Request) (*Response, error)
}

// Request is one attempt of a Task state.
type Request struct {
	// Resource is the task's parsed Resource field.
	Resource Resource
	// StateName names the Task state.
	StateName string
	// Input is the task's parameters: the effective input after InputPath
	// and Parameters (or Arguments).
	Input any
	// TaskToken is set for .waitForTaskToken tasks and activities; the
	// work is done when someone calls the engine's SendTaskSuccess or
	// SendTaskFailure with it.
	TaskToken string
	// Attempt counts retries: 0 for the first attempt.
	Attempt int
	// ExecutionArn identifies the execution running the task.
	ExecutionArn string
	// Credentials is the state's evaluated Credentials field, if any.
	Credentials any
}

// Response is what a task attempt produced.
type Response struct {
	// Output is the task's result, a JSON value.
	Output any
	// Pending means the work was started and will complete through a task
	// token callback (.waitForTaskToken and activities).
	Pending bool
}

// Func adapts a Go function to an Invoker: it gets the task's input and
// returns its result.
type Func func(ctx context.Context, input any) (any, error)

// Invoke implements Invoker.
func (f Func) Invoke(ctx context.Context, req *Request) (*Response, error) {
	out, err := f(ctx, req.Input)
	if err != nil {
		return nil, err
	}
	return &Response{Output: out}, nil
}

// InvokerFunc adapts a function with the Invoke signature to an Invoker.
type InvokerFunc func(ctx context.Context, req *Request) (*Response, error)

// Invoke implements Invoker.
func (f InvokerFunc) Invoke(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

// Fail returns the error an adapter returns to fail a task with an error
// name that Retry and Catch match, and a cause.
func Fail(name, cause string) error { return &states.Error{Name: name, Cause: cause} }

// Registry resolves a Task's resource to the Invoker registered for it. It
// is an Invoker itself. The zero Registry is empty and ready to use.
// Register all adapters before the first execution starts; a Registry is
// then safe for concurrent use.
//
// Lookup order: the exact Resource string; then, for service integrations,
// "service:action" (e.g. "lambda:invoke", "aws-sdk:s3:getObject"); then
// the service alone ("lambda", "aws-sdk:s3"); then the fallback.
type Registry struct {
	byKey    map[string]Invoker
	fallback Invoker
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry { return &Registry{byKey: map[string]Invoker{}} }

// Register routes the resource (an exact Resource ARN, "service:action" or
// a service name, as described on Registry) to inv.
func (r *Registry) Register(resource string, inv Invoker) {
	if r.byKey == nil {
		r.byKey = map[string]Invoker{}
	}
	r.byKey[resource] = inv
}

// SetFallback sets the Invoker for resources nothing else matches.
func (r *Registry) SetFallback(inv Invoker) { r.fallback = inv }

// Lookup returns the Invoker for a resource, or nil.
func (r *Registry) Lookup(res Resource) Invoker {
	if inv := r.byKey[res.ARN]; inv != nil {
		return inv
	}
	if res.Kind == Optimized || res.Kind == SDK {
		svc := res.Service
		if res.Kind == SDK {
			svc = "aws-sdk:" + svc
		}
		if inv := r.byKey[svc+":"+res.Action]; inv != nil {
			return inv
		}
		if inv := r.byKey[svc]; inv != nil {
			return inv
		}
	}
	return r.fallback
}

// Invoke implements Invoker.
func (r *Registry) Invoke(ctx context.Context, req *Request) (*Response, error) {
	inv := r.Lookup(req.Resource)
	if inv == nil {
		return nil, &states.Error{Name: states.ErrTaskFailed, Cause: fmt.Sprintf("no integration is registered for resource %s", req.Resource.ARN)}
	}
	return inv.Invoke(ctx, req)
}

// Kind is the kind of resource a Task runs.
type Kind int

// Resource kinds.
const (
	// Optimized is a service integration, arn:aws:states:::SERVICE:ACTION.
	Optimized Kind = iota
	// SDK is an AWS SDK integration, arn:aws:states:::aws-sdk:SERVICE:ACTION.
	SDK
	// LambdaFunction is a Lambda function ARN used directly as Resource.
	LambdaFunction
	// Activity is an activity, arn:aws:states:REGION:ACCOUNT:activity:NAME.
	Activity
	// Custom is any other resource string (for in-process adapters).
	Custom
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Optimized:
		return "optimized"
	case SDK:
		return "aws-sdk"
	case LambdaFunction:
		return "lambda-function"
	case Activity:
		return "activity"
	}
	return "custom"
}

// Pattern is a service integration pattern.
type Pattern int

// Integration patterns.
const (
	// RequestResponse calls the service and moves on with its answer.
	RequestResponse Pattern = iota
	// Sync (.sync) waits for the job the call started to complete.
	Sync
	// WaitForTaskToken (.waitForTaskToken) waits for a task token callback.
	WaitForTaskToken
)

// Resource is a parsed Task Resource ARN.
type Resource struct {
	// ARN is the Resource string as written.
	ARN string
	// Kind is the kind of resource the ARN names.
	Kind Kind
	// Service and Action name a service integration ("lambda", "invoke";
	// for SDK integrations "s3", "getObject").
	Service, Action string
	// Pattern is the integration pattern, from the .sync or
	// .waitForTaskToken suffix.
	Pattern Pattern
	// SyncVersion is the version of a ".sync:2" suffix.
	SyncVersion string
	// Region, Account and Name are parts of Lambda function and activity
	// ARNs. A Lambda function's Name keeps its version or alias qualifier
	// ("my-function:prod").
	Region, Account, Name string
}

// ParseResource parses a Task's Resource field.
func ParseResource(arn string) (Resource, error) {
	r := Resource{ARN: arn, Kind: Custom}
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 6 || parts[0] != "arn" {
		return r, nil
	}
	service := parts[2]
	switch {
	case service == "states" && parts[3] == "" && parts[4] == "":
		// arn:aws:states:::service:action[.pattern]
		rest := strings.Join(parts[5:], ":")
		svc, action, ok := strings.Cut(rest, ":")
		if !ok || svc == "" || action == "" {
			return r, fmt.Errorf("resource %q: expected arn:aws:states:::SERVICE:ACTION", arn)
		}
		r.Kind = Optimized
		if svc == "aws-sdk" {
			r.Kind = SDK
			svc, action, ok = strings.Cut(action, ":")
			if !ok || svc == "" || action == "" {
				return r, fmt.Errorf("resource %q: expected arn:aws:states:::aws-sdk:SERVICE:ACTION", arn)
			}
		}
		r.Service = svc
		switch {
		case strings.HasSuffix(action, ".waitForTaskToken"):
			r.Pattern = WaitForTaskToken
			action = strings.TrimSuffix(action, ".waitForTaskToken")
		case strings.Contains(action, ".sync"):
			base, ver, _ := strings.Cut(action, ".sync")
			r.Pattern = Sync
			r.SyncVersion = strings.TrimPrefix(ver, ":")
			action = base
		}
		r.Action = action
	case service == "states" && len(parts) >= 7 && parts[5] == "activity":
		r.Kind = Activity
		r.Region, r.Account, r.Name = parts[3], parts[4], parts[6]
	case service == "lambda" && len(parts) >= 7 && parts[5] == "function":
		r.Kind = LambdaFunction
		r.Region, r.Account, r.Name = parts[3], parts[4], parts[6]
		r.Service, r.Action = "lambda", "invoke"
	}
	return r, nil
}

// maxPanicCause bounds the cause of an adapter panic (AWS's limit on a
// cause).
const maxPanicCause = 32768

// InvokeSafely calls inv.Invoke, turning a panic of the adapter into a task
// failure: a *states.Error named States.TaskFailed (which Retry and Catch
// match with States.TaskFailed or States.ALL) whose cause names the
// resource and holds the panic value and the adapter's stack. The engine
// calls every adapter through it, so a faulty adapter cannot crash the
// process that embeds the engine.
func InvokeSafely(ctx context.Context, inv Invoker, req *Request) (resp *Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			cause := fmt.Sprintf("the integration for resource %s panicked: %v\n%s", req.Resource.ARN, p, debug.Stack())
			if len(cause) > maxPanicCause {
				cause = strings.ToValidUTF8(cause[:maxPanicCause], "")
			}
			resp, err = nil, &states.Error{Name: states.ErrTaskFailed, Cause: cause}
		}
	}()
	return inv.Invoke(ctx, req)
}
