package schema_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl/internal/schema"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// machine wraps one state named S in a minimal state machine.
func machine(state string) string {
	return `{"StartAt": "S", "States": {"S": ` + state + `}}`
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []schema.V
	}{
		{"minimal", machine(`{"Type": "Pass", "End": true}`), nil},
		{"empty object", `{}`, []schema.V{
			{"", `missing required fields "StartAt" and "States" at the top level of a state machine`},
		}},
		{"not an object", `[1]`, []schema.V{
			{"", `the definition must be a JSON object, not an array`},
		}},
		{"unknown top-level field", `{"StartAt": "S", "States": {}, "Foo": 1}`, []schema.V{
			{"/Foo", `field "Foo" is not allowed at the top level of a state machine`},
		}},
		{"unknown type", machine(`{"Type": "Sleep"}`), []schema.V{
			{"/States/S/Type", `"Type" must be one of "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"`},
		}},
		{"missing type", machine(`{"End": true}`), []schema.V{
			{"/States/S", `missing required field "Type" in a state`},
		}},
		{"state not an object", machine(`"Pass"`), []schema.V{
			{"/States/S", `state "S" must be a JSON object, not a string`},
		}},
		{"field not allowed for the type", machine(`{"Type": "Fail", "ResultPath": "$.x"}`), []schema.V{
			{"/States/S/ResultPath", `field "ResultPath" is not allowed in a Fail state`},
		}},
		{"Parameters on Succeed", machine(`{"Type": "Succeed", "Parameters": {}}`), []schema.V{
			{"/States/S/Parameters", `field "Parameters" is not allowed in a Succeed state`},
		}},
		{"End on Choice", machine(`{"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S"}], "End": true}`), []schema.V{
			{"/States/S/End", `field "End" is not allowed in a Choice state`},
		}},
		{"Task without Resource", machine(`{"Type": "Task", "End": true}`), []schema.V{
			{"/States/S", `missing required field "Resource" in a Task state`},
		}},
		{"wrong type", machine(`{"Type": "Pass", "Next": 3}`), []schema.V{
			{"/States/S/Next", `"Next" must be a non-empty string naming a state`},
		}},
		{"timeout out of range", machine(`{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "TimeoutSeconds": 0, "End": true}`), []schema.V{
			{"/States/S/TimeoutSeconds", `"TimeoutSeconds" must be a positive whole number of seconds, at most 99999999`},
		}},
		{"timeout as JSONata", machine(`{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "TimeoutSeconds": "{% $t %}", "End": true}`), nil},
		{"timeout as placeholder", machine(`{"Type": "Task", "Resource": "${Fn}", "TimeoutSeconds": "${Timeout}", "End": true}`), nil},
		{"timeout as other string", machine(`{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "TimeoutSeconds": "10", "End": true}`), []schema.V{
			{"/States/S/TimeoutSeconds", `"TimeoutSeconds" must be a positive whole number of seconds, at most 99999999`},
		}},
		{"retrier", machine(`{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
			"Retry": [{"ErrorEquals": [], "BackoffRate": 0.5, "JitterStrategy": "SOME", "Extra": 1}]}`), []schema.V{
			{"/States/S/Retry/0/BackoffRate", `"BackoffRate" must be a number, 1.0 or more`},
			{"/States/S/Retry/0/ErrorEquals", `"ErrorEquals" must be a non-empty array of error names`},
			{"/States/S/Retry/0/Extra", `field "Extra" is not allowed in a retrier`},
			{"/States/S/Retry/0/JitterStrategy", `"JitterStrategy" must be "FULL" or "NONE"`},
		}},
		{"error name not a string", machine(`{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
			"Catch": [{"ErrorEquals": [1], "Next": "S"}]}`), []schema.V{
			{"/States/S/Catch/0/ErrorEquals/0", `element 0 of "ErrorEquals" must be a string naming an error, such as "States.ALL"`},
		}},
		{"catcher without Next", machine(`{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
			"Catch": [{"ErrorEquals": ["States.ALL"]}]}`), []schema.V{
			{"/States/S/Catch/0", `missing required field "Next" in a catcher`},
		}},
		{"choice rule field", machine(`{"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": "1", "Nxt": "S", "Next": "S"}]}`), []schema.V{
			{"/States/S/Choices/0/NumericEquals", `"NumericEquals" must be a number`},
			{"/States/S/Choices/0/Nxt", `field "Nxt" is not allowed in a Choice rule`},
		}},
		{"empty choices", machine(`{"Type": "Choice", "Choices": []}`), []schema.V{
			{"/States/S/Choices", `"Choices" must be a non-empty array of Choice rules`},
		}},
		{"nested rule", machine(`{"Type": "Choice", "Choices": [{"Not": {"Variable": "$.a", "IsNull": "yes"}, "Next": "S"}]}`), []schema.V{
			{"/States/S/Choices/0/Not/IsNull", `"IsNull" must be true or false`},
		}},
		{"credentials without RoleArn", machine(`{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Credentials": {}, "End": true}`), []schema.V{
			{"/States/S/Credentials", `"Credentials" must have the field "RoleArn" (or "RoleArn.$" holding a path), and not both`},
		}},
		{"branch field", machine(`{"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}, "Foo": true}]}`), []schema.V{
			{"/States/S/Branches/0/Foo", `field "Foo" is not allowed in a Parallel branch`},
		}},
		{"processor config", machine(`{"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "inline"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}`), []schema.V{
			{"/States/S/ItemProcessor/ProcessorConfig/Mode", `"Mode" must be "INLINE" or "DISTRIBUTED"`},
		}},
		{"label too long", machine(`{"Type": "Map", "End": true, "Label": "12345678901234567890123456789012345678901",
			"ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}`), []schema.V{
			{"/States/S/Label", `"Label" must be 1 to 40 characters long`},
		}},
		{"label character", machine(`{"Type": "Map", "End": true, "Label": "a\u008ab",
			"ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}`), []schema.V{
			{"/States/S/Label", `"Label" must not contain whitespace, control characters or any of ? * < > { } [ ] : ; , \ | ^ ~ $ # % & ` + "`" + ` "`},
		}},
		{"label placeholder", machine(`{"Type": "Map", "End": true, "Label": "${Label}",
			"ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}`), nil},
		{"escaped pointer", `{"StartAt": "a/b", "States": {"a/b": {"Type": "Pass", "End": true, "x~y": 1}}}`, []schema.V{
			{"/States/a~1b/x~0y", `field "x~y" is not allowed in a Pass state`},
		}},
		{"name with spaces", `{"StartAt": "a b", "States": {"a b": {"Type": "Pass", "End": "yes"}}}`, []schema.V{
			{"/States/a b/End", `"End" must be true or false`},
		}},
		{"JSONata fields", `{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Map", "Items": "{% $x %}",
			"ItemSelector": "{% $states.context.Map.Item.Value %}", "MaxConcurrency": "{% 2 %}", "End": true,
			"ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}}}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := schema.Validate(decode(t, tc.doc))
			require.ElementsMatch(t, tc.want, got)
		})
	}
}

func TestValidateNonJSONValue(t *testing.T) {
	got := schema.Validate(map[string]any{"StartAt": make(chan int)})
	require.Len(t, got, 1)
	require.Contains(t, got[0].Message, "not JSON")
}

func TestValidateConcurrently(t *testing.T) {
	doc := decode(t, machine(`{"Type": "Wait", "Seconds": -1, "End": true}`))
	want := []schema.V{{"/States/S/Seconds", `"Seconds" must be a whole number of seconds from 0 to 99999999`}}
	done := make(chan []schema.V)
	for range 8 {
		go func() { done <- schema.Validate(doc) }()
	}
	for range 8 {
		require.Equal(t, want, <-done)
	}
}
