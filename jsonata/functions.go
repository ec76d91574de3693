package jsonata

import (
	"encoding/base64"
	"hash/maphash"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

type nativeFn = func(ev *evaluator, c callCtx, args []any) (any, error)

// def defines a built-in function. params are the parameter names of the
// jsonata-js implementation and arity the JavaScript function length (the
// parameters before the first one with a default value), which is what
// higher-order functions use to decide how many arguments to pass.
func def(name, sig string, arity int, params []string, fn nativeFn) *builtin {
	return &builtin{name: name, sig: mustParseSignature(sig), params: params, arity: arity, fn: fn}
}

// builtinTable holds the built-in functions. It is never modified.
var builtinTable = newBuiltinTable()

func newBuiltinTable() map[string]*builtin {
	list := []*builtin{
		def("sum", "<a<n>:n>", 1, []string{"args"}, fnSum),
		def("count", "<a:n>", 1, []string{"args"}, fnCount),
		def("max", "<a<n>:n>", 1, []string{"args"}, fnMax),
		def("min", "<a<n>:n>", 1, []string{"args"}, fnMin),
		def("average", "<a<n>:n>", 1, []string{"args"}, fnAverage),
		def("string", "<x-b?:s>", 1, []string{"arg", "prettify"}, fnString),
		def("substring", "<s-nn?:s>", 3, []string{"str", "start", "length"}, fnSubstring),
		def("substringBefore", "<s-s:s>", 2, []string{"str", "chars"}, fnSubstringBefore),
		def("substringAfter", "<s-s:s>", 2, []string{"str", "chars"}, fnSubstringAfter),
		def("lowercase", "<s-:s>", 1, []string{"str"}, fnLowercase),
		def("uppercase", "<s-:s>", 1, []string{"str"}, fnUppercase),
		def("length", "<s-:n>", 1, []string{"str"}, fnLength),
		def("trim", "<s-:s>", 1, []string{"str"}, fnTrim),
		def("pad", "<s-ns?:s>", 3, []string{"str", "width", "char"}, fnPad),
		def("match", "<s-f<s:o>n?:a<o>>", 3, []string{"str", "regex", "limit"}, fnMatch),
		def("contains", "<s-(sf):b>", 2, []string{"str", "token"}, fnContains),
		def("replace", "<s-(sf)(sf)n?:s>", 4, []string{"str", "pattern", "replacement", "limit"}, fnReplace),
		def("split", "<s-(sf)n?:a<s>>", 3, []string{"str", "separator", "limit"}, fnSplit),
		def("join", "<a<s>s?:s>", 2, []string{"strs", "separator"}, fnJoin),
		def("formatNumber", "<n-so?:s>", 3, []string{"value", "picture", "options"}, fnFormatNumber),
		def("formatBase", "<n-n?:s>", 2, []string{"value", "radix"}, fnFormatBase),
		def("formatInteger", "<n-s:s>", 2, []string{"value", "picture"}, fnFormatInteger),
		def("parseInteger", "<s-s:n>", 2, []string{"value", "picture"}, fnParseInteger),
		def("number", "<(nsb)-:n>", 1, []string{"arg"}, fnNumber),
		def("floor", "<n-:n>", 1, []string{"arg"}, mathFn(math.Floor)),
		def("ceil", "<n-:n>", 1, []string{"arg"}, mathFn(math.Ceil)),
		def("round", "<n-n?:n>", 2, []string{"arg", "precision"}, fnRound),
		def("abs", "<n-:n>", 1, []string{"arg"}, mathFn(math.Abs)),
		def("sqrt", "<n-:n>", 1, []string{"arg"}, fnSqrt),
		def("power", "<n-n:n>", 2, []string{"arg", "exp"}, fnPower),
		def("random", "<:n>", 0, nil, fnRandom),
		def("boolean", "<x-:b>", 1, []string{"arg"}, fnBoolean),
		def("not", "<x-:b>", 1, []string{"arg"}, fnNot),
		def("map", "<af>", 2, []string{"arr", "func"}, fnMap),
		def("zip", "<a+>", 0, []string{""}, fnZip),
		def("filter", "<af>", 2, []string{"arr", "func"}, fnFilter),
		def("single", "<af?>", 2, []string{"arr", "func"}, fnSingle),
		def("reduce", "<afj?:j>", 3, []string{"sequence", "func", "init"}, fnReduce),
		def("sift", "<o-f?:o>", 2, []string{"arg", "func"}, fnSift),
		def("keys", "<x-:a<s>>", 1, []string{"arg"}, fnKeys),
		def("lookup", "<x-s:x>", 2, []string{"input", "key"}, fnLookup),
		def("append", "<xx:a>", 2, []string{"arg1", "arg2"}, fnAppend),
		def("exists", "<x:b>", 1, []string{"arg"}, fnExists),
		def("spread", "<x-:a<o>>", 1, []string{"arg"}, fnSpread),
		def("merge", "<a<o>:o>", 1, []string{"arg"}, fnMerge),
		def("reverse", "<a:a>", 1, []string{"arr"}, fnReverse),
		def("each", "<o-f:a>", 2, []string{"obj", "func"}, fnEach),
		def("error", "<s?:x>", 1, []string{"message"}, fnError),
		def("assert", "<bs?:x>", 2, []string{"condition", "message"}, fnAssert),
		def("type", "<x:s>", 1, []string{"value"}, fnType),
		def("sort", "<af?:a>", 2, []string{"arr", "comparator"}, fnSort),
		def("shuffle", "<a:a>", 1, []string{"arr"}, fnShuffle),
		def("distinct", "<x:x>", 1, []string{"arr"}, fnDistinct),
		def("base64encode", "<s-:s>", 1, []string{"str"}, fnBase64Encode),
		def("base64decode", "<s-:s>", 1, []string{"str"}, fnBase64Decode),
		def("encodeUrlComponent", "<s-:s>", 1, []string{"str"}, urlFn("encodeUrlComponent", encodeURIComponent)),
		def("encodeUrl", "<s-:s>", 1, []string{"str"}, urlFn("encodeUrl", encodeURI)),
		def("decodeUrlComponent", "<s-:s>", 1, []string{"str"}, urlFn("decodeUrlComponent", decodeURIComponent)),
		def("decodeUrl", "<s-:s>", 1, []string{"str"}, urlFn("decodeUrl", decodeURI)),
		def("eval", "<sx?:x>", 2, []string{"expr", "focus"}, fnEval),
		def("toMillis", "<s-s?:n>", 2, []string{"timestamp", "picture"}, fnToMillis),
		def("fromMillis", "<n-s?s?:s>", 3, []string{"millis", "picture", "timezone"}, fnFromMillis),
		def("clone", "<(oa)-:o>", 1, []string{"arg"}, fnClone),
		def("now", "<s?s?:s>", 2, []string{"picture", "timezone"}, fnNow),
		def("millis", "<:n>", 0, nil, fnMillis),
	}
	table := make(map[string]*builtin, len(list))
	for _, b := range list {
		table[b.name] = b
	}
	// the functions whose calls cost more than builtinCost besides the work
	// they charge for (measured: steps of about 64 ns)
	for name, steps := range map[string]int64{
		"formatNumber": 64, "fromMillis": 16, "now": 16, "toMillis": 16, "formatInteger": 8,
		"parseInteger": 8, "eval": 16, "match": 16, "replace": 16, "split": 8, "keys": 8,
		"merge": 8, "spread": 8, "each": 8, "sift": 8, "zip": 8, "append": 8, "clone": 8,
		"string": 4, "formatBase": 4, "round": 4, "sort": 4, "distinct": 8,
	} {
		table[name].cost = steps * stepCost
	}
	return table
}

func argAt(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return Undefined
}

// num converts a (validated) numeric argument; anything else is NaN, as
// Number(undefined) is in JavaScript.
func num(v any) float64 {
	f, ok := toNumber(v)
	if !ok {
		return math.NaN()
	}
	return f
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func items(v any) []any {
	it, _ := arrayItems(v)
	return it
}

// ---- aggregation

func fnSum(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	if err := ev.scan(len(items(a))); err != nil {
		return nil, err
	}
	total := 0.0
	for _, v := range items(a) {
		total += num(v)
	}
	return total, nil
}

func fnCount(_ *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return 0.0, nil
	}
	return float64(len(items(a))), nil
}

func fnMax(ev *evaluator, _ callCtx, args []any) (any, error) {
	it := items(argAt(args, 0))
	if len(it) == 0 {
		return Undefined, nil
	}
	if err := ev.scan(len(it)); err != nil {
		return nil, err
	}
	m := math.Inf(-1)
	for _, v := range it {
		f := num(v)
		if math.IsNaN(f) {
			return math.NaN(), nil
		}
		if f > m || (f == 0 && m == 0 && !math.Signbit(f)) {
			m = f
		}
	}
	return m, nil
}

func fnMin(ev *evaluator, _ callCtx, args []any) (any, error) {
	it := items(argAt(args, 0))
	if len(it) == 0 {
		return Undefined, nil
	}
	if err := ev.scan(len(it)); err != nil {
		return nil, err
	}
	m := math.Inf(1)
	for _, v := range it {
		f := num(v)
		if math.IsNaN(f) {
			return math.NaN(), nil
		}
		if f < m || (f == 0 && m == 0 && math.Signbit(f)) {
			m = f
		}
	}
	return m, nil
}

func fnAverage(ev *evaluator, _ callCtx, args []any) (any, error) {
	it := items(argAt(args, 0))
	if len(it) == 0 {
		return Undefined, nil
	}
	if err := ev.scan(len(it)); err != nil {
		return nil, err
	}
	total := 0.0
	for _, v := range it {
		total += num(v)
	}
	return total / float64(len(it)), nil
}

// ---- strings

func fnString(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	return ev.stringOf(a, truthy(argAt(args, 1)))
}

// jsSliceBounds applies Array.prototype.slice's handling of start and end to
// a sequence of length n.
func jsSliceBounds(n int, start, end float64) (int, int) {
	rel := func(x float64) int {
		if math.IsNaN(x) {
			x = 0
		}
		x = math.Trunc(x)
		if x < 0 {
			x = math.Max(float64(n)+x, 0)
		} else {
			x = math.Min(x, float64(n))
		}
		return int(x)
	}
	a, b := rel(start), rel(end)
	if b < a {
		b = a
	}
	return a, b
}

// substring is $substring: start and length count code points.
func substring(s string, start float64, length any) string {
	n := charCount(s)
	if float64(n)+start < 0 {
		start = 0
	}
	var a, b int
	if !isUndefined(length) {
		l := num(length)
		if l <= 0 || math.IsNaN(l) {
			return ""
		}
		var end float64
		if start >= 0 {
			end = start + l
		} else {
			end = float64(n) + start + l
		}
		a, b = jsSliceBounds(n, start, end)
	} else {
		a, b = jsSliceBounds(n, start, float64(n))
	}
	if a == b {
		return ""
	}
	if n == len(s) {
		return s[a:b]
	}
	// byte offsets of the code points a and b
	ba, bb := len(s), len(s)
	c := 0
	for i := 0; i < len(s); c++ {
		if c == a {
			ba = i
		}
		if c == b {
			bb = i
			break
		}
		_, size := decodeChar(s, i)
		i += size
	}
	return s[ba:bb]
}

func fnSubstring(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	if err := ev.scanBytes(len(str(s))); err != nil {
		return nil, err
	}
	return substring(str(s), num(argAt(args, 1)), argAt(args, 2)), nil
}

func fnSubstringBefore(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	if err := ev.scanBytes(len(str(s))); err != nil {
		return nil, err
	}
	chars := jsString(argAt(args, 1))
	if i := strings.Index(str(s), chars); i >= 0 {
		return str(s)[:i], nil
	}
	return s, nil
}

func fnSubstringAfter(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	if err := ev.scanBytes(len(str(s))); err != nil {
		return nil, err
	}
	chars := jsString(argAt(args, 1))
	if i := strings.Index(str(s), chars); i >= 0 {
		return str(s)[i+len(chars):], nil
	}
	return s, nil
}

// jsString converts a value to a string as JavaScript's String() does for the
// values a validated argument can have.
func jsString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case undefinedValue:
		return "undefined"
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	if f, ok := toNumber(v); ok {
		return formatJSNumber(f)
	}
	return ""
}

