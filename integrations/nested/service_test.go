package nested_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/nested"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// Child state machines.
const (
	echoChild  = `{"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}}`
	slowChild  = `{"StartAt": "Work", "States": {"Work": {"Type": "Wait", "Seconds": 30, "Next": "Done"}, "Done": {"Type": "Pass", "Result": true, "ResultPath": "$.done", "End": true}}}`
	blockChild = `{"StartAt": "Block", "States": {"Block": {"Type": "Task", "Resource": "` + blockARN + `", "End": true}}}`
)

// oneTask is a parent whose only state is a Task of the resource with the
// parameters (JSON).
func oneTask(resource, params string) string {
	return fmt.Sprintf(`{"StartAt": "Start", "States": {"Start": {"Type": "Task", "Resource": %q, "Parameters": %s, "End": true}}}`, resource, params)
}

func TestRequestResponse(t *testing.T) {
	tests := []struct {
		name      string
		params    string
		execName  string
		input     string // the child's input (it echoes it)
		inputText string // its Input, as DescribeExecution gives it
	}{
		{"input object", `{"StateMachineArn": "` + childARN + `", "Name": "job-1", "Input": {"a": 1, "b": [true]}}`, "job-1", `{"a": 1, "b": [true]}`, `{"a":1,"b":[true]}`},
		{"input JSON text", `{"StateMachineArn": "` + childARN + `", "Name": "job-1", "Input": "{\"a\": 1}"}`, "job-1", `{"a": 1}`, `{"a": 1}`},
		{"input null", `{"StateMachineArn": "` + childARN + `", "Name": "job-1", "Input": null}`, "job-1", `{}`, `{}`},
		{"no input, no name", `{"StateMachineArn": "` + childARN + `"}`, "uuid-1", `{}`, `{}`},
		{"lower-case parameters", `{"stateMachineArn": "` + childARN + `", "name": "job-1", "input": [1]}`, "job-1", `[1]`, `[1]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.register("Child", echoChild)
			res, _ := e.run(oneTask("arn:aws:states:::states:startExecution", tt.params), `{}`)
			require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)

			arn := "arn:aws:states:us-east-1:123456789012:execution:Child:" + tt.execName
			out := res.Output.(map[string]any)
			require.Equal(t, arn, out["ExecutionArn"])
			require.Equal(t, json.Number(millis(epoch)), out["StartDate"])
			md := out["SdkHttpMetadata"].(map[string]any)
			require.Equal(t, json.Number("200"), md["HttpStatusCode"])
			body := `{"executionArn":"` + arn + `","startDate":1.7956836E9}`
			requestID := out["SdkResponseMetadata"].(map[string]any)["RequestId"]
			require.NotEmpty(t, requestID)
			requireJSON(t, fmt.Sprintf(`{
				"x-amzn-RequestId": %q, "connection": "keep-alive", "Content-Length": "%d",
				"Date": "Thu, 26 Nov 2026 09:00:00 GMT", "Content-Type": "application/x-amz-json-1.0"}`, requestID, len(body)),
				md["HttpHeaders"])
			for name, v := range md["HttpHeaders"].(map[string]any) {
				require.Equal(t, []any{v}, md["AllHttpHeaders"].(map[string]any)[name], name)
			}
			require.Len(t, out, 4)

			child := e.child(childARN, 0)
			require.Equal(t, arn, child.ARN)
			cres := wait(t, child)
			require.Equal(t, interpreter.Succeeded, cres.Status)
			requireJSON(t, tt.input, cres.Output)
			desc, err := e.invoke("arn:aws:states:::aws-sdk:sfn:describeExecution", `{"ExecutionArn": "`+arn+`"}`)
			require.NoError(t, err)
			require.Equal(t, tt.inputText, desc.Output.(map[string]any)["Input"])
		})
	}
}

func TestSync(t *testing.T) {
	const params = `{"StateMachineArn": "` + childARN + `", "Name": "job-1", "Input": {"a": 1}}`
	start, stop := millis(epoch), millis(epoch.Add(30*time.Second))
	tests := []struct {
		resource, want string
	}{
		{"arn:aws:states:::states:startExecution.sync", `{
			"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:job-1",
			"Input": "{\"a\":1}", "InputDetails": {"Included": true}, "Name": "job-1",
			"Output": "{\"a\":1,\"done\":true}", "OutputDetails": {"Included": true},
			"StartDate": ` + start + `, "StateMachineArn": "` + childARN + `", "Status": "SUCCEEDED", "StopDate": ` + stop + `}`},
		{"arn:aws:states:::states:startExecution.sync:2", `{
			"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:job-1",
			"Input": {"a": 1}, "InputDetails": {"Included": true}, "Name": "job-1",
			"Output": {"a": 1, "done": true}, "OutputDetails": {"Included": true},
			"StartDate": ` + start + `, "StateMachineArn": "` + childARN + `", "Status": "SUCCEEDED", "StopDate": ` + stop + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			e := newEnv(t)
			e.register("Child", slowChild)
			res, x := e.run(oneTask(tt.resource, params), `{}`)
			require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
			requireJSON(t, tt.want, res.Output)
			require.Equal(t, interpreter.Succeeded, wait(t, e.child(childARN, 0)).Status)

			// The task's history events name the resource with its pattern.
			var resources []any
			for _, ev := range x.History() {
				if ev.Type == "TaskScheduled" {
					resources = append(resources, ev.Details["resource"])
				}
			}
			require.Equal(t, []any{tt.resource[len("arn:aws:states:::states:"):]}, resources)
		})
	}
}

func TestSyncChildDoesNotSucceed(t *testing.T) {
	const (
		sync  = "arn:aws:states:::states:startExecution.sync"
		sync2 = "arn:aws:states:::states:startExecution.sync:2"
		// The recorded parameters of test_start_execution_sync_delegate_failure.
		params = `{"StateMachineArn": "` + childARN + `", "Name": "TestStartTarget", "Input": null}`
	)
	failChild := `{"StartAt": "Fail", "States": {"Fail": {"Type": "Fail", "Error": "SomeFailure", "Cause": "This state machines raises a 'SomeFailure' failure."}}}`
	tests := []struct {
		name, child, resource string
		// during acts while the parent runs, once the child blocks.
		during func(e *env)
		want   string // the cause: DescribeExecution as JSON, {{stop}} its StopDate
	}{
		{"child fails", failChild, sync, nil, `{
			"Cause": "This state machines raises a 'SomeFailure' failure.", "Error": "SomeFailure",
			"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:TestStartTarget",
			"Input": "{}", "InputDetails": {"Included": true}, "Name": "TestStartTarget",
			"StartDate": {{start}}, "StateMachineArn": "` + childARN + `", "Status": "FAILED", "StopDate": {{stop}}}`},
		{"child fails, no cause", `{"StartAt": "Fail", "States": {"Fail": {"Type": "Fail", "Error": "JobError"}}}`, sync, nil, `{
			"Error": "JobError",
			"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:TestStartTarget",
			"Input": "{}", "InputDetails": {"Included": true}, "Name": "TestStartTarget",
			"StartDate": {{start}}, "StateMachineArn": "` + childARN + `", "Status": "FAILED", "StopDate": {{stop}}}`},
		{"child fails, sync:2", failChild, sync2, nil, `{
			"Cause": "This state machines raises a 'SomeFailure' failure.", "Error": "SomeFailure",
			"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:TestStartTarget",
			"Input": {}, "InputDetails": {"Included": true}, "Name": "TestStartTarget",
			"StartDate": {{start}}, "StateMachineArn": "` + childARN + `", "Status": "FAILED", "StopDate": {{stop}}}`},
		{"child times out", `{"TimeoutSeconds": 10, "StartAt": "Work", "States": {"Work": {"Type": "Wait", "Seconds": 20, "End": true}}}`, sync, nil, `{
			"Error": "States.Timeout",
			"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:TestStartTarget",
			"Input": "{}", "InputDetails": {"Included": true}, "Name": "TestStartTarget",
			"StartDate": {{start}}, "StateMachineArn": "` + childARN + `", "Status": "TIMED_OUT", "StopDate": {{stop}}}`},
		{"child stopped", blockChild, sync, func(e *env) {
			e.awaitStarted()
			require.NoError(e.t, e.eng.StopExecution("arn:aws:states:us-east-1:123456789012:execution:Child:TestStartTarget", "Stopped", "by the test"))
		}, `{
			"Cause": "by the test", "Error": "Stopped",
			"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:TestStartTarget",
			"Input": "{}", "InputDetails": {"Included": true}, "Name": "TestStartTarget",
			"StartDate": {{start}}, "StateMachineArn": "` + childARN + `", "Status": "ABORTED", "StopDate": {{stop}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.register("Child", tt.child)
			x := e.start(context.Background(), oneTask(tt.resource, params), `{}`)
			if tt.during != nil {
				tt.during(e)
			}
			res := wait(t, x)
			require.Equal(t, interpreter.Failed, res.Status)
			require.Equal(t, states.ErrTaskFailed, res.Error)

			child := e.child(childARN, 0)
			wait(t, child)
			h := child.History()
			stop := h[len(h)-1].Timestamp
			requireJSON(t, fill(tt.want, "{{start}}", millis(epoch), "{{stop}}", millis(stop)), decode(t, res.Cause))
		})
	}
}

// TestSyncStopsChild: a .sync task that ends before its child (its
// timeout, its execution stopped or cancelled) stops the child.
func TestSyncStopsChild(t *testing.T) {
	const childExec = "arn:aws:states:us-east-1:123456789012:execution:Child:job-1"
	tests := []struct {
		name    string
		timeout string
		end     func(e *env, cancel context.CancelFunc)
		want    interpreter.Result
	}{
		{"task timeout", `"TimeoutSeconds": 60,`, func(e *env, _ context.CancelFunc) { e.clock.Advance(60 * time.Second) },
			interpreter.Result{Status: interpreter.Failed, Error: states.ErrTimeout}},
		{"parent stopped", ``, func(e *env, _ context.CancelFunc) {
			require.NoError(e.t, e.eng.StopExecution("arn:aws:states:us-east-1:123456789012:execution:StateMachine:parent", "", ""))
		}, interpreter.Result{Status: interpreter.Aborted}},
		{"parent context cancelled", ``, func(_ *env, cancel context.CancelFunc) { cancel() },
			interpreter.Result{Status: interpreter.Aborted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.register("Child", blockChild)
			def := `{"StartAt": "Run", "States": {"Run": {"Type": "Task", ` + tt.timeout + `
				"Resource": "arn:aws:states:::states:startExecution.sync:2",
				"Parameters": {"StateMachineArn": "` + childARN + `", "Name": "job-1"}, "End": true}}}`
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			x := e.start(ctx, def, `{}`)
			e.awaitStarted()
			tt.end(e, cancel)

			res := wait(t, x)
			require.Equal(t, tt.want.Status, res.Status)
			require.Equal(t, tt.want.Error, res.Error)
			child := e.child(childARN, 0)
			require.Equal(t, childExec, child.ARN)
			require.Equal(t, interpreter.Aborted, wait(t, child).Status)
		})
	}
}

func TestWaitForTaskToken(t *testing.T) {
	const replyARN = "arn:aws:lambda:us-east-1:123456789012:function:reply"
	sendSuccess := `{"StartAt": "Reply", "States": {"Reply": {"Type": "Task",
		"Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
		"Parameters": {"TaskToken.$": "$.token", "Output": {"answer": 42}}, "End": true}}}`
	tests := []struct {
		name, resource, heartbeat, child string
		want                             interpreter.Result
	}{
		{"child sends success", "states:startExecution.waitForTaskToken", "", sendSuccess,
			interpreter.Result{Status: interpreter.Succeeded, Output: decode(t, `{"answer": 42}`)}},
		{"aws-sdk startExecution", "aws-sdk:sfn:startExecution.waitForTaskToken", "", sendSuccess,
			interpreter.Result{Status: interpreter.Succeeded, Output: decode(t, `{"answer": 42}`)}},
		{"child sends failure", "states:startExecution.waitForTaskToken", "", `{"StartAt": "Reply", "States": {"Reply": {"Type": "Task",
			"Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskFailure",
			"Parameters": {"TaskToken.$": "$.token", "Error": "ChildFailed", "Cause": "because"}, "End": true}}}`,
			interpreter.Result{Status: interpreter.Failed, Error: "ChildFailed", Cause: "because"}},
		{"child sends heartbeats", "states:startExecution.waitForTaskToken", `"HeartbeatSeconds": 10,`, `{"StartAt": "Beat", "States": {
			"Beat": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskHeartbeat",
				"Parameters": {"TaskToken.$": "$.token"}, "ResultPath": null, "Next": "Reply"},
			"Reply": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
				"Parameters": {"TaskToken.$": "$.token", "Output": "\"done\""}, "End": true}}}`,
			interpreter.Result{Status: interpreter.Succeeded, Output: "done"}},
		{"Go code sends success", "states:startExecution.waitForTaskToken", "", `{"StartAt": "Reply", "States": {"Reply": {"Type": "Task", "Resource": "` + replyARN + `", "End": true}}}`,
			interpreter.Result{Status: interpreter.Succeeded, Output: decode(t, `{"from": "go"}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.reg.Register(replyARN, integrations.Func(func(ctx context.Context, in any) (any, error) {
				token := in.(map[string]any)["token"].(string)
				return map[string]any{}, e.eng.SendTaskSuccess(ctx, token, `{"from": "go"}`)
			}))
			e.register("Child", tt.child)
			def := `{"StartAt": "Run", "States": {"Run": {"Type": "Task", ` + tt.heartbeat + `
				"Resource": "arn:aws:states:::` + tt.resource + `",
				"Parameters": {"StateMachineArn": "` + childARN + `", "Input": {"token.$": "$$.Task.Token"}}, "End": true}}}`
			res, _ := e.run(def, `{}`)
			require.Equal(t, tt.want.Status, res.Status, "%s: %s", res.Error, res.Cause)
			require.Equal(t, tt.want.Error, res.Error)
			require.Equal(t, tt.want.Cause, res.Cause)
			require.True(t, jsonv.Equal(tt.want.Output, res.Output), "output %s", jsonv.String(res.Output))
			require.Equal(t, interpreter.Succeeded, wait(t, e.child(childARN, 0)).Status)
		})
	}
}

// TestDescribeAndStop drives a child with the AWS SDK integration: start
// it, see it running, stop it, see it aborted.
func TestDescribeAndStop(t *testing.T) {
	e := newEnv(t)
	e.register("Child", blockChild)
	def := `{"StartAt": "Start", "States": {
		"Start": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:startExecution",
			"Parameters": {"StateMachineArn": "` + childARN + `", "Name": "job", "Input": {"n": 1}}, "ResultPath": "$.start", "Next": "Running"},
		"Running": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:describeExecution",
			"Parameters": {"ExecutionArn.$": "$.start.ExecutionArn"}, "ResultPath": "$.running", "Next": "Stop"},
		"Stop": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:stopExecution",
			"Parameters": {"ExecutionArn.$": "$.start.ExecutionArn", "Error": "Cancelled", "Cause": "no longer needed"}, "ResultPath": "$.stop", "Next": "Stopped"},
		"Stopped": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:describeExecution",
			"Parameters": {"ExecutionArn.$": "$.start.ExecutionArn"}, "ResultPath": "$.stopped", "End": true}}}`
	res, _ := e.run(def, `{}`)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	const arn = "arn:aws:states:us-east-1:123456789012:execution:Child:job"
	requireJSON(t, `{
		"start": {"ExecutionArn": "`+arn+`", "StartDate": "2026-11-26T09:00:00Z"},
		"running": {"ExecutionArn": "`+arn+`", "Input": "{\"n\":1}", "InputDetails": {"Included": true}, "Name": "job",
			"StartDate": "2026-11-26T09:00:00Z", "StateMachineArn": "`+childARN+`", "Status": "RUNNING"},
		"stop": {"StopDate": "2026-11-26T09:00:00Z"},
		"stopped": {"ExecutionArn": "`+arn+`", "Input": "{\"n\":1}", "InputDetails": {"Included": true}, "Name": "job",
			"StartDate": "2026-11-26T09:00:00Z", "StateMachineArn": "`+childARN+`", "Status": "ABORTED",
			"StopDate": "2026-11-26T09:00:00Z", "Error": "Cancelled", "Cause": "no longer needed"}}`, res.Output)
}

func TestDescribeSucceeded(t *testing.T) {
	e := newEnv(t)
	e.register("Child", slowChild)
	e.clock.Advance(1500 * time.Millisecond)
	out, err := e.invoke("arn:aws:states:::aws-sdk:sfn:startExecution", `{"StateMachineArn": "`+childARN+`", "Name": "job", "Input": "{\"n\": 1}"}`)
	require.NoError(t, err)
	const arn = "arn:aws:states:us-east-1:123456789012:execution:Child:job"
	requireJSON(t, `{"ExecutionArn": "`+arn+`", "StartDate": "2026-11-26T09:00:01.500Z"}`, out.Output)
	wait(t, e.child(childARN, 0))

	out, err = e.invoke("arn:aws:states:::aws-sdk:sfn:describeExecution", `{"ExecutionArn": "`+arn+`"}`)
	require.NoError(t, err)
	requireJSON(t, `{"ExecutionArn": "`+arn+`", "Input": "{\"n\": 1}", "InputDetails": {"Included": true}, "Name": "job",
		"Output": "{\"done\":true,\"n\":1}", "OutputDetails": {"Included": true},
		"StartDate": "2026-11-26T09:00:01.500Z", "StateMachineArn": "`+childARN+`", "Status": "SUCCEEDED",
		"StopDate": "2026-11-26T09:00:31.500Z"}`, out.Output)

	// Stopping an execution that has ended changes nothing.
	out, err = e.invoke("arn:aws:states:::aws-sdk:sfn:stopExecution", `{"ExecutionArn": "`+arn+`"}`)
	require.NoError(t, err)
	requireJSON(t, `{"StopDate": "2026-11-26T09:00:31.500Z"}`, out.Output)
	require.Equal(t, interpreter.Succeeded, wait(t, e.child(childARN, 0)).Status)
}

func TestErrors(t *testing.T) {
	const (
		start    = "arn:aws:states:::states:startExecution"
		sdkStart = "arn:aws:states:::aws-sdk:sfn:startExecution"
		describe = "arn:aws:states:::aws-sdk:sfn:describeExecution"
		nope     = "arn:aws:states:us-east-1:123456789012:stateMachine:Nope"
		noExec   = "arn:aws:states:us-east-1:123456789012:execution:Child:nope"
		// A request ID follows every cause.
		optimizedID = ` \(Service: AWSStepFunctions; Status Code: 400; Error Code: \w+; Request ID: uuid-\d+; Proxy: null\)$`
		sdkID       = ` \(Service: Sfn, Status Code: 400, Request ID: uuid-\d+\)$`
	)
	tests := []struct {
		name, resource, params string
		wantError, wantCause   string // wantCause is a regular expression
	}{
		// Recorded: error_handling/test_task_service_sfn.py::test_start_execution_no_such_arn.
		{"no such state machine", start, `{"StateMachineArn": "` + nope + `", "Input": null, "Name": "TestStartTarget"}`,
			"StepFunctions.StateMachineDoesNotExistException", `^State Machine Does Not Exist: '` + nope + `'` + optimizedID},
		{"no such state machine, sync", start + ".sync", `{"StateMachineArn": "` + nope + `"}`,
			"StepFunctions.StateMachineDoesNotExistException", `^State Machine Does Not Exist: '` + nope + `'` + optimizedID},
		{"no such state machine, aws-sdk", sdkStart, `{"StateMachineArn": "` + nope + `"}`,
			"Sfn.StateMachineDoesNotExistException", `^State Machine Does Not Exist: '` + nope + `'` + sdkID},
		{"not an ARN", start, `{"StateMachineArn": "Child"}`,
			"StepFunctions.InvalidArnException", `^Invalid Arn: 'Child'` + optimizedID},
		{"ARN not a string", sdkStart, `{"StateMachineArn": 7}`,
			"Sfn.InvalidArnException", `^Invalid Arn: '7'` + sdkID},
		{"no StateMachineArn", start, `{"Input": {}}`,
			"StepFunctions.ValidationException", `^1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null` + optimizedID},
		{"invalid name", start, `{"StateMachineArn": "` + childARN + `", "Name": "a b"}`,
			"StepFunctions.InvalidNameException", `^Invalid Name: 'a b'` + optimizedID},
		{"name too long", start, `{"StateMachineArn": "` + childARN + `", "Name": "` + fmt.Sprintf("%081d", 0) + `"}`,
			"StepFunctions.InvalidNameException", `^Invalid Name: '0+'` + optimizedID},
		{"input not JSON", start, `{"StateMachineArn": "` + childARN + `", "Input": "{oops"}`,
			"StepFunctions.InvalidExecutionInputException", `^Invalid State Machine Execution Input: '.+'` + optimizedID},
		{"no such execution", describe, `{"ExecutionArn": "` + noExec + `"}`,
			"Sfn.ExecutionDoesNotExistException", `^Execution Does Not Exist: '` + noExec + `'` + sdkID},
		{"not an execution ARN", describe, `{"ExecutionArn": "` + childARN + `"}`,
			"Sfn.InvalidArnException", `^Invalid Arn: '` + childARN + `'` + sdkID},
		{"no ExecutionArn", describe, `{}`,
			"Sfn.ValidationException", `^1 validation error detected: Value null at 'executionArn'.*` + sdkID},
		{"stop: no such execution", "arn:aws:states:::aws-sdk:sfn:stopExecution", `{"ExecutionArn": "` + noExec + `"}`,
			"Sfn.ExecutionDoesNotExistException", `^Execution Does Not Exist: '` + noExec + `'` + sdkID},
		{"token never issued", "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess", `{"TaskToken": "NoSuchTaskToken", "Output": "{}"}`,
			"Sfn.InvalidTokenException", `^Invalid Token: 'Invalid token'` + sdkID},
		{"failure for a token never issued", "arn:aws:states:::aws-sdk:sfn:sendTaskFailure", `{"TaskToken": "NoSuchTaskToken"}`,
			"Sfn.InvalidTokenException", `^Invalid Token: 'Invalid token'` + sdkID},
		{"heartbeat for a token never issued", "arn:aws:states:::aws-sdk:sfn:sendTaskHeartbeat", `{"TaskToken": "NoSuchTaskToken"}`,
			"Sfn.InvalidTokenException", `^Invalid Token` + `.*` + sdkID},
		{"no task token", "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess", `{"Output": "{}"}`,
			"Sfn.ValidationException", `^1 validation error detected: Value null at 'taskToken'.*` + sdkID},
		{"no output", "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess", `{"TaskToken": "t"}`,
			"Sfn.ValidationException", `^1 validation error detected: Value null at 'output'.*` + sdkID},
		{"output not JSON", "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess", `{"TaskToken": "t", "Output": "{oops"}`,
			"Sfn.InvalidOutputException", `^Invalid Output: '.+'` + sdkID},
		{"unknown sync version", start + ".sync:3", `{"StateMachineArn": "` + childARN + `"}`,
			states.ErrTaskFailed, `^nested: resource arn:aws:states:::states:startExecution.sync:3 is not supported$`},
		{"aws-sdk sync", sdkStart + ".sync", `{"StateMachineArn": "` + childARN + `"}`,
			states.ErrTaskFailed, `is not supported$`},
		{"unknown aws-sdk action", "arn:aws:states:::aws-sdk:sfn:listExecutions", `{}`,
			states.ErrTaskFailed, `is not supported$`},
		{"other service", "arn:aws:states:::lambda:invoke", `{}`,
			states.ErrTaskFailed, `is not supported$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.register("Child", echoChild)
			_, err := e.invoke(tt.resource, tt.params)
			require.Error(t, err)
			se := states.As(err)
			require.Equal(t, tt.wantError, se.Name)
			require.Regexp(t, tt.wantCause, se.Cause)
			require.Empty(t, e.svc.Executions(childARN))
		})
	}
}

