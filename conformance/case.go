package conformance

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Case is one recorded case.
type Case struct {
	Name       string          `json:"name"`
	Source     string          `json:"source"`
	Type       string          `json:"type"`
	Definition json.RawMessage `json:"definition"`
	Input      json.RawMessage `json:"input"`
	Mocks      json.RawMessage `json:"mocks"`
	Expect     Expect          `json:"expect"`
	// File is where the case was read from.
	File string `json:"-"`
}

// Expect is a case's expected result.
type Expect struct {
	// Valid is set for validation cases: AWS's verdict on the definition.
	Valid         *bool  `json:"valid"`
	ErrorContains string `json:"error_contains"`
	// Status, Output, Error and Cause are set for execution cases.
	Status string          `json:"status"`
	Output json.RawMessage `json:"output"`
	Error  *string         `json:"error"`
	Cause  *string         `json:"cause"`
}

// IsValidation reports whether the case checks a validation verdict.
func (c *Case) IsValidation() bool { return c.Expect.Valid != nil }

// Group is the case's group: the part of its name before the slash.
func (c *Case) Group() string {
	g, _, _ := strings.Cut(c.Name, "/")
	return g
}

// Load reads every *.json case file under the given files or directories,
// sorted by name.
func Load(paths ...string) ([]*Case, error) {
	var cases []*Case
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".json") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			c := &Case{}
			if err := json.Unmarshal(data, c); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			if c.Name == "" {
				return fmt.Errorf("%s: case has no name", p)
			}
			c.File = p
			cases = append(cases, c)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(cases, func(a, b *Case) int { return strings.Compare(a.Name, b.Name) })
	return cases, nil
}