// wrappedClosureSource is the source text of the closure jsonata-js 2.0.6
// wraps function arguments in, which is what String() of such an argument
// gives.
const wrappedClosureSource = "async function (...params) {\n                    // invoke func\n                    return await apply(arg, params, null, environment);\n                }"

// jsStringCoerce is JavaScript's String(value).
func (ev *evaluator) jsStringCoerce(v any, depth int) (string, error) {
	if depth > maxValueDepth {
		return "", newError(codeStackOverflow)
	}
	if items, ok := arrayItems(v); ok {
		if err := ev.alloc(len(items)); err != nil {
			return "", err
		}
		parts := make([]string, len(items))
		total := len(items)
		for i, it := range items {
			if it == nil || isUndefined(it) {
				continue
			}
			var err error
			if parts[i], err = ev.jsStringCoerce(it, depth+1); err != nil {
				return "", err
			}
			total += len(parts[i])
		}
		if err := ev.newString(total); err != nil {
			return "", err
		}
		return strings.Join(parts, ","), nil
	}
	switch {
	case isObject(v):
		return "[object Object]", nil
	case isFunction(v):
		return wrappedClosureSource, nil
	}
	return jsString(v), nil
}

var upperSpecial = strings.NewReplacer("ß", "SS", "ﬀ", "FF", "ﬁ", "FI", "ﬂ", "FL", "ﬃ", "FFI", "ﬄ", "FFL", "ﬅ", "ST", "ﬆ", "ST", "ŉ", "ʼN")

