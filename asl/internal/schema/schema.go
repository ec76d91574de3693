// Package schema checks the shape of an Amazon States Language definition
// against an embedded JSON Schema (asl.schema.json, draft 2020-12) and words
// every violation for a person, at the JSON pointer of the field at fault.
//
// The schema knows every field of every state type in both query languages;
// the rules it cannot express (transition targets, reachability, which
// fields a query language allows, path syntax) are checked by package asl.
package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gostates/gostates/internal/jsonptr"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// source is the schema document.
//
//go:embed asl.schema.json
var source string

// schemaURL is the schema's $id; error locations are relative to it.
const schemaURL = "https://gostates.dev/schema/asl.schema.json"

// V is one violation of the schema.
type V struct {
	// Pointer is the JSON pointer of the offending field ("" for the root).
	// For a missing required field it is the pointer of the object that
	// lacks it.
	Pointer string
	// Message describes the problem, e.g. `"Type" must be one of "Pass",
	// "Task", ...` or `field "Foo" is not allowed in a Pass state`.
	Message string
}

// checker is the compiled schema with the data the messages are worded from.
type checker struct {
	schema *jsonschema.Schema
	// states holds, by "Type", the subschema a state of that type must
	// match. The "state" subschema picks it with an allOf of if/then
	// pairs, which the schema library evaluates, failing, for every type
	// but the state's own; and each such evaluation of an object costs a
	// map of its keys. The definition is validated against a copy of the
	// schema whose "states" do not check their members, and Validate checks
	// each state against its type's subschema, or against "state" (which
	// words what is wrong with its Type) when it has no known type: about
	// eight times less work. nil when the schema is not written that way:
	// the definition is then validated by the schema alone.
	states map[string]*jsonschema.Schema
	// state is the "state" subschema, without the dispatch.
	state *jsonschema.Schema
	// raw is the schema document as JSON values, to read keywords back.
	raw any
	// messages maps a schema location (a JSON pointer into the schema
	// document) to its "x-message" wording.
	messages map[string]string
	err      error
}

// load compiles the schema the first time it is needed.
var load = sync.OnceValue(func() *checker { return compile(true) })

// compile compiles the schema; with dispatch, for Validate to dispatch
// states to their type's subschema itself.
func compile(dispatch bool) *checker {
	dec := json.NewDecoder(strings.NewReader(source))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return &checker{err: err}
	}
	doc, types := raw, map[string]string(nil)
	if dispatch {
		doc, types = withoutDispatch(raw)
	}
	text, err := json.Marshal(doc)
	if err != nil {
		return &checker{err: err}
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schemaURL, bytes.NewReader(text)); err != nil {
		return &checker{err: err}
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		return &checker{err: err}
	}
	ch := &checker{schema: s, raw: raw, messages: map[string]string{}}
	if types != nil {
		if ch.state, err = c.Compile(schemaURL + "#/$defs/state"); err != nil {
			return &checker{err: err}
		}
		ch.states = map[string]*jsonschema.Schema{}
		for typ, ref := range types {
			if ch.states[typ], err = c.Compile(schemaURL + ref); err != nil {
				return &checker{err: err}
			}
		}
	}
	ch.collectMessages(raw, "")
	return ch
}

// withoutDispatch returns a copy of the schema document whose "states"
// accept any member and whose "state" does not dispatch on "Type" (an
// allOf of {"if": {"properties": {"Type": {"const": T}}}, "then": {"$ref":
// R}}), and the dispatch as a map from T to R. When the schema is not
// written that way it returns raw unchanged and a nil map.
func withoutDispatch(raw any) (any, map[string]string) {
	root, _ := raw.(map[string]any)
	defs, _ := root["$defs"].(map[string]any)
	states, _ := defs["states"].(map[string]any)
	state, _ := defs["state"].(map[string]any)
	all, _ := state["allOf"].([]any)
	if ref, _ := jsonptr.Lookup(states, "/additionalProperties/$ref").(string); ref != "#/$defs/state" || len(all) == 0 {
		return raw, nil
	}
	dispatch := map[string]string{}
	for _, e := range all {
		sub, _ := e.(map[string]any)
		typ, _ := jsonptr.Lookup(sub, "/if/properties/Type/const").(string)
		ref, _ := jsonptr.Lookup(sub, "/then/$ref").(string)
		if len(sub) != 2 || typ == "" || !strings.HasPrefix(ref, "#/$defs/") {
			return raw, nil
		}
		dispatch[typ] = ref
	}
	light := maps.Clone(state)
	delete(light, "allOf")
	open := maps.Clone(states)
	open["additionalProperties"] = true
	newDefs := maps.Clone(defs)
	newDefs["state"], newDefs["states"] = light, open
	newRoot := maps.Clone(root)
	newRoot["$defs"] = newDefs
	return newRoot, dispatch
}

