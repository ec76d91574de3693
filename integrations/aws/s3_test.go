package aws_test

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/integrations/aws/awstest"
	"github.com/gostates/gostates/states"
)

func startS3(t *testing.T, opts ...aws.Option) (*aws.Adapter, *s3.Client) {
	cfg, client := awstest.StartS3(t)
	awstest.CreateBucket(t, client, "bucket")
	return aws.New(cfg, append([]aws.Option{aws.WithS3Options(awstest.PathStyle)}, opts...)...), client
}

func getObject(t *testing.T, client *s3.Client, key string) string {
	t.Helper()
	out, err := client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: sdkaws.String("bucket"), Key: sdkaws.String(key)})
	require.NoError(t, err)
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	require.NoError(t, err)
	return string(data)
}

func TestS3PutObject(t *testing.T) {
	a, client := startS3(t)
	tests := []struct {
		resource, body, stored string
	}{
		{"arn:aws:states:::s3:putObject", `"text data"`, "text data"},
		{"arn:aws:states:::s3:putObject", `{"Dict": "Value"}`, `{"Dict":"Value"}`},
		{"arn:aws:states:::aws-sdk:s3:putObject", `0`, `0`},
		{"arn:aws:states:::aws-sdk:s3:putObject", `true`, `true`},
		{"arn:aws:states:::aws-sdk:s3:putObject", `[1, "a<b"]`, `[1,"a<b"]`},
	}
	for i, tt := range tests {
		t.Run(tt.resource+" "+tt.body, func(t *testing.T) {
			key := fmt.Sprintf("key-%d", i)
			out := output(t, a, tt.resource, `{"Bucket": "bucket", "Key": "`+key+`", "Body": `+tt.body+`}`)
			require.Regexp(t, `^\{"ETag":"\\"[0-9a-f]{32}\\""`, out)
			require.Equal(t, tt.stored, getObject(t, client, key))
		})
	}
}