// TestErrorCaught: the errors are states.Errors, so Retry and Catch match
// them by name.
func TestErrorCaught(t *testing.T) {
	e := newEnv(t)
	def := `{"StartAt": "Start", "States": {
		"Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
			"Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Nope"},
			"Catch": [{"ErrorEquals": ["StepFunctions.StateMachineDoesNotExistException"], "ResultPath": "$.error", "Next": "Handled"}], "Next": "Started"},
		"Started": {"Type": "Succeed"},
		"Handled": {"Type": "Pass", "Parameters": {"error.$": "$.error.Error"}, "End": true}}}`
	res, _ := e.run(def, `{}`)
	require.Equal(t, interpreter.Succeeded, res.Status)
	requireJSON(t, `{"error": "StepFunctions.StateMachineDoesNotExistException"}`, res.Output)
}

func TestExecutionNames(t *testing.T) {
	const (
		start = "arn:aws:states:::states:startExecution"
		arn   = "arn:aws:states:us-east-1:123456789012:execution:Child:job-1"
	)
	t.Run("taken by an ended execution", func(t *testing.T) {
		e := newEnv(t)
		e.register("Child", echoChild)
		_, err := e.invoke(start, `{"StateMachineArn": "`+childARN+`", "Name": "job-1"}`)
		require.NoError(t, err)
		wait(t, e.child(childARN, 0))
		_, err = e.invoke(start, `{"StateMachineArn": "`+childARN+`", "Name": "job-1"}`)
		se := states.As(err)
		require.Equal(t, "StepFunctions.ExecutionAlreadyExistsException", se.Name)
		require.Regexp(t, `^Execution Already Exists: '`+arn+`' \(Service: AWSStepFunctions; Status Code: 400; Error Code: ExecutionAlreadyExists; `, se.Cause)
		_, err = e.invoke("arn:aws:states:::aws-sdk:sfn:startExecution", `{"StateMachineArn": "`+childARN+`", "Name": "job-1"}`)
		require.Equal(t, "Sfn.ExecutionAlreadyExistsException", states.As(err).Name)
		require.Len(t, e.svc.Executions(childARN), 1)
	})
	t.Run("running, same input: the same execution", func(t *testing.T) {
		e := newEnv(t)
		e.register("Child", blockChild)
		first, err := e.invoke(start, `{"StateMachineArn": "`+childARN+`", "Name": "job-1", "Input": {"a": 1}}`)
		require.NoError(t, err)
		e.awaitStarted()
		second, err := e.invoke(start, `{"StateMachineArn": "`+childARN+`", "Name": "job-1", "Input": "{\"a\":1}"}`)
		require.NoError(t, err)
		require.Equal(t, arn, second.Output.(map[string]any)["ExecutionArn"])
		require.Equal(t, first.Output.(map[string]any)["StartDate"], second.Output.(map[string]any)["StartDate"])
		require.Len(t, e.svc.Executions(childARN), 1)

		_, err = e.invoke(start, `{"StateMachineArn": "`+childARN+`", "Name": "job-1", "Input": {"a": 2}}`)
		require.Equal(t, "StepFunctions.ExecutionAlreadyExistsException", states.As(err).Name)
	})
	t.Run("same name, other state machine", func(t *testing.T) {
		e := newEnv(t)
		e.register("Child", echoChild)
		other := e.register("Other", echoChild)
		for _, machine := range []string{childARN, other} {
			_, err := e.invoke(start, `{"StateMachineArn": "`+machine+`", "Name": "job-1"}`)
			require.NoError(t, err)
			require.Equal(t, interpreter.Succeeded, wait(t, e.child(machine, 0)).Status)
		}
	})
}

