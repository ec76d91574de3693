package asl

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gostates/gostates/asl/internal/schema"
)

// Option configures Parse.
type Option func(*options)

type options struct {
	subs         map[string]string
	workflowType WorkflowType
}

// WithSubstitutions replaces every ${Name} placeholder in the definition's
// strings with subs[Name] before validation, as SAM DefinitionSubstitutions,
// Terraform templatefile and CDK tokens do. A placeholder with no value is an
// error. Without this option placeholders are left as they are and accepted
// wherever a string is expected.
func WithSubstitutions(subs map[string]string) Option {
	return func(o *options) {
		o.subs = subs
		if o.subs == nil {
			o.subs = map[string]string{}
		}
	}
}

// WithType validates the definition for the given workflow type. Express
// workflows reject the .sync and .waitForTaskToken integration patterns.
func WithType(t WorkflowType) Option {
	return func(o *options) { o.workflowType = t }
}

// Parse parses and validates a state machine definition written in JSON or
// YAML. When the definition is invalid the error is an Errors value holding
// every problem found, in source order. A definition larger than
// MaxDefinitionSize is refused before it is read.
func Parse(data []byte, opts ...Option) (sm *StateMachine, err error) {
	defer recoverPanic(&sm, &err, 1)
	if len(data) > MaxDefinitionSize {
		e := tooLarge("the definition", len(data), false)
		e.Line, e.Column = 1, 1
		return nil, Errors{e}
	}
	o := options{workflowType: Standard}
	for _, opt := range opts {
		opt(&o)
	}
	doc, problems := decode(data)
	if len(problems) > 0 {
		for i := range problems {
			if !problems[i].located {
				problems[i].Line, problems[i].Column = 1, 1 // the document as a whole
			}
		}
		return nil, report(doc, problems, 0, true)
	}
	return parseDocument(doc, o)
}

// ParseValue parses a definition that is already decoded into JSON values
// (map[string]any with json.Number or float64 numbers). Errors carry no
// line and column, and are sorted by JSON pointer. Values JSON text could
// not hold (other Go types, NaN, infinities, cycles) are reported at their
// pointer; a definition larger than MaxDefinitionSize once written as JSON
// is refused.
func ParseValue(def any, opts ...Option) (sm *StateMachine, err error) {
	defer recoverPanic(&sm, &err, 0)
	o := options{workflowType: Standard}
	for _, opt := range opts {
		opt(&o)
	}
	if errs := checkValue(def); len(errs) > 0 {
		problems := make([]problem, len(errs))
		for i, e := range errs {
			problems[i].Error = e
		}
		return nil, report(&document{}, problems, 0, true)
	}
	return parseDocument(&document{root: def}, o)
}

// recoverPanic turns a panic of Parse or ParseValue into an Error: a
// definition, however hostile, must never crash the program that
// validates it. A panic here is a bug in this package. line is 1 when the
// definition has a source (the error is about it as a whole), else 0.
func recoverPanic(sm **StateMachine, err *error, line int) {
	r := recover()
	if r == nil {
		return
	}
	where := ""
	if f, ok := panicFrame(); ok {
		where = fmt.Sprintf(" in %s (%s:%d)", f.Function, filepath.Base(f.File), f.Line)
	}
	*sm = nil
	*err = Errors{{Code: CodeInternal, Message: fmt.Sprintf("internal error: the parser panicked%s: %v; this is a bug, please report it with the definition", where, r), Line: line, Column: line}}
}

// panicFrame finds the function that panicked: the first frame below the
// runtime's panic machinery. It is called from recoverPanic's deferred call.
func panicFrame() (runtime.Frame, bool) {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	inPanic := false
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "runtime.") {
			inPanic = inPanic || f.Function == "runtime.gopanic" || strings.HasPrefix(f.Function, "runtime.panic")
		} else if inPanic {
			return f, true
		}
		if !more {
			return runtime.Frame{}, false
		}
	}
}

