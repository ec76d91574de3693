package mock

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ConfigError is a problem in a mock script, located by the JSON pointer of
// the offending value (for example "/MockedResponses/Retry/1-2/Throw").
type ConfigError struct {
	// Path is the JSON pointer of the value; "" is the whole document.
	Path string
	// Message says what is wrong.
	Message string
}

// Error implements the error interface.
func (e ConfigError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// ConfigErrors lists every problem found in a mock script, sorted by path.
// LoadConfig and ParseResponses return one when the script is invalid.
type ConfigErrors []ConfigError

// Error implements the error interface: one problem per line.
func (es ConfigErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// problems collects ConfigErrors while a script is checked.
type problems struct{ list ConfigErrors }

func (p *problems) add(path, format string, args ...any) {
	p.list = append(p.list, ConfigError{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b ConfigError) int { return strings.Compare(a.Path, b.Path) })
	return p.list
}

// pointer appends a reference token to a JSON pointer, escaping it as RFC
// 6901 requires.
func pointer(parent string, token any) string {
	s := fmt.Sprint(token)
	s = strings.ReplaceAll(s, "~", "~0")
	s = strings.ReplaceAll(s, "/", "~1")
	return parent + "/" + s
}

// syntaxError locates a JSON syntax error by line and column.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	// Offset counts the bytes read, the offending one included.
	line, col := 1, 1
	for _, c := range data[:min(max(int(se.Offset)-1, 0), len(data))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col, err)
}
