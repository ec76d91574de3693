package jsonata

import "strings"

// quantifier of a signature parameter.
type quantifier int

const (
	qOne          quantifier = iota
	qOptional                // ? (also - : use the context when missing)
	qLazyOptional            // ?? (a - followed by ?)
	qOneOrMore               // +
)

// sigParam is one parameter of a function signature.
type sigParam struct {
	symbols string // allowed type symbols, 'm' (missing) included where JS allows it
	quant   quantifier
	typ     string // s n b l o a f j x or (choice)
	context bool   // '-': the context value may stand in for a missing argument
	ctxSyms string // symbols the context value must have
	subtype string // <...> of a or f
}

// signature is a parsed function signature such as <s-nn?:s>.
type signature struct {
	definition string
	params     []sigParam
}

// transformSignature is the signature of transform functions.
var transformSignature = mustParseSignature("<(oa):o>")

func mustParseSignature(s string) *signature {
	sig, err := parseSignature(s)
	if err != nil {
		panic("jsonata: invalid built-in signature " + s)
	}
	return sig
}

// parseSignature parses a signature definition (between angle brackets).
// Errors carry the offset of the problem within the definition.
func parseSignature(def string) (*signature, *evalError) {
	sig := &signature{definition: def}
	var prev *sigParam
	add := func(p sigParam) {
		sig.params = append(sig.params, p)
		prev = &sig.params[len(sig.params)-1]
	}
	for pos := 1; pos < len(def); pos++ {
		c := def[pos]
		if c == ':' {
			break
		}
		switch c {
		case 's', 'n', 'b', 'l', 'o':
			add(sigParam{symbols: string(c) + "m", typ: string(c)})
		case 'a':
			add(sigParam{symbols: "asnblfom", typ: "a"})
		case 'f':
			add(sigParam{symbols: "f", typ: "f"})
		case 'j':
			add(sigParam{symbols: "asnblom", typ: "j"})
		case 'x':
			add(sigParam{symbols: "asnblfom", typ: "x"})
		case '-':
			if prev != nil {
				prev.context = true
				prev.ctxSyms = prev.symbols
				prev.quant = addQuant(prev.quant, '?')
			}
		case '?', '+':
			if prev != nil {
				prev.quant = addQuant(prev.quant, c)
			}
		case '(':
			end := closingBracket(def, pos, '(', ')')
			choice := def[pos+1 : min(end, len(def))]
			if strings.Contains(choice, "<") {
				e := newError("S0402").withValue(choice)
				e.position = pos
				return nil, e
			}
			add(sigParam{symbols: choice + "m", typ: "(" + choice + ")"})
			pos = end
		case '<':
			if prev != nil && (prev.typ == "a" || prev.typ == "f") {
				end := closingBracket(def, pos, '<', '>')
				prev.subtype = def[pos+1 : min(end, len(def))]
				pos = end
			} else {
				e := newError("S0401")
				if prev != nil {
					e = e.withValue(prev.typ)
				}
				e.position = pos
				return nil, e
			}
		}
	}
	return sig, nil
}

func addQuant(q quantifier, c byte) quantifier {
	switch {
	case q == qOne && c == '?':
		return qOptional
	case q == qOne && c == '+':
		return qOneOrMore
	case q == qOptional && c == '?':
		return qLazyOptional
	}
	return q
}

func closingBracket(s string, start int, open, close byte) int {
	depth := 1
	pos := start
	for pos < len(s) {
		pos++
		if pos >= len(s) {
			break
		}
		if s[pos] == close {
			depth--
			if depth == 0 {
				break
			}
		} else if s[pos] == open {
			depth++
		}
	}
	return pos
}

// typeSymbol is the signature symbol of a value.
func typeSymbol(v any) byte {
	if isFunction(v) {
		return 'f'
	}
	switch v.(type) {
	case string:
		return 's'
	case bool:
		return 'b'
	case nil:
		return 'l'
	case undefinedValue:
		return 'm'
	}
	if isNumber(v) {
		return 'n'
	}
	if isArray(v) {
		return 'a'
	}
	if isObject(v) {
		return 'o'
	}
	return 'm'
}

