package jsonata

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
)

// regexLiteral is a compiled regular expression literal. JSONata uses
// JavaScript regular expressions; they are translated to Go's RE2 syntax,
// which has no look-around assertions or back-references (reported as
// S0303 at compile time). As a value it is a function: called with a string
// it returns the first match object.
type regexLiteral struct {
	source string
	flags  string
	re     *regexp.Regexp
	cost   int64 // the cost of a search per byte of text (see regexCost)
}

// jsSpace is the JavaScript \s class.
const jsSpace = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

func compileJSRegex(pattern, flags string) (*regexLiteral, *evalError) {
	translated, err := translateRegex(pattern)
	if err != nil {
		return nil, err
	}
	prefix := ""
	if strings.Contains(flags, "i") {
		prefix += "i"
	}
	if strings.Contains(flags, "m") {
		prefix += "m"
	}
	if prefix != "" {
		translated = "(?" + prefix + ")" + translated
	}
	// the size of the program, before it is built: compiling a large
	// repetition takes long, and searching with it is hopelessly slow
	size, ok := regexSize(translated)
	if !ok {
		return nil, newError(codeRegexUnsupported).withValue(pattern + " (the regular expression is too large)")
	}
	re, cerr := regexp.Compile(translated)
	if cerr != nil {
		return nil, newError(codeRegexUnsupported).withValue(pattern + " (" + cerr.Error() + ")")
	}
	return &regexLiteral{source: pattern, flags: flags, re: re, cost: size * 4}, nil
}

// maxRegexSize bounds the size of a regular expression program.
const maxRegexSize = 20000

// regexCost is the cost of a search per byte of text, in cost units: Go's
// regexp runs in time proportional to the size of the text times the size
// of the program (up to about 20 ns per instruction and byte).
func regexCost(translated string) int64 {
	size, _ := regexSize(translated)
	return size * 4
}

// regexSize estimates the number of instructions of the program of a
// regular expression (repetitions expanded) without building it; ok is
// false when it exceeds maxRegexSize (size is then maxRegexSize).
func regexSize(translated string) (size int64, ok bool) {
	re, err := syntax.Parse(translated, syntax.Perl)
	if err != nil {
		return 1, true // regexp.Compile reports the error
	}
	var walk func(re *syntax.Regexp) int64
	walk = func(re *syntax.Regexp) int64 {
		var n int64
		for _, sub := range re.Sub {
			n += walk(sub)
		}
		switch re.Op {
		case syntax.OpLiteral:
			n += int64(len(re.Rune))
		case syntax.OpRepeat:
			count := int64(re.Max)
			if re.Max < 0 {
				count = int64(re.Min) + 1
			}
			n *= max(count, 1)
		default:
			n++
		}
		return min(n, maxRegexSize+1)
	}
	size = max(walk(re), 1)
	if size > maxRegexSize {
		return maxRegexSize, false
	}
	return size, true
}