func fnLowercase(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	// a character grows by at most 3 bytes ('İ' is 2 bytes, "i̇" 3)
	if err := ev.newString(len(str(s))); err != nil {
		return nil, err
	}
	r := lowerJS(str(s))
	return r, ev.newString(max(len(r)-len(str(s)), 0))
}

// lowerJS is String.prototype.toLowerCase: Go's lower-casing plus the
// special cases of dotted capital I and final sigma.
func lowerJS(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	s = strings.ReplaceAll(s, "\u0130", "i\u0307")
	if !strings.ContainsRune(s, 'Σ') {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	var sb strings.Builder
	for i, r := range rs {
		if r == 'Σ' && finalSigma(rs, i) {
			sb.WriteRune('ς')
			continue
		}
		sb.WriteString(strings.ToLower(string(r)))
	}
	return sb.String()
}

// finalSigma reports whether the capital sigma at i ends a word: preceded by
// a letter and not followed by one.
func finalSigma(rs []rune, i int) bool {
	before := false
	for j := i - 1; j >= 0; j-- {
		if unicode.Is(unicode.Mn, rs[j]) || rs[j] == '\'' || rs[j] == '\u00AD' {
			continue
		}
		before = unicode.IsLetter(rs[j])
		break
	}
	if !before {
		return false
	}
	for j := i + 1; j < len(rs); j++ {
		if unicode.Is(unicode.Mn, rs[j]) || rs[j] == '\'' || rs[j] == '\u00AD' {
			continue
		}
		return !unicode.IsLetter(rs[j])
	}
	return true
}

func fnUppercase(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	if err := ev.newString(len(str(s))); err != nil {
		return nil, err
	}
	r := strings.ToUpper(upperSpecial.Replace(str(s)))
	return r, ev.newString(max(len(r)-len(str(s)), 0))
}

func fnLength(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	if err := ev.scanBytes(len(str(s))); err != nil {
		return nil, err
	}
	return float64(charCount(str(s))), nil
}

func fnTrim(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	if err := ev.newString(len(str(s))); err != nil {
		return nil, err
	}
	var sb strings.Builder
	inSpace := false
	for _, c := range []byte(str(s)) {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if !inSpace {
				sb.WriteByte(' ')
				inSpace = true
			}
			continue
		}
		inSpace = false
		sb.WriteByte(c)
	}
	r := sb.String()
	r = strings.TrimPrefix(r, " ")
	r = strings.TrimSuffix(r, " ")
	return r, nil
}

func fnPad(ev *evaluator, _ callCtx, args []any) (any, error) {
	sv := argAt(args, 0)
	if isUndefined(sv) {
		return Undefined, nil
	}
	s := str(sv)
	width := math.Trunc(num(argAt(args, 1)))
	ch := argAt(args, 2)
	padChar := " "
	if c, ok := ch.(string); ok && c != "" {
		padChar = c
	}
	if err := ev.scanBytes(len(s)); err != nil {
		return nil, err
	}
	padLength := math.Abs(width) - float64(charCount(s))
	if !(padLength > 0) {
		return s, nil
	}
	if err := ev.newStringf(padLength*float64(len(padChar)) + float64(len(s))); err != nil {
		return nil, err
	}
	padding := strings.Repeat(padChar, int(padLength))
	if utf16Len(padChar) > 1 {
		padding = substring(padding, 0, padLength)
	}
	if width > 0 {
		return s + padding, nil
	}
	return padding + s, nil
}

func fnContains(ev *evaluator, _ callCtx, args []any) (any, error) {
	s, token := argAt(args, 0), argAt(args, 1)
	if isUndefined(s) || isUndefined(token) {
		return Undefined, nil
	}
	if t, ok := token.(string); ok {
		if err := ev.scanBytes(len(str(s))); err != nil {
			return nil, err
		}
		return strings.Contains(str(s), t), nil
	}
	m, err := ev.evaluateMatcher(token, str(s))
	if err != nil {
		return nil, err
	}
	return m != nil, nil
}

func fnMatch(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	limit := argAt(args, 2)
	if !isUndefined(limit) && num(limit) < 0 {
		e := newError("D3040").withValue(limit)
		e.index = 3
		return nil, e
	}
	result := newSeq()
	if isUndefined(limit) || num(limit) > 0 {
		m, err := ev.evaluateMatcher(argAt(args, 1), str(s))
		if err != nil {
			return nil, err
		}
		count := 0.0
		for m != nil && (isUndefined(limit) || count < num(limit)) {
			if err := ev.allocObject(4 + len(m.groups)); err != nil {
				return nil, err
			}
			o := newObject(3)
			o.set("match", m.match)
			o.set("index", float64(m.start))
			o.set("groups", append([]any{}, m.groups...))
			result.items = append(result.items, o)
			if m.next == nil {
				break
			}
			if m, err = m.next(); err != nil {
				return nil, err
			}
			count++
		}
	}
	return result, nil
}