func parseDocument(doc *document, o options) (*StateMachine, error) {
	p := &parser{doc: doc, opts: o, names: map[string]string{}, labels: map[string]string{}}
	if o.subs != nil {
		p.substituteAll()
	}
	// The schema check stops after the problems reported: a definition
	// with a problem in each of its 100,000 states costs no more than that.
	violations, complete := schema.ValidateWith(doc.root, doc.keyOrder, MaxProblems+1)
	for _, v := range violations {
		p.add(v.Pointer, CodeSchema, v.Message)
	}
	sm := p.stateMachine(doc.root)
	if len(p.problems) > 0 {
		return nil, report(doc, p.problems, p.dropped, complete)
	}
	return sm, nil
}

// problem is an Error on its way to the caller: where it is, before that
// becomes a line and a column.
type problem struct {
	Error
	at      pos
	located bool
}

// sortProblems sorts problems in source order: those with no position
// first, then by position, pointer and message.
func sortProblems(problems []problem) {
	slices.SortStableFunc(problems, func(a, b problem) int {
		if a.located != b.located {
			if a.located {
				return 1
			}
			return -1
		}
		if c := comparePos(a.at, b.at); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return cmp.Compare(a.Message, b.Message)
	})
}

// report sorts problems in source order, keeps the first MaxProblems
// (dropped more were left out already) with a last one saying how many
// more there are and where they start, and gives them their lines and
// columns. complete is false when some problems after those reported were
// not looked for: how many more there are is then unknown.
func report(doc *document, problems []problem, dropped int, complete bool) Errors {
	sortProblems(problems)
	if more := len(problems) + dropped - MaxProblems; more > 0 {
		rest := problems[MaxProblems]
		rest.Code = CodeTooManyProblems
		switch {
		case !complete:
			rest.Message = fmt.Sprintf("... and more problems from here on: only the first %d are reported", MaxProblems)
		case more == 1:
			rest.Message = fmt.Sprintf("... and 1 more problem from here on: only the first %d are reported", MaxProblems)
		default:
			rest.Message = fmt.Sprintf("... and %d more problems from here on: only the first %d are reported", more, MaxProblems)
		}
		problems = append(problems[:MaxProblems], rest)
	}
	doc.resolve(problems)
	errs := make(Errors, len(problems))
	for i, pr := range problems {
		errs[i] = pr.Error
	}
	return errs
}

// parser turns decoded JSON values into the AST, collecting problems.
type parser struct {
	doc  *document
	opts options
	// problems are the problems found so far, in no particular order.
	// Beyond pruneAt of them, those after the first MaxProblems in source
	// order are counted in dropped and let go, so that a definition with
	// a problem in every value costs no more memory than a valid one.
	problems []problem
	dropped  int
	// seen holds a hash of every problem's pointer and message: the same
	// problem at the same place is reported once (the schema and the Go
	// checks may both see it).
	seen   map[uint64]struct{}
	names  map[string]string // state name -> pointer, for duplicate detection
	labels map[string]string // Map state label -> pointer, for duplicate detection
	topQL  QueryLanguage     // the state machine's query language, every state's default
	// inCatch is set while a catcher's Output and Assign are read: the only
	// fields where $states.errorOutput resolves.
	inCatch bool
}

// pruneAt is how many problems the parser keeps before pruning them.
const pruneAt = 8 * MaxProblems

// seed hashes problems for deduplication.
var seed = maphash.MakeSeed()

// errorf records a problem at a JSON pointer. String arguments longer than
// maxQuote bytes are shortened: a message quotes the start of a value.
func (p *parser) errorf(ptr, code, format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > maxQuote {
			args[i] = shorten(s)
		}
	}
	p.add(ptr, code, fmt.Sprintf(format, args...))
}

