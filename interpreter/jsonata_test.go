package interpreter_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// echo answers a task with its arguments.
var echo = integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	return &integrations.Response{Output: req.Input}, nil
})

func TestJSONataStates(t *testing.T) {
	tests := []struct {
		name, def, input string
		inv              integrations.Invoker
		want             string // output when SUCCEEDED
		err, cause       string // when FAILED
	}{
		{name: "pass output and variables",
			def: `{"QueryLanguage":"JSONata","StartAt":"A","States":{
				"A":{"Type":"Pass","Assign":{"total":"{% $sum($states.input.n) %}"},"Output":{"first":"{% $states.input.n[0] %}"},"Next":"B"},
				"B":{"Type":"Pass","Output":"{% {'first': $states.input.first, 'total': $total} %}","End":true}}}`,
			input: `{"n":[1,2,3]}`, want: `{"first":1,"total":6}`},
		{name: "task arguments, result and output",
			def: `{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
				"Arguments":{"who":"{% $uppercase($states.input.name) %}","lit":" {% not an expression %} "},
				"Output":{"got":"{% $states.result.who %}","lit":"{% $states.result.lit %}","in":"{% $states.input.name %}"},"End":true}}}`,
			input: `{"name":"ada"}`, inv: echo, want: `{"got":"ADA","lit":" {% not an expression %} ","in":"ada"}`},
		{name: "output defaults to the task result",
			def:   `{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"x":1},"End":true}}}`,
			input: `{}`, inv: echo, want: `{"x":1}`},
		{name: "catch error output, assign and output",
			def: `{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
				"Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"why":"{% $states.errorOutput.Cause %}"},
					"Output":{"e":"{% $states.errorOutput.Error %}","in":"{% $states.input %}"},"Next":"H"}],"End":true},
				"H":{"Type":"Pass","Output":"{% $merge([$states.input, {'why': $why}]) %}","End":true}}}`,
			input: `{"k":1}`, inv: integrations.Func(func(context.Context, any) (any, error) { return nil, states.New("Boom", "bad") }),
			want: `{"e":"Boom","in":{"k":1},"why":"bad"}`},
		{name: "choice condition, rule output and default",
			def: `{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
				{"Condition":"{% $states.input.n > 10 %}","Output":"big","Next":"Done"}],
				"Default":"Small","Output":"small-output-ignored-on-rule-match"},
				"Small":{"Type":"Pass","Output":"{% 'small:' & $states.input %}","End":true},"Done":{"Type":"Succeed"}}}`,
			input: `{"n":3}`, want: `"small:small-output-ignored-on-rule-match"`},
		{name: "map items and item selector with the map context",
			def: `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.xs %}",
				"ItemSelector":{"i":"{% $states.context.Map.Item.Index %}","v":"{% $states.context.Map.Item.Value * 10 %}"},
				"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`,
			input: `{"xs":[1,2]}`, want: `[{"i":0,"v":10},{"i":1,"v":20}]`},
		{name: "wait seconds and fail error from expressions",
			def: `{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"{% $states.input.s %}","Next":"F"},
				"F":{"Type":"Fail","Error":"{% 'E' & $states.input.s %}","Cause":"{% $string($states.input) %}"}}}`,
			input: `{"s":5}`, err: "E5", cause: `{"s":5}`},
		{name: "Step Functions functions",
			def: `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":{
				"p":"{% $partition([1,2,3], 2) %}","r":"{% $range(0, 10, 5) %}","h":"{% $hash('abc', 'SHA-256') %}","j":"{% $parse('{\"a\":[1]}') %}"},"End":true}}}`,
			input: `{}`, want: `{"p":[[1,2],[3]],"r":[0,5,10],"h":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","j":{"a":[1]}}`},
		{name: "an expression that returns nothing names its field",
			def:   `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":{"a":{"b":["{% $states.input.missing %}"]}},"End":true}}}`,
			input: `{}`, err: states.ErrQueryEvaluationError,
			cause: "An error occurred while executing the state 'A' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output/a/b[0]' returned nothing (undefined)."},
		{name: "a failing expression gives its JSONata error",
			def:   `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":"{% $sqrt(-1) %}"},"End":true}}}`,
			input: `{}`, err: states.ErrQueryEvaluationError,
			cause: "An error occurred while executing the state 'A' (entered at the event id #2). The JSONata expression '$sqrt(-1)' specified for the field 'Assign/x' threw an error during evaluation. D3060: The sqrt function cannot be applied to a negative number: -1"},
		{name: "a choice condition must be a boolean",
			def:   `{"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Condition":"{% 1 %}","Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}`,
			input: `{}`, err: states.ErrQueryEvaluationError,
			cause: "An error occurred while executing the state 'C' (entered at the event id #2). The JSONata expression '1' specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _, _ := run(t, tt.def, tt.input, tt.inv)
			if tt.err != "" {
				require.Equal(t, interpreter.Failed, res.Status, "output %s", jsonv.String(res.Output))
				require.Equal(t, tt.err, res.Error, res.Cause)
				require.Equal(t, tt.cause, res.Cause)
				return
			}
			require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
			require.True(t, jsonv.Equal(decode(t, tt.want), res.Output), "got %s", jsonv.String(res.Output))
		})
	}
}

// TestJSONataNowFollowsTheClock: $now() reads the engine's (virtual) clock.
func TestJSONataNowFollowsTheClock(t *testing.T) {
	def := `{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":90,"Next":"A"},
		"A":{"Type":"Pass","Output":"{% $now() %}","End":true}}}`
	res, _, _ := run(t, def, `{}`, nil)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.Equal(t, epoch.Add(90*time.Second).Format("2006-01-02T15:04:05.000Z"), res.Output)
}
