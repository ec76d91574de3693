package examples_test

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	awsint "github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/integrations/aws/awstest"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
)

// TestMapFanoutDistributed runs examples/map-fanout end to end against a
// real (in-process) S3 server through aws-sdk-go-v2: the Distributed Map
// reads the CSV with ItemReader, batches two lines per child execution,
// tolerates the batch with a too-large quantity (2 of 8 items = 25%), and
// the ResultWriter writes the manifest and result files back to S3.
func TestMapFanoutDistributed(t *testing.T) {
	dir := filepath.Join("map-fanout")
	cfg, client := awstest.StartS3(t)
	awstest.CreateBucket(t, client, "orders")
	csv := readFile(t, filepath.Join(dir, "s3", "orders", "2026-11", "lines.csv"))
	ctx := context.Background()
	_, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("orders"), Key: aws.String("2026-11/lines.csv"), Body: strings.NewReader(string(csv))})
	require.NoError(t, err)

	reg := integrations.NewRegistry()
	reg.SetFallback(awsint.New(cfg, awsint.WithS3Options(awstest.PathStyle)))
	var n atomic.Int64
	eng := interpreter.New(interpreter.Options{
		Integrations:     reg,
		Clock:            interpreter.NewFakeClock(start),
		NewUUID:          func() string { return "id-" + strconv.FormatInt(n.Add(1), 10) },
		StateMachineName: "Orders",
	})
	res, x, err := eng.Execute(ctx, load(t, filepath.Join(dir, "map-fanout.asl.json")), readFile(t, filepath.Join(dir, "input.json")), interpreter.WithName("run-1"))
	require.NoError(t, err)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)

	checked := res.Output.(map[string]any)["checked"].(map[string]any)
	mapRunArn := checked["MapRunArn"].(string)
	require.True(t, strings.HasPrefix(mapRunArn, "arn:aws:states:us-east-1:123456789012:mapRun:Orders/CheckOrderLines:"), mapRunArn)
	details := checked["ResultWriterDetails"].(map[string]any)
	require.Equal(t, "orders", details["Bucket"])
	manifestKey := details["Key"].(string)
	require.True(t, strings.HasPrefix(manifestKey, "results/") && strings.HasSuffix(manifestKey, "/manifest.json"), manifestKey)

	get := func(key string) any {
		out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("orders"), Key: aws.String(key)})
		require.NoError(t, err, key)
		defer out.Body.Close()
		data, err := io.ReadAll(out.Body)
		require.NoError(t, err)
		v, err := jsonv.Decode(data)
		require.NoError(t, err, key)
		return v
	}
	manifest := get(manifestKey).(map[string]any)
	require.Equal(t, "orders", manifest["DestinationBucket"])
	require.Equal(t, mapRunArn, manifest["MapRunArn"])
	files := manifest["ResultFiles"].(map[string]any)
	succeeded := files["SUCCEEDED"].([]any)
	failed := files["FAILED"].([]any)
	require.Len(t, succeeded, 1)
	require.Len(t, failed, 1)

	var lines []string
	for _, rec := range get(succeeded[0].(map[string]any)["Key"].(string)).([]any) {
		r := rec.(map[string]any)
		require.Equal(t, "SUCCEEDED", r["Status"])
		out, err := jsonv.Decode([]byte(r["Output"].(string)))
		require.NoError(t, err)
		for _, l := range out.([]any) {
			lines = append(lines, l.(map[string]any)["line"].(string))
		}
	}
	require.ElementsMatch(t, []string{"3 x apple (EUR)", "1 x pear (EUR)", "7 x kiwi (EUR)", "2 x lime (EUR)", "4 x mango (EUR)", "9 x peach (EUR)"}, lines)

	failures := get(failed[0].(map[string]any)["Key"].(string)).([]any)
	require.Len(t, failures, 1)
	f := failures[0].(map[string]any)
	require.Equal(t, "FAILED", f["Status"])
	require.Equal(t, "QuantityTooLarge", f["Error"])
	require.Equal(t, "500 x fig exceeds 100", f["Cause"])

	var types []string
	for _, ev := range x.History() {
		if strings.HasPrefix(ev.Type, "MapRun") {
			types = append(types, ev.Type)
		}
	}
	require.Equal(t, []string{"MapRunStarted", "MapRunSucceeded"}, types)
}
