// Package asl parses and validates Amazon States Language definitions into a
// typed, immutable AST.
//
// Parse accepts JSON or YAML, checks the definition's shape against an
// embedded JSON Schema and its meaning with Go checks (transition targets,
// reachability, terminal states, Retry/Catch order, Choice rules, paths,
// intrinsic functions, query-language field rules, Resource ARNs and the
// actions of optimized integrations, what Express workflows cannot run),
// and reports every problem at once as Errors, each with the JSON pointer,
// line and column of the field at fault and a stable code (the Code
// constants, named after AWS's diagnostic codes where AWS has one). Paths,
// payload templates and intrinsic calls are compiled once here, so an
// interpreter never parses them again; JSONata expressions ("{% ... %}")
// are kept as written.
//
//	sm, err := asl.Parse(def, asl.WithSubstitutions(map[string]string{"Fn": arn}))
//	var errs asl.Errors
//	if errors.As(err, &errs) {
//		for _, e := range errs {
//			fmt.Println(e) // 12:7: /States/Poll/Next: "Check" is not a state of this state machine
//		}
//	}
//
// Without WithSubstitutions, ${Name} placeholders (SAM
// DefinitionSubstitutions, Terraform templatefile, CDK tokens) are accepted
// wherever a string, a number or an ARN is expected, so templates validate
// as they are.
//
// # Limits
//
// Whatever the input, Parse and ParseValue return a state machine or
// Errors, in time and memory linear in its size: they never panic (a panic
// would be a bug, and is returned as an INTERNAL_ERROR naming it), and they
// refuse what they could not check in bounded time:
//
//   - Size: at most MaxDefinitionSize bytes (1 MiB, AWS's hard quota),
//     refused before it is read. A YAML or ParseValue definition is
//     measured as the minified JSON it stands for, so YAML aliases (the
//     "billion laughs") and Go values shared by many fields cannot expand
//     it past that. ReadDefinition and ReadDefinitionFile read at most one
//     byte more, so a pipe or /dev/zero cannot exhaust memory
//     (DEFINITION_TOO_LARGE).
//   - Nesting: at most 512 levels of objects and arrays (INVALID_SYNTAX;
//     yaml.v3 stops YAML at 10,000 before that).
//   - Numbers must fit a 64-bit float: a magnitude of at most 1.8e308 (a
//     smaller one than 4.9e-324 reads as 0), written in at most 1000
//     characters with an exponent within ±10000 (INVALID_VALUE, at the number's own line and column). NaN and
//     the infinities (YAML's .nan and .inf, float64 values given to
//     ParseValue) have no JSON spelling. Numbers are kept as written, in
//     YAML too, so big integers stay exact.
//   - Pointers: the JSON pointers of a definition's values may add up to
//     64 MiB. Checks and template compilation build pointers to the values
//     they look at: long keys or state names above many values would make
//     that quadratic (DEFINITION_TOO_LARGE, "nested too deeply for its
//     size"). Real definitions use a few bytes of pointer per byte of JSON.
//   - Problems: Errors holds at most MaxProblems (100, as AWS's
//     ValidateStateMachineDefinition), the first in source order, then a
//     TOO_MANY_PROBLEMS Error at the first one left out saying how many
//     more there are (when they were all looked for).
//   - Messages quote at most the start of a long value.
//   - ParseValue refuses, at their pointer, Go values JSON text could not
//     hold: other Go types (chan, func, []string...) and cycles.
//
// Positions cost nothing per value: JSON is decoded in one pass and lines
// and columns (columns count characters) are worked out only for the
// problems reported. A 1 MiB definition on one line parses in under 100
// ms (BenchmarkParseMinified1MB).
package asl
