package path

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/PaesslerAG/gval"

	"github.com/gostates/gostates/internal/jsonv"
)

// queryLanguage is JSONPath with filter expressions whose comparisons
// understand json.Number, the form numbers take in gostates documents.
// Every operator that compares or matches values takes time linear in the
// size of its operands, which the evaluation budget pays for (see charge).
var queryLanguage = gval.NewLanguage(
	gval.Full(),
	jsonPathLanguage,
	direct("==", func(a, b any) (any, error) { return equal(a, b), nil }),
	direct("!=", func(a, b any) (any, error) { return !equal(a, b), nil }),
	direct("<", compare(func(c int) bool { return c < 0 })),
	direct("<=", compare(func(c int) bool { return c <= 0 })),
	direct(">", compare(func(c int) bool { return c > 0 })),
	direct(">=", compare(func(c int) bool { return c >= 0 })),
	direct("in", in),
	gval.InfixEvalOperator("=~", regexOperator(false)),
	gval.InfixEvalOperator("!~", regexOperator(true)),
)

// direct defines an operator that replaces, rather than extends, gval's
// operator of that name.
func direct(name string, f func(a, b any) (any, error)) gval.Language {
	return gval.InfixEvalOperator(name, func(a, b gval.Evaluable) (gval.Evaluable, error) {
		return func(c context.Context, v any) (any, error) {
			x, err := a(c, v)
			if err != nil {
				return nil, err
			}
			y, err := b(c, v)
			if err != nil {
				return nil, err
			}
			return f(x, y)
		}, nil
	})
}

// equal compares numbers by value and other values as reflect.DeepEqual
// does.
func equal(a, b any) bool {
	x, ok1 := jsonv.Float(a)
	y, ok2 := jsonv.Float(b)
	if ok1 && ok2 {
		return x == y
	}
	if ok1 != ok2 {
		return false
	}
	return deepEqual(a, b)
}

// deepEqual is reflect.DeepEqual for JSON values, without reflection and
// the bookkeeping of cycles JSON values cannot have: it is many times
// faster on large arrays and objects. Numbers within them compare as their
// Go values do (json.Number by its text), as with reflect.DeepEqual.
func deepEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !deepEqual(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		if len(x) > 0 && &x[0] == &y[0] {
			return true
		}
		for i := range x {
			if !deepEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case string:
		y, ok := b.(string)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	return reflect.DeepEqual(a, b)
}

// in is "a in b": whether the array b holds a value equal to a, as
// reflect.DeepEqual compares them.
func in(a, b any) (any, error) {
	col, ok := b.([]any)
	if !ok {
		return nil, fmt.Errorf("expected type []interface{} for in operator but got %T", b)
	}
	for _, e := range col {
		if deepEqual(a, e) {
			return true, nil
		}
	}
	return false, nil
}

// regexOperator is "a =~ b" (or, negated, "a !~ b"): whether the regular
// expression b matches a. As in Jayway JsonPath, an array, an object or
// null is matched as the empty string, where gval matched the text of its
// Go value ("map[a:1]"), which takes time in its size.
func regexOperator(negate bool) func(a, b gval.Evaluable) (gval.Evaluable, error) {
	return func(a, b gval.Evaluable) (gval.Evaluable, error) {
		// A constant pattern is compiled once; one that does not compile
		// fails each evaluation, as it did in gval.
		var re *regexp.Regexp
		var reErr error
		if c, ok := constant(b); ok {
			s, err := regexText(context.Background(), c, nil)
			if err == nil {
				re, err = regexp.Compile(s)
			}
			if err != nil {
				reErr = err
			}
		}
		return func(c context.Context, v any) (any, error) {
			if reErr != nil {
				return nil, reErr
			}
			s, err := regexText(c, a, v)
			if err != nil {
				return nil, err
			}
			r := re
			if r == nil {
				pattern, err := regexText(c, b, v)
				if err != nil {
					return nil, err
				}
				if r, err = regexp.Compile(pattern); err != nil {
					return nil, err
				}
			}
			return r.MatchString(s) != negate, nil
		}, nil
	}
}

// regexText is the text a regular expression operator matches for the
// value of e.
func regexText(c context.Context, e gval.Evaluable, param any) (string, error) {
	v, err := e(c, param)
	if err != nil {
		return "", err
	}
	switch t := v.(type) {
	case string:
		return t, nil
	case nil, []any, map[string]any:
		return "", nil
	}
	return fmt.Sprintf("%v", v), nil
}

// compare orders two numbers or two strings; other operands never match.
func compare(ok func(int) bool) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		if x, isNum := jsonv.Float(a); isNum {
			y, isNum := jsonv.Float(b)
			if !isNum {
				return false, nil
			}
			switch {
			case x < y:
				return ok(-1), nil
			case x > y:
				return ok(1), nil
			}
			return ok(0), nil
		}
		x, isStr := a.(string)
		y, isStr2 := b.(string)
		if !isStr || !isStr2 {
			return false, nil
		}
		return ok(strings.Compare(x, y)), nil
	}
}

