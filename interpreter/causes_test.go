package interpreter_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// TestRuntimeErrorCauses pins the wording of States.Runtime causes to what
// AWS recorded (LocalStack snapshots of executions on AWS).
func TestRuntimeErrorCauses(t *testing.T) {
	tests := []struct {
		name, def, input string
		cause            string
	}{
		{
			// A string selected by a path is quoted in the cause, so the
			// value is shown once, not as a JSON string inside quotes.
			name: "MaxConcurrencyPath selects a string",
			def: `{"StartAt":"MapState","States":{"MapState":{"Type":"Map","ItemsPath":"$.Values",
				"MaxConcurrencyPath":"$.MaxConcurrencyValue",
				"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`,
			input: `{"MaxConcurrencyValue":"NoNumber","Values":["HelloWorld"]}`,
			cause: `An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue`,
		},
		{
			name: "MaxConcurrencyPath selects an object",
			def: `{"StartAt":"MapState","States":{"MapState":{"Type":"Map","ItemsPath":"$.Values",
				"MaxConcurrencyPath":"$.MaxConcurrencyValue",
				"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`,
			input: `{"MaxConcurrencyValue":{},"Values":["HelloWorld"]}`,
			cause: `An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue`,
		},
		{
			// The timestamp string is shown bare after "==".
			name:  "TimestampPath selects a malformed timestamp",
			def:   `{"StartAt":"WaitUntil","States":{"WaitUntil":{"Type":"Wait","TimestampPath":"$.TimestampValue","End":true}}}`,
			input: `{"TimestampValue":"2016-12-05 21:29:29Z"}`,
			cause: `An error occurred while executing the state 'WaitUntil' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05 21:29:29Z`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _, _ := run(t, tt.def, tt.input, nil)
			require.Equal(t, interpreter.Failed, res.Status)
			require.Equal(t, "States.Runtime", res.Error)
			require.Equal(t, tt.cause, res.Cause)
		})
	}
}