func fnReplace(ev *evaluator, c callCtx, args []any) (any, error) {
	sv := argAt(args, 0)
	if isUndefined(sv) {
		return Undefined, nil
	}
	s := str(sv)
	pattern, replacement, limit := argAt(args, 1), argAt(args, 2), argAt(args, 3)
	if p, ok := pattern.(string); ok && p == "" {
		e := newError("D3010").withValue(pattern)
		e.index = 2
		return nil, e
	}
	if !isUndefined(limit) && num(limit) < 0 {
		e := newError("D3011").withValue(limit)
		e.index = 4
		return nil, e
	}
	var replacer func(m *matchResult) (any, error)
	if rs, ok := replacement.(string); ok {
		replacer = func(m *matchResult) (any, error) {
			if err := ev.step(); err != nil {
				return nil, err
			}
			r, ok := substituteGroups(rs, m, ev.stringRoom())
			if !ok {
				return nil, ev.tooManyBytes()
			}
			return r, nil
		}
	} else {
		replacer = func(m *matchResult) (any, error) {
			return ev.apply(replacement, []any{matchObject(m)}, nil, c.env)
		}
	}
	if !isUndefined(limit) && !(num(limit) > 0) {
		return s, nil
	}
	var sb strings.Builder
	count := 0.0
	underLimit := func() bool { return isUndefined(limit) || count < num(limit) }
	// the result may not outgrow the evaluation's string budget
	room := ev.stringRoom()
	if err := ev.scanBytes(len(s)); err != nil {
		return nil, err
	}
	if p, ok := pattern.(string); ok {
		rep := jsString(replacement)
		if isFunction(replacement) {
			// jsonata-js concatenates the function, i.e. the source text of
			// the closure that wraps function arguments
			rep = wrappedClosureSource
		}
		position := 0
		index := strings.Index(s, p)
		for index >= 0 && underLimit() {
			sb.WriteString(s[position : position+index])
			sb.WriteString(rep)
			position += index + len(p)
			count++
			if sb.Len() > room {
				return nil, ev.tooManyBytes()
			}
			if err := ev.step(); err != nil {
				return nil, err
			}
			index = strings.Index(s[position:], p)
		}
		sb.WriteString(s[position:])
		return sb.String(), ev.newString(sb.Len())
	}
	m, err := ev.evaluateMatcher(pattern, s)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return s, nil
	}
	units := utf16Units(s)
	position := 0
	for m != nil && underLimit() {
		sb.WriteString(unitsSlice(units, position, m.start))
		r, err := replacer(m)
		if err != nil {
			return nil, err
		}
		rs, ok := r.(string)
		if !ok {
			return nil, newError("D3012").withValue(r)
		}
		sb.WriteString(rs)
		if sb.Len() > room {
			return nil, ev.tooManyBytes()
		}
		position = m.start + utf16Len(m.match)
		count++
		if m.next == nil {
			break
		}
		if m, err = m.next(); err != nil {
			return nil, err
		}
	}
	sb.WriteString(unitsSlice(units, position, len(units)))
	return sb.String(), ev.newString(sb.Len())
}

func unitsSlice(units []uint16, start, end int) string {
	start = max(0, min(start, len(units)))
	end = max(0, min(end, len(units)))
	if start > end {
		start, end = end, start
	}
	return unitsToString(units[start:end])
}

// substituteGroups expands $0, $1... and $$ in a replacement string; ok is
// false when the result would be longer than limit bytes.
func substituteGroups(replacement string, m *matchResult, limit int) (string, bool) {
	var sb strings.Builder
	position := 0
	index := strings.IndexByte(replacement, '$')
	for index >= 0 && position < len(replacement) {
		if sb.Len() > limit {
			return "", false
		}
		sb.WriteString(replacement[position:index])
		position = index + 1
		var dollarVal byte
		if position < len(replacement) {
			dollarVal = replacement[position]
		}
		switch {
		case dollarVal == '$':
			sb.WriteByte('$')
			position++
		case dollarVal == '0':
			sb.WriteString(m.match)
			position++
		default:
			maxDigits := 1
			if len(m.groups) > 0 {
				maxDigits = int(math.Floor(math.Log(float64(len(m.groups)))*math.Log10E)) + 1
			}
			idx, ok := parseLeadingInt(replacement[position:min(position+maxDigits, len(replacement))])
			if ok && maxDigits > 1 && idx > len(m.groups) {
				idx, ok = parseLeadingInt(replacement[position:min(position+maxDigits-1, len(replacement))])
			}
			if ok {
				if len(m.groups) > 0 && idx-1 >= 0 && idx-1 < len(m.groups) {
					if g, isStr := m.groups[idx-1].(string); isStr {
						sb.WriteString(g)
					}
				}
				position += len(strconv.Itoa(idx))
			} else {
				sb.WriteByte('$')
			}
		}
		next := strings.IndexByte(replacement[position:], '$')
		if next < 0 {
			index = -1
		} else {
			index = position + next
		}
	}
	if position < len(replacement) {
		sb.WriteString(replacement[position:])
	}
	return sb.String(), sb.Len() <= limit
}

// parseLeadingInt is parseInt(s, 10) for the leading digits of s.
func parseLeadingInt(s string) (int, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:i])
	return n, err == nil
}

