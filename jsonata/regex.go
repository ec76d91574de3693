package jsonata

import (
	"regexp"
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
	re, cerr := regexp.Compile(translated)
	if cerr != nil {
		return nil, newError(codeRegexUnsupported).withValue(pattern + " (" + cerr.Error() + ")")
	}
	return &regexLiteral{source: pattern, flags: flags, re: re}, nil
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

// byteToUnit maps byte offsets of s to UTF-16 indexes (nil for ASCII).
type indexMap struct {
	s     string
	ascii bool
}

func (m indexMap) unit(byteOff int) int {
	if m.ascii {
		return byteOff
	}
	return utf16Index(m.s, byteOff)
}

func (m indexMap) byteOffset(unit int) int {
	if m.ascii {
		return unit
	}
	u := 0
	for i := 0; i < len(m.s); {
		if u >= unit {
			return i
		}
		r, size := decodeChar(m.s, i)
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
		i += size
	}
	return len(m.s)
}

// exec finds the first match at or after the UTF-16 index from, like
// RegExp.prototype.exec with the global flag; it returns nil when there is
// no match.
func (r *regexLiteral) exec(str string, from int) *matchResult {
	im := indexMap{s: str, ascii: isASCII(str)}
	if from > utf16Len(str) {
		return nil
	}
	off := im.byteOffset(from)
	loc := r.re.FindStringSubmatchIndex(str[off:])
	if loc == nil {
		return nil
	}
	start := off + loc[0]
	end := off + loc[1]
	m := &matchResult{match: str[start:end], start: im.unit(start)}
	m.end = m.start + utf16Len(m.match)
	m.groups = make([]any, 0, len(loc)/2-1)
	for g := 1; g < len(loc)/2; g++ {
		if loc[2*g] < 0 {
			m.groups = append(m.groups, Undefined)
		} else {
			m.groups = append(m.groups, str[off+loc[2*g]:off+loc[2*g+1]])
		}
	}
	return m
}

// firstRegexMatch returns the first match of the regex, with next iterating
// over the following ones as jsonata-js's regex closure does.
func (ev *evaluator) firstRegexMatch(r *regexLiteral, str string, from int) *matchResult {
	m := r.exec(str, from)
	if m == nil {
		return nil
	}
	lastIndex := m.end
	m.next = func() (*matchResult, error) {
		if lastIndex >= utf16Len(str) {
			return nil, nil
		}
		n := ev.firstRegexMatch(r, str, lastIndex)
		if n != nil && n.match == "" {
			return nil, newError("D1004").withValue(r.source)
		}
		return n, nil
	}
	return m
}

// callRegex invokes a regex as a function: regex(str[, fromIndex]) returns
// the match object {match, start, end, groups, next}.
func (ev *evaluator) callRegex(r *regexLiteral, args []any) (any, error) {
	var arg any = Undefined
	if len(args) > 0 {
		arg = args[0]
	}
	// RegExp.prototype.exec converts its argument to a string
	str := jsStringCoerce(arg)
	from := 0
	if len(args) > 1 {
		if f, ok := toNumber(args[1]); ok {
			from = int(f)
		}
	}
	m := ev.firstRegexMatch(r, str, from)
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
		return ev.firstRegexMatch(r, str, 0), nil
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
