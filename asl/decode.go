package asl

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gostates/gostates/internal/jsonptr"
	"go.yaml.in/yaml/v3"
)

// pos locates a value or an object member in the source. In JSON it is a
// byte offset, turned into a line and column only for the problems
// reported (so that no time is spent per value on positions); in YAML it is
// the line and column yaml.v3 gives. Definitions are at most
// MaxDefinitionSize bytes, so 32 bits are plenty.
type pos struct{ line, col, off int32 }

// comparePos orders positions of one document in source order.
func comparePos(a, b pos) int {
	if c := cmp.Compare(a.line, b.line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.col, b.col); c != 0 {
		return c
	}
	return cmp.Compare(a.off, b.off)
}

// kid is a value held by an object or an array: its key (for an object
// member), where it sits (for an object member, where its key does) and,
// when it is an object or an array itself, its node (else -1).
type kid struct {
	key string
	at  pos
	id  int32
}

// node is an object or an array of the document: its members are
// kids[start:start+n], in source order.
type node struct {
	start, n int32
	array    bool
}

// document is a decoded definition: JSON values as encoding/json produces
// them with UseNumber, and where each value sits in the source. Positions
// are kept as a tree of nodes rather than by JSON pointer: pointers are as
// long as the keys above a value, and building one per value costs time
// and memory quadratic in the nesting.
type document struct {
	root any
	// located is false when the document has no source (ParseValue).
	located bool
	// top is the root: its position and node.
	top   kid
	nodes []node
	kids  []kid
	// index finds the members of large objects by key; built when first
	// needed.
	index map[int32]map[string]int32
	// src is the JSON source, to turn offsets into lines and columns.
	src []byte
	// lines holds the offsets where src's lines start, computed when the
	// first problem needs it.
	lines []int
}

// members returns the members of node id, in source order.
func (d *document) members(id int32) []kid {
	n := d.nodes[id]
	return d.kids[n.start : n.start+n.n]
}

// child finds the member of value k named by tok, a JSON pointer token.
func (d *document) child(k kid, tok string) (kid, bool) {
	if k.id < 0 {
		return kid{}, false
	}
	kids := d.members(k.id)
	if d.nodes[k.id].array {
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(kids) {
			return kid{}, false
		}
		return kids[i], true
	}
	key := jsonptr.Unescape(tok)
	if len(kids) <= 8 {
		for _, c := range kids {
			if c.key == key {
				return c, true
			}
		}
		return kid{}, false
	}
	idx := d.index[k.id]
	if idx == nil {
		idx = make(map[string]int32, len(kids))
		for i := len(kids) - 1; i >= 0; i-- {
			idx[kids[i].key] = int32(i)
		}
		if d.index == nil {
			d.index = map[int32]map[string]int32{}
		}
		d.index[k.id] = idx
	}
	i, ok := idx[key]
	if !ok {
		return kid{}, false
	}
	return kids[i], true
}

// walk follows ptr from the root as far as the document records it. It
// returns the last value reached and whether that was ptr itself.
func (d *document) walk(ptr string) (k kid, found, exact bool) {
	if !d.located {
		return kid{}, false, false
	}
	k = d.top
	for ptr != "" {
		tok, rest := ptr[1:], ""
		if i := strings.IndexByte(tok, '/'); i >= 0 {
			tok, rest = tok[:i], tok[i:]
		}
		c, ok := d.child(k, tok)
		if !ok {
			return k, true, false
		}
		k, ptr = c, rest
	}
	return k, true, true
}

// locate returns the position of ptr, or of its nearest ancestor.
func (d *document) locate(ptr string) (pos, bool) {
	k, found, _ := d.walk(ptr)
	return k.at, found
}

// keyOrder returns the keys of the object at ptr in source order; nil when
// the document does not know it.
func (d *document) keyOrder(ptr string) []string {
	k, _, exact := d.walk(ptr)
	if !exact || k.id < 0 || d.nodes[k.id].array {
		return nil
	}
	kids := d.members(k.id)
	keys := make([]string, len(kids))
	for i, c := range kids {
		keys[i] = c.key
	}
	return keys
}