func fnSplit(ev *evaluator, _ callCtx, args []any) (any, error) {
	sv := argAt(args, 0)
	if isUndefined(sv) {
		return Undefined, nil
	}
	s := str(sv)
	sep, limit := argAt(args, 1), argAt(args, 2)
	if !isUndefined(limit) && num(limit) < 0 {
		e := newError("D3020").withValue(limit)
		e.index = 3
		return nil, e
	}
	result := []any{}
	if !isUndefined(limit) && !(num(limit) > 0) {
		return result, nil
	}
	if p, ok := sep.(string); ok {
		n := 0 // the number of parts
		if err := ev.scanBytes(len(s)); err != nil {
			return nil, err
		}
		if p == "" {
			n = utf16Len(s)
		} else {
			n = strings.Count(s, p) + 1
		}
		if !isUndefined(limit) {
			n = int(min(float64(n), float64(uint32(int64(num(limit))))))
		}
		if err := ev.alloc(n); err != nil {
			return nil, err
		}
		result = make([]any, 0, n)
		switch {
		case p == "" && n == len(s):
			// an ASCII string: split into bytes
			for i := 0; i < n; i++ {
				result = append(result, s[i:i+1])
			}
		case p == "":
			// split into UTF-16 code units, as JavaScript does (new strings)
			if err := ev.newString(len(s)); err != nil {
				return nil, err
			}
			for _, u := range utf16Units(s)[:n] {
				result = append(result, unitsToString([]uint16{u}))
			}
		default:
			for len(result) < n {
				i := strings.Index(s, p)
				if i < 0 {
					result = append(result, s)
					break
				}
				result = append(result, s[:i])
				s = s[i+len(p):]
			}
		}
		return result, nil
	}
	m, err := ev.evaluateMatcher(sep, s)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return append(result, s), nil
	}
	units := utf16Units(s)
	start := 0
	count := 0.0
	for m != nil && (isUndefined(limit) || count < num(limit)) {
		if err := ev.alloc(1); err != nil {
			return nil, err
		}
		part := unitsSlice(units, start, m.start)
		if err := ev.newString(len(part)); err != nil {
			return nil, err
		}
		result = append(result, part)
		start = m.end
		count++
		if m.next == nil {
			break
		}
		if m, err = m.next(); err != nil {
			return nil, err
		}
	}
	if isUndefined(limit) || count < num(limit) {
		result = append(result, unitsSlice(units, start, len(units)))
	}
	return result, nil
}

func fnJoin(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	sep := ""
	if s, ok := argAt(args, 1).(string); ok {
		sep = s
	}
	list := items(a)
	if err := ev.scan(len(list)); err != nil {
		return nil, err
	}
	parts := make([]string, 0, len(list))
	total := 0.0
	for _, v := range list {
		s := jsString(v)
		total += float64(len(s) + len(sep))
		parts = append(parts, s)
	}
	if err := ev.newStringf(total); err != nil {
		return nil, err
	}
	return strings.Join(parts, sep), nil
}

// latin1 converts a string to bytes as Node's Buffer.from(str, 'binary')
// does: the low byte of each UTF-16 code unit.
func latin1(s string) []byte {
	units := utf16Units(s)
	b := make([]byte, len(units))
	for i, u := range units {
		b[i] = byte(u)
	}
	return b
}

func fnBase64Encode(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	if err := ev.newString(base64.StdEncoding.EncodedLen(len(str(s)))); err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString(latin1(str(s))), nil
}

func fnBase64Decode(ev *evaluator, _ callCtx, args []any) (any, error) {
	s := argAt(args, 0)
	if isUndefined(s) {
		return Undefined, nil
	}
	// the decoded bytes become code points of up to 2 bytes
	if err := ev.ensureString(2 * float64(len(str(s)))); err != nil {
		return nil, err
	}
	if err := ev.scanBytes(len(str(s))); err != nil {
		return nil, err
	}
	// Node decodes leniently: characters outside the alphabet are skipped,
	// the URL-safe alphabet is accepted and decoding stops at padding.
	var clean []byte
	for _, c := range latin1(str(s)) {
		switch {
		case c == '=':
			goto done
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			clean = append(clean, c)
		case c == '-':
			clean = append(clean, '+')
		case c == '_':
			clean = append(clean, '/')
		}
	}
done:
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	decoded, err := base64.RawStdEncoding.DecodeString(string(clean))
	if err != nil {
		return "", nil
	}
	var sb strings.Builder
	for _, b := range decoded {
		sb.WriteRune(rune(b))
	}
	return sb.String(), ev.newString(sb.Len())
}

func urlFn(name string, f func(string) (string, bool)) nativeFn {
	return func(ev *evaluator, _ callCtx, args []any) (any, error) {
		s := argAt(args, 0)
		if isUndefined(s) {
			return Undefined, nil
		}
		// encoding writes at most 3 bytes (%XX) for each byte
		if err := ev.ensureString(3 * float64(len(str(s)))); err != nil {
			return nil, err
		}
		if err := ev.scanBytes(len(str(s))); err != nil {
			return nil, err
		}
		r, ok := f(str(s))
		if !ok {
			e := newError("D3140").withValue(s)
			e.funcName = name
			return nil, e
		}
		return r, ev.newString(len(r))
	}
}

// ---- numbers

func fnNumber(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	switch x := a.(type) {
	case undefinedValue:
		return Undefined, nil
	case bool:
		if x {
			return 1.0, nil
		}
		return 0.0, nil
	case string:
		if err := ev.scanBytes(len(x)); err != nil {
			return nil, err
		}
		if isDecimalNumber(x) {
			f, err := strconv.ParseFloat(x, 64)
			if err == nil && !math.IsInf(f, 0) {
				return f, nil
			}
		}
		if isPrefixedNumber(x) {
			return jsNumberFromString(x), nil
		}
	}
	if f, ok := toNumber(a); ok {
		return f, nil
	}
	e := newError("D3030").withValue(a)
	e.index = 1
	return nil, e
}

// isDecimalNumber tests /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/.
func isDecimalNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// isPrefixedNumber tests /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/
// (whose alternatives are anchored at one end only).
func isPrefixedNumber(s string) bool {
	if len(s) >= 3 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s[2]) {
		return true
	}
	if hasRadixRun(s, "oO", func(c byte) bool { return c >= '0' && c <= '7' }, false) {
		return true
	}
	return hasRadixRun(s, "bB", func(c byte) bool { return c == '0' || c == '1' }, true)
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// hasRadixRun reports whether s contains 0<prefix><digits> (at its end when
// atEnd).
func hasRadixRun(s, prefix string, digit func(byte) bool, atEnd bool) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '0' || strings.IndexByte(prefix, s[i+1]) < 0 || !digit(s[i+2]) {
			continue
		}
		if !atEnd {
			return true
		}
		j := i + 2
		for j < len(s) && digit(s[j]) {
			j++
		}
		if j == len(s) {
			return true
		}
	}
	return false
}

