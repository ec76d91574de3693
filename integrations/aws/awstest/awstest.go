// Package awstest starts AWS emulators for tests: an in-process S3
// (gofakes3 with its memory backend) and DynamoDB (dynalite, run with
// Node.js from the npm package pinned in integrations/aws/testdata/emulators).
// Each returns an aws.Config whose BaseEndpoint reaches the emulator, with
// static test credentials, and a client for setting up fixtures. Emulators
// stop when the test ends.
package awstest

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Region is the region of the configs awstest returns.
const Region = "us-east-1"

// Config returns an aws.Config for an emulator at url, with static test
// credentials.
func Config(url string) aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
	}
}

// PathStyle makes an S3 client address buckets in the path, as the S3
// emulator needs: pass it to s3.NewFromConfig or aws.WithS3Options.
func PathStyle(o *s3.Options) { o.UsePathStyle = true }

// StartS3 starts an in-process S3 server with an empty in-memory store.
// Clients of the returned config need PathStyle; the returned client has
// it.
func StartS3(t testing.TB) (aws.Config, *s3.Client) {
	t.Helper()
	faker := gofakes3.New(s3mem.New(), gofakes3.WithLogger(gofakes3.DiscardLog()))
	srv := httptest.NewServer(faker.Server())
	t.Cleanup(srv.Close)
	cfg := Config(srv.URL)
	return cfg, s3.NewFromConfig(cfg, PathStyle)
}

// CreateBucket creates a bucket and fails the test if it cannot.
func CreateBucket(t testing.TB, client *s3.Client, bucket string) {
	t.Helper()
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("creating bucket %s: %v", bucket, err)
	}
}
