package jsonata

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokenType classifies the tokens produced by the lexer.
type tokenType int

const (
	tokEnd tokenType = iota
	tokName
	tokVariable
	tokOperator
	tokString
	tokNumber
	tokValue // true, false, null
	tokRegex
)

// token is one lexical token. pos is the offset just after the token, as in
// jsonata-js.
type token struct {
	typ   tokenType
	value string // name, variable name (without $), operator or string literal
	num   float64
	val   any // literal value of tokValue
	re    *regexLiteral
	pos   int
}

// operatorChars are the characters that end a name (jsonata-js 'operators').
func isOperatorChar(c byte) bool {
	switch c {
	case '.', '[', ']', '{', '}', '(', ')', ',', '@', '#', ';', ':', '?', '+', '-', '*', '/', '%', '|', '=', '<', '>', '^', '&', '!', '~':
		return true
	}
	return false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
}

// lexer turns an expression into tokens one at a time.
type lexer struct {
	src string
	pos int
}

// next returns the next token. infix is true when the token follows an
// operand, where '/' is division rather than the start of a regex.
func (l *lexer) next(infix bool) (token, *evalError) {
	src := l.src
	for {
		for l.pos < len(src) && isSpace(src[l.pos]) {
			l.pos++
		}
		if l.pos+1 < len(src) && src[l.pos] == '/' && src[l.pos+1] == '*' {
			start := l.pos
			end := strings.Index(src[l.pos+2:], "*/")
			if end < 0 {
				return token{}, newError("S0106").at(start)
			}
			l.pos += 2 + end + 2
			continue
		}
		break
	}
	if l.pos >= len(src) {
		return token{typ: tokEnd, pos: l.pos}, nil
	}
	c := src[l.pos]
	if !infix && c == '/' {
		l.pos++
		re, err := l.scanRegex()
		if err != nil {
			return token{}, err
		}
		return token{typ: tokRegex, re: re, pos: l.pos}, nil
	}
	if l.pos+1 < len(src) {
		two := src[l.pos : l.pos+2]
		switch two {
		case "..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??":
			l.pos += 2
			return token{typ: tokOperator, value: two, pos: l.pos}, nil
		}
	}
	if isOperatorChar(c) {
		l.pos++
		return token{typ: tokOperator, value: string(c), pos: l.pos}, nil
	}
	if c == '"' || c == '\'' {
		return l.scanString(c)
	}
	if c >= '0' && c <= '9' {
		if n := scanNumber(src[l.pos:]); n > 0 {
			text := src[l.pos : l.pos+n]
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return token{}, newError("S0102").at(l.pos).withToken(text)
			}
			l.pos += n
			return token{typ: tokNumber, num: f, pos: l.pos}, nil
		}
	}
	if c == '`' {
		end := strings.IndexByte(src[l.pos+1:], '`')
		if end < 0 {
			l.pos = len(src)
			return token{}, newError("S0105").at(l.pos)
		}
		name := src[l.pos+1 : l.pos+1+end]
		l.pos += end + 2
		return token{typ: tokName, value: name, pos: l.pos}, nil
	}
	i := l.pos
	for i < len(src) && !isSpace(src[i]) && !isOperatorChar(src[i]) {
		i++
	}
	if src[l.pos] == '$' {
		name := src[l.pos+1 : i]
		l.pos = i
		return token{typ: tokVariable, value: name, pos: l.pos}, nil
	}
	name := src[l.pos:i]
	l.pos = i
	switch name {
	case "or", "in", "and":
		return token{typ: tokOperator, value: name, pos: l.pos}, nil
	case "true":
		return token{typ: tokValue, val: true, pos: l.pos}, nil
	case "false":
		return token{typ: tokValue, val: false, pos: l.pos}, nil
	case "null":
		return token{typ: tokValue, val: nil, pos: l.pos}, nil
	}
	return token{typ: tokName, value: name, pos: l.pos}, nil
}

// scanNumber returns the length of the JSON-style number at the start of s
// (-?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?), or 0.
func scanNumber(s string) int {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return 0
	}
	if i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9' {
		i++
		digits()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			i = j
		}
	}
	return i
}