// collectMessages records every "x-message" annotation by schema location.
func (c *checker) collectMessages(v any, ptr string) {
	switch t := v.(type) {
	case map[string]any:
		if m, ok := t["x-message"].(string); ok {
			c.messages[ptr] = m
		}
		for k, e := range t {
			c.collectMessages(e, ptr+"/"+jsonptr.Escape(k))
		}
	case []any:
		for i, e := range t {
			c.collectMessages(e, ptr+"/"+strconv.Itoa(i))
		}
	}
}

// Validate checks doc, a definition decoded into JSON values (map[string]any,
// []any, string, json.Number or float64, bool, nil), against the schema. It
// returns every violation found, or nil when doc conforms.
func Validate(doc any) []V {
	vs, _ := ValidateWith(doc, nil, 0)
	return vs
}

// ValidateWith is Validate visiting the states of each States object in the
// order order gives for its JSON pointer (by name when order is nil or does
// not know), and stopping, after limit violations, before the next state
// (no limit when 0). complete is false when it stopped: violations of the
// states after those visited are missing. The violations of a state are
// those of its own fields and of the states nested in it, so in source
// order a caller sure to report only the first limit problems loses
// nothing it reports.
func ValidateWith(doc any, order func(ptr string) []string, limit int) (vs []V, complete bool) {
	return load().validate(doc, order, limit)
}

func (c *checker) validate(doc any, order func(ptr string) []string, limit int) ([]V, bool) {
	if c.err != nil {
		return []V{{Message: "internal error: the embedded ASL schema does not compile: " + c.err.Error()}}, true
	}
	w := &wording{c: c, doc: doc, order: order, limit: limit}
	if !w.check(c.schema, doc, "") {
		return w.out, true
	}
	if c.states != nil {
		if root, ok := doc.(map[string]any); ok {
			w.states(root, "")
		}
	}
	return w.out, !w.stopped
}

// wording turns a tree of schema errors into violations.
type wording struct {
	c    *checker
	doc  any
	out  []V
	seen map[V]bool
	// prefix is the pointer of the value being validated: the schema
	// library's instance locations are relative to it.
	prefix string
	// order and limit are ValidateWith's; stopped is set when the limit
	// stopped it.
	order   func(ptr string) []string
	limit   int
	stopped bool
}

// check validates v, found at ptr in the document, against s, and words
// the violations. It returns false when v holds something that is not JSON
// (nothing else is worth checking then).
func (w *wording) check(s *jsonschema.Schema, v any, ptr string) bool {
	err := s.Validate(v)
	if err == nil {
		return true
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		w.out = []V{{Message: "the definition holds a value that is not JSON: " + err.Error()}}
		return false
	}
	w.prefix = ptr
	w.walk(ve)
	return true
}

// states validates each state of machine (the top level, a Parallel
// branch or a Map item processor, at ptr) against the subschema of its
// type, then the machines nested in it.
func (w *wording) states(machine map[string]any, ptr string) {
	states, _ := machine["States"].(map[string]any)
	var names []string
	if w.order != nil {
		names = w.order(ptr + "/States")
	}
	if len(names) != len(states) {
		names = slices.Sorted(maps.Keys(states))
	}
	for _, name := range names {
		if w.limit > 0 && len(w.out) >= w.limit {
			w.stopped = true
			return
		}
		v, ok := states[name]
		if !ok {
			continue
		}
		sptr := ptr + "/States/" + jsonptr.Escape(name)
		state, _ := v.(map[string]any)
		typ, _ := state["Type"].(string)
		s := w.c.states[typ]
		if s == nil { // not an object, or no known Type
			if !w.check(w.c.state, v, sptr) {
				return
			}
			continue
		}
		if !w.check(s, state, sptr) {
			return
		}
		switch typ {
		case "Parallel":
			branches, _ := state["Branches"].([]any)
			for i, b := range branches {
				if m, ok := b.(map[string]any); ok {
					w.states(m, sptr+"/Branches/"+strconv.Itoa(i))
				}
			}
		case "Map":
			for _, key := range [...]string{"ItemProcessor", "Iterator"} {
				if m, ok := state[key].(map[string]any); ok {
					w.states(m, sptr+"/"+key)
				}
			}
		}
	}
}

