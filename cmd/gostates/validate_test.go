package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	validDef    = `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`
	invalidDef  = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}\n  }\n}\n"
	templateDef = `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${Fn}", "End": true}}}`
	callbackDef = `{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": true}}}`
)

// writeFiles writes name → content files into a temporary folder and
// returns their paths by name.
func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		paths[name] = p
	}
	return paths
}

func runValidate(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), append([]string{"validate"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestValidateCommand(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"ok.asl.json":       validDef,
		"bad.asl.json":      invalidDef,
		"template.asl.json": templateDef,
		"callback.asl.json": callbackDef,
		"ok.asl.yaml":       "StartAt: A\nStates:\n  A:\n    Type: Succeed\n",
	})
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"valid files", []string{f["ok.asl.json"], f["ok.asl.yaml"]}, "", 0, "", ""},
		{"invalid file", []string{f["ok.asl.json"], f["bad.asl.json"]}, "", 1,
			f["bad.asl.json"] + ":4:27: /States/A/Next: \"B\" is not a state of this state machine\n", ""},
		{"standard input", []string{"-"}, invalidDef, 1,
			"<stdin>:4:27: /States/A/Next: \"B\" is not a state of this state machine\n", ""},
		{"template without values", []string{f["template.asl.json"]}, "", 0, "", ""},
		{"template with a value", []string{"--sub", "Fn=arn:aws:lambda:us-east-1:123456789012:function:f", f["template.asl.json"]}, "", 0, "", ""},
		{"template with a missing value", []string{"--sub", "Other=x", f["template.asl.json"]}, "", 1,
			f["template.asl.json"] + ":1:51: /States/A/Resource: no value given for placeholder ${Fn}\n", ""},
		{"standard workflow", []string{f["callback.asl.json"]}, "", 0, "", ""},
		{"express workflow", []string{"--type", "EXPRESS", f["callback.asl.json"]}, "", 1,
			f["callback.asl.json"] + ":1:51: /States/A/Resource: Express state machines do not support the '.waitForTaskToken' service integration pattern\n", ""},
		{"missing file", []string{f["ok.asl.json"], filepath.Join(t.TempDir(), "nope.asl.json")}, "", 2, "", "no such file"},
		{"no files", nil, "", 2, "", "usage: gostates validate"},
		{"bad format", []string{"--format", "xml", f["ok.asl.json"]}, "", 2, "", "--format must be text or json"},
		{"bad type", []string{"--type", "FAST", f["ok.asl.json"]}, "", 2, "", "--type must be STANDARD or EXPRESS"},
		{"bad substitution", []string{"--sub", "novalue", f["ok.asl.json"]}, "", 2, "", "want Name=Value"},
		{"stdin twice", []string{"-", "-"}, validDef, 2, "", "only once"},
		{"help", []string{"-h"}, "", 0, "", "usage: gostates validate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runValidate(t, tc.stdin, tc.args...)
			require.Equal(t, tc.wantCode, code, "stdout: %s\nstderr: %s", stdout, stderr)
			require.Equal(t, tc.wantStdout, stdout)
			if tc.wantStderr == "" {
				require.Empty(t, stderr)
			} else {
				require.Contains(t, stderr, tc.wantStderr)
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	f := writeFiles(t, map[string]string{"ok.asl.json": validDef, "bad.asl.json": invalidDef})
	code, stdout, stderr := runValidate(t, "", "--format", "json", f["ok.asl.json"], f["bad.asl.json"])
	require.Equal(t, 1, code, stderr)
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Equal(t, []map[string]any{
		{"file": f["ok.asl.json"], "valid": true, "errors": []any{}},
		{"file": f["bad.asl.json"], "valid": false, "errors": []any{map[string]any{
			"line": 4.0, "column": 27.0, "path": "/States/A/Next", "code": "MISSING_TRANSITION_TARGET",
			"message": `"B" is not a state of this state machine`,
		}}},
	}, got)
}

func TestValidateJSONReadError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.asl.json")
	code, stdout, _ := runValidate(t, "", "--format", "json", missing)
	require.Equal(t, 2, code)
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Len(t, got, 1)
	require.Equal(t, false, got[0]["valid"])
	require.Contains(t, got[0]["read_error"], "no such file")
}

// TestValidateManyFiles checks that a large batch is validated in order.
func TestValidateManyFiles(t *testing.T) {
	files := map[string]string{}
	var args []string
	for i := range 200 {
		name := fmt.Sprintf("f%03d.asl.json", i)
		if i%50 == 0 {
			files[name] = invalidDef
		} else {
			files[name] = validDef
		}
		args = append(args, name)
	}
	paths := writeFiles(t, files)
	for i, a := range args {
		args[i] = paths[a]
	}
	code, stdout, _ := runValidate(t, "", args...)
	require.Equal(t, 1, code)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 4)
	for i, l := range lines {
		require.True(t, strings.HasPrefix(l, args[i*50]+":4:27: "), l)
	}
}
