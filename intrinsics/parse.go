package intrinsics

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
)

// maxDepth is how deeply calls may nest, as AWS documents it.
const maxDepth = 10

// parser is a recursive-descent parser of one call. The grammar is
//
//	call     = "States" "." name "(" [ argument { "," argument } ] ")"
//	argument = string | number | "true" | "false" | "null" | path | call
//	string   = "'" { character | "\'" | "\{" | "\}" | "\\" } "'"
//	number   = [ "-" ] integer [ "." digits ] [ exponent ]   (as in JSON)
//	path     = "$" ...                                        (up to "," or ")")
//
// with spaces allowed between the tokens.
type parser struct {
	src   string
	pos   int
	depth int
}

// syntaxError is a call that does not parse or cannot succeed.
type syntaxError struct {
	src    string
	offset int
	msg    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("intrinsic function %q, at offset %d: %s", e.src, e.offset, e.msg)
}

func (p *parser) errorAt(offset int, format string, args ...any) error {
	return &syntaxError{src: p.src, offset: offset, msg: fmt.Sprintf(format, args...)}
}

// parse parses the whole source: one call and nothing after it.
func (p *parser) parse() (node, error) {
	p.space()
	n, err := p.call()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.src) {
		return nil, p.errorAt(p.pos, "unexpected %s after the end of the call", p.found())
	}
	return n, nil
}

func (p *parser) call() (node, error) {
	start := p.pos
	if p.ident() != "States" {
		p.pos = start
		return nil, p.errorAt(start, "expected an intrinsic function such as States.Format(...), found %s", p.found())
	}
	p.space()
	if !p.consume('.') {
		return nil, p.errorAt(p.pos, "expected '.' after States, found %s", p.found())
	}
	p.space()
	nameAt := p.pos
	name := p.ident()
	fn, ok := lookup(name)
	if !ok {
		if name == "" {
			return nil, p.errorAt(nameAt, "expected a function name after States., found %s", p.found())
		}
		return nil, p.errorAt(nameAt, "unknown intrinsic function States.%s", name)
	}
	p.space()
	if !p.consume('(') {
		return nil, p.errorAt(p.pos, "expected '(' after %s, found %s", fn.name, p.found())
	}
	p.depth++
	if p.depth > maxDepth {
		return nil, p.errorAt(start, "intrinsic functions are nested more than %d deep", maxDepth)
	}
	var args []node
	p.space()
	if !p.consume(')') {
		for {
			a, err := p.arg()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			p.space()
			if p.consume(',') {
				continue
			}
			if p.consume(')') {
				break
			}
			return nil, p.errorAt(p.pos, "expected ',' or ')' after an argument of %s, found %s", fn.name, p.found())
		}
	}
	p.depth--
	return p.finish(fn, args, start)
}

// finish checks a parsed call and, when its arguments are all constant,
// evaluates it: a pure call becomes its value, and a call that fails is
// reported now rather than at every execution.
func (p *parser) finish(fn *spec, args []node, start int) (node, error) {
	text := p.src[start:p.pos]
	if len(args) < fn.min || fn.max >= 0 && len(args) > fn.max {
		return nil, p.errorAt(start, "%s takes %s, got %d", fn.name, fn.arity(), len(args))
	}
	c := &call{fn: fn, args: args}
	constant := true
	for i, a := range args {
		l, ok := a.(*literal)
		if !ok {
			constant = false
			continue
		}
		if k := fn.param(i); !k.accepts(l.val) {
			return nil, p.errorAt(start, "argument %d of %s must be %s, got %s", i+1, fn.name, k, describe(l.val))
		}
	}
	if fn.name == "States.Format" {
		if l, ok := args[0].(*literal); ok {
			t, err := compileTemplate(l.templateText())
			if err != nil {
				return nil, p.errorAt(start, "invalid template of States.Format: %v", err)
			}
			if n := len(args) - 1; t.placeholders() != n {
				return nil, p.errorAt(start, "the template of States.Format has %d placeholders {} but %d values follow it",
					t.placeholders(), n)
			}
			c.tmpl = &t
		}
	}
	if !constant {
		return c, nil
	}
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a.(*literal).val
	}
	var env Env = dryEnv{}
	if !fn.pure {
		env = dryEnv{rnd: rand.New(rand.NewPCG(1, 2))}
	}
	v, err := fn.impl(c, env, vals)
	if err != nil {
		return nil, p.errorAt(start, "%s always fails: %v", text, err)
	}
	if !fn.pure {
		return c, nil
	}
	return &literal{val: v}, nil
}

func (p *parser) arg() (node, error) {
	p.space()
	if p.pos >= len(p.src) {
		return nil, p.errorAt(p.pos, "unexpected end of the call; expected an argument")
	}
	c := p.src[p.pos]
	switch {
	case c == '\'':
		return p.stringLit()
	case c == '$':
		return p.path()
	case c == '-' || isDigit(c):
		return p.number()
	case isIdentChar(c):
		start := p.pos
		switch id := p.ident(); id {
		case "true":
			return &literal{val: true}, nil
		case "false":
			return &literal{val: false}, nil
		case "null":
			return &literal{val: nil}, nil
		case "States":
			p.pos = start
			return p.call()
		default:
			return nil, p.errorAt(start, "unexpected %q; an argument is a 'string', a number, true, false, null, a path or a States.* call", id)
		}
	case c == ',' || c == ')':
		return nil, p.errorAt(p.pos, "missing argument before %q", c)
	}
	return nil, p.errorAt(p.pos, "unexpected %s; an argument is a 'string', a number, true, false, null, a path or a States.* call", p.found())
}

