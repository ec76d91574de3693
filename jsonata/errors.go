package jsonata

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a JSONata compile-time or run-time error. Code is the official
// JSONata error code: S0xxx for syntax errors, T0xxx/T1xxx/T2xxx for type
// errors and D1xxx/D2xxx/D3xxx for evaluation errors. Position is the character
// offset in the expression just after the token the error refers to (as in
// jsonata-js), Token the offending token or function name where known.
type Error struct {
	Code     string
	Position int
	Token    string
	Message  string

	cause error // the wrapped error (host function failure, context error)
}

// Error returns the code and the message.
func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the error wrapped by e: the error returned by a host
// Function, or the context error when evaluation was cancelled.
func (e *Error) Unwrap() error { return e.cause }

// Error codes that are not part of JSONata 2.0.6 itself.
const (
	// codeStackOverflow is reported when evaluation nests deeper than the
	// configured limit (JSONata 2.2 uses the same code for its stack guard).
	codeStackOverflow = "D1011"
	// codeTimeout is reported when the context is cancelled or its deadline
	// passes (JSONata 2.2 uses the same code for its timeout guard).
	codeTimeout = "D1012"
	// codeRegexUnsupported is reported for a regular expression that is valid
	// JavaScript but cannot be expressed in Go's RE2 dialect (look-around,
	// back-references).
	codeRegexUnsupported = "S0303"
	// codeHostFunction wraps a non-JSONata error returned by a host Function.
	codeHostFunction = "D3137"
	// codeInternal is reported if the implementation fails unexpectedly (a
	// bug: Compile and Eval recover from panics rather than crash).
	codeInternal = "D1000"
	// codeTooLarge is reported when a string or sequence would exceed the
	// size limits that protect the process (JavaScript throws a RangeError).
	codeTooLarge = "D2015"
	// codeStepLimit is reported when an evaluation exceeds its step limit
	// (a gostates limit; the JSONata test suite's runner uses the same code
	// for its own guards).
	codeStepLimit = "U1001"
	// codeTooComplex is reported by Compile for an expression whose parent
	// operators would take too long to resolve (a gostates limit).
	codeTooComplex = "U1002"
)