// resolve gives the located problems, sorted in source order, their line
// and column. Columns count characters, as editors do; for JSON they are
// counted from the previous problem on the same line, so that the work is
// linear in the size of the source however many problems there are.
func (d *document) resolve(problems []problem) {
	prevLine, prevOff, prevCol := -1, 0, 0
	for i := range problems {
		pr := &problems[i]
		if !pr.located {
			continue
		}
		if d.src == nil {
			pr.Line, pr.Column = int(pr.at.line), int(pr.at.col)
			continue
		}
		off := min(max(int(pr.at.off), 0), len(d.src))
		line := d.lineOf(off)
		if line == prevLine && off >= prevOff {
			prevCol += utf8.RuneCount(d.src[prevOff:off])
		} else {
			prevCol = 1 + utf8.RuneCount(d.src[d.lines[line]:off])
		}
		prevLine, prevOff = line, off
		pr.Line, pr.Column = line+1, prevCol
	}
}

// lineOf returns the 0-based line holding offset off of the JSON source.
func (d *document) lineOf(off int) int {
	if d.lines == nil {
		d.lines = []int{0}
		for i := 0; ; {
			j := bytes.IndexByte(d.src[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			d.lines = append(d.lines, i)
		}
	}
	lo, hi := 0, len(d.lines)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if d.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// builder records the nodes of a document as a decoder produces them. The
// members of the objects and arrays being decoded wait on a stack; when
// one closes, its members (the top of the stack) move to the document's
// kids in one block.
type builder struct {
	doc     *document
	pending []kid
}

// open starts an object or an array, returning its node and the mark to
// close it with.
func (b *builder) open(array bool) (id int32, mark int) {
	b.doc.nodes = append(b.doc.nodes, node{array: array})
	return int32(len(b.doc.nodes) - 1), len(b.pending)
}

// add records a member of the innermost open object or array.
func (b *builder) add(k kid) { b.pending = append(b.pending, k) }

// close ends node id.
func (b *builder) close(id int32, mark int) {
	b.doc.nodes[id].start = int32(len(b.doc.kids))
	b.doc.nodes[id].n = int32(len(b.pending) - mark)
	b.doc.kids = append(b.doc.kids, b.pending[mark:]...)
	b.pending = b.pending[:mark]
}

// decode parses JSON or YAML. A document whose first non-blank character is
// '{' is JSON; anything else is YAML. When problems are returned the
// document only serves to locate them.
func decode(data []byte) (*document, []problem) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return decodeJSON(data)
	}
	return decodeYAML(data)
}

// decodeError is a problem that stops decoding.
type decodeError struct{ problem }

func (e decodeError) Error() string { return e.Message }

// duplicateKey reports an object key that appears twice, parent being the
// pointer of the object. Two states of the same name are a
// DUPLICATE_STATE_NAME problem; other keys a syntax one.
func duplicateKey(parent, key string, at pos) error {
	child := parent + "/" + jsonptr.Escape(key)
	e := Error{Path: child, Code: CodeSyntax, Message: fmt.Sprintf("duplicate field %q", key)}
	if strings.HasSuffix(parent, "/States") {
		e.Code, e.Message = CodeDuplicateState, fmt.Sprintf("state name %q is used twice in the same \"States\" object", key)
	}
	return decodeError{problem{Error: e, at: at, located: true}}
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 512

// decodeJSON decodes a JSON definition: by the fast decoder when it is
// well-formed, else by the token decoder, which words the problems.
func decodeJSON(data []byte) (*document, []problem) {
	if doc, ok := fastDecodeJSON(data); ok {
		return doc, nil
	}
	return tokenDecodeJSON(data)
}

// tokenDecoder decodes JSON with encoding/json's tokenizer, so that syntax
// errors are worded as encoding/json words them.
type tokenDecoder struct {
	builder
	data []byte
	dec  *json.Decoder
	path pointerPath
	// numbers are the numbers refused; decoding goes on to find them all.
	numbers []problem
	// pointers adds up the lengths of the values' JSON pointers.
	pointers int
}

func tokenDecodeJSON(data []byte) (*document, []problem) {
	doc := &document{src: data}
	d := &tokenDecoder{builder: builder{doc: doc}, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	d.dec.UseNumber()
	at := d.at(d.next())
	root, id, err := d.value(0, 0)
	if err != nil {
		return doc, []problem{d.syntaxError(err)}
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return doc, []problem{{Error: Error{Code: CodeSyntax, Message: "invalid JSON: unexpected data after the top-level value"}, at: d.at(d.next()), located: true}}
	}
	if len(d.numbers) > 0 {
		return doc, d.numbers
	}
	doc.root, doc.top, doc.located = root, kid{at: at, id: id}, true
	return doc, nil
}

// at is the position of a byte offset.
func (d *tokenDecoder) at(off int) pos { return pos{off: int32(off)} }

func (d *tokenDecoder) syntaxError(err error) problem {
	var de decodeError
	if errors.As(err, &de) {
		return de.problem
	}
	off := int(d.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of input"
		off = len(d.data)
	}
	return problem{Error: Error{Code: CodeSyntax, Message: "invalid JSON: " + msg}, at: d.at(off), located: true}
}

// next returns the offset of the next token, skipping blanks and separators.
func (d *tokenDecoder) next() int {
	off := int(d.dec.InputOffset())
	for off < len(d.data) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// member counts the pointer of the member at off (plen bytes long, d.path),
// failing when the definition's pointers add up to more than
// maxPointerBytes.
func (d *tokenDecoder) member(off, plen int) error {
	if d.pointers += plen; d.pointers > maxPointerBytes {
		return decodeError{problem{Error: Error{Path: d.path.String(), Code: CodeTooLarge, Message: tooNested()}, at: d.at(off), located: true}}
	}
	return nil
}

// value decodes the next value, whose pointer is d.path, plen bytes long.
// It returns the value and its node (-1 when it is neither an object nor an
// array).
func (d *tokenDecoder) value(depth, plen int) (any, int32, error) {
	off := d.next()
	if depth > maxDepth {
		return nil, -1, decodeError{problem{Error: Error{Path: d.path.String(), Code: CodeSyntax, Message: fmt.Sprintf("document nested deeper than %d levels", maxDepth)}, at: d.at(off), located: true}}
	}
	tok, err := d.dec.Token()
	if err != nil {
		return nil, -1, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		if n, ok := tok.(json.Number); ok {
			if msg := numberProblem(string(n)); msg != "" {
				d.numbers = append(d.numbers, problem{Error: Error{Path: d.path.String(), Code: CodeValue, Message: msg}, at: d.at(off), located: true})
			}
		}
		return tok, -1, nil
	}
	id, mark := d.open(delim == '[')
	var v any
	switch delim {
	case '{':
		m := map[string]any{}
		for d.dec.More() {
			koff := d.next()
			kt, err := d.dec.Token()
			if err != nil {
				return nil, -1, err
			}
			key, _ := kt.(string)
			if _, dup := m[key]; dup {
				return nil, -1, duplicateKey(d.path.String(), key, d.at(koff))
			}
			d.path.pushKey(key)
			cplen := memberPointer(plen, key, -1)
			err = d.member(koff, cplen)
			var (
				e   any
				eid int32
			)
			if err == nil {
				e, eid, err = d.value(depth+1, cplen)
			}
			d.path.pop()
			if err != nil {
				return nil, -1, err
			}
			m[key] = e
			d.add(kid{key: key, at: d.at(koff), id: eid})
		}
		v = m
	default: // '['
		a := []any{}
		for i := 0; d.dec.More(); i++ {
			off := d.next()
			d.path.pushIndex(i)
			cplen := memberPointer(plen, "", i)
			err := d.member(off, cplen)
			var (
				e   any
				eid int32
			)
			if err == nil {
				e, eid, err = d.value(depth+1, cplen)
			}
			d.path.pop()
			if err != nil {
				return nil, -1, err
			}
			a = append(a, e)
			d.add(kid{at: d.at(off), id: eid})
		}
		v = a
	}
	if _, err := d.dec.Token(); err != nil {
		return nil, -1, err
	}
	d.close(id, mark)
	return v, id, nil
}

// maxAliasExpansions bounds YAML alias expansion (the "billion laughs").
const maxAliasExpansions = 10000

type yamlDecoder struct {
	builder
	path    pointerPath
	aliases int
	// size is how long the definition is as JSON: aliases may make it
	// exceed the size of the source (the "billion laughs").
	size jsonSize
	// pointers adds up the lengths of the values' JSON pointers.
	pointers int
}

func decodeYAML(data []byte) (*document, []problem) {
	doc := &document{}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		msg := err.Error()
		line := 0
		// yaml.v3 reports "yaml: line N: ..."
		if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
			if i := strings.IndexByte(rest, ':'); i > 0 {
				line, _ = strconv.Atoi(rest[:i])
				msg = "yaml:" + rest[i+1:]
			}
		}
		return doc, []problem{{Error: Error{Code: CodeSyntax, Message: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}, at: pos{line: int32(line), col: 1}, located: line > 0}}
	}
	if n.Kind == 0 || len(n.Content) == 0 {
		return doc, []problem{{Error: Error{Code: CodeSyntax, Message: "empty document: a state machine definition is a JSON or YAML object"}}}
	}
	d := &yamlDecoder{builder: builder{doc: doc}}
	root, id, err := d.value(n.Content[0], 0, 0)
	if err != nil {
		var de decodeError
		if errors.As(err, &de) {
			return doc, []problem{de.problem}
		}
		return doc, []problem{{Error: Error{Code: CodeSyntax, Message: "invalid YAML: " + err.Error()}}}
	}
	doc.root, doc.top, doc.located = root, kid{at: nodePos(n.Content[0]), id: id}, true
	return doc, nil
}

// nodePos is the position of a YAML node.
func nodePos(n *yaml.Node) pos { return pos{line: int32(n.Line), col: int32(n.Column)} }

// child decodes the value node of a member whose path element the caller
// has pushed (at is the node its position is counted from), and pops it.
func (d *yamlDecoder) child(at, value *yaml.Node, depth, plen int) (any, int32, error) {
	defer d.path.pop()
	if err := d.member(at, plen); err != nil {
		return nil, -1, err
	}
	return d.value(value, depth, plen)
}

// member counts the pointer of a member (node n, plen bytes long,
// d.path), failing when the definition's pointers add up to more than
// maxPointerBytes.
func (d *yamlDecoder) member(n *yaml.Node, plen int) error {
	if d.pointers += plen; d.pointers > maxPointerBytes {
		return d.problem(n, CodeTooLarge, tooNested())
	}
	return nil
}

// value decodes node n, whose pointer is d.path, plen bytes long. It
// returns the value and its node (-1 when it is neither an object nor an
// array).
func (d *yamlDecoder) value(n *yaml.Node, depth, plen int) (any, int32, error) {
	fail := func(format string, args ...any) error {
		return d.problem(n, CodeSyntax, "invalid YAML: "+fmt.Sprintf(format, args...))
	}
	if depth > maxDepth {
		return nil, -1, fail("document nested deeper than %d levels", maxDepth)
	}
	if !d.size.add(yamlSize(n)) {
		e := tooLarge("the definition", MaxDefinitionSize, true)
		if d.aliases > 0 {
			e.Message += ", and each YAML alias repeats the value it names"
		}
		return nil, -1, d.problem(n, CodeTooLarge, e.Message)
	}
	switch n.Kind {
	case yaml.AliasNode:
		d.aliases++
		if d.aliases > maxAliasExpansions {
			return nil, -1, fail("too many alias expansions")
		}
		return d.value(n.Alias, depth+1, plen)
	case yaml.MappingNode:
		id, mark := d.open(false)
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			if kn.Kind != yaml.ScalarNode {
				return nil, -1, fail("object keys must be strings")
			}
			if kn.Tag == "!!merge" {
				return nil, -1, fail("merge keys (<<) are not supported")
			}
			if _, dup := m[kn.Value]; dup {
				return nil, -1, duplicateKey(d.path.String(), kn.Value, nodePos(kn))
			}
			d.path.pushKey(kn.Value)
			v, vid, err := d.child(kn, vn, depth+1, memberPointer(plen, kn.Value, -1))
			if err != nil {
				return nil, -1, err
			}
			m[kn.Value] = v
			d.add(kid{key: kn.Value, at: nodePos(kn), id: vid})
		}
		d.close(id, mark)
		return m, id, nil
	case yaml.SequenceNode:
		id, mark := d.open(true)
		a := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			d.path.pushIndex(i)
			v, vid, err := d.child(c, c, depth+1, memberPointer(plen, "", i))
			if err != nil {
				return nil, -1, err
			}
			a = append(a, v)
			d.add(kid{at: nodePos(c), id: vid})
		}
		d.close(id, mark)
		return a, id, nil
	case yaml.ScalarNode:
		v, err := d.scalar(n)
		return v, -1, err
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, -1, nil
		}
		return d.value(n.Content[0], depth+1, plen)
	}
	return nil, -1, fail("unsupported YAML node")
}