func TestS3GetObject(t *testing.T) {
	a, client := startS3(t)
	_, err := client.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: sdkaws.String("bucket"), Key: sdkaws.String("data.csv"),
		Body: strings.NewReader("a,b\n1,2\n"), ContentType: sdkaws.String("text/csv"),
	})
	require.NoError(t, err)
	for _, resource := range []string{"arn:aws:states:::s3:getObject", "arn:aws:states:::aws-sdk:s3:getObject"} {
		t.Run(resource, func(t *testing.T) {
			resp, err := invoke(t, a, resource, `{"Bucket": "bucket", "Key": "data.csv"}`)
			require.NoError(t, err)
			out := resp.Output.(map[string]any)
			require.Equal(t, "a,b\n1,2\n", out["Body"])
			require.Equal(t, "text/csv", out["ContentType"])
			require.EqualValues(t, "8", out["ContentLength"])
			require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`, out["LastModified"])
			require.NotContains(t, out, "ResultMetadata")
		})
	}
}

func TestS3MaxBodyBytes(t *testing.T) {
	cfg, client := awstest.StartS3(t)
	awstest.CreateBucket(t, client, "bucket")
	_, err := client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: sdkaws.String("bucket"), Key: sdkaws.String("big"), Body: strings.NewReader("0123456789")})
	require.NoError(t, err)
	a := aws.New(cfg, aws.WithS3Options(awstest.PathStyle), aws.WithMaxBodyBytes(4))
	se := taskError(t, a, "arn:aws:states:::s3:getObject", `{"Bucket": "bucket", "Key": "big"}`)
	require.Equal(t, states.ErrDataLimitExceeded, se.Name)
	require.Contains(t, se.Cause, "larger than 4 bytes")
}

func TestS3ListObjectsV2(t *testing.T) {
	a, client := startS3(t)
	for i := range 5 {
		_, err := client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: sdkaws.String("bucket"), Key: sdkaws.String(fmt.Sprintf("in/%d.json", i)), Body: strings.NewReader(`{"n":` + fmt.Sprint(i) + `}`)})
		require.NoError(t, err)
	}
	_, err := client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: sdkaws.String("bucket"), Key: sdkaws.String("other"), Body: strings.NewReader("x")})
	require.NoError(t, err)

	t.Run("optimized reads every page", func(t *testing.T) {
		resp, err := invoke(t, a, "arn:aws:states:::s3:listObjectsV2", `{"Bucket": "bucket", "Prefix": "in/", "MaxKeys": 2}`)
		require.NoError(t, err)
		contents := resp.Output.(map[string]any)["Contents"].([]any)
		require.Len(t, contents, 5)
		for i, c := range contents {
			obj := c.(map[string]any)
			require.Equal(t, fmt.Sprintf("in/%d.json", i), obj["Key"])
			require.EqualValues(t, "7", obj["Size"])
			require.Regexp(t, `^"[0-9a-f]{32}"$`, obj["ETag"])
			require.NotContains(t, obj, "StorageClass", "gofakes3 sends none")
			require.IsType(t, "", obj["LastModified"])
		}
	})
	t.Run("aws-sdk returns one page", func(t *testing.T) {
		resp, err := invoke(t, a, "arn:aws:states:::aws-sdk:s3:listObjectsV2", `{"Bucket": "bucket", "Prefix": "in/", "MaxKeys": 2}`)
		require.NoError(t, err)
		out := resp.Output.(map[string]any)
		require.Len(t, out["Contents"], 2)
		require.Equal(t, true, out["IsTruncated"])
		require.NotEmpty(t, out["NextContinuationToken"])
	})
	t.Run("empty prefix", func(t *testing.T) {
		require.Equal(t, `{"Contents":[]}`, output(t, a, "arn:aws:states:::s3:listObjectsV2", `{"Bucket": "bucket", "Prefix": "none/"}`))
	})
}

func TestS3Errors(t *testing.T) {
	a, _ := startS3(t)
	requestIDs := regexp.MustCompile(`Request ID: [^,)]*`)
	// gofakes3 sends no message with NoSuchKey; Java, and so Step
	// Functions, print the missing message as "null" (AWS sends "The
	// specified key does not exist.").
	tests := []struct {
		name, resource, input string
		want                  *states.Error
	}{
		{
			name:     "aws-sdk NoSuchKey",
			resource: "arn:aws:states:::aws-sdk:s3:getObject",
			input:    `{"Bucket": "bucket", "Key": "no_such_key.json"}`,
			want:     &states.Error{Name: "S3.NoSuchKeyException", Cause: "null (Service: S3, Status Code: 404, Request ID: X, Extended Request ID: X)"},
		},
		{
			name:     "optimized getObject NoSuchKey",
			resource: "arn:aws:states:::s3:getObject",
			input:    `{"Bucket": "bucket", "Key": "missing"}`,
			want:     &states.Error{Name: "S3.NoSuchKeyException", Cause: "null (Service: S3, Status Code: 404, Request ID: X, Extended Request ID: X)"},
		},
		{
			name:     "NoSuchBucket",
			resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
			input:    `{"Bucket": "nope"}`,
			want:     &states.Error{Name: "S3.NoSuchBucketException", Cause: "The specified bucket does not exist (Service: S3, Status Code: 404, Request ID: X, Extended Request ID: X)"},
		},
		{
			name:     "unknown action",
			resource: "arn:aws:states:::aws-sdk:s3:fooBar",
			input:    `{}`,
			want:     &states.Error{Name: states.ErrTaskFailed, Cause: `gostates cannot run resource arn:aws:states:::aws-sdk:s3:fooBar: the S3 API has no action "fooBar"`},
		},
		{
			name:     "unknown parameter",
			resource: "arn:aws:states:::aws-sdk:s3:getObject",
			input:    `{"Bucket": "bucket", "Keys": "k"}`,
			want:     &states.Error{Name: states.ErrTaskFailed, Cause: "invalid parameters for arn:aws:states:::aws-sdk:s3:getObject: unknown field \"Keys\"; GetObjectInput has "},
		},
		{
			name:     "mistyped parameter",
			resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
			input:    `{"Bucket": "bucket", "MaxKeys": "ten"}`,
			want:     &states.Error{Name: states.ErrTaskFailed, Cause: `invalid parameters for arn:aws:states:::aws-sdk:s3:listObjectsV2: MaxKeys: expected an integer, not "ten"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			se := taskError(t, a, tt.resource, tt.input)
			se.Cause = requestIDs.ReplaceAllString(se.Cause, "Request ID: X")
			if strings.HasSuffix(tt.want.Cause, " has ") {
				require.Equal(t, tt.want.Name, se.Name)
				require.True(t, strings.HasPrefix(se.Cause, tt.want.Cause), se.Cause)
				return
			}
			require.Equal(t, tt.want, se)
		})
	}
}

func TestS3Cancelled(t *testing.T) {
	a, _ := startS3(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := invokeCtx(ctx, t, a, "arn:aws:states:::s3:getObject", `{"Bucket": "bucket", "Key": "k"}`)
	require.ErrorIs(t, err, context.Canceled)
}