func TestShutdown(t *testing.T) {
	e := newEnv(t)
	e.register("Child", blockChild)
	_, err := e.invoke("arn:aws:states:::states:startExecution", `{"StateMachineArn": "`+childARN+`"}`)
	require.NoError(t, err)
	e.awaitStarted()
	child := e.child(childARN, 0)
	require.Equal(t, interpreter.Running, child.Wait(canceled()).Status)

	require.NoError(t, e.svc.Shutdown(context.Background()))
	require.Equal(t, interpreter.Aborted, wait(t, child).Status)
	_, err = e.invoke("arn:aws:states:::states:startExecution", `{"StateMachineArn": "`+childARN+`"}`)
	require.Equal(t, &states.Error{Name: states.ErrTaskFailed, Cause: "nested: the service is shut down"}, states.As(err))
}

func TestRegionAndAccount(t *testing.T) {
	t.Run("configured", func(t *testing.T) {
		checkGoroutines(t)
		clock := interpreter.NewFakeClock(epoch)
		reg := integrations.NewRegistry()
		eng := interpreter.New(interpreter.Options{Integrations: reg, Clock: clock, Region: "eu-west-1", Account: "111122223333"})
		svc := nested.New(eng, nested.WithClock(clock), nested.WithRegion("eu-west-1"), nested.WithAccount("111122223333"))
		reg.Register("states", svc)
		arn := svc.Register("Child", parse(t, echoChild))
		require.Equal(t, "arn:aws:states:eu-west-1:111122223333:stateMachine:Child", arn)
		res, _, err := eng.Execute(context.Background(), parse(t, oneTask("arn:aws:states:::states:startExecution.sync:2",
			`{"StateMachineArn": "`+arn+`", "Name": "job-1"}`)), `{}`)
		require.NoError(t, err)
		require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
		out := res.Output.(map[string]any)
		require.Equal(t, "arn:aws:states:eu-west-1:111122223333:execution:Child:job-1", out["ExecutionArn"])
		require.Equal(t, arn, out["StateMachineArn"])
	})
	t.Run("not the engine's", func(t *testing.T) {
		e := newEnv(t, nested.WithRegion("eu-west-1"))
		arn := e.register("Child", echoChild)
		_, err := e.invoke("arn:aws:states:::states:startExecution", `{"StateMachineArn": "`+arn+`"}`)
		require.Equal(t, states.ErrTaskFailed, states.As(err).Name)
		require.Contains(t, states.As(err).Cause, "give New the engine's region and account")
		require.Empty(t, e.svc.Executions(arn))
	})
}