// messages holds the message templates of jsonata-js 2.0.6. {{x}} inserts the
// JSON form of the field, {{{x}}} the raw text.
var messages = map[string]string{
	"S0101": "String literal must be terminated by a matching quote",
	"S0102": "Number out of range: {{token}}",
	"S0103": "Unsupported escape sequence: \\{{token}}",
	"S0104": "The escape sequence \\u must be followed by 4 hex digits",
	"S0105": "Quoted property name must be terminated with a backquote (`)",
	"S0106": "Comment has no closing tag",
	"S0201": "Syntax error: {{token}}",
	"S0202": "Expected {{value}}, got {{token}}",
	"S0203": "Expected {{value}} before end of expression",
	"S0204": "Unknown operator: {{token}}",
	"S0205": "Unexpected token: {{token}}",
	"S0206": "Unknown expression type: {{token}}",
	"S0207": "Unexpected end of expression",
	"S0208": "Parameter {{value}} of function definition must be a variable name (start with $)",
	"S0209": "A predicate cannot follow a grouping expression in a step",
	"S0210": "Each step can only have one grouping expression",
	"S0211": "The symbol {{token}} cannot be used as a unary operator",
	"S0212": "The left side of := must be a variable name (start with $)",
	"S0213": "The literal value {{value}} cannot be used as a step within a path expression",
	"S0214": "The right side of {{token}} must be a variable name (start with $)",
	"S0215": "A context variable binding must precede any predicates on a step",
	"S0216": "A context variable binding must precede the 'order-by' clause on a step",
	"S0217": "The object representing the 'parent' cannot be derived from this expression",
	"S0301": "Empty regular expressions are not allowed",
	"S0302": "No terminating / in regular expression",
	"S0303": "Regular expression not supported: {{{value}}}",
	"S0402": "Choice groups containing parameterized types are not supported",
	"S0401": "Type parameters can only be applied to functions and arrays",
	"S0500": "Attempted to evaluate an expression containing syntax error(s)",
	"T0410": "Argument {{index}} of function {{token}} does not match function signature",
	"T0411": "Context value is not a compatible type with argument {{index}} of function {{token}}",
	"T0412": "Argument {{index}} of function {{token}} must be an array of {{type}}",
	"D1001": "Number out of range: {{value}}",
	"D1002": "Cannot negate a non-numeric value: {{value}}",
	"T1003": "Key in object structure must evaluate to a string; got: {{value}}",
	"D1004": "Regular expression matches zero length string",
	"T1005": "Attempted to invoke a non-function. Did you mean ${{{token}}}?",
	"T1006": "Attempted to invoke a non-function",
	"T1007": "Attempted to partially apply a non-function. Did you mean ${{{token}}}?",
	"T1008": "Attempted to partially apply a non-function",
	"D1009": "Multiple key definitions evaluate to same key: {{value}}",
	"D1011": "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.",
	"D1012": "Expression evaluation timeout: Check for infinite loop",
	"T1010": "The matcher function argument passed to function {{token}} does not return the correct object structure",
	"T2001": "The left side of the {{token}} operator must evaluate to a number",
	"T2002": "The right side of the {{token}} operator must evaluate to a number",
	"T2003": "The left side of the range operator (..) must evaluate to an integer",
	"T2004": "The right side of the range operator (..) must evaluate to an integer",
	"T2006": "The right side of the function application operator ~> must be a function",
	"T2007": "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause",
	"T2008": "The expressions within an order-by clause must evaluate to numeric or string values",
	"T2009": "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type",
	"T2010": "The expressions either side of operator {{token}} must evaluate to numeric or string values",
	"T2011": "The insert/update clause of the transform expression must evaluate to an object: {{value}}",
	"T2012": "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}",
	"T2013": "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
	"D2014": "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {{value}}.",
	"D2015": "The size of a string or sequence exceeds the implementation limit: {{value}}",
	"U1001": "Expression evaluation exceeded the step limit of {{value}}: check for an infinite loop or runaway recursion",
	"U1002": "The expression is too complex: its parent operators (%) refer too far back",
	"D3001": "Attempting to invoke string function on Infinity or NaN",
	"D3010": "Second argument of replace function cannot be an empty string",
	"D3011": "Fourth argument of replace function must evaluate to a positive number",
	"D3012": "Attempted to replace a matched string with a non-string value",
	"D3020": "Third argument of split function must evaluate to a positive number",
	"D3030": "Unable to cast value to a number: {{value}}",
	"D3040": "Third argument of match function must evaluate to a positive number",
	"D3050": "The second argument of reduce function must be a function with at least two arguments",
	"D3060": "The sqrt function cannot be applied to a negative number: {{value}}",
	"D3061": "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}",
	"D3070": "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
	"D3080": "The picture string must only contain a maximum of two sub-pictures",
	"D3081": "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
	"D3082": "The sub-picture must not contain more than one instance of the 'percent' character",
	"D3083": "The sub-picture must not contain more than one instance of the 'per-mille' character",
	"D3084": "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
	"D3085": "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
	"D3086": "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
	"D3087": "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
	"D3088": "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
	"D3089": "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
	"D3090": "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
	"D3091": "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
	"D3092": "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
	"D3093": "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
	"D3100": "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}",
	"D3110": "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}",
	"D3120": "Syntax error in expression passed to function eval: {{value}}",
	"D3121": "Dynamic error evaluating the expression passed to function eval: {{value}}",
	"D3130": "Formatting or parsing an integer as a sequence starting with {{value}} is not supported by this implementation",
	"D3131": "In a decimal digit pattern, all digits must be from the same decimal group",
	"D3132": "Unknown component specifier {{value}} in date/time picture string",
	"D3133": "The 'name' modifier can only be applied to months and days in the date/time picture string, not {{value}}",
	"D3134": "The timezone integer format specifier cannot have more than four digits",
	"D3135": "No matching closing bracket ']' in date/time picture string",
	"D3136": "The date/time picture string is missing specifiers required to parse the timestamp",
	"D3137": "{{{message}}}",
	"D3138": "The $single() function expected exactly 1 matching result.  Instead it matched more.",
	"D3139": "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
	"D3140": "Malformed URL passed to ${{{functionName}}}(): {{value}}",
	"D3141": "{{{message}}}",
}