// match matches the type symbols of the arguments against the parameters
// as the equivalent regular expression would (greedy, leftmost-first),
// filling spans with the [start, end) of each parameter's match. With
// anchored false a match of a prefix suffices; the end of the match is
// returned.
func matchParams(params []sigParam, syms string, pi, si int, spans [][2]int, anchored bool) (int, bool) {
	if pi == len(params) {
		if anchored && si != len(syms) {
			return 0, false
		}
		return si, true
	}
	p := params[pi]
	accepts := func(i int) bool { return i < len(syms) && strings.IndexByte(p.symbols, syms[i]) >= 0 }
	try := func(n int) (int, bool) {
		spans[pi] = [2]int{si, si + n}
		return matchParams(params, syms, pi+1, si+n, spans, anchored)
	}
	switch p.quant {
	case qOne:
		if accepts(si) {
			return try(1)
		}
	case qOptional:
		if accepts(si) {
			if end, ok := try(1); ok {
				return end, true
			}
		}
		return try(0)
	case qLazyOptional:
		if end, ok := try(0); ok {
			return end, true
		}
		if accepts(si) {
			return try(1)
		}
	case qOneOrMore:
		n := 0
		for accepts(si + n) {
			n++
		}
		for ; n >= 1; n-- {
			if end, ok := try(n); ok {
				return end, true
			}
		}
	}
	return 0, false
}

var arraySignatureMapping = map[string]string{
	"a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings",
}

// validate checks the arguments against the signature and returns them with
// the context value substituted for a missing '-' argument and non-array
// values wrapped where an array is expected.
// validate checks the arguments against the signature, charging the work
// of checking the items of arrays to b.
func (s *signature) validate(b *budget, args []any, context any) ([]any, error) {
	var sb strings.Builder
	for _, a := range args {
		sb.WriteByte(typeSymbol(a))
	}
	syms := sb.String()
	spans := make([][2]int, len(s.params))
	if _, ok := matchParams(s.params, syms, 0, 0, spans, true); !ok {
		return nil, s.validationError(args, syms)
	}
	validated := make([]any, 0, len(args)+1)
	argIndex := 0
	argAt := func(i int) any {
		if i < len(args) {
			return args[i]
		}
		return Undefined
	}
	for i, p := range s.params {
		m := syms[spans[i][0]:spans[i][1]]
		if m == "" {
			if p.context {
				if strings.IndexByte(p.ctxSyms, typeSymbol(context)) >= 0 {
					validated = append(validated, context)
				} else {
					e := newError("T0411").withValue(context)
					e.index = argIndex + 1
					return nil, e
				}
			} else {
				validated = append(validated, argAt(argIndex))
				argIndex++
			}
			continue
		}
		for j := 0; j < len(m); j++ {
			single := m[j]
			arg := argAt(argIndex)
			if p.typ == "a" {
				if single == 'm' {
					arg = Undefined
				} else {
					ok := true
					if p.subtype != "" {
						if single != 'a' && m != p.subtype && !anySubtype(p.subtype) {
							ok = false
						} else if single == 'a' {
							items, _ := arrayItems(arg)
							if len(items) > 0 && !anySubtype(p.subtype) {
								if err := b.scan(len(items)); err != nil {
									return nil, err
								}
								itemType := typeSymbol(items[0])
								if itemType != p.subtype[0] {
									ok = false
								} else {
									for _, it := range items {
										if typeSymbol(it) != itemType {
											ok = false
											break
										}
									}
								}
							}
						}
					}
					if !ok {
						e := newError("T0412").withValue(arg)
						e.index = argIndex + 1
						e.typ = arraySignatureMapping[p.subtype]
						return nil, e
					}
					if single != 'a' {
						arg = []any{arg}
					}
				}
			}
			validated = append(validated, arg)
			argIndex++
		}
	}
	return validated, nil
}

// anySubtype reports whether an array subtype accepts items of any type.
// jsonata-js compares item types with the subtype literally, so a<x> and
// a<j> reject every non-empty array. The built-in functions do not use them;
// host functions (such as a $partition declared <a<j>n:a>) need them to
// accept arrays of any items.
func anySubtype(sub string) bool { return sub == "x" || sub == "j" }

func (s *signature) validationError(args []any, syms string) error {
	goodTo := 0
	spans := make([][2]int, len(s.params))
	argAt := func(i int) any {
		if i < len(args) {
			return args[i]
		}
		return Undefined
	}
	for k := range s.params {
		end, ok := matchParams(s.params[:k+1], syms, 0, 0, spans, false)
		if !ok {
			break
		}
		goodTo = end
	}
	e := newError("T0410").withValue(argAt(goodTo))
	e.index = goodTo + 1
	return e
}

// paramCount is the number of parameters a signature declares.
func (s *signature) paramCount() int { return len(s.params) }
