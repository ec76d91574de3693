package awstest_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/aws/awstest"
)

func TestStartS3(t *testing.T) {
	cfg, client := awstest.StartS3(t)
	require.Equal(t, awstest.Region, cfg.Region)
	awstest.CreateBucket(t, client, "bucket")
	out, err := client.ListBuckets(context.Background(), &s3.ListBucketsInput{})
	require.NoError(t, err)
	require.Len(t, out.Buckets, 1)
}

func TestStartDynamoDB(t *testing.T) {
	_, client := awstest.StartDynamoDB(t)
	awstest.CreateTable(t, client, "Things", "pk")
	out, err := client.ListTables(context.Background(), &dynamodb.ListTablesInput{})
	require.NoError(t, err)
	require.Equal(t, []string{"Things"}, out.TableNames)
}
