// Package path compiles and evaluates the paths of the Amazon States
// Language: JSONPath expressions rooted at the state input ($), the context
// object ($$) or a variable ($name), and the Reference Paths that ResultPath
// and the "...Path" fields take.
//
// A path is compiled once, when a definition is parsed, and evaluated many
// times. Reference paths (names and indexes only) are evaluated directly;
// paths with wildcards, slices, unions, recursive descent or filters are
// evaluated by a JSONPath extension of the github.com/PaesslerAG/gval
// expression language (filters are gval expressions), within Limits.
// Failures are worded as Step Functions words them (it uses Jayway
// JsonPath).
package path

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/PaesslerAG/gval"
)

// Root is what a path starts from.
type Root int

// The roots of a path.
const (
	// Input is "$": the state's input (or the value the field applies to).
	Input Root = iota
	// Context is "$$": the context object.
	Context
	// Variable is "$name": a workflow variable.
	Variable
)

// ErrNotFound is matched (with errors.Is) by every error Get returns for a
// definite path that selects nothing.
var ErrNotFound = errors.New("path not found")

// ErrLimit is matched (with errors.Is) by every error Get returns for an
// evaluation stopped by one of its Limits.
var ErrLimit = errors.New("path evaluation limit reached")

// Error is a path that could not be evaluated against a document: it
// selects nothing (ErrNotFound) or it reached a limit (ErrLimit).
type Error struct {
	msg  string
	kind errorKind
}

type errorKind uint8

const (
	notFound errorKind = iota
	limitReached
)

// Error implements the error interface.
func (e *Error) Error() string { return e.msg }

// Description words the failure as Step Functions does, e.g.
// "No results for path: $['a']", or names the limit reached, e.g.
// "The path matches more than 100000 values".
func (e *Error) Description() string { return e.msg }

// Is makes errors.Is(err, ErrNotFound) true for a path that selects
// nothing, and errors.Is(err, ErrLimit) true for a limit reached.
func (e *Error) Is(target error) bool {
	switch e.kind {
	case limitReached:
		return target == ErrLimit
	}
	return target == ErrNotFound
}

// Limits bound the work of one evaluation of a path that is not a reference
// path (reference paths take one step per name or index and need no
// bound). A field of 0 or less sets no limit.
type Limits struct {
	// MaxSteps bounds the work: each value a step of the path visits
	// (recursive descent, wildcards, slices, filters, unions) and each
	// match takes one step, nested paths in filters included.
	MaxSteps int
	// MaxResults bounds how many values a path, or a path in a filter,
	// may match.
	MaxResults int
	// MaxResultBytes bounds the size of the matches, encoded as JSON, all
	// together. Matches share memory with the document, but a path such as
	// $..* on a deeply nested document matches values whose encodings add up
	// to the square of the document's size.
	MaxResultBytes int
}

// The default limits: far above what a document within Step Functions'
// payload limit (256 KiB) needs, low enough that an evaluation ends within
// a fraction of a second.
const (
	DefaultMaxSteps       = 1 << 20 // 1,048,576
	DefaultMaxResults     = 1 << 20 // 1,048,576
	DefaultMaxResultBytes = 1 << 24 // 16 MiB
)

// DefaultLimits returns the limits Get evaluates within.
func DefaultLimits() Limits {
	return Limits{MaxSteps: DefaultMaxSteps, MaxResults: DefaultMaxResults, MaxResultBytes: DefaultMaxResultBytes}
}

type segKind uint8

const (
	segName  segKind = iota // .name or ['name']
	segIndex                // [n]
)

type segment struct {
	kind  segKind
	name  string
	index int
}

// Path is a compiled path. It is immutable and safe for concurrent use.
type Path struct {
	src      string
	root     Root
	variable string
	// segs holds the steps of a reference path (names and indexes).
	segs []segment
	// query evaluates a path that is not a reference path; nil otherwise.
	query gval.Evaluable
}

// String returns the path as written.
func (p *Path) String() string { return p.src }

// Root says what the path starts from.
func (p *Path) Root() Root { return p.root }

// Variable returns the variable name of a path rooted at a variable.
func (p *Path) Variable() string { return p.variable }

// IsReference reports whether the path is a Reference Path: it selects a
// single node using only names and array indexes.
func (p *Path) IsReference() bool { return p.query == nil }

// IsRoot reports whether the path selects its whole root document ("$",
// "$$" or "$name").
func (p *Path) IsRoot() bool { return p.query == nil && len(p.segs) == 0 }

