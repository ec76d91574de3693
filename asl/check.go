package asl

import (
	"fmt"
	"strings"
)

// checkGraph verifies a machine's transitions: StartAt and every Next,
// Default and Catch target name a state of the same machine, every state is
// reachable from StartAt, and some state ends the machine. states is the
// machine's States object as written.
func (p *parser) checkGraph(m *Machine, obj, states map[string]any) {
	if _, ok := obj["StartAt"].(string); !ok || states == nil {
		return // the schema reports a missing StartAt or States
	}
	exists := func(name string) bool { _, ok := states[name]; return ok }
	if !exists(m.StartAt) {
		if !p.hasPlaceholder(m.StartAt) {
			p.errorf(m.Pointer+"/StartAt", CodeMissingTarget, "\"StartAt\" names %q, which is not a state of this %s", m.StartAt, m.scopeName())
		}
		return
	}
	terminal := false
	// complete is false when a state could not be built or a transition is
	// missing or dangling: the reachability and terminal checks would then
	// only repeat those problems.
	complete := len(m.States) == len(states)
	for _, name := range m.Order {
		s, ok := m.States[name]
		if !ok {
			continue
		}
		b := s.Common()
		switch s.(type) {
		case *SucceedState, *FailState:
			terminal = true
		case *ChoiceState:
		default:
			if b.End {
				terminal = true
			} else if b.Next == "" {
				complete = false
			}
		}
		for _, e := range edges(s) {
			if e.to == "" {
				complete = false // the schema or the rule checks report it
				continue
			}
			if !exists(e.to) {
				complete = false
				if !p.hasPlaceholder(e.to) {
					p.errorf(e.ptr, CodeMissingTarget, "%q is not a state of this %s", e.to, m.scopeName())
				}
			}
		}
	}
	if !complete {
		return
	}
	if !terminal {
		p.errorf(m.Pointer+"/States", CodeNoTerminal, "no state of this %s ends it: add a Succeed or Fail state, or \"End\": true", m.scopeName())
	}
	reached := map[string]bool{m.StartAt: true}
	queue := []string{m.StartAt}
	for len(queue) > 0 {
		s := m.States[queue[0]]
		queue = queue[1:]
		for _, e := range edges(s) {
			if !reached[e.to] {
				reached[e.to] = true
				queue = append(queue, e.to)
			}
		}
	}
	for _, name := range m.Order {
		if !reached[name] {
			p.errorf(m.States[name].Common().Pointer, CodeUnreachable, "state %q is not reachable from StartAt %q", name, m.StartAt)
		}
	}
}

// edge is a transition and the pointer of the field that names its target.
type edge struct{ to, ptr string }

// edges lists the transitions out of a state.
func edges(s State) []edge {
	var out []edge
	b := s.Common()
	if b.Next != "" {
		out = append(out, edge{b.Next, b.Pointer + "/Next"})
	}
	for i, c := range b.Catch {
		out = append(out, edge{c.Next, fmt.Sprintf("%s/Catch/%d/Next", b.Pointer, i)})
	}
	if c, ok := s.(*ChoiceState); ok {
		for i, r := range c.Choices {
			out = append(out, edge{r.Next, fmt.Sprintf("%s/Choices/%d/Next", b.Pointer, i)})
		}
		if c.Default != "" {
			out = append(out, edge{c.Default, b.Pointer + "/Default"})
		}
	}
	return out
}

// scopeName words what kind of machine m is, for messages.
func (m *Machine) scopeName() string {
	switch {
	case m.Pointer == "":
		return "state machine"
	case strings.HasSuffix(m.Pointer, "/ItemProcessor"), strings.HasSuffix(m.Pointer, "/Iterator"):
		return "Map state's item processor"
	}
	return "Parallel branch"
}
