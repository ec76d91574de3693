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
package asl
