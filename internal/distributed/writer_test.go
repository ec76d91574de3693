package distributed

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

const (
	testMapRunArn  = "arn:aws:states:us-east-2:123456789012:mapRun:csvProcess/Map:ad9b5f27-090b-3ac6-9beb-243cd77144a7"
	testMachineArn = "arn:aws:states:us-east-2:123456789012:stateMachine:csvProcess/Map"
)

func child(i int, status string) ChildResult {
	name := []string{"da4e9fc7-abab-3b27-9a77-a277e463b709", "5a2e8c41-0f7b-3d55-b0a2-77e1c6f1a9e0", "0c4f1d7e-3a9b-3c8e-9e1f-2b6a7d5c4e3f", "9b8a7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4", "17a2b3c4-d5e6-3f70-8a9b-0c1d2e3f4a5b", "6e5d4c3b-2a19-3087-b6a5-f4e3d2c1b0a9"}[i]
	start := time.Date(2025, 2, 4, 18, 59, 49, 917_000_000+i*1_000_000, time.UTC)
	r := ChildResult{
		Status:          status,
		ExecutionArn:    "arn:aws:states:us-east-2:123456789012:execution:csvProcess/Map:" + name,
		Name:            name,
		StateMachineArn: testMachineArn,
		Input:           map[string]any{"customer_id": "14553" + string(rune('0'+i)), "order_id": json.Number("10000" + string(rune('0'+i)))},
		StartDate:       start,
		StopDate:        start.Add(164 * time.Millisecond),
	}
	switch status {
	case StatusSucceeded:
		r.Output = map[string]any{"order_id": r.Input.(map[string]any)["order_id"], "status": "shipped", "lines": []any{json.Number("1"), json.Number("2")}}
	case StatusFailed:
		r.Error, r.Cause = "OrderNotFound", "No order 1000"+string(rune('0'+i))
	case StatusTimedOut:
		r.Error, r.Cause = "States.Timeout", ""
	case StatusAborted:
		r.Error, r.Cause = "", ""
	case StatusPending:
		r = ChildResult{Status: StatusPending, Input: r.Input}
	}
	return r
}

func mixedResults() []ChildResult {
	return []ChildResult{
		child(0, StatusSucceeded),
		child(1, StatusFailed),
		child(2, StatusSucceeded),
		child(3, StatusTimedOut),
		child(4, StatusAborted),
		child(5, StatusPending),
	}
}

// goldenBucket compares every object in the bucket, and the Map state's
// result, with the files under testdata/results/<name>/.
func goldenBucket(t *testing.T, name string, s3 *memS3, bucket string, result any) {
	t.Helper()
	dir := filepath.Join("testdata", "results", name)
	got := map[string]string{"result.json": jsonv.String(result) + "\n"}
	for _, key := range s3.keys(bucket) {
		body, _ := s3.get(bucket, key)
		got[filepath.Join("objects", key)] = body
	}
	if *update {
		require.NoError(t, os.RemoveAll(dir))
		for rel, body := range got {
			path := filepath.Join(dir, rel)
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
		}
		return
	}
	want := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		want[rel] = string(b)
		return err
	})
	require.NoError(t, err, "missing golden files; run go test -update")
	require.Equal(t, want, got)
}

