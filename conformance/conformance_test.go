package conformance

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// sharedCases finds the shared corpus: $GOSTATES_CASES, or shared/ beside
// the repository.
func sharedCases(t *testing.T) string {
	if dir := os.Getenv("GOSTATES_CASES"); dir != "" {
		return dir
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "conformance", "cases"))
	require.NoError(t, err)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared conformance corpus not found at %s (set GOSTATES_CASES)", dir)
	}
	return dir
}

func readKnownFailures(t *testing.T) map[string]bool {
	f, err := os.Open(filepath.Join("testdata", "known-failures.txt"))
	require.NoError(t, err)
	defer f.Close()
	known := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		known[line] = true
	}
	require.NoError(t, sc.Err())
	return known
}

// TestConformance runs the shared corpus and our own cases with a ratchet:
// a case not in known-failures.txt must pass, and a case in it must still
// fail, so the list only shrinks.
func TestConformance(t *testing.T) {
	cases, err := Load(sharedCases(t), filepath.Join("testdata", "cases"))
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	known := readKnownFailures(t)
	type tally struct{ pass, fail int }
	groups := map[string]*tally{}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Name] = true
		o := Run(context.Background(), c)
		g := groups[c.Group()]
		if g == nil {
			g = &tally{}
			groups[c.Group()] = g
		}
		if o.Pass {
			g.pass++
		} else {
			g.fail++
		}
		switch {
		case !o.Pass && !known[c.Name]:
			t.Errorf("FAIL %s: %s", c.Name, o.Why)
		case o.Pass && known[c.Name]:
			t.Errorf("%s passes now: remove it from testdata/known-failures.txt", c.Name)
		}
	}
	for name := range known {
		if !seen[name] {
			t.Errorf("known-failures.txt lists %s, which is not a case", name)
		}
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		t.Logf("%-12s %4d passed, %4d failed", g, groups[g].pass, groups[g].fail)
	}
}