// jsNumberFromString is JavaScript's Number(string) for the prefixed forms.
func jsNumberFromString(s string) float64 {
	t := strings.TrimSpace(s)
	if len(t) < 3 || t[0] != '0' {
		return math.NaN()
	}
	base := 0
	switch t[1] {
	case 'x', 'X':
		base = 16
	case 'o', 'O':
		base = 8
	case 'b', 'B':
		base = 2
	default:
		return math.NaN()
	}
	n, ok := new(big.Int).SetString(t[2:], base)
	if !ok {
		return math.NaN()
	}
	f, _ := new(big.Float).SetInt(n).Float64()
	return f
}

func mathFn(f func(float64) float64) nativeFn {
	return func(_ *evaluator, _ callCtx, args []any) (any, error) {
		a := argAt(args, 0)
		if isUndefined(a) {
			return Undefined, nil
		}
		return f(num(a)), nil
	}
}

// jsRound is JavaScript's Math.round.
func jsRound(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == math.Trunc(x) {
		return x
	}
	r := math.Floor(x)
	if x-r >= 0.5 {
		r++
	}
	if r == 0 && x < 0 {
		return math.Copysign(0, -1)
	}
	return r
}

// roundHalfEven is $round: round half to even at the given number of
// decimal places, shifting the decimal point in the number's text as
// jsonata-js does to avoid binary rounding artefacts.
func roundHalfEven(arg, precision float64) float64 {
	shift := func(v, by float64) float64 {
		s := formatJSNumber(v)
		mant, exp := s, 0.0
		if i := strings.IndexByte(s, 'e'); i >= 0 {
			mant = s[:i]
			exp = parseJSNumberString(s[i+1:])
		}
		return parseJSNumberString(mant + "e" + formatJSNumber(exp+by))
	}
	usePrecision := precision != 0 && !math.IsNaN(precision)
	if usePrecision {
		arg = shift(arg, precision)
	}
	result := jsRound(arg)
	diff := result - arg
	if math.Abs(diff) == 0.5 && math.Abs(math.Mod(result, 2)) == 1 {
		result--
	}
	if usePrecision {
		result = shift(result, -precision)
	}
	if result == 0 {
		result = 0
	}
	return result
}

func fnRound(_ *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	p := 0.0
	if v, ok := toNumber(argAt(args, 1)); ok {
		p = v
	}
	return roundHalfEven(num(a), p), nil
}

func fnSqrt(_ *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	if num(a) < 0 {
		e := newError("D3060").withValue(a)
		e.index = 1
		return nil, e
	}
	return math.Sqrt(num(a)), nil
}

func fnPower(_ *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	x, y := num(a), num(argAt(args, 1))
	r := jsPow(x, y)
	if math.IsNaN(r) || math.IsInf(r, 0) {
		e := newError("D3061").withValue(a)
		e.index = 1
		e.exp = argAt(args, 1)
		return nil, e
	}
	return r, nil
}

func fnRandom(_ *evaluator, _ callCtx, _ []any) (any, error) {
	return rand.Float64(), nil
}

func fnFormatBase(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	value := roundHalfEven(num(a), 0)
	radix := 10.0
	if r := argAt(args, 1); !isUndefined(r) {
		radix = roundHalfEven(num(r), 0)
	}
	if radix < 2 || radix > 36 || math.IsNaN(radix) {
		return nil, newError("D3100").withValue(radix)
	}
	var r string
	if radix == 10 {
		r = formatJSNumber(value)
	} else {
		r = formatRadix(value, int(radix))
	}
	return r, ev.newString(len(r))
}

// formatRadix is Number.prototype.toString(radix) for integral values.
func formatRadix(v float64, radix int) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	case v == 0:
		return "0"
	}
	// V8's DoubleToRadixCString for an integral value: digits the double
	// cannot represent (while value/radix >= 2^53) are written as zeros
	neg := v < 0
	v = math.Abs(v)
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	var buf []byte
	r := float64(radix)
	for v/r >= 1<<53 {
		v /= r
		buf = append(buf, '0')
	}
	for {
		rem := math.Mod(v, r)
		buf = append(buf, digits[int(rem)])
		v = (v - rem) / r
		if !(v > 0) {
			break
		}
	}
	if neg {
		buf = append(buf, '-')
	}
	for i, j := 0, len(buf)-1; i < j; i, j = i+1, j-1 {
		buf[i], buf[j] = buf[j], buf[i]
	}
	return string(buf)
}

// ---- booleans

func fnBoolean(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	return ev.truth(a)
}

func fnNot(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	b, err := ev.truth(a)
	return !b, err
}

func fnExists(_ *evaluator, _ callCtx, args []any) (any, error) {
	return !isUndefined(argAt(args, 0)), nil
}

// ---- higher-order functions

// hofArgs builds the arguments passed to the function argument of $map,
// $filter, $single, $each and $sift: the value, and the position and whole
// structure when the function declares those parameters.
func hofArgs(fn any, value, position, whole any) []any {
	a := arity(fn)
	args := []any{value}
	if a >= 2 {
		args = append(args, position)
	}
	if a >= 3 {
		args = append(args, whole)
	}
	return args
}

func fnMap(ev *evaluator, c callCtx, args []any) (any, error) {
	arr, fn := argAt(args, 0), argAt(args, 1)
	if isUndefined(arr) {
		return Undefined, nil
	}
	list := items(arr)
	result := &array{seq: true, items: make([]any, 0, len(list))}
	for i, v := range list {
		res, err := ev.apply(fn, hofArgs(fn, v, float64(i), arr), nil, c.env)
		if err != nil {
			return nil, err
		}
		if !isUndefined(res) {
			result.items = append(result.items, res)
		}
	}
	return result, nil
}

func fnFilter(ev *evaluator, c callCtx, args []any) (any, error) {
	arr, fn := argAt(args, 0), argAt(args, 1)
	if isUndefined(arr) {
		return Undefined, nil
	}
	result := newSeq()
	for i, v := range items(arr) {
		res, err := ev.apply(fn, hofArgs(fn, v, float64(i), arr), nil, c.env)
		if err != nil {
			return nil, err
		}
		if b, err := ev.truth(res); err != nil {
			return nil, err
		} else if b {
			result.items = append(result.items, v)
		}
	}
	return result, nil
}

