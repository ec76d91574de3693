package interpreter

import (
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

// frame is the scope a machine runs in: the top level, a Parallel branch or
// a Map iteration. Frames chain to their parent for variable lookup.
type frame struct {
	parent *frame
	mu     sync.Mutex
	vars   map[string]any
}

func (f *frame) lookup(name string) (any, bool) {
	for s := f; s != nil; s = s.parent {
		s.mu.Lock()
		v, ok := s.vars[name]
		s.mu.Unlock()
		if ok {
			return v, true
		}
	}
	return nil, false
}

// variables returns every variable in scope, inner scopes shadowing outer
// ones, in a new map.
func (f *frame) variables() map[string]any {
	var chain []*frame
	for s := f; s != nil; s = s.parent {
		chain = append(chain, s)
	}
	vars := map[string]any{}
	for i := len(chain) - 1; i >= 0; i-- {
		s := chain[i]
		s.mu.Lock()
		for k, v := range s.vars {
			vars[k] = v
		}
		s.mu.Unlock()
	}
	return vars
}

// assign sets variables in f's own scope. A Parallel branch or Map
// iteration reads the variables of the scopes around it but never writes
// them: what it assigns is its own, and gone when it ends.
func (f *frame) assign(vals map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.vars == nil {
		f.vars = make(map[string]any, len(vals))
	}
	for k, v := range vals {
		f.vars[k] = v
	}
}

// env evaluates paths, payload templates and intrinsics for one state.
type env struct {
	r          *runner
	f          *frame
	input      any // what $ refers to
	stateName  string
	entered    time.Time
	retryCount int
	token      string
	mapItem    *mapItem
	ctxObj     any
	// credentials is a JSONata Task's evaluated Credentials.
	credentials any
}

type mapItem struct {
	index int
	value any
}

// Resolve implements intrinsics.Env and payload.Env.
func (e *env) Resolve(p *path.Path) (any, error) {
	if p.Root() == path.Variable {
		if _, ok := e.f.lookup(p.Variable()); !ok {
			return nil, undefinedVariable(p.Variable())
		}
	}
	return p.GetWithin(e.Document(p), e.r.eng.pathLimits)
}

// undefinedVariable is the failure of a path rooted at a variable that no
// state in scope has assigned.
type undefinedVariable string

func (u undefinedVariable) Error() string { return u.Description() }
func (u undefinedVariable) Description() string {
	return "The variable '$" + string(u) + "' is not defined"
}
func (u undefinedVariable) Is(target error) bool { return target == path.ErrNotFound }

// Document returns the value p is evaluated against.
func (e *env) Document(p *path.Path) any {
	switch p.Root() {
	case path.Context:
		return e.context()
	case path.Variable:
		v, ok := e.f.lookup(p.Variable())
		if !ok {
			return nil
		}
		return v
	}
	return e.input
}

// Random implements intrinsics.Env.
func (e *env) Random() *mrand.Rand { return e.r.eng.rnd }

// UUID implements intrinsics.Env.
func (e *env) UUID() string { return e.r.eng.opts.NewUUID() }

// context builds the context object ($$) on first use.
func (e *env) context() any {
	if e.ctxObj != nil {
		return e.ctxObj
	}
	execution, machine := e.r.x.contextBase()
	c := make(map[string]any, 5)
	c["Execution"] = execution
	c["StateMachine"] = machine
	c["State"] = map[string]any{
		"EnteredTime": formatTime(e.entered),
		"Name":        e.stateName,
		"RetryCount":  jsonInt(e.retryCount),
	}
	if e.token != "" {
		c["Task"] = map[string]any{"Token": e.token}
	}
	if e.mapItem != nil {
		c["Map"] = map[string]any{"Item": map[string]any{"Index": jsonInt(e.mapItem.index), "Value": e.mapItem.value}}
	}
	e.ctxObj = c
	return c
}

func jsonInt(n int) json.Number { return json.Number(strconv.Itoa(n)) }

// valueText renders a value a path selected for an error cause as AWS does:
// a string as its bare text, any other value as JSON.
func valueText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return jsonv.String(v)
}

// runtimeError builds a States.Runtime error as AWS words it.
func runtimeError(state string, entered int64, format string, args ...any) *states.Error {
	return &states.Error{Name: states.ErrRuntime, Cause: fmt.Sprintf("An error occurred while executing the state '%s' (entered at the event id #%d). ", state, entered) + fmt.Sprintf(format, args...)}
}