func TestWriteResultsGolden(t *testing.T) {
	results := mixedResults()
	tests := []struct {
		name   string
		params map[string]any
		cfg    WriterConfig
		input  []ChildResult
	}{
		{name: "none_json", params: map[string]any{"Bucket": "amzn-s3-demo-destination-bucket", "Prefix": "csvProcessJobs"}, input: results},
		{name: "prefix_with_slash", params: map[string]any{"Bucket": "out", "Prefix": "jobs/2025/"}, input: results[:1]},
		{name: "no_prefix", params: map[string]any{"Bucket": "out"}, input: results[:1]},
		{name: "empty_run", params: map[string]any{"Bucket": "out", "Prefix": "p"}},
		{name: "split_files", params: map[string]any{"Bucket": "out", "Prefix": "p"}, cfg: WriterConfig{MaxFileBytes: 1000},
			input: []ChildResult{child(0, StatusSucceeded), child(2, StatusSucceeded), child(1, StatusFailed), child(0, StatusSucceeded), child(2, StatusSucceeded)}},
		{name: "compact_json", params: map[string]any{"Bucket": "out", "Prefix": "p"}, cfg: WriterConfig{Transformation: "COMPACT"}, input: results},
		{name: "flatten_jsonl", params: map[string]any{"Bucket": "out", "Prefix": "p"}, cfg: WriterConfig{Transformation: "FLATTEN", OutputType: "JSONL"}, input: results},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s3 := newMemS3()
			out, err := WriteResults(context.Background(), s3, tt.cfg, ResourcePutObject, tt.params, testMapRunArn, tt.input)
			require.NoError(t, err)
			goldenBucket(t, tt.name, s3, tt.params["Bucket"].(string), out)
			// The manifest is written last, and lists exactly the other objects.
			require.Equal(t, "putObject", s3.calls[len(s3.calls)-1])
			key := out.(map[string]any)["ResultWriterDetails"].(map[string]any)["Key"].(string)
			body, ok := s3.get(tt.params["Bucket"].(string), key)
			require.True(t, ok)
			m, err := jsonv.Decode([]byte(body))
			require.NoError(t, err)
			listed := 0
			for _, files := range m.(map[string]any)["ResultFiles"].(map[string]any) {
				for _, f := range files.([]any) {
					f := f.(map[string]any)
					obj, ok := s3.get(tt.params["Bucket"].(string), f["Key"].(string))
					require.True(t, ok)
					require.Equal(t, json.Number(jsonv.String(len(obj))), f["Size"])
					listed++
				}
			}
			require.Len(t, s3.keys(tt.params["Bucket"].(string)), listed+1)
		})
	}
}

func TestWriteResultsSplitKeepsFilesUnderLimit(t *testing.T) {
	s3 := newMemS3()
	var results []ChildResult
	for i := range 50 {
		results = append(results, child(i%3*2, StatusSucceeded))
	}
	_, err := WriteResults(context.Background(), s3, WriterConfig{MaxFileBytes: 4096}, ResourcePutObject, map[string]any{"Bucket": "b"}, testMapRunArn, results)
	require.NoError(t, err)
	var records []any
	for _, key := range s3.keys("b") {
		body, _ := s3.get("b", key)
		if filepath.Base(key) == "manifest.json" {
			continue
		}
		require.LessOrEqual(t, len(body), 4096, key)
		v, err := jsonv.Decode([]byte(body))
		require.NoError(t, err)
		records = append(records, v.([]any)...)
	}
	require.Len(t, records, 50)
}

func TestRecordDefaults(t *testing.T) {
	r := child(0, StatusSucceeded)
	r.RedriveCount = 2
	r.RedriveStatus, r.RedriveStatusReason = "NOT_REDRIVABLE", "Execution is EXPRESS and cannot be redriven"
	rec := r.Record()
	require.Equal(t, 2, rec["RedriveCount"])
	require.Equal(t, "NOT_REDRIVABLE", rec["RedriveStatus"])
	require.Equal(t, "Execution is EXPRESS and cannot be redriven", rec["RedriveStatusReason"])
	require.Equal(t, "2025-02-04T18:59:49.917Z", rec["StartDate"])
	require.Equal(t, "2025-02-04T18:59:50.081Z", rec["StopDate"])
	require.Equal(t, "2021-01-02T03:04:05.000Z", FormatDate(time.Date(2021, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600))))
}

