package jsonata

import "strings"

// References describes what an expression reads from outside itself, for
// hosts that restrict it (Step Functions refuses an expression that reads
// its context value at the top level).
type References struct {
	// ContextFields lists the field names read from the context value ($)
	// at the top level: the first step of a top-level path, or a bare
	// name. Names inside predicates, later path steps, sort terms and
	// groupings are relative and not listed; a lambda body keeps the
	// context of the expression that defines it, so its names are.
	ContextFields []string
	// Root reports a reference to the root context ($$).
	Root bool
	// Variables lists the variables read, each followed by the field names
	// that directly follow it in a path: "states.input.items" for
	// $states.input.items, "x" for $x. Function names are variables too
	// ("sum" for $sum(...)).
	Variables []string
}

// References reports what the expression reads from outside itself.
func (e *Expr) References() References {
	var r References
	r.walk(e.ast, true)
	return r
}

func (r *References) walk(n *node, top bool) {
	if n == nil {
		return
	}
	switch n.kind {
	case kName:
		if top {
			r.ContextFields = append(r.ContextFields, n.str)
		}
	case kVariable:
		r.variable(n.str, nil)
	case kPath:
		for i, step := range n.items {
			switch {
			case i == 0 && step.kind == kVariable:
				var fields []string
				for _, next := range n.items[1:] {
					if next.kind != kName {
						break
					}
					fields = append(fields, next.str)
				}
				r.variable(step.str, fields)
				r.annotations(step)
			default:
				r.walk(step, top && i == 0)
			}
		}
		r.annotations(n)
		return
	case kSort:
		for _, t := range n.terms {
			r.walk(t.expr, false)
		}
	case kTransform:
		r.walk(n.pattern, false)
		r.walk(n.update, false)
		r.walk(n.del, false)
	default:
		r.walk(n.lhs, top)
		r.walk(n.rhs, top)
		for _, it := range n.items {
			r.walk(it, top)
		}
		for _, p := range n.pairs {
			r.walk(p[0], top)
			r.walk(p[1], top)
		}
		r.walk(n.cond, top)
		r.walk(n.then, top)
		r.walk(n.els, top)
		r.walk(n.procedure, top)
		r.walk(n.body, top)
	}
	r.annotations(n)
}

// annotations walks a node's predicates, stages and grouping, which read
// relative to the node's value.
func (r *References) annotations(n *node) {
	for _, s := range n.predicate {
		r.walk(s.expr, false)
	}
	for _, s := range n.stages {
		r.walk(s.expr, false)
	}
	if n.group != nil {
		for _, p := range n.group.pairs {
			r.walk(p[0], false)
			r.walk(p[1], false)
		}
	}
}

func (r *References) variable(name string, fields []string) {
	switch name {
	case "": // the context value
	case "$":
		r.Root = true
	default:
		r.Variables = append(r.Variables, strings.Join(append([]string{name}, fields...), "."))
	}
}