// translateRegex rewrites JavaScript regex syntax into RE2 syntax.
func translateRegex(p string) (string, *evalError) {
	var sb strings.Builder
	unsupported := func(what string) *evalError {
		return newError(codeRegexUnsupported).withValue(p + " (" + what + ")")
	}
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", unsupported("trailing backslash")
			}
			i++
			e := p[i]
			switch e {
			case 'd', 'D', 'w', 'W', 'n', 'r', 't', 'f', 'v':
				sb.WriteByte('\\')
				sb.WriteByte(e)
			case 'b', 'B':
				if inClass {
					if e == 'b' {
						sb.WriteString(`\x08`)
					} else {
						sb.WriteByte('B')
					}
				} else {
					sb.WriteByte('\\')
					sb.WriteByte(e)
				}
			case 's':
				if inClass {
					sb.WriteString(jsSpace)
				} else {
					sb.WriteString("[" + jsSpace + "]")
				}
			case 'S':
				if inClass {
					sb.WriteString(`\S`)
				} else {
					sb.WriteString("[^" + jsSpace + "]")
				}
			case 'u':
				if i+4 < len(p) {
					if v, err := strconv.ParseUint(p[i+1:i+5], 16, 32); err == nil {
						cp := rune(v)
						i += 4
						if cp >= 0xD800 && cp <= 0xDBFF && i+6 < len(p) && p[i+1] == '\\' && p[i+2] == 'u' {
							if lo, err := strconv.ParseUint(p[i+3:i+7], 16, 32); err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
								cp = (cp-0xD800)<<10 + rune(lo-0xDC00) + 0x10000
								i += 6
							}
						}
						sb.WriteString(`\x{` + strconv.FormatInt(int64(cp), 16) + `}`)
						continue
					}
				}
				sb.WriteByte('u')
			case 'x':
				if i+2 < len(p) {
					if v, err := strconv.ParseUint(p[i+1:i+3], 16, 32); err == nil {
						sb.WriteString(`\x{` + strconv.FormatInt(int64(v), 16) + `}`)
						i += 2
						continue
					}
				}
				sb.WriteByte('x')
			case 'c':
				if i+1 < len(p) && isASCIILetter(p[i+1]) {
					sb.WriteString(`\x{` + strconv.FormatInt(int64(p[i+1]%32), 16) + `}`)
					i++
					continue
				}
				sb.WriteString(`\\c`)
			case '0':
				sb.WriteString(`\x{0}`)
			case '1', '2', '3', '4', '5', '6', '7', '8', '9':
				if inClass {
					sb.WriteString(`\x{` + string(e) + `}`)
				} else {
					return "", unsupported("back-reference")
				}
			case 'k':
				if !inClass && i+1 < len(p) && p[i+1] == '<' {
					return "", unsupported("back-reference")
				}
				sb.WriteByte('k')
			default:
				if isASCIILetter(e) || (e >= '0' && e <= '9') {
					// identity escape of a letter: the letter itself
					sb.WriteByte(e)
				} else if e < 0x80 {
					sb.WriteByte('\\')
					sb.WriteByte(e)
				} else {
					sb.WriteByte(e)
				}
			}
		case inClass:
			if c == ']' {
				inClass = false
			}
			if c == '[' {
				sb.WriteString(`\[`)
				continue
			}
			sb.WriteByte(c)
		case c == '[':
			if strings.HasPrefix(p[i:], "[^]") {
				sb.WriteString(`[\x{0}-\x{10FFFF}]`)
				i += 2
				continue
			}
			if strings.HasPrefix(p[i:], "[]") {
				sb.WriteString(`[^\x{0}-\x{10FFFF}]`)
				i++
				continue
			}
			inClass = true
			sb.WriteByte('[')
			if i+1 < len(p) && p[i+1] == '^' {
				sb.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				// a leading ] is literal in RE2 but ends an empty class in JS
				sb.WriteString(`\]`)
				i++
			}
		case c == '(':
			if strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!") ||
				strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!") {
				return "", unsupported("look-around assertion")
			}
			sb.WriteByte(c)
		case c == '.':
			sb.WriteString(`[^\n\r\x{2028}\x{2029}]`)
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String(), nil
}

func isASCIILetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// matchResult is one match of a matcher function (a regex or a custom
// matcher that returns the same structure).
type matchResult struct {
	match  string
	start  int // UTF-16 index
	end    int
	groups []any
	next   func() (*matchResult, error)
}

// regexCursor runs a regex over one string, keeping a known pair of UTF-16
// index and byte offset so that successive matches convert between them
// in time proportional to the distance moved.
type regexCursor struct {
	ev    *evaluator
	r     *regexLiteral
	s     string
	ascii bool
	n     int // the UTF-16 length of s
	unit  int // a UTF-16 index ...
	off   int // ... and its byte offset
}

func (ev *evaluator) newRegexCursor(r *regexLiteral, s string) (*regexCursor, error) {
	if err := ev.scanBytes(len(s)); err != nil {
		return nil, err
	}
	c := &regexCursor{ev: ev, r: r, s: s, ascii: isASCII(s)}
	if c.ascii {
		c.n = len(s)
	} else {
		c.n = utf16Len(s)
	}
	return c, nil
}

// byteOffset returns the byte offset of the UTF-16 index unit (the end of
// the character when unit is inside a surrogate pair).
func (c *regexCursor) byteOffset(unit int) int {
	if c.ascii {
		return min(unit, len(c.s))
	}
	if unit < c.unit {
		c.unit, c.off = 0, 0
	}
	for c.unit < unit && c.off < len(c.s) {
		r, size := decodeChar(c.s, c.off)
		c.off += size
		if r >= 0x10000 {
			c.unit += 2
		} else {
			c.unit++
		}
	}
	return c.off
}

// unitIndex returns the UTF-16 index of the byte offset off.
func (c *regexCursor) unitIndex(off int) int {
	if c.ascii {
		return off
	}
	if off < c.off {
		c.unit, c.off = 0, 0
	}
	c.unit += utf16Len(c.s[c.off:off])
	c.off = off
	return c.unit
}

