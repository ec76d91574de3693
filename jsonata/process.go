package jsonata

import (
	"math"
	"strconv"
)

// postParser rewrites the parse tree into the evaluator's form: location
// paths become kPath nodes with a list of steps, predicates become stages,
// variable bindings and sort clauses get their own node kinds, tail calls in
// lambda bodies are marked, and parent (%) references are resolved to the
// step that provides the ancestor.
type postParser struct {
	ancestorLabel int
	ancestorIndex int
	ancestry      []*node
	seeks         int // steps walked to resolve parent operators
}

// maxParentSeeks bounds the steps walked back to resolve the parent
// operators of an expression: each % walks back over the steps before it,
// so a path of many of them takes quadratic time.
const maxParentSeeks = 10_000_000

func (pp *postParser) process(expr *node) (*node, *evalError) {
	var result *node
	var err *evalError
	switch expr.kind {
	case kRawBinary:
		switch expr.op {
		case ".":
			result, err = pp.processDot(expr)
		case ":=":
			result = &node{kind: kBind, str: expr.lhs.str, pos: expr.pos}
			if result.rhs, err = pp.process(expr.rhs); err != nil {
				return nil, err
			}
			pushAncestry(result, result.rhs)
		case "~>":
			result = &node{kind: kApply, op: "~>", pos: expr.pos}
			if result.lhs, err = pp.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.rhs, err = pp.process(expr.rhs); err != nil {
				return nil, err
			}
			result.keepArray = result.lhs.keepArray || result.rhs.keepArray
		default:
			result = &node{kind: kBinary, op: expr.op, pos: expr.pos}
			if result.lhs, err = pp.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.rhs, err = pp.process(expr.rhs); err != nil {
				return nil, err
			}
			pushAncestry(result, result.lhs)
			pushAncestry(result, result.rhs)
		}
	case kRawPredicate:
		result, err = pp.processPredicate(expr)
	case kRawGroup:
		if result, err = pp.process(expr.lhs); err != nil {
			return nil, err
		}
		if result.group != nil {
			return nil, newError("S0210").at(expr.pos)
		}
		g := &group{pos: expr.pos}
		for _, pair := range expr.pairs {
			k, err := pp.process(pair[0])
			if err != nil {
				return nil, err
			}
			v, err := pp.process(pair[1])
			if err != nil {
				return nil, err
			}
			g.pairs = append(g.pairs, [2]*node{k, v})
		}
		result.group = g
	case kRawSort:
		if result, err = pp.process(expr.lhs); err != nil {
			return nil, err
		}
		if result.kind != kPath {
			result = &node{kind: kPath, items: []*node{result}, pos: result.pos}
		}
		sortStep := &node{kind: kSort, pos: expr.pos}
		for _, t := range expr.terms {
			e, err := pp.process(t.expr)
			if err != nil {
				return nil, err
			}
			pushAncestry(sortStep, e)
			sortStep.terms = append(sortStep.terms, sortTerm{descending: t.descending, expr: e})
		}
		result.items = append(result.items, sortStep)
		if err := pp.resolveAncestry(result); err != nil {
			return nil, err
		}
	case kRawFocus:
		if result, err = pp.process(expr.lhs); err != nil {
			return nil, err
		}
		step := result
		if result.kind == kPath {
			step = result.items[len(result.items)-1]
		}
		if step.stages != nil || step.predicate != nil {
			return nil, newError("S0215").at(expr.pos)
		}
		if step.kind == kSort {
			return nil, newError("S0216").at(expr.pos)
		}
		if expr.keepArray {
			step.keepArray = true
		}
		step.focus = expr.rhs.str
		step.hasFocus = true
		step.tuple = true
	case kRawIndex:
		if result, err = pp.process(expr.lhs); err != nil {
			return nil, err
		}
		step := result
		if result.kind == kPath {
			step = result.items[len(result.items)-1]
		} else {
			result = &node{kind: kPath, items: []*node{result}, pos: result.pos}
			if step.predicate != nil {
				step.stages = step.predicate
				step.predicate = nil
			}
		}
		if step.stages == nil {
			step.index = expr.rhs.str
			step.hasIndex = true
		} else {
			step.stages = append(step.stages, &stage{isIndex: true, name: expr.rhs.str, pos: expr.pos})
		}
		step.tuple = true
	case kNegate:
		operand, err := pp.process(expr.lhs)
		if err != nil {
			return nil, err
		}
		if operand.kind == kNumber {
			operand.num = -operand.num
			result = operand
		} else {
			result = &node{kind: kNegate, lhs: operand, pos: expr.pos}
			pushAncestry(result, operand)
		}
	case kArray:
		result = &node{kind: kArray, pos: expr.pos}
		for _, item := range expr.items {
			v, err := pp.process(item)
			if err != nil {
				return nil, err
			}
			pushAncestry(result, v)
			result.items = append(result.items, v)
		}
	case kObject:
		result = &node{kind: kObject, pos: expr.pos}
		for _, pair := range expr.pairs {
			k, err := pp.process(pair[0])
			if err != nil {
				return nil, err
			}
			pushAncestry(result, k)
			v, err := pp.process(pair[1])
			if err != nil {
				return nil, err
			}
			pushAncestry(result, v)
			result.pairs = append(result.pairs, [2]*node{k, v})
		}
	case kFunction, kPartial:
		result = &node{kind: expr.kind, pos: expr.pos}
		for _, arg := range expr.items {
			a, err := pp.process(arg)
			if err != nil {
				return nil, err
			}
			pushAncestry(result, a)
			result.items = append(result.items, a)
		}
		if result.procedure, err = pp.process(expr.procedure); err != nil {
			return nil, err
		}
	case kLambda:
		result = &node{kind: kLambda, params: expr.params, sig: expr.sig, pos: expr.pos}
		body, err := pp.process(expr.body)
		if err != nil {
			return nil, err
		}
		result.body = tailCallOptimize(body)
	case kCondition:
		result = &node{kind: kCondition, pos: expr.pos}
		if result.cond, err = pp.process(expr.cond); err != nil {
			return nil, err
		}
		pushAncestry(result, result.cond)
		if result.then, err = pp.process(expr.then); err != nil {
			return nil, err
		}
		pushAncestry(result, result.then)
		if expr.els != nil {
			if result.els, err = pp.process(expr.els); err != nil {
				return nil, err
			}
			pushAncestry(result, result.els)
		}
	case kCoalesce, kElvis:
		result = &node{kind: expr.kind, pos: expr.pos}
		if result.lhs, err = pp.process(expr.lhs); err != nil {
			return nil, err
		}
		pushAncestry(result, result.lhs)
		if result.rhs, err = pp.process(expr.rhs); err != nil {
			return nil, err
		}
		pushAncestry(result, result.rhs)
	case kTransform:
		result = &node{kind: kTransform, pos: expr.pos}
		if result.pattern, err = pp.process(expr.pattern); err != nil {
			return nil, err
		}
		if result.update, err = pp.process(expr.update); err != nil {
			return nil, err
		}
		if expr.del != nil {
			if result.del, err = pp.process(expr.del); err != nil {
				return nil, err
			}
		}
	case kBlock:
		result = &node{kind: kBlock, pos: expr.pos}
		for _, item := range expr.items {
			part, err := pp.process(item)
			if err != nil {
				return nil, err
			}
			pushAncestry(result, part)
			if part.consArray || (part.kind == kPath && part.items[0].consArray) {
				result.consArray = true
			}
			result.items = append(result.items, part)
		}
	case kName:
		result = &node{kind: kPath, items: []*node{expr}, pos: expr.pos}
		if expr.keepArray {
			result.keepSingletonArray = true
		}
	case kParent:
		result = &node{kind: kParent, pos: expr.pos, slot: &slot{label: "!" + strconv.Itoa(pp.ancestorLabel), level: 1, index: pp.ancestorIndex}}
		pp.ancestorLabel++
		pp.ancestorIndex++
		pp.ancestry = append(pp.ancestry, result)
	case kString, kNumber, kValue, kWildcard, kDescendant, kVariable, kRegex, kPlaceholder:
		result = expr
	case kOperator:
		// and, or, in used as field names
		name := &node{kind: kName, str: expr.str, pos: expr.pos, keepArray: expr.keepArray}
		return pp.process(name)
	case kEnd:
		return nil, newError("S0207").at(expr.pos).withToken("(end)")
	default:
		return nil, newError("S0206").at(expr.pos)
	}
	if err != nil {
		return nil, err
	}
	if expr.keepArray {
		result.keepArray = true
	}
	return result, nil
}

