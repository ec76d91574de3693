package aws_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/integrations/aws/awstest"
	"github.com/gostates/gostates/states"
)

func TestUnsupportedResources(t *testing.T) {
	a := aws.New(awstest.Config("http://127.0.0.1:1"))
	tests := []struct{ resource, cause string }{
		{"arn:aws:states:::aws-sdk:secretsmanager:listSecrets", "gostates cannot run resource arn:aws:states:::aws-sdk:secretsmanager:listSecrets: aws-sdk integrations are supported for dynamodb, eventbridge, lambda, s3, sns, sqs"},
		{"arn:aws:states:::aws-sdk:s3:options", `gostates cannot run resource arn:aws:states:::aws-sdk:s3:options: the S3 API has no action "options"`},
		{"arn:aws:states:::glue:startJobRun", "gostates cannot run resource arn:aws:states:::glue:startJobRun: supported optimized integrations are dynamodb:deleteItem, dynamodb:getItem, dynamodb:putItem, dynamodb:updateItem, events:putEvents, lambda:invoke, s3:getObject, s3:listObjectsV2, s3:putObject, sns:publish, sqs:sendMessage"},
		{"arn:aws:states:::states:startExecution.sync:2", "gostates cannot run resource arn:aws:states:::states:startExecution.sync:2: the .sync integration pattern is not supported for this resource"},
		{"arn:aws:states:us-east-1:123456789012:activity:approve", "gostates cannot run resource arn:aws:states:us-east-1:123456789012:activity:approve: it is not an AWS service integration or Lambda function"},
		{"my-handler", "gostates cannot run resource my-handler: it is not an AWS service integration or Lambda function"},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			se := taskError(t, a, tt.resource, `{}`)
			require.Equal(t, states.Error{Name: states.ErrTaskFailed, Cause: tt.cause}, *se)
		})
	}
}
