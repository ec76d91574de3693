package asl

import (
	"fmt"
	"strings"
)

// Error codes. They are stable: tools may match on them.
const (
	CodeSyntax             = "INVALID_SYNTAX"                 // the document is not JSON or YAML
	CodeSchema             = "SCHEMA_VALIDATION_FAILED"       // a field is missing, misplaced or of the wrong type
	CodeMissingTarget      = "MISSING_TRANSITION_TARGET"      // StartAt/Next/Default names no state in scope
	CodeUnreachable        = "UNREACHABLE_STATE"              // no path from StartAt reaches the state
	CodeNoTerminal         = "NO_TERMINAL_STATE"              // the states of a scope never end
	CodeDuplicateState     = "DUPLICATE_STATE_NAME"           // two states share a name
	CodeStateName          = "INVALID_STATE_NAME"             // a state name is empty or too long
	CodeTransition         = "INVALID_TRANSITION"             // End and Next together, or neither
	CodeStatesAll          = "STATES_ALL_NOT_LAST"            // States.ALL not alone in the last retrier/catcher
	CodeChoiceRule         = "INVALID_CHOICE_RULE"            // a Choice rule is malformed
	CodeWait               = "INVALID_WAIT"                   // Wait has not exactly one duration field
	CodePath               = "INVALID_JSON_PATH"              // a JSONPath or reference path does not parse
	CodeIntrinsic          = "INVALID_INTRINSIC"              // an intrinsic function does not parse
	CodeQueryLanguage      = "INVALID_QUERY_LANGUAGE"         // a field not allowed in the state's query language
	CodeValue              = "INVALID_VALUE"                  // a value is out of range or malformed
	CodeExclusive          = "MUTUALLY_EXCLUSIVE_FIELDS"      // two fields that cannot be set together
	CodeExpress            = "UNSUPPORTED_IN_EXPRESS"         // a feature Express workflows do not support
	CodeResource           = "INVALID_RESOURCE"               // a Resource is not an ARN, or no such optimized integration
	CodeMissingSubstitute  = "MISSING_SUBSTITUTION"           // a ${Name} placeholder has no value
	CodeJSONata            = "INVALID_JSONATA_EXPRESSION"     // a JSONata expression does not parse
	CodeUnsupportedJSONata = "UNSUPPORTED_JSONATA_EXPRESSION" // a JSONata expression reads what Step Functions does not provide
	CodeInternal           = "INTERNAL_ERROR"                 // the parser failed: a bug in this package, please report it
	CodeTooLarge           = "DEFINITION_TOO_LARGE"           // the definition is larger than MaxDefinitionSize, or nested too deeply for its size
	CodeTooManyProblems    = "TOO_MANY_PROBLEMS"              // the last of MaxProblems problems: how many more there are, from where
)

// Error is one problem in a definition.
type Error struct {
	// Path is the JSON pointer of the offending field, e.g. "/States/A/Next".
	// The root is "".
	Path string
	// Code is a stable identifier of the kind of problem (the Code* constants).
	Code string
	// Message describes the problem for a person.
	Message string
	// Line and Column locate the field in the source, 1-based; 0 when unknown.
	Line, Column int
}

// Error formats the problem as "line:col: /pointer: message".
func (e Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(e.Path)
	} else {
		b.WriteString("/")
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	return b.String()
}

// Errors is every problem found in a definition, in source order.
type Errors []Error

// Error joins the problems one per line.
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}
