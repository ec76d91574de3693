package asl_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

// corpusCase is the part of a shared conformance case the parser needs.
type corpusCase struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Definition json.RawMessage `json:"definition"`
	Expect     struct {
		Valid         *bool  `json:"valid"`
		ErrorContains string `json:"error_contains"`
	} `json:"expect"`
	file string
}

// corpusDir is where the shared conformance cases live; GOSTATES_CASES
// overrides it.
func corpusDir() string {
	if dir := os.Getenv("GOSTATES_CASES"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "shared", "conformance", "cases")
}

// loadCorpus reads every case of the shared conformance corpus, skipping the
// test when the corpus is not there.
func loadCorpus(tb testing.TB) []corpusCase {
	tb.Helper()
	dir := corpusDir()
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	require.NoError(tb, err)
	if len(files) == 0 {
		tb.Skipf("shared conformance corpus not found at %s (set GOSTATES_CASES to its cases folder)", dir)
	}
	cases := make([]corpusCase, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(tb, err)
		var c corpusCase
		require.NoError(tb, json.Unmarshal(data, &c), f)
		c.file = f
		if c.Name == "" {
			c.Name = strings.TrimSuffix(filepath.Base(f), ".json")
		}
		cases = append(cases, c)
	}
	return cases
}

// corpusDefinitions returns the definition of every case of the shared
// corpus, or nil when the corpus is not there.
func corpusDefinitions() [][]byte {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "*", "*.json"))
	var defs [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var c corpusCase
		if json.Unmarshal(data, &c) == nil && len(c.Definition) > 0 {
			defs = append(defs, c.Definition)
		}
	}
	return defs
}

func parseCase(c corpusCase) error {
	var opts []asl.Option
	if strings.EqualFold(c.Type, string(asl.Express)) {
		opts = append(opts, asl.WithType(asl.Express))
	}
	_, err := asl.Parse(c.Definition, opts...)
	return err
}

// TestCorpusValidation gives every validation case of the shared corpus
// AWS's verdict.
func TestCorpusValidation(t *testing.T) {
	n := 0
	for _, c := range loadCorpus(t) {
		if c.Expect.Valid == nil {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			err := parseCase(c)
			if *c.Expect.Valid {
				require.NoError(t, err, "AWS accepts this definition")
				return
			}
			require.Error(t, err, "AWS rejects this definition: %s", c.Expect.ErrorContains)
			var errs asl.Errors
			require.True(t, errors.As(err, &errs))
			for _, e := range errs {
				require.NotEmpty(t, e.Code, e.Error())
				require.NotEmpty(t, e.Message, e.Error())
			}
		})
	}
	require.NotZero(t, n, "no validation cases found")
}

// TestCorpusDefinitionsParse checks that every definition AWS ran in the
// shared corpus parses without error.
func TestCorpusDefinitionsParse(t *testing.T) {
	for _, c := range loadCorpus(t) {
		if c.Expect.Valid != nil {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			require.NoError(t, parseCase(c), "AWS ran this definition")
		})
	}
}
