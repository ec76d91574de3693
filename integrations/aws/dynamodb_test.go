package aws_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/integrations/aws/awstest"
	"github.com/gostates/gostates/states"
)

// TestDynamoDB runs the DynamoDB integrations against dynalite. One
// server serves every subtest; they run in order and share the table.
func TestDynamoDB(t *testing.T) {
	cfg, client := awstest.StartDynamoDB(t)
	awstest.CreateTable(t, client, "Orders", "id")
	a := aws.New(cfg)
	const metadata = "SdkHttpMetadata"

	steps := []struct {
		name, resource, input string
		want                  string // the result without SDK metadata
	}{
		{"optimized putItem", "arn:aws:states:::dynamodb:putItem",
			`{"TableName": "Orders", "Item": {"id": {"S": "o-1"}, "total": {"N": "12.50"}, "tags": {"SS": ["a", "b"]}, "paid": {"BOOL": false}, "lines": {"L": [{"M": {"sku": {"S": "x"}, "qty": {"N": 2}}}]}, "raw": {"B": "aGk="}, "none": {"NULL": true}}}`,
			`{}`},
		{"optimized getItem", "arn:aws:states:::dynamodb:getItem",
			`{"TableName": "Orders", "Key": {"id": {"S": "o-1"}}}`,
			`{"Item":{"id":{"S":"o-1"},"lines":{"L":[{"M":{"qty":{"N":"2"},"sku":{"S":"x"}}}]},"none":{"NULL":true},"paid":{"BOOL":false},"raw":{"B":"aGk="},"tags":{"SS":["a","b"]},"total":{"N":"12.5"}}}`}, // DynamoDB normalizes numbers
		{"optimized updateItem", "arn:aws:states:::dynamodb:updateItem",
			`{"TableName": "Orders", "Key": {"id": {"S": "o-1"}}, "UpdateExpression": "SET paid = :p", "ExpressionAttributeValues": {":p": {"BOOL": true}}, "ReturnValues": "UPDATED_NEW"}`,
			`{"Attributes":{"paid":{"BOOL":true}}}`},
		{"aws-sdk getItem", "arn:aws:states:::aws-sdk:dynamodb:getItem",
			`{"TableName": "Orders", "Key": {"id": {"S": "o-1"}}, "ProjectionExpression": "paid", "ConsistentRead": true}`,
			`{"Item":{"paid":{"BOOL":true}}}`},
		{"aws-sdk putItem", "arn:aws:states:::aws-sdk:dynamodb:putItem",
			`{"TableName": "Orders", "Item": {"id": {"S": "o-2"}}, "ReturnConsumedCapacity": "TOTAL"}`,
			`{"ConsumedCapacity":{"CapacityUnits":1,"TableName":"Orders"}}`},
		{"optimized deleteItem", "arn:aws:states:::dynamodb:deleteItem",
			`{"TableName": "Orders", "Key": {"id": {"S": "o-2"}}, "ReturnValues": "ALL_OLD"}`,
			`{"Attributes":{"id":{"S":"o-2"}}}`},
		{"aws-sdk getItem of a deleted item", "arn:aws:states:::aws-sdk:dynamodb:getItem",
			`{"TableName": "Orders", "Key": {"id": {"S": "o-2"}}}`,
			`{}`},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			out := output(t, a, s.resource, s.input)
			require.Equal(t, s.want, without(t, out, metadata, "SdkResponseMetadata"))
			if s.resource[len("arn:aws:states:::"):][:7] == "aws-sdk" {
				require.NotContains(t, out, metadata, "aws-sdk results have no SDK metadata")
				return
			}
			require.Regexp(t, `"SdkHttpMetadata":\{"AllHttpHeaders":\{.*"x-amzn-RequestId":\["\w+"\].*\},"HttpHeaders":\{.*"HttpStatusCode":200\},"SdkResponseMetadata":\{"RequestId":"\w+"\}`, out)
		})
	}

	// The causes AWS recorded for the same calls (conformance cases
	// errors/test_invalid_param, test_dynamodb_invalid_param,
	// test_dynamodb_put_item_no_such_table, test_put_item_invalid_table_name),
	// with the request ID replaced by <request_id>.
	errorsTests := []struct {
		name, resource, input string
		want                  states.Error
	}{
		{"optimized conditional check", "arn:aws:states:::dynamodb:putItem",
			`{"TableName": "Orders", "Item": {"id": {"S": "o-1"}}, "ConditionExpression": "attribute_not_exists(id)"}`,
			states.Error{Name: "DynamoDB.ConditionalCheckFailedException", Cause: "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: <request_id>; Proxy: null)"}},
		{"aws-sdk conditional check", "arn:aws:states:::aws-sdk:dynamodb:updateItem",
			`{"TableName": "Orders", "Key": {"id": {"S": "o-1"}}, "UpdateExpression": "SET paid = :p", "ConditionExpression": "paid = :p", "ExpressionAttributeValues": {":p": {"BOOL": false}}}`,
			states.Error{Name: "DynamoDb.ConditionalCheckFailedException", Cause: "The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: <request_id>)"}},
		{"optimized missing item", "arn:aws:states:::dynamodb:putItem",
			`{"TableName": "Orders", "Item": null}`,
			states.Error{Name: "DynamoDB.AmazonDynamoDBException", Cause: "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: <request_id>; Proxy: null)"}},
		{"aws-sdk missing item", "arn:aws:states:::aws-sdk:dynamodb:putItem",
			`{"TableName": "Orders"}`,
			states.Error{Name: "DynamoDb.DynamoDbException", Cause: "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null (Service: DynamoDb, Status Code: 400, Request ID: <request_id>)"}},
		{"aws-sdk no such table", "arn:aws:states:::aws-sdk:dynamodb:putItem",
			`{"TableName": "Nope", "Item": {"id": {"S": "1"}}}`,
			states.Error{Name: "DynamoDb.ResourceNotFoundException", Cause: "Requested resource not found (Service: DynamoDb, Status Code: 400, Request ID: <request_id>)"}},
		{"optimized invalid table name", "arn:aws:states:::dynamodb:putItem",
			`{"TableName": "/<test-table>", "Item": {"id": {"S": "1"}}}`,
			states.Error{Name: "DynamoDB.AmazonDynamoDBException", Cause: "1 validation error detected: Value '/<test-table>' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: <request_id>; Proxy: null)"}},
		{"bad attribute value", "arn:aws:states:::dynamodb:getItem",
			`{"TableName": "Orders", "Key": {"id": {"X": "1"}}}`,
			states.Error{Name: states.ErrTaskFailed, Cause: `invalid parameters for arn:aws:states:::dynamodb:getItem: Key.id: unknown DynamoDB attribute type "X"; expected one of S, N, B, SS, NS, BS, M, L, NULL, BOOL`}},
	}
	requestID := regexp.MustCompile(`Request ID: \w+`)
	for _, tt := range errorsTests {
		t.Run(tt.name, func(t *testing.T) {
			se := taskError(t, a, tt.resource, tt.input)
			se.Cause = requestID.ReplaceAllString(se.Cause, "Request ID: <request_id>")
			require.Equal(t, tt.want, *se)
		})
	}
}