func (l *lexer) scanString(quote byte) (token, *evalError) {
	src := l.src
	l.pos++
	var sb strings.Builder
	for l.pos < len(src) {
		c := src[l.pos]
		switch {
		case c == '\\':
			l.pos++
			if l.pos >= len(src) {
				return token{}, newError("S0103").at(l.pos).withToken("")
			}
			e := src[l.pos]
			switch e {
			case '"', '\\', '/':
				sb.WriteByte(e)
			case 'b':
				sb.WriteByte('\b')
			case 'f':
				sb.WriteByte('\f')
			case 'n':
				sb.WriteByte('\n')
			case 'r':
				sb.WriteByte('\r')
			case 't':
				sb.WriteByte('\t')
			case 'u':
				cu, ok := hex4(src, l.pos+1)
				if !ok {
					return token{}, newError("S0104").at(l.pos)
				}
				l.pos += 4
				// combine an escaped surrogate pair into one code point
				if cu >= 0xD800 && cu <= 0xDBFF && l.pos+6 < len(src) && src[l.pos+1] == '\\' && src[l.pos+2] == 'u' {
					if lo, ok := hex4(src, l.pos+3); ok && lo >= 0xDC00 && lo <= 0xDFFF {
						sb.WriteRune(rune((cu-0xD800)<<10+(lo-0xDC00)) + 0x10000)
						l.pos += 6
						break
					}
				}
				writeCodeUnit(&sb, cu)
			default:
				r, _ := utf8.DecodeRuneInString(src[l.pos:])
				return token{}, newError("S0103").at(l.pos).withToken(string(r))
			}
			l.pos++
		case c == quote:
			l.pos++
			return token{typ: tokString, value: sb.String(), pos: l.pos}, nil
		default:
			sb.WriteByte(c)
			l.pos++
		}
	}
	return token{}, newError("S0101").at(l.pos)
}

// hex4 parses the 4 hex digits at s[i:] (fewer at the end of input, as
// jsonata-js accepts).
func hex4(s string, i int) (int, bool) {
	end := i + 4
	if end > len(s) {
		end = len(s)
	}
	if i >= end {
		return 0, false
	}
	v, err := strconv.ParseUint(s[i:end], 16, 32)
	if err != nil {
		return 0, false
	}
	return int(v), true
}

// writeCodeUnit appends a UTF-16 code unit. A lone surrogate is kept in its
// WTF-8 form (three bytes that are not valid UTF-8) so that functions such as
// $encodeUrl can detect it as JavaScript does.
func writeCodeUnit(sb *strings.Builder, cu int) {
	if cu >= 0xD800 && cu <= 0xDFFF {
		sb.WriteByte(byte(0xE0 | cu>>12))
		sb.WriteByte(byte(0x80 | (cu>>6)&0x3F))
		sb.WriteByte(byte(0x80 | cu&0x3F))
		return
	}
	sb.WriteRune(rune(cu))
}

// scanRegex scans a regex literal after the opening '/'.
func (l *lexer) scanRegex() (*regexLiteral, *evalError) {
	src := l.src
	start := l.pos
	depth := 0
	isClosingSlash := func(p int) bool {
		if src[p] == '/' && depth == 0 {
			n := 0
			for p-(n+1) >= 0 && src[p-(n+1)] == '\\' {
				n++
			}
			return n%2 == 0
		}
		return false
	}
	for l.pos < len(src) {
		c := src[l.pos]
		if isClosingSlash(l.pos) {
			pattern := src[start:l.pos]
			if pattern == "" {
				return nil, newError("S0301").at(l.pos)
			}
			l.pos++
			fstart := l.pos
			for l.pos < len(src) && (src[l.pos] == 'i' || src[l.pos] == 'm') {
				l.pos++
			}
			flags := src[fstart:l.pos]
			re, err := compileJSRegex(pattern, flags)
			if err != nil {
				return nil, err.at(l.pos)
			}
			return re, nil
		}
		prevBackslash := l.pos > 0 && src[l.pos-1] == '\\'
		if (c == '(' || c == '[' || c == '{') && !prevBackslash {
			depth++
		}
		if (c == ')' || c == ']' || c == '}') && !prevBackslash {
			depth--
		}
		l.pos++
	}
	return nil, newError("S0302").at(l.pos)
}