func fnSingle(ev *evaluator, c callCtx, args []any) (any, error) {
	arr, fn := argAt(args, 0), argAt(args, 1)
	if isUndefined(arr) {
		return Undefined, nil
	}
	found := false
	var result any = Undefined
	for i, v := range items(arr) {
		positive := true
		if !isUndefined(fn) {
			res, err := ev.apply(fn, hofArgs(fn, v, float64(i), arr), nil, c.env)
			if err != nil {
				return nil, err
			}
			if positive, err = ev.truth(res); err != nil {
				return nil, err
			}
		}
		if positive {
			if found {
				e := newError("D3138")
				e.index = i
				return nil, e
			}
			result = v
			found = true
		}
	}
	if !found {
		return nil, newError("D3139")
	}
	return result, nil
}

func fnZip(ev *evaluator, _ callCtx, args []any) (any, error) {
	result := []any{}
	if len(args) == 0 {
		return result, nil
	}
	length := math.MaxInt
	for _, a := range args {
		it, ok := arrayItems(a)
		if !ok {
			length = 0
			break
		}
		length = min(length, len(it))
	}
	if err := ev.allocf(float64(length) * float64(len(args)+1)); err != nil {
		return nil, err
	}
	for i := 0; i < length; i++ {
		t := make([]any, len(args))
		for j, a := range args {
			t[j] = items(a)[i]
		}
		result = append(result, t)
	}
	return result, nil
}

func fnReduce(ev *evaluator, c callCtx, args []any) (any, error) {
	seq, fn, init := argAt(args, 0), argAt(args, 1), argAt(args, 2)
	if isUndefined(seq) {
		return Undefined, nil
	}
	a := arity(fn)
	if a < 2 {
		e := newError("D3050")
		e.index = 1
		return nil, e
	}
	list := items(seq)
	var result any
	index := 0
	if isUndefined(init) && len(list) > 0 {
		result = list[0]
		index = 1
	} else {
		result = init
	}
	for ; index < len(list); index++ {
		fargs := []any{result, list[index]}
		if a >= 3 {
			fargs = append(fargs, float64(index))
		}
		if a >= 4 {
			fargs = append(fargs, seq)
		}
		var err error
		if result, err = ev.apply(fn, fargs, nil, c.env); err != nil {
			return nil, err
		}
	}
	return result, nil
}

func fnSift(ev *evaluator, c callCtx, args []any) (any, error) {
	obj, fn := argAt(args, 0), argAt(args, 1)
	if err := ev.allocObject(objectLen(obj)); err != nil {
		return nil, err
	}
	result := newObject(0)
	keys, err := ev.sortedKeys(obj)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		v, _ := objectGet(obj, k)
		res, err := ev.apply(fn, hofArgs(fn, v, k, obj), nil, c.env)
		if err != nil {
			return nil, err
		}
		if b, err := ev.truth(res); err != nil {
			return nil, err
		} else if b {
			result.set(k, v)
		}
	}
	if len(result.keys) == 0 {
		return Undefined, nil
	}
	return result, nil
}

func fnEach(ev *evaluator, c callCtx, args []any) (any, error) {
	obj, fn := argAt(args, 0), argAt(args, 1)
	result := newSeq()
	keys, err := ev.sortedKeys(obj)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		v, _ := objectGet(obj, k)
		res, err := ev.apply(fn, hofArgs(fn, v, k, obj), nil, c.env)
		if err != nil {
			return nil, err
		}
		if !isUndefined(res) {
			result.items = append(result.items, res)
		}
	}
	return result, nil
}

// ---- objects and arrays

func fnKeys(ev *evaluator, _ callCtx, args []any) (any, error) {
	return ev.keysOf(argAt(args, 0), 0)
}

func (ev *evaluator) keysOf(a any, depth int) (*array, error) {
	if depth > maxValueDepth {
		return nil, newError(codeStackOverflow)
	}
	result := newSeq()
	if list, ok := arrayItems(a); ok {
		if err := ev.scan(len(list)); err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, it := range list {
			keys, err := ev.keysOf(it, depth+1)
			if err != nil {
				return nil, err
			}
			for _, k := range keys.items {
				ks := k.(string)
				if !seen[ks] {
					seen[ks] = true
					result.items = append(result.items, ks)
				}
			}
		}
		return result, nil
	}
	if isObject(a) {
		// each key is boxed into the result
		if err := ev.alloc(2 * objectLen(a)); err != nil {
			return nil, err
		}
		keys, err := ev.sortedKeys(a)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			result.items = append(result.items, k)
		}
	}
	return result, nil
}

func fnLookup(ev *evaluator, _ callCtx, args []any) (any, error) {
	return ev.lookupField(argAt(args, 0), str(argAt(args, 1)))
}

func fnAppend(ev *evaluator, _ callCtx, args []any) (any, error) {
	r := appendValues(argAt(args, 0), argAt(args, 1))
	if err := ev.alloc(len(items(r))); err != nil {
		return nil, err
	}
	return r, nil
}

func fnSpread(ev *evaluator, _ callCtx, args []any) (any, error) {
	return ev.spread(argAt(args, 0), 0)
}

func (ev *evaluator) spread(a any, depth int) (any, error) {
	if depth > maxValueDepth {
		return nil, newError(codeStackOverflow)
	}
	if list, ok := arrayItems(a); ok {
		// fn.append of the spread items, in one slice
		var result []any
		for _, it := range list {
			s, err := ev.spread(it, depth+1)
			if err != nil {
				return nil, err
			}
			if isUndefined(s) {
				continue
			}
			if result == nil {
				// appending to the empty sequence makes a plain array
				result = []any{}
			}
			if sub, ok := arrayItems(s); ok {
				if err := ev.alloc(len(sub)); err != nil {
					return nil, err
				}
				result = append(result, sub...)
			} else {
				if err := ev.alloc(1); err != nil {
					return nil, err
				}
				result = append(result, s)
			}
		}
		if result == nil {
			return newSeq(), nil
		}
		return result, nil
	}
	if isObject(a) {
		if err := ev.alloc(objectLen(a) * (objectItems + 2)); err != nil {
			return nil, err
		}
		result := newSeq()
		keys, err := ev.sortedKeys(a)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			v, _ := objectGet(a, k)
			o := newObject(1)
			o.set(k, v)
			result.items = append(result.items, o)
		}
		return result, nil
	}
	return a, nil
}

