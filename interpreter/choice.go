package interpreter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

func (r *runner) choice(ctx context.Context, t *asl.ChoiceState, s *stateRun, input any) (any, string, *states.Error) {
	if s.isJSONata() {
		return r.jsonataChoice(ctx, t, s, input)
	}
	eff, err := r.inputPath(s, input)
	if err != nil {
		return nil, "", err
	}
	ev := s.env(r, eff)
	next := t.Default
	var matched *asl.ChoiceRule
	for _, rule := range t.Choices {
		ok, err := r.evalRule(s, ev, rule)
		if err != nil {
			return nil, "", err
		}
		if ok {
			matched, next = rule, rule.Next
			break
		}
	}
	if next == "" {
		// States.NoChoiceMatched is reserved: AWS reports States.Runtime.
		return nil, "", runtimeError(t.Name, s.entered, "No Choice Rule matched the input and the Choice state has no Default.")
	}
	// A matched rule's Assign applies; the state's own only when the
	// Default is taken.
	a := t.Assign
	if matched != nil {
		a = matched.Assign
	}
	if a != nil && a.Template != nil {
		v, aerr := a.Template.Eval(ev)
		if aerr != nil {
			return nil, "", s.evalError(aerr)
		}
		if m, ok := v.(map[string]any); ok {
			s.setVariables(m)
		}
	}
	out, err := r.outputPath(s, eff)
	return out, next, err
}

// jsonataChoice runs a JSONata Choice state: the first rule whose Condition
// is true wins, and its Assign and Output apply; the state's own apply when
// the Default is taken. Output defaults to the input.
func (r *runner) jsonataChoice(ctx context.Context, t *asl.ChoiceState, s *stateRun, input any) (any, string, *states.Error) {
	env := r.jsonataEnv(s, statesVar{input: input})
	for i, rule := range t.Choices {
		field := fmt.Sprintf("Choices[%d]/Condition", i)
		v, err := r.jeval(ctx, s, rule.Condition, env, field, nil)
		if err != nil {
			return nil, "", err
		}
		ok, isBool := v.(bool)
		if !isBool {
			return nil, "", queryError(s, "The JSONata expression '%s' specified for the field '%s' returned an unexpected result type. Expected 'boolean', but was '%s' for value: %s", rule.Condition.JSONata.Expression(), field, jsonataType(v), jsonv.String(v))
		}
		if !ok {
			continue
		}
		if err := r.jassign(ctx, s, rule.Assign, env, fmt.Sprintf("Choices[%d]/Assign", i)); err != nil {
			return nil, "", err
		}
		out, err := r.jeval(ctx, s, rule.Output, env, fmt.Sprintf("Choices[%d]/Output", i), input)
		return out, rule.Next, err
	}
	if t.Default == "" {
		return nil, "", runtimeError(t.Name, s.entered, "No Choice Rule matched the input and the Choice state has no Default.")
	}
	out, err := r.jsonataPassThrough(ctx, s, input)
	return out, t.Default, err
}

// evalRule evaluates a Choice rule against the effective input.
func (r *runner) evalRule(s *stateRun, ev *env, rule *asl.ChoiceRule) (bool, *states.Error) {
	switch {
	case rule.Not != nil:
		ok, err := r.evalRule(s, ev, rule.Not)
		return !ok, err
	case rule.And != nil:
		for _, sub := range rule.And {
			ok, err := r.evalRule(s, ev, sub)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case rule.Or != nil:
		for _, sub := range rule.Or {
			ok, err := r.evalRule(s, ev, sub)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case rule.Variable == nil:
		return false, runtimeError(s.base.Name, s.entered, "A Choice rule cannot be evaluated in this query language.")
	}
	v, verr := ev.Resolve(rule.Variable)
	present := verr == nil
	if errors.Is(verr, path.ErrLimit) {
		// An evaluation stopped by its budget tells nothing of presence.
		return false, runtimeError(s.base.Name, s.entered, "Invalid path '%s': %s", rule.Variable.String(), pathErrorText(rule.Variable, verr))
	}
	switch rule.Op {
	case "IsPresent":
		return present == rule.Value.(bool), nil
	}
	if !present {
		if isNotFound(verr) {
			return false, runtimeError(s.base.Name, s.entered, "Invalid path '%s': The choice state's condition path references an invalid value.", rule.Variable.String())
		}
		return false, s.evalError(verr)
	}
	want, _ := rule.Value.(bool)
	switch rule.Op {
	case "IsNull":
		return (v == nil) == want, nil
	case "IsNumeric":
		return jsonv.IsNumber(v) == want, nil
	case "IsString":
		_, ok := v.(string)
		return ok == want, nil
	case "IsBoolean":
		_, ok := v.(bool)
		return ok == want, nil
	case "IsTimestamp":
		str, ok := v.(string)
		if ok {
			_, err := asl.ParseTimestamp(str)
			ok = err == nil
		}
		return ok == want, nil
	case "StringMatches":
		str, ok := v.(string)
		return ok && rule.Pattern.Match(str), nil
	}
	operand := rule.Value
	if rule.ValuePath != nil {
		o, err := ev.Resolve(rule.ValuePath)
		if err != nil {
			if isNotFound(err) {
				return false, runtimeError(s.base.Name, s.entered, "Invalid path '%s': The choice state's condition path references an invalid value.", rule.ValuePath.String())
			}
			return false, s.evalError(err)
		}
		operand = o
	}
	return compare(rule.Op, v, operand), nil
}

func isNotFound(err error) bool { return errors.Is(err, path.ErrNotFound) }

// compare applies a String*, Numeric*, Boolean* or Timestamp* comparison. A
// value of the wrong type never matches.
func compare(op string, v, operand any) bool {
	var c int
	switch {
	case strings.HasPrefix(op, "String"):
		a, ok1 := v.(string)
		b, ok2 := operand.(string)
		if !ok1 || !ok2 {
			return false
		}
		c = strings.Compare(a, b)
		op = strings.TrimPrefix(op, "String")
	case strings.HasPrefix(op, "Numeric"):
		var ok bool
		if c, ok = jsonv.CompareNumbers(v, operand); !ok {
			return false
		}
		op = strings.TrimPrefix(op, "Numeric")
	case op == "BooleanEquals":
		a, ok1 := v.(bool)
		b, ok2 := operand.(bool)
		return ok1 && ok2 && a == b
	case strings.HasPrefix(op, "Timestamp"):
		a, ok1 := v.(string)
		b, ok2 := operand.(string)
		if !ok1 || !ok2 {
			return false
		}
		ta, err1 := asl.ParseTimestamp(a)
		tb, err2 := asl.ParseTimestamp(b)
		if err1 != nil || err2 != nil {
			return false
		}
		c = ta.Compare(tb)
		op = strings.TrimPrefix(op, "Timestamp")
	default:
		return false
	}
	switch op {
	case "Equals":
		return c == 0
	case "LessThan":
		return c < 0
	case "GreaterThan":
		return c > 0
	case "LessThanEquals":
		return c <= 0
	case "GreaterThanEquals":
		return c >= 0
	}
	return false
}