func (w *wording) add(ptr, msg string) {
	v := V{Pointer: ptr, Message: msg}
	if w.seen == nil {
		w.seen = map[V]bool{}
	}
	if !w.seen[v] {
		w.seen[v] = true
		w.out = append(w.out, v)
	}
}

// instance returns the pointer in the document of an error's instance.
func (w *wording) instance(e *jsonschema.ValidationError) string {
	return w.prefix + normalize(e.InstanceLocation)
}

// walk reports e, or the errors it wraps. A subschema with an x-message
// speaks for everything below it up to the next $ref; otherwise leaves are
// worded from their keyword.
func (w *wording) walk(e *jsonschema.ValidationError) {
	loc := normalize(fragment(e.AbsoluteKeywordLocation))
	if msg, ok := w.message(loc); ok {
		ptr := w.instance(e)
		w.add(ptr, subject(ptr)+" "+msg)
		return
	}
	causes := e.Causes
	if k := keywordOf(loc); k == "anyOf" || k == "oneOf" {
		causes = w.withoutEscapes(causes)
	}
	if len(causes) > 0 {
		for _, c := range causes {
			w.walk(c)
		}
		return
	}
	w.leaf(e, loc)
}

// escapes are the subschemas that let a computed value (a JSONata
// expression or a placeholder) stand in for a literal. When a value matches
// neither the literal nor an escape, only the literal's failure is worth
// reporting.
var escapes = map[string]bool{
	"#/$defs/placeholder": true,
	"#/$defs/jsonata":     true,
	"#/$defs/computed":    true,
}

// withoutEscapes drops the failures of escape branches from the causes of
// an anyOf or oneOf, unless nothing else is left.
func (w *wording) withoutEscapes(causes []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	var kept []*jsonschema.ValidationError
	for _, c := range causes {
		branch := strings.TrimSuffix(normalize(fragment(c.AbsoluteKeywordLocation)), "/$ref")
		if sch, ok := jsonptr.Lookup(w.c.raw, branch).(map[string]any); ok {
			if ref, _ := sch["$ref"].(string); escapes[ref] {
				continue
			}
		}
		kept = append(kept, c)
	}
	if len(kept) == 0 {
		return causes
	}
	return kept
}

// keywordOf returns the last token of a schema location.
func keywordOf(loc string) string { return loc[strings.LastIndexByte(loc, '/')+1:] }

// message finds the x-message governing the schema location loc: that of
// the closest enclosing subschema, unless a $ref lies between them.
func (w *wording) message(loc string) (string, bool) {
	for p := loc; ; {
		if m, ok := w.c.messages[p]; ok {
			if strings.Contains(loc[len(p):], "/$ref") {
				return "", false
			}
			return m, true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return "", false
		}
		p = p[:i]
	}
}

// leaf words a single failed keyword.
func (w *wording) leaf(e *jsonschema.ValidationError, loc string) {
	ptr := w.instance(e)
	keyword := keywordOf(loc)
	parent := loc[:max(strings.LastIndexByte(loc, '/'), 0)]
	sch, _ := jsonptr.Lookup(w.c.raw, parent).(map[string]any)
	switch keyword {
	case "not", "unknownField":
		w.add(ptr, fmt.Sprintf("field %q is not allowed %s", jsonptr.Unescape(lastToken(ptr)), context(w.doc, parentPointer(ptr))))
		return
	case "required":
		obj, _ := jsonptr.Lookup(w.doc, ptr).(map[string]any)
		var missing []string
		for _, r := range asList(sch["required"]) {
			if _, ok := obj[r]; !ok {
				missing = append(missing, strconv.Quote(r))
			}
		}
		switch len(missing) {
		case 0:
		case 1:
			w.add(ptr, fmt.Sprintf("missing required field %s %s", missing[0], context(w.doc, ptr)))
		default:
			w.add(ptr, fmt.Sprintf("missing required fields %s %s", joinAnd(missing), context(w.doc, ptr)))
		}
		return
	}
	w.add(ptr, subject(ptr)+" "+w.keywordMessage(keyword, sch, jsonptr.Lookup(w.doc, ptr), e.Message))
}

