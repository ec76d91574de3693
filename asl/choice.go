package asl

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gostates/gostates/internal/jsonptr"
)

// comparatorKind says what operand a comparator takes.
type comparatorKind int

const (
	kindString comparatorKind = iota
	kindNumber
	kindBool
	kindTimestamp
	kindTypeTest // IsNull, IsPresent...: the operand is a boolean
	kindPattern  // StringMatches
)

// comparators maps every comparator without its Path suffix to its kind.
var comparators = map[string]comparatorKind{
	"StringEquals": kindString, "StringLessThan": kindString, "StringGreaterThan": kindString,
	"StringLessThanEquals": kindString, "StringGreaterThanEquals": kindString,
	"StringMatches": kindPattern,
	"NumericEquals": kindNumber, "NumericLessThan": kindNumber, "NumericGreaterThan": kindNumber,
	"NumericLessThanEquals": kindNumber, "NumericGreaterThanEquals": kindNumber,
	"BooleanEquals":   kindBool,
	"TimestampEquals": kindTimestamp, "TimestampLessThan": kindTimestamp, "TimestampGreaterThan": kindTimestamp,
	"TimestampLessThanEquals": kindTimestamp, "TimestampGreaterThanEquals": kindTimestamp,
	"IsNull": kindTypeTest, "IsPresent": kindTypeTest, "IsNumeric": kindTypeTest,
	"IsString": kindTypeTest, "IsBoolean": kindTypeTest, "IsTimestamp": kindTypeTest,
}

// lookupComparator resolves a field name to a comparator: its base name and
// whether it is the Path form.
func lookupComparator(field string) (op string, isPath bool, ok bool) {
	if _, found := comparators[field]; found {
		return field, false, true
	}
	base, cut := strings.CutSuffix(field, "Path")
	if !cut {
		return "", false, false
	}
	k, found := comparators[base]
	if !found || k == kindTypeTest || k == kindPattern {
		return "", false, false
	}
	return base, true, true
}

// ruleFields are the non-comparator fields a rule may carry.
var ruleFields = map[string]bool{
	"Variable": true, "Next": true, "And": true, "Or": true, "Not": true,
	"Comment": true, "Condition": true, "Assign": true, "Output": true,
}

// jsonataRuleFields are the fields of a Choice rule in JSONata.
var jsonataRuleFields = map[string]bool{
	"Next": true, "Comment": true, "Condition": true, "Assign": true, "Output": true,
}

func (p *parser) choice(b Base, obj map[string]any, ptr string) *ChoiceState {
	s := &ChoiceState{Base: b}
	s.Default, _ = obj["Default"].(string)
	rules, _ := obj["Choices"].([]any)
	for i, r := range rules {
		ro, ok := r.(map[string]any)
		if !ok {
			continue // the schema reports it
		}
		s.Choices = append(s.Choices, p.rule(ro, fmt.Sprintf("%s/Choices/%d", ptr, i), b.QueryLanguage, true))
	}
	return s
}

