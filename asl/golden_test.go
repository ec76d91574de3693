package asl_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/invalid")

// definitionFiles lists the .asl.json, .asl.yaml and .asl.yml files of dir.
func definitionFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	for _, ext := range []string{".asl.json", ".asl.yaml", ".asl.yml"} {
		m, err := filepath.Glob(filepath.Join(dir, "*"+ext))
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files, "no definitions in %s", dir)
	return files
}

// optionsFor derives parse options from a test file's name: the prefix
// "express-" validates the definition as an Express workflow.
func optionsFor(file string) []asl.Option {
	if strings.HasPrefix(filepath.Base(file), "express-") {
		return []asl.Option{asl.WithType(asl.Express)}
	}
	return nil
}

// render prints errors as "line:col: /pointer: message [CODE]", one a line.
func render(errs asl.Errors) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s [%s]\n", e.Error(), e.Code)
	}
	return b.String()
}

// TestGoldenInvalid parses every definition under testdata/invalid and
// compares the errors with the .golden file beside it. Run with -update to
// rewrite the golden files.
func TestGoldenInvalid(t *testing.T) {
	for _, f := range definitionFiles(t, filepath.Join("testdata", "invalid")) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			_, err = asl.Parse(data, optionsFor(f)...)
			var errs asl.Errors
			require.True(t, errors.As(err, &errs), "want asl.Errors, got %v", err)
			for _, e := range errs {
				require.NotEmpty(t, e.Code)
				require.NotZero(t, e.Line, "every error has a position: %v", e)
			}
			got := render(errs)
			golden := strings.TrimSuffix(f, filepath.Ext(f)) + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create it")
			require.Equal(t, string(want), got)
		})
	}
}

// TestGoldenValid checks that every definition under testdata/valid parses.
func TestGoldenValid(t *testing.T) {
	for _, f := range definitionFiles(t, filepath.Join("testdata", "valid")) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			sm, err := asl.Parse(data, optionsFor(f)...)
			require.NoError(t, err)
			require.NotEmpty(t, sm.States)
		})
	}
}
