package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// zeros is an endless input, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func writeDef(t *testing.T, def string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "def.asl.json")
	require.NoError(t, os.WriteFile(file, []byte(def), 0o644))
	return file
}

// TestRunInterrupted: Ctrl-C (the context cancelled by SIGINT) aborts the
// execution, which ends with ExecutionAborted and status ABORTED, exit 130.
func TestRunInterrupted(t *testing.T) {
	def := writeDef(t, `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}`)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	var out, errOut bytes.Buffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"run", def, "--history"}, strings.NewReader(""), &out, &errOut) }()
	select {
	case code := <-done:
		require.Equal(t, exitAborted, code, errOut.String())
	case <-time.After(10 * time.Second):
		t.Fatal("gostates run did not end after the interrupt")
	}
	require.Empty(t, out.String())
	require.Contains(t, errOut.String(), `"Status":"ABORTED"`)
	require.Contains(t, errOut.String(), `"type": "ExecutionAborted"`)
}

// TestRunInputCapped: an endless input (/dev/zero, a runaway pipe) is refused
// once it passes 256 KiB, without reading on.
func TestRunInputCapped(t *testing.T) {
	def := writeDef(t, `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"run", def, "--input", "-"}, zeros{}, &out, &errOut)
	require.Equal(t, 2, code)
	require.Contains(t, errOut.String(), "the input is larger than 262144 bytes")

	if _, err := os.Stat("/dev/zero"); err == nil {
		errOut.Reset()
		code = run(context.Background(), []string{"run", def, "--input", "/dev/zero"}, strings.NewReader(""), &out, &errOut)
		require.Equal(t, 2, code)
		require.Contains(t, errOut.String(), "/dev/zero: the input is larger than 262144 bytes")
	}
}

// TestRunHistoryIsJSON: the streamed history is one JSON array of events.
func TestRunHistoryIsJSON(t *testing.T) {
	for _, tc := range []struct {
		name, def string
		events    int
	}{
		{"pass", `{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}`, 4},
		{"fail", `{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}`, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			run(context.Background(), []string{"run", writeDef(t, tc.def), "--history"}, strings.NewReader(""), &out, &errOut)
			text := errOut.String()
			end := strings.LastIndex(text, "]\n")
			require.Positive(t, end, text)
			var events []map[string]any
			require.NoError(t, json.Unmarshal([]byte(text[:end+1]), &events), text)
			require.Len(t, events, tc.events)
			require.Equal(t, "ExecutionStarted", events[0]["type"])
		})
	}
}

// TestDefinitionsCapped: a definition over 1 MiB, or an endless one, is
// refused without being read on: invalid for validate (exit 1), a usage
// error for run (exit 2).
func TestDefinitionsCapped(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"validate", "-"}, zeros{}, &out, &errOut)
	require.Equal(t, 1, code, errOut.String())
	require.Contains(t, out.String()+errOut.String(), "1 MiB")

	if _, err := os.Stat("/dev/zero"); err == nil {
		out.Reset()
		errOut.Reset()
		code = run(context.Background(), []string{"validate", "/dev/zero"}, strings.NewReader(""), &out, &errOut)
		require.Equal(t, 1, code, errOut.String())
		require.Contains(t, out.String()+errOut.String(), "1 MiB")
		errOut.Reset()
		code = run(context.Background(), []string{"run", "/dev/zero"}, strings.NewReader(""), &out, &errOut)
		require.Equal(t, 2, code)
		require.Contains(t, errOut.String(), "1 MiB")
	}
}