// add records a problem at a JSON pointer, once.
func (p *parser) add(ptr, code, msg string) {
	if len(msg) > maxMessage {
		msg = shorten(msg)
	}
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(ptr)
	h.WriteByte(0)
	h.WriteString(msg)
	key := h.Sum64()
	if p.seen == nil {
		p.seen = map[uint64]struct{}{}
	}
	if _, dup := p.seen[key]; dup {
		return
	}
	p.seen[key] = struct{}{}
	at, located := p.doc.locate(ptr)
	p.problems = append(p.problems, problem{Error: Error{Path: ptr, Code: code, Message: msg}, at: at, located: located})
	if len(p.problems) >= pruneAt {
		sortProblems(p.problems)
		keep := MaxProblems + 1 // the first left out says where the rest start
		p.dropped += len(p.problems) - keep
		clear(p.problems[keep:])
		p.problems = p.problems[:keep]
	}
}

const (
	// maxQuote is the longest value a message quotes whole.
	maxQuote = 200
	// maxMessage is the longest message kept whole.
	maxMessage = 1000
)

// shorten cuts s to its first hundred bytes or so (on a character
// boundary), saying how long it was.
func shorten(s string) string {
	cut := 100
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

var placeholderRE = regexp.MustCompile(`\$\{([^{}]*)\}`)

// hasPlaceholder reports whether s holds a ${Name} placeholder. Such strings
// are accepted as they are wherever a value is expected: when validating a
// template without substitution values, and after substitution (where a
// placeholder left over has been reported as missing).
func (p *parser) hasPlaceholder(s string) bool {
	return strings.Contains(s, "${") && placeholderRE.MatchString(s)
}

// missingSub is a placeholder with no value, found while substituting.
type missingSub struct{ ptr, name string }

// substituteAll replaces the placeholders of every string of the document,
// object keys included, and reports those with no value. Source positions
// follow the renamed keys.
func (p *parser) substituteAll() {
	var (
		path    pointerPath
		missing []missingSub
	)
	top := int32(-1)
	if p.doc.located {
		top = p.doc.top.id
	}
	p.doc.root = p.substitute(p.doc.root, top, &path, &missing)
	p.doc.index = nil // keys changed
	for _, m := range missing {
		p.errorf(m.ptr, CodeMissingSubstitute, "no value given for placeholder ${%s}", m.name)
	}
}

// substitute returns v with placeholders replaced, renaming the keys of
// its node (id, or -1 when v has none) as it renames v's. path is v's
// pointer in the result.
func (p *parser) substitute(v any, id int32, path *pointerPath, missing *[]missingSub) any {
	var kids []kid
	if id >= 0 {
		kids = p.doc.members(id)
	}
	switch t := v.(type) {
	case string:
		return p.replace(t, path, missing)
	case map[string]any:
		out := make(map[string]any, len(t))
		rename := func(k string, kid *kid) {
			path.pushKey(k)
			nk := p.replace(k, path, missing)
			path.pop()
			cid := int32(-1)
			if kid != nil {
				kid.key, cid = nk, kid.id
			}
			path.pushKey(nk)
			out[nk] = p.substitute(t[k], cid, path, missing)
			path.pop()
		}
		if len(kids) == len(t) { // in source order, renaming the nodes' keys
			for i := range kids {
				rename(kids[i].key, &kids[i])
			}
		} else {
			for k := range t {
				rename(k, nil)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			cid := int32(-1)
			if len(kids) == len(t) {
				cid = kids[i].id
			}
			path.pushIndex(i)
			out[i] = p.substitute(e, cid, path, missing)
			path.pop()
		}
		return out
	}
	return v
}

// replace substitutes the placeholders of one string, at path.
func (p *parser) replace(s string, path *pointerPath, missing *[]missingSub) string {
	if !strings.Contains(s, "${") {
		return s
	}
	return placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		val, ok := p.opts.subs[name]
		if !ok {
			*missing = append(*missing, missingSub{path.String(), name})
			return m
		}
		return val
	})
}