// scalar decodes a YAML scalar.
func (d *yamlDecoder) scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, d.problem(n, CodeSyntax, "invalid YAML: "+err.Error())
		}
		return b, nil
	case "!!int", "!!float":
		return d.number(n)
	case "!!str":
		// yaml.v3 reads a plain number it cannot hold in a float64 (1e400)
		// as a string; YAML's core schema makes it a float.
		if n.Style == 0 && isJSONNumber(n.Value) {
			return d.number(n)
		}
	}
	return n.Value, nil
}

// yamlSize is, at least, what node n adds to the definition written as
// minified JSON, not counting the nodes it holds: the text of a scalar,
// the keys of a mapping ("key":), the commas of a sequence.
func yamlSize(n *yaml.Node) int {
	switch n.Kind {
	case yaml.ScalarNode:
		return len(n.Value)
	case yaml.MappingNode:
		size := 0
		for i := 0; i < len(n.Content); i += 2 {
			size += len(n.Content[i].Value) + 3
		}
		return size
	case yaml.SequenceNode:
		return len(n.Content)
	}
	return 0
}

// problem is a problem at node n, which stops decoding.
func (d *yamlDecoder) problem(n *yaml.Node, code, msg string) error {
	return decodeError{problem{Error: Error{Path: d.path.String(), Code: code, Message: msg}, at: nodePos(n), located: true}}
}

// number decodes a YAML number. One written as JSON writes numbers is kept
// exact, as in a JSON definition; YAML's other spellings (0x1F, 0o17, +5,
// .5, .inf) are read as YAML reads them. Numbers JSON cannot hold are
// refused.
func (d *yamlDecoder) number(n *yaml.Node) (any, error) {
	if isJSONNumber(n.Value) {
		if msg := numberProblem(n.Value); msg != "" {
			return nil, d.problem(n, CodeValue, msg)
		}
		return json.Number(n.Value), nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, d.problem(n, CodeSyntax, "invalid YAML: "+err.Error())
	}
	if f, ok := v.(float64); ok {
		switch {
		case math.IsNaN(f):
			return nil, d.problem(n, CodeValue, n.Value+" is not a number JSON can hold")
		case math.IsInf(f, 0):
			return nil, d.problem(n, CodeValue, outOfRange(n.Value))
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, d.problem(n, CodeSyntax, fmt.Sprintf("invalid YAML: number %q is not representable in JSON", n.Value))
	}
	return json.Number(b), nil
}

// isJSONNumber reports whether s is written as JSON writes numbers.
func isJSONNumber(s string) bool {
	_, _, ok := scanNumber(s)
	return ok
}
