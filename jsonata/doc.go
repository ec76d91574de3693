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
// Every evaluation runs under limits, so that a hostile expression or input
// ends in a clear *Error in bounded time and memory. They are gostates
// limits, not jsonata-js behaviour, and their defaults apply whenever Eval
// is called without the corresponding option:
//
//   - Work: at most DefaultMaxSteps (4,000,000) steps, see WithMaxSteps;
//     more fails with code U1001 ("Expression evaluation exceeded the step
//     limit of 4000000: check for an infinite loop or runaway recursion").
//     A step is the evaluation of one expression node; function calls cost a
//     few steps, and built-in functions charge for the work they do on large
//     values (the items and bytes they create, copy, compare or scan, sort
//     comparisons, regular expression searches in proportion to the size of
//     the program times the text). The default bounds an evaluation to about
//     a quarter of a second of CPU time. Tail calls do not deepen the
//     evaluation (as in jsonata-js), so this is the limit that ends an
//     infinite tail recursion. A regular expression search that could cost
//     more than the steps left is refused before it runs (RE2 searches are
//     linear in the text, but cannot be interrupted).
//   - Time: none by default; WithTimeLimit(d) fails an evaluation with code
//     D1012 ("Evaluation timeout after d milliseconds. Check for infinite
//     loop", as JSONata 2.2's timeout option) once d has passed. When ctx is
//     done, evaluation stops with code D1012 too. Both errors wrap the
//     context error (context.DeadlineExceeded for the time limit).
//   - Depth: nesting deeper than DefaultMaxDepth (10,000) levels of
//     evaluation fails with code D1011, see WithMaxDepth. Values nested
//     deeper than 10,000 levels (in the input or built by the expression)
//     fail with D1011 when they are serialised, compared, copied or returned.
//   - Items: at most DefaultMaxItems (20,000,000) items put into sequences,
//     arrays and objects, counted cumulatively over the evaluation (an
//     object counts as 16 items), see WithMaxItems; more fails with code
//     D2015 ("The evaluation exceeded its limit of 20000000 items in
//     sequences, arrays and objects"). Built-in functions check the size of
//     a large result ($split, $zip, $keys, ranges...) before building it.
//   - Strings: at most DefaultMaxStringBytes (128 MiB) of strings built,
//     counted cumulatively, see WithMaxStringBytes; more fails with code
//     D2015 ("The evaluation exceeded its limit of 134217728 bytes of
//     strings"), checked before a large string ($pad, $join, $replace,
//     $string, &...) is built.
//   - The range operator keeps jsonata-js's own limit of 1e7 items (D2014).
//   - Numbers: a result (or an argument of a host Function) that holds a
//     number that is not finite (NaN, Infinity) fails with code D1001
//     ("Number out of range"), the error jsonata-js raises when arithmetic
//     meets such a number; within the evaluation these numbers behave as in
//     jsonata-js (where $parseInteger, $sum or 1e308*10 can yield Infinity
//     and 0/0 yields NaN, which JSON.stringify would turn into null).
//   - Error messages show at most 4 KiB of the JSON text of a value.
//   - Compile takes time linear in the size of the expression, except for
//     parent operators (%), each of which walks back over the steps before
//     it: an expression whose parent operators would take more than 1e7
//     such steps to resolve fails with code U1002.
//
// Compile and Eval never panic.
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
//   - $fromMillis and $now of a time outside the range of JavaScript dates
//     (±8.64e15 ms, NaN, or moved out of it by the timezone) fail with
//     D1001, where jsonata-js formats each component as NaN.
//   - Results and host Function arguments never hold NaN or Infinity (see
//     Limits).
//
// The codes D1011 (nesting too deep), D1012 (cancelled or timed out), D2015
// (too large), U1001 (too much work), U1002 (too complex to compile),
// S0303 (unsupported regular
// expression) and D1000 (internal error) are specific to this
// implementation (JSONata 2.2 uses D1011, D1012 and D2015 for its own
// guards, and the JSONata test suite's runner U1001 for its time and depth
// guards).
package jsonata
