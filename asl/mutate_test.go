package asl_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/jsonv"
)

// replacements are the values structural mutations put in place of a node:
// every JSON type, and strings that mean something to the language.
var replacements = []any{
	nil, true, false, 0.0, -1.0, 1.5, 1e300, "", "$", "$$", "$.a[", "$..x", "$.a[*]", "$x.y",
	"States.Format('{}', $.a)", "States.Format(", "States.MathAdd(1)", "{% $x %}", "{% ",
	"${X}", "arn:aws:states:::lambda:invoke", "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
	"States.ALL", "2026-01-02T15:04:05Z", "Pass", "Task", "Choice", "Wait", "Succeed", "Fail",
	"Parallel", "Map", "JSONata", "JSONPath", "DISTRIBUTED", []any{}, []any{"States.ALL"},
	map[string]any{}, []any{map[string]any{}}, map[string]any{"StartAt": "A", "States": map[string]any{}},
}

// fields are keys mutations add, so that rarely combined fields meet.
var fields = []string{
	"Type", "Next", "End", "Default", "Choices", "Branches", "ItemProcessor", "Iterator",
	"ProcessorConfig", "ItemReader", "ReaderConfig", "ItemBatcher", "ResultWriter", "Retry", "Catch",
	"ErrorEquals", "Variable", "And", "Or", "Not", "Condition", "StringEquals", "NumericEqualsPath",
	"TimestampEquals", "StringMatches", "IsPresent", "Seconds", "Timestamp", "SecondsPath",
	"TimeoutSeconds", "HeartbeatSeconds", "TimeoutSecondsPath", "Parameters", "Arguments",
	"ItemSelector", "ResultSelector", "ResultPath", "InputPath", "OutputPath", "Output", "Assign",
	"QueryLanguage", "Credentials", "Label", "Items", "ItemsPath", "MaxConcurrency",
	"ToleratedFailurePercentage", "Error", "CausePath", "StartAt", "States", "x.$", "RoleArn",
}

// mutateValue returns a copy of v with one random structural change.
func mutateValue(r *rand.Rand, v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t)+1)
		for k, e := range t {
			out[k] = e
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		switch {
		case len(keys) == 0 || r.IntN(6) == 0:
			out[fields[r.IntN(len(fields))]] = replacements[r.IntN(len(replacements))]
		case r.IntN(6) == 0:
			delete(out, keys[r.IntN(len(keys))])
		default:
			k := keys[r.IntN(len(keys))]
			out[k] = mutateValue(r, t[k])
		}
		return out
	case []any:
		out := append([]any(nil), t...)
		if len(out) == 0 || r.IntN(6) == 0 {
			return append(out, replacements[r.IntN(len(replacements))])
		}
		i := r.IntN(len(out))
		out[i] = mutateValue(r, out[i])
		return out
	}
	return replacements[r.IntN(len(replacements))]
}

// TestStructuralMutations parses random structural mutations of the corpus
// and example definitions: byte-level fuzzing rarely gets past the JSON
// syntax, these reach every semantic check. Nothing may panic, and every
// problem must be reported as an Error with a code and a message.
func TestStructuralMutations(t *testing.T) {
	defs := corpusDefinitions()
	for _, f := range examples {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		defs = append(defs, data)
	}
	n := 3000
	if testing.Short() {
		n = 300
	}
	if s := os.Getenv("GOSTATES_MUTATIONS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		base, err := jsonv.Decode(defs[r.IntN(len(defs))])
		require.NoError(t, err)
		v := base
		for range 1 + r.IntN(4) {
			v = mutateValue(r, v)
		}
		data, err := jsonv.Marshal(v)
		require.NoError(t, err)
		for _, parse := range []func() (*asl.StateMachine, error){
			func() (*asl.StateMachine, error) { return asl.Parse(data) },
			func() (*asl.StateMachine, error) { return asl.ParseValue(v, asl.WithType(asl.Express)) },
			func() (*asl.StateMachine, error) {
				return asl.Parse(data, asl.WithSubstitutions(map[string]string{"X": "y"}))
			},
		} {
			sm, err := parse()
			if err == nil {
				require.NotNil(t, sm, "mutation %d: %s", i, data)
				continue
			}
			errs, ok := err.(asl.Errors)
			require.True(t, ok, "mutation %d: %T", i, err)
			for _, e := range errs {
				require.NotEmpty(t, e.Code, "mutation %d: %s", i, data)
				require.NotEmpty(t, e.Message, "mutation %d: %s", i, data)
			}
		}
	}
}
