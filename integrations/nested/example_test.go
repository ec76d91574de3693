package nested_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/nested"
	"github.com/gostates/gostates/interpreter"
)

// A parent runs a child state machine with .sync:2 and keeps its output.
func Example() {
	ctx := context.Background()
	clock := interpreter.NewFakeClock(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	reg := integrations.NewRegistry()
	eng := interpreter.New(interpreter.Options{Integrations: reg, Clock: clock})
	svc := nested.New(eng, nested.WithClock(clock))
	defer svc.Shutdown(ctx)
	reg.Register("states", svc)
	reg.Register("aws-sdk:sfn", svc)

	child, err := asl.Parse([]byte(`{"StartAt": "Double", "States": {"Double": {"Type": "Pass",
		"Parameters": {"n.$": "States.MathAdd($.n, $.n)"}, "End": true}}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	arn := svc.Register("Double", child)

	parent, err := asl.Parse([]byte(`{"StartAt": "Run", "States": {"Run": {"Type": "Task",
		"Resource": "arn:aws:states:::states:startExecution.sync:2",
		"Parameters": {"StateMachineArn": "` + arn + `", "Name": "double-21", "Input": {"n.$": "$.n"}},
		"ResultSelector": {"status.$": "$.Status", "output.$": "$.Output"}, "End": true}}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, _, err := eng.Execute(ctx, parent, `{"n": 21}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, string(res.OutputJSON()))
	fmt.Println(svc.Executions(arn)[0].ARN)
	// Output:
	// SUCCEEDED {"output":{"n":42},"status":"SUCCEEDED"}
	// arn:aws:states:us-east-1:123456789012:execution:Double:double-21
}