// evalError is the internal, still-to-be-positioned form of an Error: the
// evaluator fills in the position and token on the way out, as jsonata-js does
// with its thrown objects, and the message is rendered once at the end.
type evalError struct {
	code     string
	position int // -1 when not yet known
	token    string
	hasToken bool
	value    any
	hasValue bool
	value2   any
	index    int
	typ      string
	exp      any
	message  string // for D3137/D3141 and host errors
	funcName string
	cause    error
	verbatim bool // message is final (error converted from *Error)
	// tokenJSON is how the token renders in the message when it is not a
	// string (a regex token is a RegExp object, which JSON.stringify turns
	// into {})
	tokenJSON string
}

func (e *evalError) Error() string { return e.toError().Error() }

func (e *evalError) Unwrap() error { return e.cause }

// newError creates an evaluation error with the given code and no position.
func newError(code string) *evalError {
	return &evalError{code: code, position: -1}
}

// withValue records the offending value.
func (e *evalError) withValue(v any) *evalError {
	e.value = v
	e.hasValue = true
	return e
}

// withToken records the offending token.
func (e *evalError) withToken(t string) *evalError {
	e.token = t
	e.hasToken = true
	return e
}

// at records the position.
func (e *evalError) at(pos int) *evalError {
	e.position = pos
	return e
}

// toError renders the public error.
func (e *evalError) toError() *Error {
	pos := e.position
	if pos < 0 {
		pos = 0
	}
	return &Error{Code: e.code, Position: pos, Token: e.token, Message: e.render(), cause: e.cause}
}

func (e *evalError) render() string {
	tmpl, ok := messages[e.code]
	if !ok || e.verbatim {
		return e.message
	}
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "{{")
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		raw := strings.HasPrefix(tmpl[i:], "{{{")
		start := i + 2
		if raw {
			start = i + 3
		}
		end := strings.Index(tmpl[start:], "}}")
		if end < 0 {
			b.WriteString(tmpl[i:])
			break
		}
		field := tmpl[start : start+end]
		next := start + end + 2
		if raw && strings.HasPrefix(tmpl[next:], "}") {
			next++
		}
		v, defined := e.field(field)
		switch {
		case raw:
			if !defined {
				b.WriteString("undefined")
			} else if s, ok := v.(string); ok {
				b.WriteString(cutText(s))
			} else {
				b.WriteString(jsonStringOf(v))
			}
		case !defined:
			// JSON.stringify(undefined) is undefined, which concatenates as "undefined"
			b.WriteString("undefined")
		default:
			b.WriteString(jsonStringOf(v))
		}
		tmpl = tmpl[next:]
	}
	return b.String()
}

func (e *evalError) field(name string) (any, bool) {
	switch name {
	case "token":
		if e.tokenJSON != "" {
			return rawJSON(e.tokenJSON), true
		}
		return e.token, e.hasToken
	case "value":
		return e.value, e.hasValue
	case "value2":
		return e.value2, true
	case "index":
		return float64(e.index), e.index != 0
	case "type":
		return e.typ, e.typ != ""
	case "exp":
		return e.exp, e.exp != nil
	case "message":
		return e.message, true
	case "functionName":
		return e.funcName, true
	}
	return nil, false
}

// rawJSON is JSON text inserted into a message as it is.
type rawJSON string

// jsonStringOf renders a value the way JSON.stringify does inside messages;
// values that cannot be rendered (functions) come out as "undefined".
func jsonStringOf(v any) string {
	if r, ok := v.(rawJSON); ok {
		return string(r)
	}
	if isUndefined(v) || isFunction(v) {
		return "undefined"
	}
	w := jsonWriter{limit: maxMessageValue}
	if err := w.write(v, 0); err != nil && err != errTextLimit {
		return fmt.Sprint(v)
	}
	return cutText(w.sb.String())
}

// cutText cuts the text of a huge value shown in a message (at a character
// boundary).
func cutText(text string) string {
	if len(text) <= maxMessageValue {
		return text
	}
	cut := maxMessageValue
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "..."
}

// asEvalError converts any error raised during evaluation into *evalError so
// that position and token can be attached.
func asEvalError(err error) *evalError {
	var ee *evalError
	if errors.As(err, &ee) {
		return ee
	}
	var pe *Error
	if errors.As(err, &pe) {
		return &evalError{code: pe.Code, position: pe.Position, token: pe.Token, hasToken: pe.Token != "", message: pe.Message, cause: pe.cause, verbatim: true}
	}
	return &evalError{code: codeHostFunction, position: -1, message: err.Error(), cause: err}
}
