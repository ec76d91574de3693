package asl_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

// padded returns a valid definition padded with blanks to exactly size
// bytes.
func padded(t *testing.T, size int) []byte {
	def := []byte(`{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`)
	require.LessOrEqual(t, len(def), size)
	return append(def, bytes.Repeat([]byte(" "), size-len(def))...)
}

// zeros is an endless reader of zero bytes, like /dev/zero, counting what
// it gave.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

// TestDefinitionSizeCap checks AWS's limit on the size of a definition
// (1 MiB: the Definition shape of the Step Functions API has a maximum
// length of 1048576, a hard quota): larger input is refused before any
// work, and the read helpers never read more than one byte past it.
func TestDefinitionSizeCap(t *testing.T) {
	require.Equal(t, 1<<20, asl.MaxDefinitionSize)
	tooLarge := func(t *testing.T, err error, sizes ...int) {
		t.Helper()
		e := requireProblem(t, err, asl.CodeTooLarge, "", fmt.Sprint(asl.MaxDefinitionSize))
		for _, n := range sizes {
			require.Contains(t, e.Message, fmt.Sprint(n))
		}
	}
	t.Run("Parse accepts exactly the maximum", func(t *testing.T) {
		_, err := asl.Parse(padded(t, asl.MaxDefinitionSize))
		require.NoError(t, err)
	})
	t.Run("Parse refuses a byte more", func(t *testing.T) {
		_, err := asl.Parse(padded(t, asl.MaxDefinitionSize+1))
		tooLarge(t, err, asl.MaxDefinitionSize+1)
	})
	t.Run("Parse refuses before decoding", func(t *testing.T) {
		def := append([]byte(`{"StartAt": [[[[`), bytes.Repeat([]byte("x"), 8<<20)...)
		start := time.Now()
		_, err := asl.Parse(def)
		tooLarge(t, err, len(def))
		var errs asl.Errors
		require.ErrorAs(t, err, &errs)
		require.Len(t, errs, 1, "no syntax error: the definition is not read")
		require.Less(t, time.Since(start), slowdown*time.Second)
	})
	t.Run("Parse refuses a large YAML definition", func(t *testing.T) {
		def := "StartAt: A\nStates:\n  A:\n    Type: Succeed\n" + "# " + strings.Repeat("x", asl.MaxDefinitionSize) + "\n"
		_, err := asl.Parse([]byte(def))
		tooLarge(t, err, len(def))
	})
	t.Run("ReadDefinition reads up to the maximum", func(t *testing.T) {
		data, err := asl.ReadDefinition(bytes.NewReader(padded(t, asl.MaxDefinitionSize)))
		require.NoError(t, err)
		require.Len(t, data, asl.MaxDefinitionSize)
	})
	t.Run("ReadDefinition refuses a byte more", func(t *testing.T) {
		_, err := asl.ReadDefinition(bytes.NewReader(padded(t, asl.MaxDefinitionSize+1)))
		tooLarge(t, err)
	})
	t.Run("ReadDefinition stops reading an endless input", func(t *testing.T) {
		z := &zeros{}
		_, err := asl.ReadDefinition(z)
		tooLarge(t, err)
		require.LessOrEqual(t, z.n, int64(asl.MaxDefinitionSize+64<<10), "reads little more than the maximum")
	})
	t.Run("ReadDefinition passes on read errors", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := asl.ReadDefinition(io.MultiReader(strings.NewReader("{"), iotest.ErrReader(boom)))
		require.ErrorIs(t, err, boom)
	})
	t.Run("ReadDefinitionFile refuses a large file by its size", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "big.asl.json")
		require.NoError(t, os.WriteFile(f, padded(t, 3<<20), 0o644))
		_, err := asl.ReadDefinitionFile(f)
		tooLarge(t, err, 3<<20)
	})
	t.Run("ReadDefinitionFile reads a file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "ok.asl.json")
		want := padded(t, 100)
		require.NoError(t, os.WriteFile(f, want, 0o644))
		got, err := asl.ReadDefinitionFile(f)
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
	t.Run("ReadDefinitionFile passes on open errors", func(t *testing.T) {
		_, err := asl.ReadDefinitionFile(filepath.Join(t.TempDir(), "missing.json"))
		require.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("ReadDefinitionFile stops reading /dev/zero", func(t *testing.T) {
		if _, err := os.Stat("/dev/zero"); err != nil {
			t.Skip("no /dev/zero")
		}
		_, err := asl.ReadDefinitionFile("/dev/zero")
		tooLarge(t, err)
	})
	t.Run("ParseValue refuses a value larger than the maximum once written as JSON", func(t *testing.T) {
		def := map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{
			"Type": "Pass", "Result": strings.Repeat("x", asl.MaxDefinitionSize), "End": true}}}
		_, err := asl.ParseValue(def)
		tooLarge(t, err)
	})
	t.Run("ParseValue refuses a value shared many times", func(t *testing.T) {
		// Each level holds the one below ten times: 10^12 elements once
		// written as JSON, from a dozen Go values.
		v := any([]any{"x"})
		for range 12 {
			level := make([]any, 10)
			for i := range level {
				level[i] = v
			}
			v = level
		}
		def := map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{"Type": "Pass", "Result": v, "End": true}}}
		start := time.Now()
		_, err := asl.ParseValue(def)
		tooLarge(t, err)
		require.Less(t, time.Since(start), 2*slowdown*time.Second)
	})
}
