// Package jsonata implements JSONata, the JSON query and transformation
// language that AWS Step Functions uses for states with
// "QueryLanguage": "JSONata". It follows the reference implementation
// jsonata-js 2.0.6, the version Step Functions runs, including its number
// formatting, error codes and messages.
//
// An expression is compiled once and can then be evaluated any number of
// times, concurrently:
//
//	e, err := jsonata.Compile(`$sum(Order.Product[Price > 20].(Price * Quantity))`)
//	...
//	result, err := e.Eval(ctx, input, map[string]any{"states": statesVar})
//
// # Values
//
// Input and variable values are JSON values as encoding/json decodes them:
// nil, bool, string, float64 or json.Number (any Go integer type is accepted
// too), []any and map[string]any. Numbers are IEEE doubles, as in
// JavaScript. Results use the same types with every number a float64;
// Undefined (distinct from a JSON null, which is nil) means the expression
// produced nothing. Function results are returned as opaque values.
//
// Host functions (AWS adds $partition, $range, $hash, $random, $uuid and
// $parse) are Function values bound as variables; their arguments are
// validated against their signature as for the built-in functions.
//
// # Limits
//
// Evaluation stops with an *Error of code D1012 (wrapping ctx.Err()) when ctx
// is done, so give Eval a context with a deadline: an expression can loop
// forever. Nesting deeper than DefaultMaxDepth (see WithMaxDepth) fails with
// D1011. Sequences and strings are bounded so that a hostile expression
// cannot exhaust memory (D2015): an evaluation may add at most 2e7 items
// to sequences and arrays in total, and build strings of at most 128 MiB. Compile and Eval never panic.
//
// # Differences from jsonata-js
//
// Where JSONata depends on JavaScript, this package reproduces the
// JavaScript behaviour (number to string conversion, toPrecision/toFixed
// rounding, V8's Math.pow, UTF-16 string indexes and ordering, Latin-1
// $base64encode, String() coercions). The known differences are:
//
//   - Key order: map[string]any does not keep the key order of input
//     objects, so functions that list keys ($keys, $each, $spread, $sift, $merge,
//     the * and ** operators, $string) see input objects in sorted key order.
//     Objects built by the expression keep insertion order until they are
//     returned as map[string]any.
//   - Regular expressions are translated to Go's RE2 syntax. JavaScript's
//     '.', \s and \S semantics are kept, but look-around assertions and
//     back-references are rejected at compile time (code S0303). Matching is
//     linear-time.
//   - Strings are UTF-8. A lone UTF-16 surrogate (which only a \uXXXX escape
//     in the expression can create) is kept in its WTF-8 form, so it is an
//     invalid UTF-8 sequence in a Go string.
//   - jsonata-js evaluates the items of an array constructor and the values
//     of an object constructor concurrently; here they are evaluated in
//     order. A variable bound in one item is therefore visible in the next,
//     and when several items fail the first one's error is reported.
//   - A transform (| pattern | update |) copies the values it assigns,
//     where jsonata-js assigns references (and can build circular
//     structures).
//   - Function values are opaque: * and ** do not list their internals,
//     and $boolean of a function argument is false (as in jsonata-js; a
//     function value used directly as a condition is true in 2.0.6 and is so
//     here).
//   - The ?? and ?: operators of JSONata 2.2 are supported.
//   - Where jsonata-js 2.0.6 crashes, hangs or mis-parses, the later fixes
//     are used: $formatNumber with an exponent and a zero or negative number,
//     pictures without active characters (D3086), $pad with a fractional
//     width, $contains with an undefined token, the '+' parameter modifier in
//     signatures, grouping an empty tuple stream, and $toMillis with adjacent
//     integer components or fractional seconds.
//   - Error positions are byte offsets (just after the offending token, as
//     in jsonata-js, which counts UTF-16 units).
//
// The codes D1011 (nesting too deep), D1012 (cancelled), D2015 (too large),
// S0303 (unsupported regular expression) and D1000 (internal error) are
// specific to this implementation (JSONata 2.2 uses D1011, D1012 and D2015
// for its own guards).
package jsonata
