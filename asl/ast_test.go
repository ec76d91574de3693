package asl_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

func parseFile(t *testing.T, file string) *asl.StateMachine {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	sm, err := asl.Parse(data)
	require.NoError(t, err)
	return sm
}

func TestASTJSONPath(t *testing.T) {
	sm := parseFile(t, "testdata/valid/polling.asl.yaml")
	require.Equal(t, "StartJob", sm.StartAt)
	require.Equal(t, asl.JSONPath, sm.QueryLanguage)
	require.Equal(t, []string{"StartJob", "InitAttempts", "WaitForJob", "PollJob", "CountAttempt", "IsJobDone", "JobSucceeded", "JobFailed", "TimedOut"}, sm.Order)

	start := sm.States["StartJob"].(*asl.TaskState)
	require.Equal(t, "/States/StartJob", start.Pointer)
	require.Equal(t, "$", start.InputPath.String(), "InputPath defaults to $")
	require.Equal(t, "$.job", start.ResultPath.String())
	require.NotNil(t, start.Parameters)
	require.NotNil(t, start.ResultSelector)

	poll := sm.States["PollJob"].(*asl.TaskState)
	require.Equal(t, []asl.Retrier{{
		ErrorEquals:     []string{"Lambda.TooManyRequestsException", "Lambda.ServiceException"},
		IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: "FULL",
	}}, poll.Retry)

	wait := sm.States["WaitForJob"].(*asl.WaitState)
	require.Equal(t, "$.pollSeconds", wait.SecondsPath.String())
	require.False(t, wait.HasSeconds)

	choice := sm.States["IsJobDone"].(*asl.ChoiceState)
	require.Equal(t, "WaitForJob", choice.Default)
	require.Len(t, choice.Choices, 3)
	first := choice.Choices[0]
	require.Equal(t, asl.Comparator("StringEquals"), first.Comparator)
	require.Equal(t, "StringEquals", first.Op)
	require.Equal(t, "$.poll.status", first.Variable.String())
	require.Equal(t, "SUCCEEDED", first.Value)
	and := choice.Choices[2]
	require.Len(t, and.And, 2)
	require.Equal(t, "NumericGreaterThanEquals", and.And[1].Op)
	require.Equal(t, "$.maxAttempts", and.And[1].ValuePath.String())
	require.Empty(t, and.And[1].Next)

	failed := sm.States["JobFailed"].(*asl.FailState)
	require.Equal(t, "JobFailed", failed.Error)
	require.NotNil(t, failed.CausePath)
}

func TestASTJSONata(t *testing.T) {
	sm := parseFile(t, "testdata/valid/jsonata-order.asl.json")
	require.Equal(t, asl.JSONata, sm.QueryLanguage)
	require.Equal(t, 3600, sm.TimeoutSeconds)

	load := sm.States["Load Order"].(*asl.TaskState)
	require.Equal(t, asl.JSONata, load.QueryLanguage)
	require.Equal(t, "{% $states.input.timeout %}", load.TimeoutSecondsExpr.Value)
	require.Equal(t, "$states.input.timeout", load.TimeoutSecondsExpr.JSONata.Expression(), "JSONata is compiled at parse time")
	require.Equal(t, "{% $states.input %}", load.Output.Value, "JSONata expressions are kept as written")
	require.Nil(t, load.Output.Template)
	require.Equal(t, map[string]any{"order": "{% $states.result.Item %}"}, load.Assign.Value)
	require.NotNil(t, load.Arguments)
	require.Equal(t, map[string]any{"error": "{% $states.errorOutput %}"}, load.Catch[0].Output.Value)

	route := sm.States["Route"].(*asl.ChoiceState)
	require.Equal(t, "{% $order.total > 100 %}", route.Choices[0].Condition.Value)
	require.Equal(t, map[string]any{"big": true}, route.Choices[0].Assign.Value)

	pause := sm.States["Pause"].(*asl.WaitState)
	require.Equal(t, "{% $order.releaseAt %}", pause.TimestampExpr.Value)

	lines := sm.States["Lines"].(*asl.MapState)
	require.Equal(t, "{% $order.lines %}", lines.Items.Value)
	require.Equal(t, "{% $count($order.lines) %}", lines.MaxConcurrencyExpr.Value)
	require.True(t, lines.HasToleratedFailurePercentage)
	require.Equal(t, "{% 10 %}", lines.ToleratedFailurePercentageExpr.Value)
	require.Equal(t, asl.JSONata, lines.Processor.States["Price"].Common().QueryLanguage)

	both := sm.States["Both"].(*asl.ParallelState)
	require.Len(t, both.Branches, 2)
	require.Equal(t, "/States/Both/Branches/1", both.Branches[1].Pointer)

	failed := sm.States["Failed"].(*asl.FailState)
	require.Equal(t, "{% $states.input.error.Error %}", failed.ErrorExpr.Value)
	require.Equal(t, "order failed", failed.Cause)
}