// rule builds a Choice rule. top is true for the elements of Choices, which
// need Next; nested rules (inside And, Or, Not) must not have it.
func (p *parser) rule(obj map[string]any, ptr string, ql QueryLanguage, top bool) *ChoiceRule {
	r := &ChoiceRule{Pointer: ptr}
	_, hasNext := obj["Next"]
	r.Next, _ = obj["Next"].(string)
	switch {
	case top && !hasNext:
		p.errorf(ptr, CodeChoiceRule, "a Choice rule needs a \"Next\" field naming the state to go to when it matches")
	case !top && hasNext:
		p.errorf(ptr+"/Next", CodeChoiceRule, "\"Next\" is only allowed on the rules of \"Choices\", not inside \"And\", \"Or\" or \"Not\"")
	}
	for _, f := range []string{"Assign", "Output"} {
		if _, ok := obj[f]; ok && !top {
			p.errorf(ptr+"/"+f, CodeChoiceRule, "%q is only allowed on the rules of \"Choices\", not inside \"And\", \"Or\" or \"Not\"", f)
		}
	}
	if top {
		r.Assign = p.expr(obj, "Assign", ptr, ql)
	}
	keys := slices.Sorted(maps.Keys(obj))

	if ql == JSONata {
		c, ok := obj["Condition"]
		if !ok && top {
			p.errorf(ptr, CodeChoiceRule, "a Choice rule in JSONata needs a \"Condition\" field")
		}
		if ok {
			r.Condition = p.compileJSONata(c, ptr+"/Condition")
		}
		if top {
			r.Output = p.expr(obj, "Output", ptr, ql)
		}
		for _, k := range keys {
			if _, _, isCmp := lookupComparator(k); (isCmp || ruleFields[k]) && !jsonataRuleFields[k] {
				p.errorf(ptr+"/"+jsonptr.Escape(k), CodeQueryLanguage, "field %q is only allowed when the query language is JSONPath; a JSONata Choice rule tests a \"Condition\"", k)
			}
		}
		return r
	}
	// unknown is set when a field is misplaced or misspelt; a missing
	// comparison is then most likely that field, already reported.
	unknown := false
	for _, f := range []string{"Condition", "Output"} {
		if _, ok := obj[f]; ok {
			p.errorf(ptr+"/"+f, CodeQueryLanguage, "field %q is only allowed when the query language is JSONata, and this state uses JSONPath", f)
			unknown = true
		}
	}

	// Exactly one of: a comparator, And, Or, Not.
	var kinds []string
	for _, k := range keys {
		switch _, _, isCmp := lookupComparator(k); {
		case isCmp, k == "And", k == "Or", k == "Not":
			kinds = append(kinds, k)
		case !ruleFields[k]:
			unknown = true // the schema reports it
		}
	}
	switch {
	case len(kinds) == 0:
		if !unknown {
			p.errorf(ptr, CodeChoiceRule, "a Choice rule needs a comparison (such as \"StringEquals\") or one of \"And\", \"Or\", \"Not\"")
		}
		return r
	case len(kinds) > 1:
		p.errorf(ptr, CodeChoiceRule, "a Choice rule takes exactly one comparison or one of \"And\", \"Or\", \"Not\"; it has %s", strings.Join(quoteAll(kinds), ", "))
		return r
	}
	kind := kinds[0]
	switch kind {
	case "And", "Or":
		if _, ok := obj["Variable"]; ok {
			p.errorf(ptr+"/Variable", CodeChoiceRule, "\"Variable\" is not allowed beside %q", kind)
		}
		arr, _ := obj[kind].([]any)
		for i, e := range arr {
			eo, ok := e.(map[string]any)
			if !ok {
				continue // the schema reports it
			}
			sub := p.rule(eo, fmt.Sprintf("%s/%s/%d", ptr, kind, i), ql, false)
			if kind == "And" {
				r.And = append(r.And, sub)
			} else {
				r.Or = append(r.Or, sub)
			}
		}
		return r
	case "Not":
		if _, ok := obj["Variable"]; ok {
			p.errorf(ptr+"/Variable", CodeChoiceRule, "\"Variable\" is not allowed beside \"Not\"")
		}
		if no, ok := obj["Not"].(map[string]any); ok {
			r.Not = p.rule(no, ptr+"/Not", ql, false)
		}
		return r
	}

	op, isPath, _ := lookupComparator(kind)
	r.Comparator = Comparator(kind)
	r.Op = op
	if v, ok := obj["Variable"].(string); ok {
		r.Variable = p.compilePath(v, ptr+"/Variable", "Variable", false)
	} else if _, present := obj["Variable"]; !present {
		p.errorf(ptr, CodeChoiceRule, "a %q rule needs a \"Variable\" field: the path of the value to compare", kind)
	}
	operand := obj[kind]
	fptr := ptr + "/" + kind
	s, isString := operand.(string)
	if isPath {
		if isString {
			r.ValuePath = p.compilePath(s, fptr, kind, false)
		}
		return r
	}
	r.Value = operand
	if !isString || p.hasPlaceholder(s) {
		return r // the schema checks the operand's type
	}
	switch comparators[op] {
	case kindPattern:
		r.Pattern = CompilePattern(s)
	case kindTimestamp:
		t, err := ParseTimestamp(s)
		if err != nil {
			p.errorf(fptr, CodeChoiceRule, "%q: %q is not an RFC 3339 timestamp such as \"2026-01-02T15:04:05Z\"", kind, s)
		}
		r.Time = t
	}
	return r
}

// Pattern is a compiled StringMatches pattern: "*" matches any run of
// characters, "\*" a literal star and "\\" a literal backslash.
type Pattern struct {
	// parts are the literal pieces between stars.
	parts []string
	src   string
}

// CompilePattern compiles a StringMatches pattern.
func CompilePattern(s string) *Pattern {
	p := &Pattern{src: s}
	var cur strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\\' && i+1 < len(rs):
			i++
			cur.WriteRune(rs[i])
		case c == '*':
			p.parts = append(p.parts, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(c)
		}
	}
	p.parts = append(p.parts, cur.String())
	return p
}

// String returns the pattern as written.
func (p *Pattern) String() string { return p.src }

// Match reports whether s matches the whole pattern.
func (p *Pattern) Match(s string) bool {
	if len(p.parts) == 1 {
		return s == p.parts[0]
	}
	first, last := p.parts[0], p.parts[len(p.parts)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, mid := range p.parts[1 : len(p.parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, last)
}