func (pp *postParser) processDot(expr *node) (*node, *evalError) {
	lstep, err := pp.process(expr.lhs)
	if err != nil {
		return nil, err
	}
	var result *node
	if lstep.kind == kPath {
		result = lstep
	} else {
		result = &node{kind: kPath, items: []*node{lstep}, pos: lstep.pos}
	}
	if lstep.kind == kParent {
		result.seekingParent = &slotList{s: []*slot{lstep.slot}}
	}
	rest, err := pp.process(expr.rhs)
	if err != nil {
		return nil, err
	}
	if rest.kind == kPath {
		result.items = append(result.items, rest.items...)
	} else {
		if rest.predicate != nil {
			rest.stages = rest.predicate
			rest.predicate = nil
		}
		result.items = append(result.items, rest)
	}
	// jsonata-js checks every step of the path at each '.', which is
	// quadratic in the length of the path: the steps checked before are
	// skipped (but the last, which a focus or index binding can change)
	from := max(int(result.checkedSteps)-1, 0)
	for _, step := range result.items[from:] {
		switch step.kind {
		case kNumber, kValue:
			e := newError("S0213").at(step.pos)
			if step.kind == kNumber {
				e = e.withValue(step.num)
			} else {
				e = e.withValue(step.val)
			}
			return nil, e
		case kString:
			step.kind = kName
		}
	}
	for _, step := range result.items[from:] {
		if step.keepArray {
			result.keepSingletonArray = true
			break
		}
	}
	result.checkedSteps = int32(min(len(result.items), math.MaxInt32))
	if first := result.items[0]; first.kind == kArray {
		first.consArray = true
	}
	if last := result.items[len(result.items)-1]; last.kind == kArray {
		last.consArray = true
	}
	if err := pp.resolveAncestry(result); err != nil {
		return nil, err
	}
	return result, nil
}