func fnMerge(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	if err := ev.allocObject(0); err != nil {
		return nil, err
	}
	result := newObject(0)
	for _, o := range items(a) {
		if err := ev.alloc(objectLen(o) + 1); err != nil {
			return nil, err
		}
		keys, err := ev.sortedKeys(o)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			v, _ := objectGet(o, k)
			result.set(k, v)
		}
	}
	return result, nil
}

func fnReverse(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	list := items(a)
	if len(list) <= 1 {
		return a, nil
	}
	if err := ev.alloc(len(list)); err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, v := range list {
		out[len(list)-1-i] = v
	}
	return out, nil
}

func fnError(_ *evaluator, _ callCtx, args []any) (any, error) {
	msg, _ := argAt(args, 0).(string)
	if msg == "" {
		msg = "$error() function evaluated"
	}
	e := newError("D3137")
	e.message = msg
	return nil, e
}

func fnAssert(_ *evaluator, _ callCtx, args []any) (any, error) {
	if !truthy(argAt(args, 0)) {
		msg, _ := argAt(args, 1).(string)
		if msg == "" {
			msg = "$assert() statement failed"
		}
		e := newError("D3141")
		e.message = msg
		return nil, e
	}
	return Undefined, nil
}

func fnType(_ *evaluator, _ callCtx, args []any) (any, error) {
	v := argAt(args, 0)
	switch v.(type) {
	case undefinedValue:
		return Undefined, nil
	case nil:
		return "null", nil
	case string:
		return "string", nil
	case bool:
		return "boolean", nil
	}
	if ok, err := isNumeric(v); err != nil {
		return nil, err
	} else if ok {
		return "number", nil
	}
	switch {
	case isArray(v):
		return "array", nil
	case isFunction(v):
		return "function", nil
	}
	return "object", nil
}

func fnSort(ev *evaluator, c callCtx, args []any) (any, error) {
	arr, comparator := argAt(args, 0), argAt(args, 1)
	if isUndefined(arr) {
		return Undefined, nil
	}
	if len(items(arr)) <= 1 {
		return arr, nil
	}
	var swap func(a, b any) (bool, error)
	if isUndefined(comparator) {
		if err := ev.scan(2 * len(items(arr))); err != nil {
			return nil, err
		}
		nums, err := isArrayOfNumbers(arr)
		if err != nil {
			return nil, err
		}
		if !nums && !isArrayOfStrings(arr) {
			e := newError("D3070")
			e.index = 1
			return nil, e
		}
		swap = func(a, b any) (bool, error) {
			if nums {
				return num(a) > num(b), nil
			}
			return compareStrings(str(a), str(b)) > 0, nil
		}
	} else {
		swap = func(a, b any) (bool, error) {
			r, err := ev.apply(comparator, []any{a, b}, nil, c.env)
			if err != nil {
				return false, err
			}
			return truthy(r), nil
		}
	}
	return ev.mergeSort(arr, swap)
}

func fnShuffle(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	list := items(a)
	if len(list) <= 1 {
		return a, nil
	}
	if err := ev.alloc(len(list)); err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, v := range list {
		j := rand.IntN(i + 1)
		if i != j {
			out[i] = out[j]
		}
		out[j] = v
	}
	return out, nil
}

// fnDistinct is $distinct: the items of an array without duplicates (deep
// equality, as jsonata-js compares them), in the order of their first
// occurrence. Items are hashed so that the work is linear.
func fnDistinct(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	list, ok := arrayItems(a)
	if !ok || len(list) <= 1 {
		return a, nil
	}
	// the results and the hash table, whose inserts cost about a step
	if err := ev.alloc(3 * len(list)); err != nil {
		return nil, err
	}
	if err := ev.charge(int64(len(list)) * stepCost); err != nil {
		return nil, err
	}
	h := valueHasher{ev: ev, seed: maphash.MakeSeed()}
	// first[hash] is the first result with that hash, next[i] the next
	// result with the same hash as result i (-1 ends the chain)
	first := make(map[uint64]int, len(list))
	next := make([]int, 0, len(list))
	results := make([]any, 0, len(list))
	for _, v := range list {
		key, never, err := h.hash(v, 0)
		if err != nil {
			return nil, err
		}
		if never {
			// NaN is equal to nothing, not even itself
			results = append(results, v)
			next = append(next, -1)
			continue
		}
		dup := false
		head, seen := first[key]
		for i := head; seen && i >= 0; i = next[i] {
			eq, err := ev.deepEqual(v, results[i])
			if err != nil {
				return nil, err
			}
			if eq {
				dup = true
				break
			}
		}
		if !dup {
			if seen {
				next = append(next, head)
			} else {
				next = append(next, -1)
			}
			first[key] = len(results)
			results = append(results, v)
		}
	}
	if isSequence(a) {
		return &array{seq: true, items: results}, nil
	}
	return results, nil
}

func fnClone(ev *evaluator, _ callCtx, args []any) (any, error) {
	a := argAt(args, 0)
	if isUndefined(a) {
		return Undefined, nil
	}
	return ev.cloneValue(a, 0)
}

// ---- $eval

func fnEval(ev *evaluator, c callCtx, args []any) (any, error) {
	exprV, focus := argAt(args, 0), argAt(args, 1)
	if isUndefined(exprV) {
		return Undefined, nil
	}
	input := c.input
	if !isUndefined(focus) {
		input = focus
		if isArray(focus) && !isSequence(focus) {
			input = &array{seq: true, items: []any{focus}, outerWrapper: true}
		}
	}
	if err := ev.scan(len(str(exprV))); err != nil {
		return nil, err
	}
	ast, perr := parse(str(exprV))
	if perr != nil {
		e := newError("D3120").withValue(perr.render())
		e.cause = perr
		return nil, e
	}
	result, err := ev.eval(ast, input, c.env)
	if err != nil {
		ee := asEvalError(err)
		if isLimitError(ee.code) {
			return nil, ee
		}
		e := newError("D3121").withValue(ee.render())
		e.cause = ee
		return nil, e
	}
	return result, nil
}
