package asl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gostates/gostates/internal/jsonptr"
	"go.yaml.in/yaml/v3"
)

// pos is a 1-based line and column in the source.
type pos struct{ line, col int }

// document is a decoded definition: JSON values as encoding/json produces
// them with UseNumber, and the source position of each JSON pointer (for an
// object member, the position of its key).
type document struct {
	root any
	pos  map[string]pos
}

// decode parses JSON or YAML. A document whose first non-blank character is
// '{' is JSON; anything else is YAML.
func decode(data []byte) (*document, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return decodeJSON(data)
	}
	return decodeYAML(data)
}

// duplicateKey reports an object key that appears twice. Two states of the
// same name are a DUPLICATE_STATE_NAME problem; other keys a syntax one.
func duplicateKey(parent, key string, p pos) Error {
	child := parent + "/" + jsonptr.Escape(key)
	if strings.HasSuffix(parent, "/States") || parent == "/States" {
		return Error{Path: child, Code: CodeDuplicateState, Message: fmt.Sprintf("state name %q is used twice in the same \"States\" object", key), Line: p.line, Column: p.col}
	}
	return Error{Path: child, Code: CodeSyntax, Message: fmt.Sprintf("duplicate field %q", key), Line: p.line, Column: p.col}
}

// lineIndex maps byte offsets to line and column.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (li lineIndex) at(data []byte, off int) pos {
	lo, hi := 0, len(li)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if li[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	// Columns count runes, as editors do.
	start := li[lo]
	if off > len(data) {
		off = len(data)
	}
	return pos{line: lo + 1, col: len([]rune(string(data[start:off]))) + 1}
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 512

type jsonDecoder struct {
	data []byte
	dec  *json.Decoder
	li   lineIndex
	pos  map[string]pos
	// numErrs are the numbers refused; decoding goes on to find them all.
	numErrs Errors
}

func decodeJSON(data []byte) (*document, error) {
	d := &jsonDecoder{data: data, dec: json.NewDecoder(bytes.NewReader(data)), li: newLineIndex(data), pos: map[string]pos{}}
	d.dec.UseNumber()
	root, err := d.value("", 0)
	if err != nil {
		return nil, d.syntaxError(err)
	}
	if _, err := d.dec.Token(); err != io.EOF {
		off := d.next()
		p := d.li.at(data, off)
		return nil, Error{Code: CodeSyntax, Message: "invalid JSON: unexpected data after the top-level value", Line: p.line, Column: p.col}
	}
	if len(d.numErrs) > 0 {
		return nil, d.numErrs
	}
	return &document{root: root, pos: d.pos}, nil
}

func (d *jsonDecoder) syntaxError(err error) error {
	var e Error
	if errors.As(err, &e) {
		return e
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
	p := d.li.at(d.data, off)
	return Error{Code: CodeSyntax, Message: "invalid JSON: " + msg, Line: p.line, Column: p.col}
}

// next returns the offset of the next token, skipping blanks and separators.
func (d *jsonDecoder) next() int {
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

func (d *jsonDecoder) value(ptr string, depth int) (any, error) {
	if depth > maxDepth {
		p := d.li.at(d.data, d.next())
		return nil, Error{Path: ptr, Code: CodeSyntax, Message: fmt.Sprintf("document nested deeper than %d levels", maxDepth), Line: p.line, Column: p.col}
	}
	off := d.next()
	if _, seen := d.pos[ptr]; !seen {
		d.pos[ptr] = d.li.at(d.data, off)
	}
	tok, err := d.dec.Token()
	if err != nil {
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		if n, ok := tok.(json.Number); ok {
			if msg := numberProblem(string(n)); msg != "" {
				p := d.li.at(d.data, off)
				d.numErrs = append(d.numErrs, Error{Path: ptr, Code: CodeValue, Message: msg, Line: p.line, Column: p.col})
			}
		}
		return tok, nil
	}
	switch delim {
	case '{':
		m := map[string]any{}
		for d.dec.More() {
			koff := d.next()
			kt, err := d.dec.Token()
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			child := ptr + "/" + jsonptr.Escape(k)
			if _, dup := m[k]; dup {
				return nil, duplicateKey(ptr, k, d.li.at(d.data, koff))
			}
			d.pos[child] = d.li.at(d.data, koff)
			v, err := d.value(child, depth+1)
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		if _, err := d.dec.Token(); err != nil {
			return nil, err
		}
		return m, nil
	default: // '['
		a := []any{}
		for i := 0; d.dec.More(); i++ {
			v, err := d.value(ptr+"/"+strconv.Itoa(i), depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		if _, err := d.dec.Token(); err != nil {
			return nil, err
		}
		return a, nil
	}
}

// maxAliasExpansions bounds YAML alias expansion (the "billion laughs").
const maxAliasExpansions = 10000

type yamlDecoder struct {
	pos     map[string]pos
	aliases int
	// values counts the values produced; aliases may make it exceed the
	// size of the source, so it is bounded by maxValues.
	values, maxValues int
}

func decodeYAML(data []byte) (*document, error) {
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
		return nil, Error{Code: CodeSyntax, Message: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: "), Line: line, Column: boolToInt(line > 0)}
	}
	if n.Kind == 0 || len(n.Content) == 0 {
		return nil, Error{Code: CodeSyntax, Message: "empty document: a state machine definition is a JSON or YAML object"}
	}
	d := &yamlDecoder{pos: map[string]pos{}, maxValues: 100000 + 10*len(data)}
	root, err := d.value(n.Content[0], "", 0)
	if err != nil {
		return nil, err
	}
	return &document{root: root, pos: d.pos}, nil
}

// number decodes a YAML number. One written as JSON writes numbers is kept
// exact, as in a JSON definition; YAML's other spellings (0x1F, 0o17, +5,
// .5, .inf) are read as YAML reads them. Numbers JSON cannot hold are
// refused.
func (d *yamlDecoder) number(n *yaml.Node, ptr string) (any, error) {
	refuse := func(msg string) (any, error) {
		return nil, Error{Path: ptr, Code: CodeValue, Message: msg, Line: n.Line, Column: n.Column}
	}
	if isJSONNumber(n.Value) {
		if msg := numberProblem(n.Value); msg != "" {
			return refuse(msg)
		}
		return json.Number(n.Value), nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, Error{Path: ptr, Code: CodeSyntax, Message: "invalid YAML: " + err.Error(), Line: n.Line, Column: n.Column}
	}
	if f, ok := v.(float64); ok {
		switch {
		case math.IsNaN(f):
			return refuse(n.Value + " is not a number JSON can hold")
		case math.IsInf(f, 0):
			return refuse(outOfRange(n.Value))
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, Error{Path: ptr, Code: CodeSyntax, Message: fmt.Sprintf("invalid YAML: number %q is not representable in JSON", n.Value), Line: n.Line, Column: n.Column}
	}
	return json.Number(b), nil
}

// isJSONNumber reports whether s is written as JSON writes numbers.
func isJSONNumber(s string) bool {
	_, _, ok := scanNumber(s)
	return ok
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (d *yamlDecoder) value(n *yaml.Node, ptr string, depth int) (any, error) {
	if _, seen := d.pos[ptr]; !seen {
		d.pos[ptr] = pos{n.Line, n.Column}
	}
	fail := func(format string, args ...any) error {
		return Error{Path: ptr, Code: CodeSyntax, Message: "invalid YAML: " + fmt.Sprintf(format, args...), Line: n.Line, Column: n.Column}
	}
	if depth > maxDepth {
		return nil, fail("document nested deeper than %d levels", maxDepth)
	}
	if d.values++; d.values > d.maxValues {
		return nil, fail("aliases expand the document to more than %d values", d.maxValues)
	}
	switch n.Kind {
	case yaml.AliasNode:
		d.aliases++
		if d.aliases > maxAliasExpansions {
			return nil, fail("too many alias expansions")
		}
		return d.value(n.Alias, ptr, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			if kn.Kind != yaml.ScalarNode {
				return nil, fail("object keys must be strings")
			}
			if kn.Tag == "!!merge" {
				return nil, fail("merge keys (<<) are not supported")
			}
			child := ptr + "/" + jsonptr.Escape(kn.Value)
			if _, dup := m[kn.Value]; dup {
				return nil, duplicateKey(ptr, kn.Value, pos{kn.Line, kn.Column})
			}
			d.pos[child] = pos{kn.Line, kn.Column}
			v, err := d.value(vn, child, depth+1)
			if err != nil {
				return nil, err
			}
			m[kn.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			v, err := d.value(c, ptr+"/"+strconv.Itoa(i), depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, fail("%v", err)
			}
			return b, nil
		case "!!int", "!!float":
			return d.number(n, ptr)
		case "!!str":
			// yaml.v3 reads a plain number it cannot hold in a float64
			// (1e400) as a string; YAML's core schema makes it a float.
			if n.Style == 0 && isJSONNumber(n.Value) {
				return d.number(n, ptr)
			}
			return n.Value, nil
		default:
			return n.Value, nil
		}
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return d.value(n.Content[0], ptr, depth+1)
	}
	return nil, fail("unsupported YAML node")
}