// exec finds the first match at or after the UTF-16 index from, like
// RegExp.prototype.exec with the global flag; it returns nil when there is
// no match. The search is charged to the evaluation in proportion to the
// size of the regex program and of the text it scans; a search that could
// cost more than the evaluation has left is refused.
func (c *regexCursor) exec(from int) (*matchResult, error) {
	if from > c.n {
		return nil, nil
	}
	off := c.byteOffset(from)
	text := c.s[off:]
	if worst := int64(len(text)+1) * c.r.cost; worst > c.ev.remaining() {
		return nil, c.ev.charge(worst)
	}
	loc := c.r.re.FindStringSubmatchIndex(text)
	if loc == nil {
		return nil, c.ev.charge(int64(len(text)+1) * c.r.cost)
	}
	if err := c.ev.charge(int64(loc[1]+1) * c.r.cost); err != nil {
		return nil, err
	}
	if err := c.ev.alloc(len(loc) / 2); err != nil {
		return nil, err
	}
	start := off + loc[0]
	end := off + loc[1]
	m := &matchResult{match: c.s[start:end], start: c.unitIndex(start)}
	m.end = m.start + utf16Len(m.match)
	m.groups = make([]any, 0, len(loc)/2-1)
	for g := 1; g < len(loc)/2; g++ {
		if loc[2*g] < 0 {
			m.groups = append(m.groups, Undefined)
		} else {
			m.groups = append(m.groups, c.s[off+loc[2*g]:off+loc[2*g+1]])
		}
	}
	return m, nil
}

// firstRegexMatch returns the first match of the regex, with next iterating
// over the following ones as jsonata-js's regex closure does.
func (ev *evaluator) firstRegexMatch(r *regexLiteral, str string, from int) (*matchResult, error) {
	c, err := ev.newRegexCursor(r, str)
	if err != nil {
		return nil, err
	}
	return c.match(from)
}

func (c *regexCursor) match(from int) (*matchResult, error) {
	m, err := c.exec(from)
	if m == nil || err != nil {
		return nil, err
	}
	lastIndex := m.end
	m.next = func() (*matchResult, error) {
		if lastIndex >= c.n {
			return nil, nil
		}
		n, err := c.match(lastIndex)
		if err != nil {
			return nil, err
		}
		if n != nil && n.match == "" {
			return nil, newError("D1004").withValue(c.r.source)
		}
		return n, nil
	}
	return m, nil
}

// callRegex invokes a regex as a function: regex(str[, fromIndex]) returns
// the match object {match, start, end, groups, next}.
func (ev *evaluator) callRegex(r *regexLiteral, args []any) (any, error) {
	var arg any = Undefined
	if len(args) > 0 {
		arg = args[0]
	}
	// RegExp.prototype.exec converts its argument to a string
	str, err := ev.jsStringCoerce(arg, 0)
	if err != nil {
		return nil, err
	}
	from := 0
	if len(args) > 1 {
		if f, ok := toNumber(args[1]); ok {
			from = int(f)
		}
	}
	m, err := ev.firstRegexMatch(r, str, from)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return Undefined, nil
	}
	return matchObject(m), nil
}

// matchObject converts a match into the object a matcher function returns.
func matchObject(m *matchResult) *object {
	o := newObject(5)
	o.set("match", m.match)
	o.set("start", float64(m.start))
	o.set("end", float64(m.end))
	o.set("groups", append([]any(nil), m.groups...))
	next := m.next
	o.set("next", &builtin{name: "next", arity: 0, raw: true, fn: func(ev *evaluator, c callCtx, args []any) (any, error) {
		if next == nil {
			return Undefined, nil
		}
		n, err := next()
		if err != nil {
			return nil, err
		}
		if n == nil {
			return Undefined, nil
		}
		return matchObject(n), nil
	}})
	return o
}

// evaluateMatcher runs a matcher (a regex or a function returning match
// objects) over str.
func (ev *evaluator) evaluateMatcher(matcher any, str string) (*matchResult, error) {
	if r, ok := matcher.(*regexLiteral); ok {
		return ev.firstRegexMatch(r, str, 0)
	}
	res, err := ev.apply(matcher, []any{str}, nil, nil)
	if err != nil {
		return nil, err
	}
	return ev.toMatchResult(res)
}

func (ev *evaluator) toMatchResult(res any) (*matchResult, error) {
	if !truthy(res) {
		return nil, nil
	}
	start, hasStart := fieldOf(res, "start")
	groups, hasGroups := fieldOf(res, "groups")
	next, hasNext := fieldOf(res, "next")
	_, startNum := toNumber(start)
	if !((hasStart && startNum) || (hasGroups && isArray(groups)) || (hasNext && isFunction(next))) {
		return nil, newError("T1010")
	}
	m := &matchResult{}
	if s, ok := fieldOf(res, "match"); ok {
		m.match, _ = s.(string)
	}
	if f, ok := toNumber(start); ok {
		m.start = int(f)
	}
	if e, ok := fieldOf(res, "end"); ok {
		if f, ok := toNumber(e); ok {
			m.end = int(f)
		}
	}
	if items, ok := arrayItems(groups); ok {
		m.groups = items
	}
	if isFunction(next) {
		m.next = func() (*matchResult, error) {
			r, err := ev.apply(next, []any{Undefined}, nil, nil)
			if err != nil {
				return nil, err
			}
			return ev.toMatchResult(r)
		}
	}
	return m, nil
}

func fieldOf(v any, k string) (any, bool) {
	if !isObject(v) {
		return Undefined, false
	}
	return objectGet(v, k)
}
