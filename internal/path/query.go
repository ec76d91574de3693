package path

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/PaesslerAG/gval"
	"github.com/PaesslerAG/jsonpath"

	"github.com/gostates/gostates/internal/jsonv"
)

// queryLanguage is JSONPath with filter expressions whose comparisons
// understand json.Number, the form numbers take in gostates documents.
var queryLanguage = gval.NewLanguage(
	gval.Full(),
	jsonpath.Language(),
	direct("==", func(a, b any) (any, error) { return equal(a, b), nil }),
	direct("!=", func(a, b any) (any, error) { return !equal(a, b), nil }),
	direct("<", compare(func(c int) bool { return c < 0 })),
	direct("<=", compare(func(c int) bool { return c <= 0 })),
	direct(">", compare(func(c int) bool { return c > 0 })),
	direct(">=", compare(func(c int) bool { return c >= 0 })),
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

func equal(a, b any) bool {
	x, ok1 := jsonv.Float(a)
	y, ok2 := jsonv.Float(b)
	if ok1 && ok2 {
		return x == y
	}
	if ok1 != ok2 {
		return false
	}
	return reflect.DeepEqual(a, b)
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

// evalQuery evaluates an indefinite path. Matches come back as an array; a
// path that matches nothing gives an empty array.
func (p *Path) evalQuery(doc any) (any, error) {
	v, err := p.query(context.Background(), doc)
	if err != nil {
		// PaesslerAG reports a missing step of a plain (definite) prefix
		// as an error; an indefinite path then simply matches nothing.
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