func TestASTDistributedMap(t *testing.T) {
	sm := parseFile(t, "testdata/valid/distributed-map.asl.json")
	m := sm.States["Process File"].(*asl.MapState)
	require.Equal(t, asl.ModeDistributed, m.Mode)
	require.Equal(t, "EXPRESS", m.ExecutionType)
	require.Equal(t, "ProcessFile", m.Label)
	require.Nil(t, m.ResultPath, "ResultPath null discards the result")
	require.Equal(t, "$.concurrency", m.MaxConcurrencyPath.String())
	require.Equal(t, "$.tolerance", m.ToleratedFailurePercentagePath.String())
	require.NotNil(t, m.ItemSelector.Template)

	r := m.ItemReader
	require.Equal(t, "arn:aws:states:::s3:getObject", r.Resource)
	require.Equal(t, "CSV", r.InputType)
	require.Equal(t, "GIVEN", r.CSVHeaderLocation)
	require.Equal(t, []string{"id", "name"}, r.CSVHeaders)
	require.Equal(t, "SEMICOLON", r.CSVDelimiter)
	require.Equal(t, "$.limit", r.MaxItemsPath.String())
	require.NotNil(t, r.Parameters.Template)

	require.Equal(t, 100, m.ItemBatcher.MaxItemsPerBatch)
	require.Equal(t, "$.maxBytes", m.ItemBatcher.MaxInputBytesPerBatchPath.String())
	require.NotNil(t, m.ResultWriter.Parameters.Template)

	task := m.Processor.States["Handle Batch"].(*asl.TaskState)
	require.Equal(t, 300, task.TimeoutSeconds)
	require.Equal(t, "$.heartbeat", task.HeartbeatSecondsPath.String())
}

func TestASTWaitTimestamp(t *testing.T) {
	sm, err := asl.Parse([]byte(`{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2026-01-02T15:04:05+01:00","End":true}}}`))
	require.NoError(t, err)
	w := sm.States["W"].(*asl.WaitState)
	require.True(t, w.HasTimestamp)
	require.True(t, time.Date(2026, 1, 2, 14, 4, 5, 0, time.UTC).Equal(w.Timestamp))
}

func TestParseValue(t *testing.T) {
	def := map[string]any{
		"StartAt": "A",
		"States": map[string]any{
			"A": map[string]any{"Type": "Wait", "Seconds": 2.0, "Next": "B"},
			"B": map[string]any{"Type": "Succeed"},
		},
	}
	sm, err := asl.ParseValue(def)
	require.NoError(t, err)
	require.Equal(t, 2, sm.States["A"].(*asl.WaitState).Seconds)

	def["States"].(map[string]any)["A"].(map[string]any)["Next"] = "C"
	_, err = asl.ParseValue(def)
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	require.Equal(t, asl.Errors{{Path: "/States/A/Next", Code: asl.CodeMissingTarget, Message: `"C" is not a state of this state machine`}}, errs)
}
