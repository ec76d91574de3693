package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
)

// gostates runs the CLI from the repository root, as the README's commands
// are written, and returns the exit code and both outputs.
func gostates(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(filepath.Join("..", "..")))
	defer func() { require.NoError(t, os.Chdir(wd)) }()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestReadmeRunCommand is the README's first command: the saga whose
// payment fails, so the compensation runs and the execution fails.
func TestReadmeRunCommand(t *testing.T) {
	code, stdout, stderr := gostates(t, "run", "examples/saga/saga.asl.json", "--input", "examples/saga/input.json",
		"--mocks", "examples/saga/mocks.json", "--fast", "--history")
	require.Equal(t, 1, code, stderr)
	require.Empty(t, stdout)
	require.Contains(t, stderr, `"type": "TaskFailed"`)
	require.Contains(t, stderr, `{"Cause":"The booking was cancelled.","Error":"BookingFailed","Status":"FAILED"}`)
}

func TestRunCommand(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "bench")); err != nil {
		t.Skip("../shared/bench not found")
	}
	code, stdout, stderr := gostates(t, "run", "--input", `{"i":0,"n":3}`, "../shared/bench/loop.asl.json")
	require.Equal(t, 0, code, stderr)
	require.JSONEq(t, `{"i":3,"n":3}`, stdout)

	code, _, stderr = gostates(t, "run", "examples/saga/saga.asl.json", "--input", "nope.json")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "nope.json")

	code, _, stderr = gostates(t, "run")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "usage: gostates run")

	bad := filepath.Join(t.TempDir(), "bad.asl.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}`), 0o644))
	code, _, stderr = gostates(t, "run", bad)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, bad+":1:")
	require.Contains(t, stderr, `/States/A/Next: "B" is not a state of this state machine`)
}

// TestRunLocalS3 runs examples/map-fanout offline: the in-process S3 serves
// a copy of its folder and the run's result files are saved into it.
func TestRunLocalS3(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "examples", "map-fanout", "s3"))))
	code, stdout, stderr := gostates(t, "run", "examples/map-fanout/map-fanout.asl.json", "--input", "examples/map-fanout/input.json", "--local-s3", dir)
	require.Equal(t, 0, code, stderr)
	out, err := jsonv.Decode([]byte(stdout))
	require.NoError(t, err)
	key := out.(map[string]any)["checked"].(map[string]any)["ResultWriterDetails"].(map[string]any)["Key"].(string)
	manifest, err := os.ReadFile(filepath.Join(dir, "orders", filepath.FromSlash(key)))
	require.NoError(t, err, stderr)
	require.Contains(t, string(manifest), `"DestinationBucket":"orders"`)
	require.Contains(t, stderr, "wrote "+filepath.Join(dir, "orders", filepath.FromSlash(key)))
}

// TestTestCommand runs every test case of the saga's Step Functions Local
// MockConfigFile.
func TestTestCommand(t *testing.T) {
	code, stdout, stderr := gostates(t, "test", "--definition", "examples/saga/saga.asl.json", "--input", "examples/saga/input.json", "examples/saga/MockConfigFile.json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "HappyPath: SUCCEEDED")
	require.Contains(t, stdout, "ReservationBusyThenPaymentDeclined: FAILED BookingFailed")
	require.Contains(t, stdout, "ReservationNeverSucceeds: FAILED BookingFailed")
}

func TestConformanceCommand(t *testing.T) {
	code, stdout, stderr := gostates(t, "conformance", "conformance/testdata/cases/own")
	require.Equal(t, 0, code, stderr)
	require.True(t, strings.HasSuffix(strings.TrimSpace(stdout), "2 passed, 0 failed"), stdout)
}

func TestBenchCommand(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "bench")); err != nil {
		t.Skip("../shared/bench not found")
	}
	code, stdout, stderr := gostates(t, "bench", "-runs", "1", "loop")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "transitions/s")
	require.Contains(t, stdout, "loop")
}

// TestRunNestedStateMachine runs a parent that starts a child with
// states:startExecution.sync:2; the child's task is mocked.
func TestRunNestedStateMachine(t *testing.T) {
	code, stdout, stderr := gostates(t, "run", "examples/nested/run-job.asl.json", "--input", "examples/nested/run-job.input.json",
		"--state-machine", "OrderJob=examples/nested/job.asl.json", "--mocks", "examples/nested/mocks.json", "--fast")
	require.Equal(t, 0, code, stderr)
	out, err := jsonv.Decode([]byte(stdout))
	require.NoError(t, err)
	m := out.(map[string]any)
	require.Equal(t, "SUCCEEDED", m["status"])
	require.True(t, jsonv.Equal(map[string]any{"orderId": "o-42", "parcels": 2, "status": "SHIPPED"}, m["shipment"]), stdout)

	code, _, stderr = gostates(t, "run", "examples/nested/run-job.asl.json", "--state-machine", "OrderJob=nope.asl.json")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "nope.asl.json")
}