func (pp *postParser) processPredicate(expr *node) (*node, *evalError) {
	result, err := pp.process(expr.lhs)
	if err != nil {
		return nil, err
	}
	step := result
	inPath := false
	if result.kind == kPath {
		step = result.items[len(result.items)-1]
		inPath = true
	}
	if step.group != nil {
		return nil, newError("S0209").at(expr.pos)
	}
	predicate, err := pp.process(expr.rhs)
	if err != nil {
		return nil, err
	}
	if predicate.seekingParent != nil {
		for _, s := range predicate.seekingParent.s {
			if s.level == 1 {
				if _, err := pp.seekParent(step, s); err != nil {
					return nil, err
				}
			} else {
				s.level--
			}
		}
		pushAncestry(step, predicate)
	}
	st := &stage{expr: predicate, pos: expr.pos}
	if inPath {
		step.stages = append(step.stages, st)
	} else {
		step.predicate = append(step.predicate, st)
	}
	return result, nil
}

// tailCallOptimize marks function calls in tail position of a lambda body
// as thunks, which the trampoline in apply evaluates without growing the
// stack.
func tailCallOptimize(expr *node) *node {
	switch expr.kind {
	case kFunction:
		if expr.predicate == nil {
			return &node{kind: kLambda, thunk: true, pos: expr.pos, body: expr}
		}
	case kCondition:
		expr.then = tailCallOptimize(expr.then)
		if expr.els != nil {
			expr.els = tailCallOptimize(expr.els)
		}
	case kCoalesce, kElvis:
		expr.rhs = tailCallOptimize(expr.rhs)
	case kBlock:
		if n := len(expr.items); n > 0 {
			expr.items[n-1] = tailCallOptimize(expr.items[n-1])
		}
	}
	return expr
}

func (pp *postParser) seekParent(n *node, s *slot) (*slot, *evalError) {
	pp.seeks++
	if pp.seeks > maxParentSeeks {
		return nil, newError(codeTooComplex).at(n.pos)
	}
	switch n.kind {
	case kName, kWildcard:
		s.level--
		if s.level == 0 {
			if n.ancestor == nil {
				n.ancestor = s
			} else {
				pp.ancestry[s.index].slot.label = n.ancestor.label
				n.ancestor = s
			}
			n.tuple = true
		}
	case kParent:
		s.level++
	case kBlock:
		if len(n.items) > 0 {
			n.tuple = true
			return pp.seekParent(n.items[len(n.items)-1], s)
		}
	case kPath:
		n.tuple = true
		index := len(n.items) - 1
		var err *evalError
		if s, err = pp.seekParent(n.items[index], s); err != nil {
			return nil, err
		}
		index--
		for s.level > 0 && index >= 0 {
			if s, err = pp.seekParent(n.items[index], s); err != nil {
				return nil, err
			}
			index--
		}
	default:
		return nil, newError("S0217").at(n.pos).withToken(kindName(n.kind))
	}
	return s, nil
}

func pushAncestry(result, value *node) {
	if value.seekingParent == nil && value.kind != kParent {
		return
	}
	slots := value.seekingParent
	if slots == nil {
		slots = &slotList{}
	}
	if value.kind == kParent {
		slots.s = append(slots.s, value.slot)
	}
	if result.seekingParent == nil {
		result.seekingParent = slots
	} else {
		result.seekingParent.s = append(result.seekingParent.s, slots.s...)
	}
}

func (pp *postParser) resolveAncestry(path *node) *evalError {
	index := len(path.items) - 1
	laststep := path.items[index]
	slots := laststep.seekingParent
	if slots == nil {
		slots = &slotList{}
	}
	if laststep.kind == kParent {
		slots.s = append(slots.s, laststep.slot)
	}
	for is := 0; is < len(slots.s); is++ {
		s := slots.s[is]
		index = len(path.items) - 2
		for s.level > 0 {
			if index < 0 {
				if path.seekingParent == nil {
					path.seekingParent = &slotList{s: []*slot{s}}
				} else {
					path.seekingParent.s = append(path.seekingParent.s, s)
				}
				break
			}
			step := path.items[index]
			index--
			for index >= 0 && step.focus != "" && path.items[index].focus != "" {
				step = path.items[index]
				index--
			}
			var err *evalError
			if s, err = pp.seekParent(step, s); err != nil {
				return err
			}
		}
	}
	return nil
}
