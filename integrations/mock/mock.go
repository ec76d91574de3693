package mock

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// Throw is a scripted failure: the task fails with this error name and
// cause.
type Throw struct {
	// Error is the error name that Retry and Catch match.
	Error string
	// Cause describes the failure; it may be empty.
	Cause string
}

// Response is the scripted answer to one invocation of a Task state. If
// Throw is set the task fails with it; otherwise Return, a JSON value
// (nil is JSON null), is the task's result.
//
// In JSON a Response is {"Return": VALUE} or
// {"Throw": {"Error": "NAME", "Cause": "TEXT"}}.
type Response struct {
	Return any
	Throw  *Throw
}

// MarshalJSON encodes r as {"Return": ...} or {"Throw": {...}}.
func (r Response) MarshalJSON() ([]byte, error) {
	if r.Throw != nil {
		return jsonv.Marshal(map[string]any{"Throw": map[string]any{"Error": r.Throw.Error, "Cause": r.Throw.Cause}})
	}
	return jsonv.Marshal(map[string]any{"Return": r.Return})
}

// UnmarshalJSON decodes {"Return": ...} or {"Throw": {...}}, keeping the
// numbers of a Return value as json.Number.
func (r *Response) UnmarshalJSON(data []byte) error {
	v, err := jsonv.Decode(data)
	if err != nil {
		return err
	}
	var p problems
	resp, ok := parseResponse(&p, "", v)
	if !ok {
		return p.err()
	}
	*r = resp
	return nil
}

// Responses is a script: for each Task state name, the responses to the
// state's successive invocations.
type Responses map[string][]Response

// ParseResponses reads a script in the format of the "mocks" object of a
// conformance case:
//
//	{"StateName": [{"Return": ...}, {"Throw": {"Error": "...", "Cause": "..."}}]}
//
// An invalid script yields ConfigErrors listing every problem.
func ParseResponses(data []byte) (Responses, error) {
	v, err := jsonv.Decode(data)
	if err != nil {
		return nil, syntaxError(data, err)
	}
	var p problems
	obj, ok := v.(map[string]any)
	if !ok {
		p.add("", "mocks must be an object mapping state names to lists of responses, not %s", describe(v))
		return nil, p.err()
	}
	out := make(Responses, len(obj))
	for _, state := range slices.Sorted(maps.Keys(obj)) {
		path := pointer("", state)
		list, ok := obj[state].([]any)
		if !ok {
			p.add(path, "the responses of a state must be a list, not %s", describe(obj[state]))
			continue
		}
		rs := make([]Response, 0, len(list))
		for i, e := range list {
			if r, ok := parseResponse(&p, pointer(path, i), e); ok {
				rs = append(rs, r)
			}
		}
		out[state] = rs
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// parseResponse checks one {"Return": ...} or {"Throw": {...}} object.
func parseResponse(p *problems, path string, v any) (Response, bool) {
	obj, ok := v.(map[string]any)
	if !ok {
		p.add(path, `a response must be an object with a "Return" or a "Throw" field, not %s`, describe(v))
		return Response{}, false
	}
	before := len(p.list)
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if k != "Return" && k != "Throw" {
			p.add(pointer(path, k), `unknown field; a response has either "Return" or "Throw"`)
		}
	}
	ret, hasReturn := obj["Return"]
	throw, hasThrow := obj["Throw"]
	switch {
	case hasReturn && hasThrow:
		p.add(path, `a response has either "Return" or "Throw", not both`)
	case !hasReturn && !hasThrow:
		p.add(path, `a response needs a "Return" or a "Throw" field`)
	}
	var r Response
	if hasThrow {
		r.Throw = parseThrow(p, pointer(path, "Throw"), throw)
	} else {
		r.Return = ret
	}
	return r, len(p.list) == before
}

// parseThrow checks a {"Error": "...", "Cause": "..."} object.
func parseThrow(p *problems, path string, v any) *Throw {
	obj, ok := v.(map[string]any)
	if !ok {
		p.add(path, `"Throw" must be an object with "Error" and "Cause" strings, not %s`, describe(v))
		return nil
	}
	t := &Throw{}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		switch k {
		case "Error", "Cause":
			s, ok := obj[k].(string)
			if !ok {
				p.add(pointer(path, k), "must be a string, not %s", describe(obj[k]))
			}
			if k == "Error" {
				t.Error = s
			} else {
				t.Cause = s
			}
		default:
			p.add(pointer(path, k), `unknown field; "Throw" has "Error" and "Cause"`)
		}
	}
	// A Throw without "Error" replays a failure that has no error name, as
	// AWS records for SendTaskFailure without one; an empty name is a typo.
	if e, ok := obj["Error"]; ok && e == "" {
		p.add(pointer(path, "Error"), "the error name must not be empty; leave \"Error\" out for a failure without a name")
	}
	return t
}