func TestFormatResults(t *testing.T) {
	results := []ChildResult{
		{Status: StatusSucceeded, Input: "a", Output: []any{json.Number("1"), json.Number("2")}},
		{Status: StatusSucceeded, Input: "b", Output: map[string]any{"k": "v"}},
		{Status: StatusFailed, Input: "c", Error: "E", Cause: "C"},
	}
	compact, err := FormatResults(results, "COMPACT")
	require.NoError(t, err)
	require.JSONEq(t, `[[1,2],{"k":"v"},{"Input":"\"c\"","InputDetails":{"Included":true},"Error":"E","Cause":"C","RedriveCount":0,"RedriveStatus":"REDRIVABLE_BY_MAP_RUN","Status":"FAILED"}]`, jsonv.String(compact))
	flat, err := FormatResults(results, "FLATTEN")
	require.NoError(t, err)
	require.JSONEq(t, `[1,2,{"k":"v"},{"Input":"\"c\"","InputDetails":{"Included":true},"Error":"E","Cause":"C","RedriveCount":0,"RedriveStatus":"REDRIVABLE_BY_MAP_RUN","Status":"FAILED"}]`, jsonv.String(flat))
	none, err := FormatResults(results[1:2], "")
	require.NoError(t, err)
	require.JSONEq(t, `[{"Input":"\"b\"","InputDetails":{"Included":true},"Output":"{\"k\":\"v\"}","OutputDetails":{"Included":true},"RedriveCount":0,"RedriveStatus":"NOT_REDRIVABLE","RedriveStatusReason":"Execution is SUCCEEDED and cannot be redriven","Status":"SUCCEEDED"}]`, jsonv.String(none))
	_, err = FormatResults(results, "SQUASH")
	requireStatesError(t, err, states.ErrResultWriterFailed, `The Transformation "SQUASH" is not supported; use NONE, COMPACT or FLATTEN.`)
}

func TestWriteResultsErrors(t *testing.T) {
	ctx := context.Background()
	params := map[string]any{"Bucket": "out", "Prefix": "p"}
	tests := []struct {
		name     string
		resource string
		params   any
		cfg      WriterConfig
		failPut  string
		cause    string
	}{
		{name: "result file put fails", resource: ResourcePutObject, params: params, failPut: "SUCCEEDED_0.json", cause: "Access Denied (Service: S3, Status Code: 403)"},
		{name: "manifest put fails", resource: ResourcePutObject, params: params, failPut: "manifest.json", cause: "Access Denied (Service: S3, Status Code: 403)"},
		{name: "wrong resource", resource: "arn:aws:states:::s3:getObject", params: params, cause: `The ResultWriter resource "arn:aws:states:::s3:getObject" is not supported; use arn:aws:states:::s3:putObject.`},
		{name: "parameters not an object", resource: ResourcePutObject, params: "out", cause: "The ResultWriter parameters must be a JSON object, but were string."},
		{name: "no bucket", resource: ResourcePutObject, params: map[string]any{"Prefix": "p"}, cause: "The ResultWriter parameters must give the Bucket as a string."},
		{name: "prefix not a string", resource: ResourcePutObject, params: map[string]any{"Bucket": "out", "Prefix": json.Number("1")}, cause: "The ResultWriter Prefix must be a string."},
		{name: "bad output type", resource: ResourcePutObject, params: params, cfg: WriterConfig{OutputType: "CSV"}, cause: `The OutputType "CSV" is not supported; use JSON or JSONL.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s3 := newMemS3()
			s3.failPut = tt.failPut
			_, err := WriteResults(ctx, s3, tt.cfg, tt.resource, tt.params, testMapRunArn, mixedResults())
			requireStatesError(t, err, states.ErrResultWriterFailed, tt.cause)
		})
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := WriteResults(cctx, newMemS3(), WriterConfig{}, ResourcePutObject, params, testMapRunArn, mixedResults())
	require.ErrorIs(t, err, context.Canceled)
}

func TestMapRunID(t *testing.T) {
	require.Equal(t, "ad9b5f27-090b-3ac6-9beb-243cd77144a7", MapRunID(testMapRunArn))
	require.Equal(t, "plain", MapRunID("plain"))
}
