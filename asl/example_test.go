package asl_test

import (
	"errors"
	"fmt"

	"github.com/gostates/gostates/asl"
)

func ExampleParse() {
	def := []byte(`{
  "StartAt": "Hello",
  "States": {
    "Hello": {"Type": "Pass", "Result": "world", "Next": "Done"},
    "Done": {"Type": "Succeed"}
  }
}`)
	sm, err := asl.Parse(def)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sm.StartAt, sm.Order)
	// Output: Hello [Hello Done]
}

func ExampleErrors() {
	def := []byte(`{
  "StartAt": "Poll",
  "States": {
    "Poll": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Check"},
    "Wait": {"Type": "Wait", "Seconds": -1, "Next": "Poll"}
  }
}`)
	_, err := asl.Parse(def)
	var errs asl.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Printf("%s [%s]\n", e, e.Code)
		}
	}
	// Output:
	// 4:76: /States/Poll/Next: "Check" is not a state of this state machine [MISSING_TRANSITION_TARGET]
	// 5:30: /States/Wait/Seconds: "Seconds" must be a whole number of seconds from 0 to 99999999 [SCHEMA_VALIDATION_FAILED]
}

func ExampleWithSubstitutions() {
	def := []byte(`{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "${FnArn}", "End": true}}}`)
	sm, err := asl.Parse(def, asl.WithSubstitutions(map[string]string{
		"FnArn": "arn:aws:lambda:us-east-1:123456789012:function:hello",
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sm.States["Call"].(*asl.TaskState).Resource)
	// Output: arn:aws:lambda:us-east-1:123456789012:function:hello
}
