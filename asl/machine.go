package asl

import (
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/gostates/gostates/internal/jsonptr"
)

// maxStateNameLength is AWS's limit on state names, in characters.
const maxStateNameLength = 80

// stateMachine builds the top level of a definition.
func (p *parser) stateMachine(root any) *StateMachine {
	obj, ok := root.(map[string]any)
	if !ok {
		if len(p.problems) == 0 {
			p.errorf("", CodeSchema, "a state machine definition must be a JSON object")
		}
		return nil
	}
	sm := &StateMachine{Definition: root}
	sm.Version, _ = obj["Version"].(string)
	sm.TimeoutSeconds, _ = p.integer(obj, "TimeoutSeconds")
	p.topQL = JSONPath
	if s, _ := obj["QueryLanguage"].(string); s == string(JSONata) {
		p.topQL = JSONata
	}
	sm.Machine = *p.machine(obj, "", p.topQL)
	return sm
}

// machine builds a scope of states: the top level, a Parallel branch or a
// Map item processor. ql is the query language its states default to.
func (p *parser) machine(obj map[string]any, ptr string, ql QueryLanguage) *Machine {
	m := &Machine{Pointer: ptr, QueryLanguage: ql, States: map[string]State{}}
	m.Comment, _ = obj["Comment"].(string)
	m.StartAt, _ = obj["StartAt"].(string)
	states, _ := obj["States"].(map[string]any)
	m.Order = p.sourceOrder(states, ptr+"/States")
	for _, name := range m.Order {
		sptr := ptr + "/States/" + jsonptr.Escape(name)
		if n := utf8.RuneCountInString(name); n == 0 || n > maxStateNameLength {
			p.errorf(sptr, CodeStateName, "state name is %d characters long; state names must be 1 to %d characters", n, maxStateNameLength)
		}
		if prev, dup := p.names[name]; dup {
			p.errorf(sptr, CodeDuplicateState, "state name %q is already used at %s; state names must be unique in the whole state machine", name, prev)
		} else {
			p.names[name] = sptr
		}
		sobj, ok := states[name].(map[string]any)
		if !ok {
			continue // the schema reports it
		}
		if s := p.state(name, sobj, sptr, ql); s != nil {
			m.States[name] = s
		}
	}
	p.checkGraph(m, obj, states)
	return m
}

// sourceOrder lists an object's keys in the order they appear in the source
// (by name when there is no source). ptr is the object's pointer.
func (p *parser) sourceOrder(obj map[string]any, ptr string) []string {
	if keys := p.doc.keyOrder(ptr); len(keys) == len(obj) {
		return keys
	}
	return slices.Sorted(maps.Keys(obj))
}

// queryLanguage returns the query language of a state: its own, or the
// default of its machine.
func (p *parser) queryLanguage(obj map[string]any, ptr string, def QueryLanguage) QueryLanguage {
	s, ok := obj["QueryLanguage"].(string)
	if !ok {
		return def
	}
	switch QueryLanguage(s) {
	case JSONata:
		return JSONata
	case JSONPath:
		if p.topQL == JSONata {
			p.errorf(ptr+"/QueryLanguage", CodeQueryLanguage, "a state cannot use JSONPath when the whole state machine's QueryLanguage is JSONata")
		}
		return JSONPath
	}
	return def // the schema reports other values
}

// jsonPathOnly lists the state fields a state may not use when its query
// language is JSONata; jsonataOnly the reverse.
var (
	jsonPathOnly = []string{
		"InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Result",
		"ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath",
		"HeartbeatSecondsPath", "ErrorPath", "CausePath", "MaxConcurrencyPath",
		"ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
	}
	jsonataOnly = []string{"Arguments", "Output", "Items"}
)

// checkQueryLanguageFields reports the fields of obj that ql does not allow.
func (p *parser) checkQueryLanguageFields(obj map[string]any, ptr string, ql QueryLanguage, jsonPathFields, jsonataFields []string) {
	forbidden, other := jsonPathFields, JSONPath
	if ql == JSONPath {
		forbidden, other = jsonataFields, JSONata
	}
	for _, f := range forbidden {
		if _, ok := obj[f]; ok {
			p.errorf(ptr+"/"+jsonptr.Escape(f), CodeQueryLanguage, "field %q is only allowed when the query language is %s, and this state uses %s", f, other, ql)
		}
	}
}

func (p *parser) state(name string, obj map[string]any, ptr string, defaultQL QueryLanguage) State {
	ql := p.queryLanguage(obj, ptr, defaultQL)
	typ, _ := obj["Type"].(string)
	b := Base{Name: name, Type: StateType(typ), QueryLanguage: ql, Pointer: ptr}
	b.Comment, _ = obj["Comment"].(string)
	b.Next, _ = obj["Next"].(string)
	b.End, _ = obj["End"].(bool)
	p.checkQueryLanguageFields(obj, ptr, ql, jsonPathOnly, jsonataOnly)

	switch b.Type {
	case TypePass, TypeTask, TypeWait, TypeParallel, TypeMap:
		_, hasNext := obj["Next"]
		switch {
		case hasNext && b.End:
			p.errorf(ptr+"/End", CodeTransition, "state %q has both \"Next\" and \"End\": a state either moves on or ends", name)
		case !hasNext && !b.End:
			p.errorf(ptr, CodeTransition, "state %q needs either \"Next\" or \"End\": true", name)
		}
	case TypeChoice, TypeSucceed, TypeFail:
	default:
		return nil // the schema reports a missing or unknown Type
	}

	if b.Type != TypeFail {
		b.InputPath = p.path(obj, "InputPath", ptr, ql, false)
		b.OutputPath = p.path(obj, "OutputPath", ptr, ql, false)
	}
	if b.Type != TypeSucceed && b.Type != TypeFail {
		b.Assign = p.expr(obj, "Assign", ptr, ql)
	}
	if ql == JSONata && b.Type != TypeFail {
		b.Output = p.expr(obj, "Output", ptr, ql)
	}
	switch b.Type {
	case TypePass, TypeTask, TypeParallel, TypeMap:
		b.ResultPath = p.path(obj, "ResultPath", ptr, ql, true)
		if b.Type != TypePass {
			b.ResultSelector = p.template(obj, "ResultSelector", ptr, ql)
			b.Retry = p.retriers(obj, ptr)
			b.Catch = p.catchers(obj, ptr, ql)
		}
		if b.Type != TypeMap {
			b.Parameters = p.template(obj, "Parameters", ptr, ql)
		}
		if b.Type == TypeTask || b.Type == TypeParallel {
			if ql == JSONata {
				b.Arguments = p.expr(obj, "Arguments", ptr, ql)
			}
		}
	}

	switch b.Type {
	case TypePass:
		s := &PassState{Base: b}
		s.Result, s.HasResult = obj["Result"]
		return s
	case TypeTask:
		return p.task(b, obj, ptr)
	case TypeChoice:
		return p.choice(b, obj, ptr)
	case TypeWait:
		return p.wait(b, obj, ptr)
	case TypeSucceed:
		return &SucceedState{Base: b}
	case TypeFail:
		return p.fail(b, obj, ptr)
	case TypeParallel:
		s := &ParallelState{Base: b}
		branches, _ := obj["Branches"].([]any)
		for i, br := range branches {
			if bo, ok := br.(map[string]any); ok {
				s.Branches = append(s.Branches, p.machine(bo, fmt.Sprintf("%s/Branches/%d", ptr, i), p.topQL))
			}
		}
		return s
	default: // TypeMap
		return p.mapState(b, obj, ptr)
	}
}