// evalQuery evaluates a path that is not a reference path within lim. An
// indefinite path gives the array of its matches, empty when nothing
// matches. A limit reached is an *Error matching ErrLimit.
func (p *Path) evalQuery(doc any, lim Limits) (any, error) {
	st := newEvalState(lim)
	v, err := p.query(st.ctx, doc)
	if st.err != nil {
		return nil, &Error{msg: st.err.msg, kind: limitReached}
	}
	if err != nil {
		// A definite step that selects nothing fails the evaluation of a
		// definite query, such as $.a[-1]; it then matches nothing.
		return []any{}, nil
	}
	switch t := v.(type) {
	case []any:
		return t, nil
	case nil:
		return []any{}, nil
	}
	return v, nil
}

// requote rewrites the single-quoted strings of a JSONPath query ('name',
// 'text' in filters) as double-quoted Go strings, the only form the query
// parser reads as a string; a backslash escapes the next character.
// Double-quoted strings are left as they are.
func requote(q string) string {
	if !strings.ContainsRune(q, '\'') {
		return q
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		switch c := q[i]; c {
		case '"':
			j := i + 1
			for j < len(q) && q[j] != '"' {
				if q[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
		case '\'':
			var text strings.Builder
			j := i + 1
			for ; j < len(q) && q[j] != '\''; j++ {
				if q[j] == '\\' && j+1 < len(q) {
					j++
				}
				text.WriteByte(q[j])
			}
			if j >= len(q) {
				b.WriteString(q[i:]) // unterminated: let the parser report it
				return b.String()
			}
			b.WriteString(strconv.Quote(text.String()))
			i = j
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// cleanGvalError rewords a syntax error of the query parser, which reads
// "parsing error: EXPR\t:1:5 - 1:5 unexpected EOF while scanning
// extensions", as "at character 5: unexpected end of path". shift is
// added to the column, for roots longer than the "$" the parser saw.
func cleanGvalError(err error, shift int) error {
	msg := strings.TrimPrefix(err.Error(), "parsing error: ")
	tab := strings.LastIndexByte(msg, '\t')
	if tab < 0 {
		return errors.New(msg)
	}
	rest := msg[tab+1:] // ":1:5 - 1:5 unexpected EOF while scanning extensions"
	var line, col, line2, col2 int
	var what string
	if n, _ := fmt.Sscanf(rest, ":%d:%d - %d:%d", &line, &col, &line2, &col2); n == 4 {
		if i := strings.Index(rest, " - "); i >= 0 {
			if j := strings.IndexByte(rest[i+3:], ' '); j >= 0 {
				what = rest[i+3+j+1:]
			}
		}
	}
	if what == "" {
		return errors.New(rest)
	}
	what, _, _ = strings.Cut(what, " while scanning")
	what = strings.Replace(what, "unexpected EOF", "unexpected end of path", 1)
	return fmt.Errorf("at character %d: %s", col+shift, what)
}
