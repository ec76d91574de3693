package asl_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

// taskDefinition is a one-Task state machine calling resource.
func taskDefinition(resource string) []byte {
	return fmt.Appendf(nil, `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":%q,"End":true}}}`, resource)
}

// requireOneError checks that err holds exactly one problem, with the given
// code at the given JSON pointer.
func requireOneError(t *testing.T, err error, path, code string) {
	t.Helper()
	var errs asl.Errors
	require.True(t, errors.As(err, &errs), "want asl.Errors, got %v", err)
	require.Len(t, errs, 1, "%v", errs)
	require.Equal(t, path, errs[0].Path, errs[0].Error())
	require.Equal(t, code, errs[0].Code, errs[0].Error())
}

// TestOptimizedIntegrations pins that an optimized integration must name an
// action its service offers, as AWS checks when the state machine is
// created (LocalStack test_dynamodb_task_service::test_invalid_integration
// and test_lambda_task_service::test_list_functions record the rejection).
func TestOptimizedIntegrations(t *testing.T) {
	tests := []struct {
		resource string
		valid    bool
	}{
		{"arn:aws:states:::dynamodb:putItem", true},
		{"arn:aws:states:::dynamodb:getItem", true},
		{"arn:aws:states:::dynamodb:updateItem", true},
		{"arn:aws:states:::dynamodb:deleteItem", true},
		{"arn:aws:states:::dynamodb:query", false},
		{"arn:aws:states:::aws-sdk:dynamodb:query", true},
		{"arn:aws:states:::lambda:invoke", true},
		{"arn:aws:states:::lambda:invoke.waitForTaskToken", true},
		{"arn:aws:states:::lambda:listFunctions", false},
		{"arn:aws:states:::aws-sdk:lambda:listFunctions", true},
		{"arn:aws:states:::states:startExecution.sync:2", true},
		{"arn:aws:states:::states:startExecution.sync", true},
		{"arn:aws:states:::states:describeExecution", false},
		{"arn:aws:states:::sqs:sendMessage.waitForTaskToken", true},
		{"arn:aws:states:::sqs:receiveMessage", false},
		{"arn:aws:states:::sns:publish", true},
		{"arn:aws:states:::events:putEvents", true},
		{"arn:aws:states:::apigateway:invoke", true},
		{"arn:aws-us-gov:states:::dynamodb:scan", false},
		// Services whose actions are not listed are not checked.
		{"arn:aws:states:::athena:startQueryExecution.sync", true},
		{"arn:aws:states:us-east-1:123456789012:activity:worker", true},
		{"arn:aws:lambda:us-east-1:123456789012:function:fn", true},
	}
	for _, tc := range tests {
		t.Run(tc.resource, func(t *testing.T) {
			_, err := asl.Parse(taskDefinition(tc.resource))
			if tc.valid {
				require.NoError(t, err)
				return
			}
			requireOneError(t, err, "/States/T/Resource", asl.CodeResource)
			require.Contains(t, err.Error(), tc.resource)
		})
	}
}

// TestExpressRejectsActivities pins that an Express state machine cannot run
// an activity (LocalStack test_sfn_api_express::test_illegal_activity_task:
// "Express state machine does not support Activity ARN").
func TestExpressRejectsActivities(t *testing.T) {
	def := taskDefinition("arn:aws:states:us-east-1:123456789012:activity:worker")
	_, err := asl.Parse(def)
	require.NoError(t, err)
	_, err = asl.Parse(def, asl.WithType(asl.Express))
	requireOneError(t, err, "/States/T/Resource", asl.CodeExpress)

	// Integrations are not activities.
	_, err = asl.Parse(taskDefinition("arn:aws:states:::lambda:invoke"), asl.WithType(asl.Express))
	require.NoError(t, err)
}

// TestReaderMaxItemsRange pins the range of ItemReader.ReaderConfig.MaxItems
// AWS accepts at creation: a whole number from 0 to 100,000,000
// (LocalStack test_base_scenarios::test_map_item_reader_csv_max_items).
func TestReaderMaxItemsRange(t *testing.T) {
	for _, tc := range []struct {
		maxItems string
		valid    bool
	}{
		{"0", true}, {"2", true}, {"100000000", true},
		{"-1", false}, {"1.5", false}, {"100000001", false}, {`"2"`, false},
	} {
		t.Run(tc.maxItems, func(t *testing.T) {
			def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject",` +
				`"Parameters":{"Bucket":"b","Key":"k"},"ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItems":` + tc.maxItems + `}},` +
				`"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`
			_, err := asl.Parse([]byte(def))
			if tc.valid {
				require.NoError(t, err)
				return
			}
			requireOneError(t, err, "/States/M/ItemReader/ReaderConfig/MaxItems", asl.CodeSchema)
		})
	}
}
