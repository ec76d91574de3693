package mock_test

import (
	"context"
	"fmt"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/mock"
	"github.com/gostates/gostates/internal/jsonv"
)

func ExampleLoadConfig() {
	cfg, err := mock.LoadConfig([]byte(`{
	  "StateMachines": {
	    "Orders": {"TestCases": {"RetryPath": {"Charge": "ChargeAfterRetries"}}}
	  },
	  "MockedResponses": {
	    "ChargeAfterRetries": {
	      "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "Rate exceeded"}},
	      "2": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}
	    }
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := cfg.TestCase("Orders", "RetryPath")
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 3 {
		resp, err := m.Invoke(context.Background(), &integrations.Request{StateName: "Charge"})
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println("result:", jsonv.String(resp.Output))
	}
	// Output:
	// error: Lambda.TooManyRequestsException: Rate exceeded
	// error: Lambda.TooManyRequestsException: Rate exceeded
	// result: {"Payload":{"charged":true},"StatusCode":200}
}

func ExampleParseResponses() {
	_, err := mock.ParseResponses([]byte(`{"Charge": [{"Return": 1, "Throw": {"Error": "E"}}, {"Throw": {"Error": ""}}]}`))
	fmt.Println(err)
	// Output:
	// /Charge/0: a response has either "Return" or "Throw", not both
	// /Charge/1/Throw/Error: the error name must not be empty; leave "Error" out for a failure without a name
}