// Compile compiles a JSONPath expression.
func Compile(s string) (*Path, error) { return compile(s, false) }

// CompileReference compiles a Reference Path: a path using only names
// (.name or ['name']) and array indexes ([0]), which identifies a single
// node.
func CompileReference(s string) (*Path, error) { return compile(s, true) }

// MustCompile is Compile for paths known to be valid; it panics otherwise.
func MustCompile(s string) *Path {
	p, err := Compile(s)
	if err != nil {
		panic(err)
	}
	return p
}

func compile(s string, reference bool) (*Path, error) {
	p := &Path{src: s}
	rest, err := p.parseRoot(s)
	if err != nil {
		return nil, err
	}
	segs, simple, err := parseSegments(rest)
	if err != nil {
		return nil, err
	}
	if simple {
		p.segs = segs
		return p, nil
	}
	if reference {
		return nil, fmt.Errorf("%q is not a reference path: only names and array indexes are allowed, not wildcards, slices, filters or functions", s)
	}
	q, err := queryLanguage.NewEvaluable(requote("$" + rest))
	if err != nil {
		return nil, fmt.Errorf("invalid JSONPath %q: %v", s, cleanGvalError(err, len(s)-len(rest)-1))
	}
	if !isQuery(q) {
		// "$.a[*] + 1": the query language reads an expression, as in a
		// filter; Jayway JsonPath reads a path only.
		return nil, fmt.Errorf("invalid JSONPath %q: an expression follows the path; operators may only appear in filters", s)
	}
	p.query = q
	return p, nil
}

// parseRoot reads the root of s and returns what follows it.
func (p *Path) parseRoot(s string) (string, error) {
	if !strings.HasPrefix(s, "$") {
		return "", fmt.Errorf("a path must begin with '$', got %q", s)
	}
	switch {
	case strings.HasPrefix(s, "$$"):
		p.root = Context
		return s[2:], nil
	case len(s) > 1 && isVarStart(s[1]):
		i := 2
		for i < len(s) && isVarChar(s[i]) {
			i++
		}
		p.root = Variable
		p.variable = s[1:i]
		return s[i:], nil
	}
	p.root = Input
	return s[1:], nil
}

func isVarStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isVarChar(c byte) bool { return isVarStart(c) || c >= '0' && c <= '9' }

// parseSegments parses what follows the root. simple is false when the path
// uses anything beyond names and indexes; then segs is meaningless and the
// syntax is left to the query parser.
func parseSegments(s string) (segs []segment, simple bool, err error) {
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			i++
			if i >= len(s) {
				return nil, false, errors.New("the path ends with '.'")
			}
			if s[i] == '.' || s[i] == '*' {
				return nil, false, nil // recursive descent or wildcard
			}
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				if s[j] == '(' || s[j] == ')' {
					return nil, false, nil // a function such as length()
				}
				j++
			}
			name := s[i:j]
			if name == "" {
				return nil, false, errors.New("empty field name after '.'")
			}
			if strings.ContainsAny(name, " \t\n'\"]") {
				return nil, false, fmt.Errorf("invalid character in field name %q", name)
			}
			segs = append(segs, segment{kind: segName, name: name})
			i = j
		case '[':
			if seg, n, ok := quotedBracket(s[i:]); ok {
				segs = append(segs, seg)
				i += n
				continue
			}
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return nil, false, errors.New("'[' is not closed by ']'")
			}
			inner := strings.TrimSpace(s[i+1 : i+end])
			if seg, ok := simpleBracket(inner); ok {
				segs = append(segs, seg)
				i += end + 1
				continue
			}
			return nil, false, nil
		default:
			return nil, false, fmt.Errorf("unexpected character %q; expected '.' or '['", s[i])
		}
	}
	return segs, true, nil
}

// quotedBracket reads a bracketed name in quotes, ['name'] or ["name"], at
// the start of s, where a backslash escapes the next character (\' or \" for
// a quote, \\ for a backslash), as Jayway reads it. n is how much of s it
// took; ok is false when s does not start with one such step.
func quotedBracket(s string) (seg segment, n int, ok bool) {
	i := 1
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || (s[i] != '\'' && s[i] != '"') {
		return segment{}, 0, false
	}
	quote := s[i]
	var name strings.Builder
	for i++; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			name.WriteByte(s[i])
			continue
		case c != quote:
			name.WriteByte(c)
			continue
		}
		// The closing quote: only spaces may come before ']'.
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == ']' {
			return segment{kind: segName, name: name.String()}, j + 1, true
		}
		return segment{}, 0, false
	}
	return segment{}, 0, false
}