func TestExecutions(t *testing.T) {
	e := newEnv(t)
	e.register("Child", echoChild)
	for i := range 3 {
		_, err := e.invoke("arn:aws:states:::states:startExecution", `{"StateMachineArn": "`+childARN+`", "Name": "job-`+strconv.Itoa(i)+`"}`)
		require.NoError(t, err)
	}
	var names []string
	for _, x := range e.svc.Executions(childARN) {
		names = append(names, x.Name)
		wait(t, x)
	}
	require.Equal(t, []string{"job-0", "job-1", "job-2"}, names)
	require.Nil(t, e.svc.Executions("arn:aws:states:us-east-1:123456789012:stateMachine:Nope"))
}

// TestRegisterAgain: registering a name again replaces the definition;
// the names of its executions stay taken.
func TestRegisterAgain(t *testing.T) {
	e := newEnv(t)
	e.register("Child", echoChild)
	_, err := e.invoke("arn:aws:states:::states:startExecution.sync:2", `{"StateMachineArn": "`+childARN+`", "Name": "job-1", "Input": {"n": 1}}`)
	require.NoError(t, err)
	require.Equal(t, childARN, e.register("Child", slowChild))
	_, err = e.invoke("arn:aws:states:::states:startExecution.sync:2", `{"StateMachineArn": "`+childARN+`", "Name": "job-1", "Input": {"n": 1}}`)
	require.Equal(t, "StepFunctions.ExecutionAlreadyExistsException", states.As(err).Name)
	out, err := e.invoke("arn:aws:states:::states:startExecution.sync:2", `{"StateMachineArn": "`+childARN+`", "Name": "job-2", "Input": {"n": 1}}`)
	require.NoError(t, err)
	requireJSON(t, `{"n": 1, "done": true}`, out.Output.(map[string]any)["Output"])
	require.Len(t, e.svc.Executions(childARN), 2)
}

// TestRealClock runs a .sync child on the wall clock, the default.
func TestRealClock(t *testing.T) {
	checkGoroutines(t)
	reg := integrations.NewRegistry()
	eng := interpreter.New(interpreter.Options{Integrations: reg})
	svc := nested.New(eng)
	reg.Register("states", svc)
	arn := svc.Register("Child", parse(t, echoChild))
	before := time.Now().Truncate(time.Millisecond)
	res, _, err := eng.Execute(context.Background(), parse(t, oneTask("arn:aws:states:::states:startExecution.sync",
		`{"StateMachineArn": "`+arn+`"}`)), `{}`)
	require.NoError(t, err)
	require.Equal(t, interpreter.Succeeded, res.Status)
	out := res.Output.(map[string]any)
	startDate, err := out["StartDate"].(json.Number).Int64()
	require.NoError(t, err)
	require.GreaterOrEqual(t, startDate, before.UnixMilli())
	require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, out["Name"])
}

// canceled returns a context that is done already.
func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