// describe names the JSON type of v for error messages.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// span is a run of invocations answered alike: invocations up to, not
// including, end (counted from the start of the script).
type span struct {
	end  int
	resp Response
	err  error // set when the Return value is not JSON
}

// script is the state a Mock and the copies WithFallback makes share.
type script struct {
	spans map[string][]span // nil slice for a state scripted with no responses
	mu    sync.Mutex
	calls map[string]int
}

// Mock is an integrations.Invoker that answers Task states from a script.
// It is safe for concurrent use; invocations of one state are numbered in
// the order they reach the Mock.
type Mock struct {
	s        *script
	fallback integrations.Invoker
}

// New returns a Mock that answers from r and sends states r has no entry
// for to fallback, which may be nil. Return values that are not decoded
// JSON values (structs, Go ints) are converted through encoding/json.
func New(r Responses, fallback integrations.Invoker) *Mock {
	spans := make(map[string][]span, len(r))
	for state, list := range r {
		ss := make([]span, len(list))
		for i, resp := range list {
			v, err := normalize(resp.Return)
			resp.Return = v
			ss[i] = span{end: i + 1, resp: resp, err: err}
		}
		spans[state] = ss
	}
	return newMock(spans, fallback)
}

func newMock(spans map[string][]span, fallback integrations.Invoker) *Mock {
	return &Mock{s: &script{spans: spans, calls: map[string]int{}}, fallback: fallback}
}

// WithFallback returns a Mock that answers like m but sends states without
// a script to inv. The two share their script position and call counts.
func (m *Mock) WithFallback(inv integrations.Invoker) *Mock {
	return &Mock{s: m.s, fallback: inv}
}

// Calls reports how many times the state has been invoked through the Mock
// (including invocations sent to the fallback).
func (m *Mock) Calls(state string) int {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	return m.s.calls[state]
}

// Invoke implements integrations.Invoker: the n-th invocation of a state
// gets the n-th scripted response.
func (m *Mock) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ss, scripted := m.s.spans[req.StateName]
	m.s.mu.Lock()
	n := m.s.calls[req.StateName]
	m.s.calls[req.StateName] = n + 1
	m.s.mu.Unlock()
	if !scripted {
		if m.fallback == nil {
			return nil, states.Errorf(states.ErrRuntime, "no mocked response for state %q, and no fallback integration", req.StateName)
		}
		return m.fallback.Invoke(ctx, req)
	}
	i := sort.Search(len(ss), func(i int) bool { return ss[i].end > n })
	if i == len(ss) {
		total := 0
		if len(ss) > 0 {
			total = ss[len(ss)-1].end
		}
		return nil, states.Errorf(states.ErrRuntime, "no mocked response for invocation %d of state %q: its script answers %d invocation(s), numbered from 0", n, req.StateName, total)
	}
	resp := ss[i].resp
	if err := ss[i].err; err != nil {
		return nil, states.Errorf(states.ErrRuntime, "the mocked response to invocation %d of state %q is not a JSON value: %v", n, req.StateName, err)
	}
	if resp.Throw != nil {
		return nil, &states.Error{Name: resp.Throw.Error, Cause: resp.Throw.Cause}
	}
	return &integrations.Response{Output: jsonv.Clone(resp.Return)}, nil
}

// normalize turns v into a decoded JSON value (map[string]any, []any,
// json.Number, string, bool or nil) if it is not one already.
func normalize(v any) (any, error) {
	if isJSONValue(v) {
		return v, nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonv.Decode(data)
}

func isJSONValue(v any) bool {
	switch t := v.(type) {
	case nil, bool, string, json.Number:
		return true
	case []any:
		for _, e := range t {
			if !isJSONValue(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range t {
			if !isJSONValue(e) {
				return false
			}
		}
		return true
	}
	return false
}
