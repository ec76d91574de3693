// Package intrinsics parses and evaluates the intrinsic functions of the
// Amazon States Language: the States.* calls (States.Format,
// States.ArrayRange, States.MathAdd, …) that a JSONPath state may use in the
// ".$" fields of its payload templates and in fields such as CausePath.
//
// A call is parsed once, when a definition is parsed, into a small syntax
// tree of calls, literals and paths, and evaluated many times against an
// Env that resolves the paths and supplies randomness:
//
//	call, err := intrinsics.Parse("States.Format('Hello, {}!', $.name)")
//	if err != nil {
//		// the call does not parse, or can never succeed
//	}
//	v, err := call.Eval(env) // "Hello, Ada!"
//
// The functions behave as AWS Step Functions runs them, which sometimes
// differs from its documentation:
//
//   - A failing call fails the state with States.Runtime (not
//     States.IntrinsicFailure) and a cause such as "The function
//     'States.MathAdd($.a, 1)' had the following error: Invalid arguments in
//     States.MathAdd". A path argument that selects nothing fails the same
//     way, with "The JsonPath argument for the field '$.a' could not be found
//     in the input '{...}'". The interpreter prefixes the cause with the
//     state that failed.
//   - States.MathAdd rounds non-integer arguments half up (Java's
//     Math.round) and works on 32-bit integers; States.ArrayRange,
//     States.ArrayPartition, States.ArrayGetItem and States.MathRandom
//     truncate them instead.
//   - States.Format, States.Hash and States.ArrayContains turn values into
//     text as Java does: null as "null", objects and arrays as
//     {a=1, b=[x, y]}. States.ArrayContains compares those texts, so the
//     string "1" is found by the number 1.
//   - States.StringSplit splits at any of the delimiter characters and drops
//     empty strings; States.Base64Decode skips characters outside the Base64
//     alphabet; States.StringToJson of a blank string is null;
//     States.ArrayGetItem of an empty array is null for any index.
//   - A seeded States.MathRandom draws from java.util.Random.
//
// Parse is stricter than AWS in one respect: a call with the wrong number of
// arguments, a literal argument of the wrong type, or only literal arguments
// that make it fail, is rejected when the definition is parsed, where AWS
// accepts the definition and fails the execution. A number literal beyond
// the range of a 64-bit float (1e400) is rejected too.
//
// Every evaluation is bounded. Besides AWS's own limits (States.ArrayRange
// makes at most 1000 elements; States.Base64Encode, States.Base64Decode and
// States.Hash take at most 10,000 characters), one evaluation may render at
// most MaxTextBytes of text (States.Format, States.JsonToString, and the
// text States.Hash, States.ArrayContains and States.ArrayUnique compare):
// States.Array($, $, ...) holds its input many times over without copying
// it, until something renders it. A path argument is evaluated within the
// limits of its Env; one that reaches them fails with "The JsonPath argument
// for the field '$..a' could not be evaluated: ...".
//
// Values are JSON values as encoding/json decodes them with UseNumber; the
// numbers the functions produce are json.Number. Objects do not keep the
// order of their keys, so where AWS would render an object in its original
// key order (States.Format, States.Hash, States.JsonToString) the keys come
// out sorted.
package intrinsics
