package distributed_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"strconv"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/integrations/aws/awstest"
	"github.com/gostates/gostates/internal/distributed"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// These tests run the package against a real S3-compatible server (gofakes3,
// in process) through the aws-sdk-go-v2 adapter, as a Distributed Map would.

func startS3(t *testing.T) (*aws.Adapter, *s3.Client) {
	t.Helper()
	cfg, client := awstest.StartS3(t)
	awstest.CreateBucket(t, client, "data")
	awstest.CreateBucket(t, client, "results")
	return aws.New(cfg, aws.WithS3Options(awstest.PathStyle)), client
}

func putObject(t *testing.T, client *s3.Client, bucket, key, body string) {
	t.Helper()
	_, err := client.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: sdkaws.String(bucket), Key: sdkaws.String(key), Body: bytes.NewReader([]byte(body)),
	})
	require.NoError(t, err)
}

func getObject(t *testing.T, client *s3.Client, bucket, key string) string {
	t.Helper()
	out, err := client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: sdkaws.String(bucket), Key: sdkaws.String(key)})
	require.NoError(t, err)
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	require.NoError(t, err)
	return string(data)
}

func TestS3ReadItems(t *testing.T) {
	ctx := context.Background()
	a, client := startS3(t)
	putObject(t, client, "data", "in/people.csv", "id;name;note\n1;\"Smith; J\";\"two\nlines\"\n2;Lovelace\n3;Hopper;x;extra\n")
	putObject(t, client, "data", "in/items.json", `[{"n": 1}, {"n": 2.50}, {"n": 3}]`)
	putObject(t, client, "data", "in/items.jsonl", "{\"n\":1}\n\n{\"n\":2}\n")

	tests := []struct {
		name string
		cfg  distributed.ReaderConfig
		key  string
		want string
	}{
		{"csv", distributed.ReaderConfig{InputType: "CSV", CSVDelimiter: "SEMICOLON"}, "in/people.csv",
			`[{"id":"1","name":"Smith; J","note":"two\nlines"},{"id":"2","name":"Lovelace","note":""},{"id":"3","name":"Hopper","note":"x"}]`},
		{"json", distributed.ReaderConfig{InputType: "JSON", MaxItems: 2}, "in/items.json", `[{"n":1},{"n":2.50}]`},
		{"jsonl", distributed.ReaderConfig{InputType: "JSONL"}, "in/items.jsonl", `[{"n":1},{"n":2}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := distributed.ReadItems(ctx, a, tt.cfg, distributed.ResourceGetObject, map[string]any{"Bucket": "data", "Key": tt.key})
			require.NoError(t, err)
			require.Equal(t, tt.want, jsonv.String(items))
		})
	}

	t.Run("listObjectsV2", func(t *testing.T) {
		before := time.Now().Add(-time.Minute).Unix()
		items, err := distributed.ReadItems(ctx, a, distributed.ReaderConfig{}, distributed.ResourceListObjectsV2,
			map[string]any{"Bucket": "data", "Prefix": "in/items"})
		require.NoError(t, err)
		require.Len(t, items, 2)
		for i, key := range []string{"in/items.json", "in/items.jsonl"} {
			item := items[i].(map[string]any)
			require.ElementsMatch(t, []string{"Etag", "Key", "LastModified", "Size", "StorageClass"}, keys(item))
			require.Equal(t, key, item["Key"])
			require.Regexp(t, `^"[0-9a-f]{32}"$`, item["Etag"])
			require.Equal(t, "STANDARD", item["StorageClass"])
			size, err := item["Size"].(json.Number).Int64()
			require.NoError(t, err)
			require.Equal(t, int64(len(getObject(t, client, "data", key))), size)
			lm, err := item["LastModified"].(json.Number).Int64()
			require.NoError(t, err, "LastModified is whole epoch seconds")
			require.GreaterOrEqual(t, lm, before)
		}
	})

	t.Run("missing object", func(t *testing.T) {
		_, err := distributed.ReadItems(ctx, a, distributed.ReaderConfig{}, distributed.ResourceGetObject, map[string]any{"Bucket": "data", "Key": "nope.json"})
		require.Error(t, err)
		require.Equal(t, states.ErrItemReaderFailed, states.As(err).Name)
		require.Contains(t, states.As(err).Cause, "Status Code: 404")
	})
}

func TestS3ReadInventory(t *testing.T) {
	a, client := startS3(t)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte("\"src\",\"a/b.csv\",\"10\"\n\"src\",\"a/c.csv\",\"20\"\n"))
	require.NoError(t, zw.Close())
	putObject(t, client, "data", "inv/files/1.csv.gz", buf.String())
	putObject(t, client, "data", "inv/manifest.json", `{"sourceBucket":"src","destinationBucket":"arn:aws:s3:::data",
		"fileFormat":"CSV","fileSchema":"Bucket, Key, Size","files":[{"key":"inv/files/1.csv.gz","size":1}]}`)
	items, err := distributed.ReadItems(context.Background(), a, distributed.ReaderConfig{InputType: "MANIFEST"},
		distributed.ResourceGetObject, map[string]any{"Bucket": "data", "Key": "inv/manifest.json"})
	require.NoError(t, err)
	require.JSONEq(t, `[{"Bucket":"src","Key":"a/b.csv","Size":"10"},{"Bucket":"src","Key":"a/c.csv","Size":"20"}]`, jsonv.String(items))
}

func TestS3BatchAndWriteResults(t *testing.T) {
	ctx := context.Background()
	a, client := startS3(t)
	csv := "id,qty\n"
	for i := range 25 {
		csv += strconv.Itoa(i) + "," + strconv.Itoa(i*i) + "\n"
	}
	putObject(t, client, "data", "orders.csv", csv)

	items, err := distributed.ReadItems(ctx, a, distributed.ReaderConfig{InputType: "CSV"}, distributed.ResourceGetObject,
		map[string]any{"Bucket": "data", "Key": "orders.csv"})
	require.NoError(t, err)
	require.Len(t, items, 25)
	batches, err := distributed.Batch(items, distributed.BatcherConfig{MaxItemsPerBatch: 10, BatchInput: map[string]any{"run": "r1"}})
	require.NoError(t, err)
	require.Len(t, batches, 3)

	// The children: the first two batches succeed, the third fails.
	start := time.Date(2025, 2, 4, 18, 59, 49, 917e6, time.UTC)
	var results []distributed.ChildResult
	for i, b := range batches {
		r := distributed.ChildResult{
			Status: distributed.StatusSucceeded, Name: "child-" + strconv.Itoa(i),
			ExecutionArn:    "arn:aws:states:us-east-1:123456789012:execution:orders/Map:child-" + strconv.Itoa(i),
			StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:orders/Map",
			Input:           b, StartDate: start, StopDate: start.Add(time.Second),
			Output: map[string]any{"count": json.Number(strconv.Itoa(len(b.(map[string]any)["Items"].([]any))))},
		}
		if i == 2 {
			r.Status, r.Output, r.Error, r.Cause = distributed.StatusFailed, nil, "Boom", "batch 2 failed"
		}
		results = append(results, r)
	}
	tol := distributed.Tolerance{Percentage: 10, HasPercentage: true}
	require.True(t, tol.Exceeded(25, 5), "5 of 25 items failed, more than 10%")

	mapRunArn := "arn:aws:states:us-east-1:123456789012:mapRun:orders/Map:0f1e2d3c-4b5a-3987-a6b5-c4d3e2f1a0b9"
	out, err := distributed.WriteResults(ctx, a, distributed.WriterConfig{}, distributed.ResourcePutObject,
		map[string]any{"Bucket": "results", "Prefix": "runs"}, mapRunArn, results)
	require.NoError(t, err)
	require.JSONEq(t, `{"MapRunArn":"`+mapRunArn+`","ResultWriterDetails":{"Bucket":"results","Key":"runs/0f1e2d3c-4b5a-3987-a6b5-c4d3e2f1a0b9/manifest.json"}}`, jsonv.String(out))

	manifest := getObject(t, client, "results", "runs/0f1e2d3c-4b5a-3987-a6b5-c4d3e2f1a0b9/manifest.json")
	succeeded := getObject(t, client, "results", "runs/0f1e2d3c-4b5a-3987-a6b5-c4d3e2f1a0b9/SUCCEEDED_0.json")
	failed := getObject(t, client, "results", "runs/0f1e2d3c-4b5a-3987-a6b5-c4d3e2f1a0b9/FAILED_0.json")
	require.JSONEq(t, `{"DestinationBucket":"results","MapRunArn":"`+mapRunArn+`","ResultFiles":{
		"FAILED":[{"Key":"runs/0f1e2d3c-4b5a-3987-a6b5-c4d3e2f1a0b9/FAILED_0.json","Size":`+strconv.Itoa(len(failed))+`}],
		"PENDING":[],
		"SUCCEEDED":[{"Key":"runs/0f1e2d3c-4b5a-3987-a6b5-c4d3e2f1a0b9/SUCCEEDED_0.json","Size":`+strconv.Itoa(len(succeeded))+`}]}}`, manifest)

	var records []map[string]any
	require.NoError(t, json.Unmarshal([]byte(succeeded), &records))
	require.Len(t, records, 2)
	require.Equal(t, "child-0", records[0]["Name"])
	require.Equal(t, `{"count":10}`, records[0]["Output"])
	require.Equal(t, "2025-02-04T18:59:49.917Z", records[0]["StartDate"])
	var input map[string]any
	require.NoError(t, json.Unmarshal([]byte(records[1]["Input"].(string)), &input))
	require.Equal(t, map[string]any{"run": "r1"}, input["BatchInput"])
	require.Len(t, input["Items"], 10)
	require.Contains(t, failed, `"Cause":"batch 2 failed","Error":"Boom"`)

	// A bucket that does not exist fails the writer.
	_, err = distributed.WriteResults(ctx, a, distributed.WriterConfig{}, distributed.ResourcePutObject,
		map[string]any{"Bucket": "no-such-bucket"}, mapRunArn, results)
	require.Error(t, err)
	require.Equal(t, states.ErrResultWriterFailed, states.As(err).Name)
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