// TestCatchFailureWithoutError pins what a catcher passes on when a task
// fails without an error name or cause (SendTaskFailure with neither), as
// recorded by AWS: both fields are null, also through a Parallel state.
func TestCatchFailureWithoutError(t *testing.T) {
	task := `{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
		"Parameters":{"token.$":"$$.Task.Token"}%s}`
	catch := `,"Catch":[{"ErrorEquals":["States.Runtime"],"ResultPath":"$.runtime","Next":"Runtime"},
		{"ErrorEquals":["States.ALL"],"ResultPath":"$.states_all_error","Next":"Caught"}]`
	tests := []struct {
		name, def  string
		errName    string
		cause      string
		wantOutput string
	}{
		{
			name: "task catcher",
			def: `{"StartAt":"T","States":{"T":` + fmt.Sprintf(task, catch+`,"End":true`) + `,
				"Runtime":{"Type":"Pass","End":true},"Caught":{"Type":"Pass","End":true}}}`,
			wantOutput: `{"m":"x","states_all_error":{"Error":null,"Cause":null}}`,
		},
		{
			name: "parallel catcher",
			def: `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"T","States":{"T":` +
				fmt.Sprintf(task, `,"End":true`) + `}}]` + catch + `,"End":true},
				"Runtime":{"Type":"Pass","End":true},"Caught":{"Type":"Pass","End":true}}}`,
			wantOutput: `{"m":"x","states_all_error":{"Error":null,"Cause":null}}`,
		},
		{
			name: "cause without error",
			def: `{"StartAt":"T","States":{"T":` + fmt.Sprintf(task, catch+`,"End":true`) + `,
				"Runtime":{"Type":"Pass","End":true},"Caught":{"Type":"Pass","End":true}}}`,
			cause:      "why",
			wantOutput: `{"m":"x","states_all_error":{"Error":null,"Cause":"why"}}`,
		},
		{
			name: "error and cause",
			def: `{"StartAt":"T","States":{"T":` + fmt.Sprintf(task, catch+`,"End":true`) + `,
				"Runtime":{"Type":"Pass","End":true},"Caught":{"Type":"Pass","End":true}}}`,
			errName:    "E",
			cause:      "why",
			wantOutput: `{"m":"x","states_all_error":{"Error":"E","Cause":"why"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokens := make(chan string, 1)
			inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
				tokens <- req.Input.(map[string]any)["token"].(string)
				return &integrations.Response{Pending: true}, nil
			})
			eng := interpreter.New(interpreter.Options{Integrations: inv, Clock: interpreter.NewFakeClock(epoch)})
			x, err := eng.Start(context.Background(), mustParse(t, tt.def), `{"m":"x"}`)
			require.NoError(t, err)
			require.NoError(t, eng.SendTaskFailure(context.Background(), <-tokens, tt.errName, tt.cause))
			res := x.Wait(context.Background())
			require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
			require.True(t, jsonv.Equal(decode(t, tt.wantOutput), res.Output), jsonv.String(res.Output))
		})
	}
}

// TestMaxConcurrencyPathValues covers the values a MaxConcurrencyPath may
// select: AWS runs with an integer, or a string that spells one (recorded
// with a variable holding "1"), and fails on other strings and objects.
func TestMaxConcurrencyPathValues(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.Values","MaxConcurrencyPath":"$.mc",
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
	tests := []struct {
		value string
		ok    bool
	}{
		{`0`, true},
		{`1`, true},
		{`"1"`, true},
		{`"+2"`, true},
		{`"NoNumber"`, false},
		{`"1.5"`, false},
		{`1.5`, false},
		{`{}`, false},
		{`-1`, false},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			res, _, _ := run(t, def, `{"mc":`+tt.value+`,"Values":["a","b"]}`, nil)
			if tt.ok {
				require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
				require.True(t, jsonv.Equal(decode(t, `["a","b"]`), res.Output))
				return
			}
			require.Equal(t, interpreter.Failed, res.Status)
			require.Equal(t, "States.Runtime", res.Error)
			require.Contains(t, res.Cause, "The MaxConcurrencyPath field refers to value")
		})
	}
}

// TestToleratedFailurePathStrings checks that a tolerated-failure path may
// select a string spelling a number (recorded on AWS with a variable
// holding "1"), while other strings fail the state.
func TestToleratedFailurePathStrings(t *testing.T) {
	items := `{"items":[{"n":0},{"n":1}],"v":%s}`
	tests := []struct {
		name, extra, value string
		wantErr, cause     string
	}{
		{name: "count from a string", extra: `"ToleratedFailureCountPath":"$.v",`, value: `"1"`},
		{name: "count from a non-number string", extra: `"ToleratedFailureCountPath":"$.v",`, value: `"NoNumber"`,
			wantErr: states.ErrRuntime, cause: `The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.v`},
		{name: "percentage from a string", extra: `"ToleratedFailurePercentagePath":"$.v",`, value: `"50.0"`},
		{name: "percentage from a non-number string", extra: `"ToleratedFailurePercentagePath":"$.v",`, value: `"NoNumber"`,
			wantErr: states.ErrRuntime, cause: `The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.v`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _, _ := run(t, distributedDef(tt.extra), fmt.Sprintf(items, tt.value), failOdd)
			if tt.wantErr != "" {
				require.Equal(t, interpreter.Failed, res.Status)
				require.Equal(t, tt.wantErr, res.Error)
				require.Contains(t, res.Cause, tt.cause)
				return
			}
			require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
		})
	}
}

// TestCatchIntegrationErrorWithoutName checks the same null error object
// when an integration itself fails without an error name.
func TestCatchIntegrationErrorWithoutName(t *testing.T) {
	def := `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
		"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"Caught"}],"End":true},
		"Caught":{"Type":"Pass","End":true}}}`
	inv := invokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		return nil, &states.Error{}
	})
	res, _, _ := run(t, def, `{}`, inv)
	require.Equal(t, interpreter.Succeeded, res.Status, res.Cause)
	require.True(t, jsonv.Equal(decode(t, `{"err":{"Error":null,"Cause":null}}`), res.Output), jsonv.String(res.Output))
}