// simpleBracket reads [n] or ['name'] / ["name"].
func simpleBracket(inner string) (segment, bool) {
	if inner == "" {
		return segment{}, false
	}
	if n, err := strconv.Atoi(inner); err == nil && n >= 0 && inner[0] != '+' {
		return segment{kind: segIndex, index: n}, true
	}
	if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
		name := inner[1 : len(inner)-1]
		if !strings.ContainsAny(name, "'\",") {
			return segment{kind: segName, name: name}, true
		}
	}
	return segment{}, false
}

// Get evaluates the path against doc, the document its root stands for,
// within DefaultLimits. A definite path returns the selected value, or an
// error matching ErrNotFound when nothing is there. An indefinite path
// returns the array of every match, possibly empty; the matches of
// recursive descent and wildcards come in document order, an array's
// elements by index and an object's members by name. An evaluation that
// reaches a limit returns an *Error matching ErrLimit.
func (p *Path) Get(doc any) (any, error) { return p.GetWithin(doc, DefaultLimits()) }

// GetWithin is Get within the given limits.
func (p *Path) GetWithin(doc any, lim Limits) (any, error) {
	if p.query != nil {
		return p.evalQuery(doc, lim)
	}
	cur := doc
	for i, sg := range p.segs {
		var ok bool
		switch sg.kind {
		case segName:
			var m map[string]any
			if m, ok = cur.(map[string]any); ok {
				cur, ok = m[sg.name]
			}
		case segIndex:
			var a []any
			if a, ok = cur.([]any); ok && sg.index < len(a) {
				cur = a[sg.index]
			} else {
				ok = false
			}
		}
		if !ok {
			return nil, p.notFound(i)
		}
	}
	return cur, nil
}

// notFound words the failure of step i as Jayway does: a missing leaf is
// "No results", a missing step on the way "Missing property".
func (p *Path) notFound(i int) error {
	if i == len(p.segs)-1 {
		return &Error{msg: "No results for path: " + p.bracketed(len(p.segs))}
	}
	return &Error{msg: "Missing property in path " + p.bracketed(i+1)}
}

// bracketed renders the first n steps as Jayway does: $['a'][0]['b'].
func (p *Path) bracketed(n int) string {
	var b strings.Builder
	b.WriteString("$")
	for _, sg := range p.segs[:n] {
		if sg.kind == segIndex {
			fmt.Fprintf(&b, "[%d]", sg.index)
		} else {
			b.WriteString("['")
			b.WriteString(sg.name)
			b.WriteString("']")
		}
	}
	return b.String()
}

// Set returns doc with value placed where the reference path points,
// creating missing objects on the way, as ResultPath does. doc is not
// modified: the containers on the way are copied. The path "$" replaces the
// whole document.
func (p *Path) Set(doc, value any) (any, error) {
	if p.query != nil {
		return nil, fmt.Errorf("%s is not a reference path", p.src)
	}
	return p.set(doc, 0, value)
}

func (p *Path) set(cur any, i int, value any) (any, error) {
	if i == len(p.segs) {
		return value, nil
	}
	sg := p.segs[i]
	switch sg.kind {
	case segIndex:
		a, ok := cur.([]any)
		if !ok || sg.index >= len(a) {
			return nil, fmt.Errorf("%s: no array element at %s", p.src, p.bracketed(i+1))
		}
		v, err := p.set(a[sg.index], i+1, value)
		if err != nil {
			return nil, err
		}
		out := make([]any, len(a))
		copy(out, a)
		out[sg.index] = v
		return out, nil
	default:
		var m map[string]any
		switch t := cur.(type) {
		case map[string]any:
			m = t
		case nil:
			return nil, fmt.Errorf("%s: %s is null", p.src, p.bracketed(i))
		default:
			return nil, fmt.Errorf("%s: %s is not an object", p.src, p.bracketed(i))
		}
		child, exists := m[sg.name]
		if !exists {
			child = nil
			if i+1 < len(p.segs) && p.segs[i+1].kind == segName {
				child = map[string]any{}
			}
		}
		v, err := p.set(child, i+1, value)
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, len(m)+1)
		for k, e := range m {
			out[k] = e
		}
		out[sg.name] = v
		return out, nil
	}
}