// stringLit reads a string between single quotes. The only escape sequences
// are \', \{, \} and \\; AWS rejects any other backslash.
func (p *parser) stringLit() (node, error) {
	start := p.pos
	p.pos++
	var b strings.Builder
	escaped := false
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; c {
		case '\'':
			raw := p.src[start+1 : p.pos]
			p.pos++
			val := raw
			if escaped {
				val = b.String()
			}
			return &literal{val: val, quoted: true, raw: raw}, nil
		case '\\':
			if p.pos+1 >= len(p.src) {
				return nil, p.errorAt(start, "the string is not closed by '")
			}
			e := p.src[p.pos+1]
			if !strings.ContainsRune(`'{}\`, rune(e)) {
				r, _ := utf8.DecodeRuneInString(p.src[p.pos+1:])
				return nil, p.errorAt(p.pos, `invalid escape sequence \%c in a string; only \', \{, \} and \\ are allowed`, r)
			}
			if !escaped {
				b.WriteString(p.src[start+1 : p.pos])
				escaped = true
			}
			b.WriteByte(e)
			p.pos += 2
		default:
			if escaped {
				b.WriteByte(c)
			}
			p.pos++
		}
	}
	return nil, p.errorAt(start, "the string is not closed by '")
}

// path reads a path argument. It ends at a ",", ")" or space that is not
// inside brackets or parentheses, such as those of a filter expression.
func (p *parser) path() (node, error) {
	start := p.pos
	depth := 0
	var quote byte
scan:
	for ; p.pos < len(p.src); p.pos++ {
		c := p.src[p.pos]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '[', '(':
			depth++
		case ']', ')':
			if depth == 0 {
				break scan
			}
			depth--
		case '\'', '"':
			if depth > 0 {
				quote = c
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				break scan
			}
		}
	}
	text := p.src[start:p.pos]
	if depth != 0 || quote != 0 {
		return nil, p.errorAt(start, "the path %q is not closed", text)
	}
	pp, err := path.Compile(text)
	if err != nil {
		return nil, p.errorAt(start, "invalid path %q: %v", text, err)
	}
	return &pathArg{p: pp}, nil
}

// number reads a number written as JSON writes it.
func (p *parser) number() (node, error) {
	start := p.pos
	p.consume('-')
	intStart := p.pos
	if !p.digits() {
		return nil, p.errorAt(start, "invalid number: expected a digit, found %s", p.found())
	}
	if p.pos-intStart > 1 && p.src[intStart] == '0' {
		return nil, p.errorAt(start, "invalid number %q: leading zero", p.src[start:p.pos])
	}
	if p.consume('.') && !p.digits() {
		return nil, p.errorAt(start, "invalid number %q: expected a digit after '.'", p.src[start:p.pos])
	}
	if p.consume('e') || p.consume('E') {
		if !p.consume('+') {
			p.consume('-')
		}
		if !p.digits() {
			return nil, p.errorAt(start, "invalid number %q: expected a digit in the exponent", p.src[start:p.pos])
		}
	}
	if p.pos < len(p.src) && !isSpace(p.src[p.pos]) && p.src[p.pos] != ',' && p.src[p.pos] != ')' {
		return nil, p.errorAt(start, "invalid number %q", p.src[start:p.pos+1])
	}
	text := p.src[start:p.pos]
	if _, ok := jsonv.Float(json.Number(text)); !ok {
		if len(text) > 40 {
			text = fmt.Sprintf("%s… (%d characters)", text[:24], len(text))
		}
		return nil, p.errorAt(start, "number %s is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)", text)
	}
	return &literal{val: canonicalNumber(p.src[start:p.pos])}, nil
}

// digits skips a run of decimal digits and reports whether there was one.
func (p *parser) digits() bool {
	start := p.pos
	for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
		p.pos++
	}
	return p.pos > start
}

// ident reads a name: letters, digits and underscores.
func (p *parser) ident() string {
	n := identLen(p.src[p.pos:])
	p.pos += n
	return p.src[p.pos-n : p.pos]
}

func (p *parser) consume(c byte) bool {
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *parser) space() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// found describes what is at the current position, for errors.
func (p *parser) found() string {
	if p.pos >= len(p.src) {
		return "the end of the call"
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return fmt.Sprintf("%q", r)
}

func identLen(s string) int {
	n := 0
	for n < len(s) && isIdentChar(s[n]) {
		n++
	}
	return n
}

func isIdentChar(c byte) bool {
	return c == '_' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// templateText is the text of a States.Format template: a quoted string
// keeps its escape sequences, which the template resolves.
func (l *literal) templateText() string {
	if l.quoted {
		return l.raw
	}
	s, _ := l.val.(string)
	return s
}

// describe words a literal value for errors.
func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(t)
	case string:
		return fmt.Sprintf("the string %q", t)
	case []any, map[string]any:
		return "an " + jsonv.TypeName(v)
	}
	return "the number " + jsonv.String(v)
}

// dryEnv evaluates calls whose arguments are all literals, at parse time.
type dryEnv struct{ rnd *rand.Rand }

func (dryEnv) Resolve(*path.Path) (any, error) {
	return nil, errors.New("paths are not evaluated at parse time")
}

func (d dryEnv) Random() *rand.Rand { return d.rnd }

func (dryEnv) UUID() string { return "00000000-0000-4000-8000-000000000000" }