// keywordMessage words the failure of one keyword of schema sch for value v.
func (w *wording) keywordMessage(keyword string, sch map[string]any, v any, fallback string) string {
	switch keyword {
	case "type":
		var want []string
		switch t := sch["type"].(type) {
		case string:
			want = []string{typeName(t)}
		case []any:
			for _, e := range t {
				s, _ := e.(string)
				want = append(want, typeName(s))
			}
		}
		return fmt.Sprintf("must be %s, not %s", joinOr(want), typeName(jsonType(v)))
	case "enum":
		var vals []string
		enum, _ := sch["enum"].([]any)
		for _, e := range enum {
			b, _ := json.Marshal(e)
			vals = append(vals, string(b))
		}
		return "must be one of " + strings.Join(vals, ", ")
	case "const":
		b, _ := json.Marshal(sch["const"])
		return "must be " + string(b)
	case "minLength":
		if n := number(sch["minLength"]); n != "1" {
			return "must be at least " + n + " characters long"
		}
		return "must not be empty"
	case "maxLength":
		return "must be at most " + number(sch["maxLength"]) + " characters long"
	case "minItems":
		if n := number(sch["minItems"]); n != "1" {
			return "must have at least " + n + " elements"
		}
		return "must not be empty"
	case "maxItems":
		return "must have at most " + number(sch["maxItems"]) + " elements"
	case "minimum":
		return "must be at least " + number(sch["minimum"])
	case "maximum":
		return "must be at most " + number(sch["maximum"])
	case "pattern":
		return "is not in the expected format"
	}
	return fallback
}

// subject names the value at ptr for the start of a message.
func subject(ptr string) string {
	if ptr == "" {
		return "the definition"
	}
	tok := jsonptr.Unescape(lastToken(ptr))
	parent := parentPointer(ptr)
	if _, err := strconv.Atoi(tok); err == nil && parent != "" {
		return fmt.Sprintf("element %s of %q", tok, jsonptr.Unescape(lastToken(parent)))
	}
	if lastToken(parent) == "States" {
		return fmt.Sprintf("state %q", tok)
	}
	return strconv.Quote(tok)
}

// context says where the object at ptr sits, for messages about its fields:
// "in a Pass state", "in a retrier", "at the top level".
func context(doc any, ptr string) string {
	if ptr == "" {
		return "at the top level of a state machine"
	}
	tok := jsonptr.Unescape(lastToken(ptr))
	parent := parentPointer(ptr)
	ptok := jsonptr.Unescape(lastToken(parent))
	if ptok == "States" {
		if obj, ok := jsonptr.Lookup(doc, ptr).(map[string]any); ok {
			if t, ok := obj["Type"].(string); ok && t != "" {
				return "in a " + t + " state"
			}
		}
		return "in a state"
	}
	if _, err := strconv.Atoi(tok); err == nil {
		switch ptok {
		case "Branches":
			return "in a Parallel branch"
		case "Retry":
			return "in a retrier"
		case "Catch":
			return "in a catcher"
		case "Choices", "And", "Or":
			return "in a Choice rule"
		}
	}
	switch tok {
	case "ItemProcessor", "Iterator":
		return "in a Map state's " + tok
	case "Not":
		return "in a Choice rule"
	}
	return "in " + strconv.Quote(tok)
}

func typeName(t string) string {
	switch t {
	case "string":
		return "a string"
	case "integer":
		return "an integer"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	case "object":
		return "a JSON object"
	case "array":
		return "an array"
	case "null":
		return "null"
	}
	return t
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "number"
}

func joinOr(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func number(v any) string {
	if n, ok := v.(json.Number); ok {
		return n.String()
	}
	return fmt.Sprint(v)
}

func asList(v any) []string {
	a, _ := v.([]any)
	out := make([]string, 0, len(a))
	for _, e := range a {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// fragment returns the JSON pointer part of a schema location URL.
func fragment(loc string) string {
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		return loc[i+1:]
	}
	return ""
}

func lastToken(ptr string) string { return ptr[strings.LastIndexByte(ptr, '/')+1:] }

func parentPointer(ptr string) string {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 {
		return ""
	}
	return ptr[:i]
}

// normalize turns a location as the schema library writes it (each token
// also URL-path-escaped) into a plain JSON pointer.
func normalize(ptr string) string {
	if !strings.Contains(ptr, "%") {
		return ptr
	}
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		if u, err := url.PathUnescape(t); err == nil {
			toks[i] = u
		}
	}
	return strings.Join(toks, "/")
}
