package asl

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRecoversFromPanics checks the safety net of the exported entry
// points: an unexpected panic (here raised by an option, the one piece of
// caller code they run) becomes an INTERNAL_ERROR naming the problem and
// where it happened, never a crash.
func TestRecoversFromPanics(t *testing.T) {
	panicking := func(*options) { panic("boom") }
	nilMap := func(o *options) {
		var m map[string]bool
		m["x"] = true // assignment to entry in nil map
	}
	var nilSM *StateMachine
	nilDeref := func(o *options) { o.subs = map[string]string{"n": nilSM.Comment} }
	tests := []struct {
		name  string
		parse func() (*StateMachine, error)
		want  string
	}{
		{"Parse, panic with a value", func() (*StateMachine, error) { return Parse([]byte(`{}`), panicking) }, "boom"},
		{"ParseValue, panic with a value", func() (*StateMachine, error) { return ParseValue(map[string]any{}, panicking) }, "boom"},
		{"Parse, runtime error", func() (*StateMachine, error) { return Parse([]byte(`{}`), nilMap) }, "assignment to entry in nil map"},
		{"Parse, nil pointer", func() (*StateMachine, error) { return Parse([]byte(`{}`), nilDeref) }, "nil pointer dereference"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var (
				sm  *StateMachine
				err error
			)
			require.NotPanics(t, func() { sm, err = tc.parse() })
			require.Nil(t, sm)
			errs, ok := err.(Errors)
			require.True(t, ok, "want Errors, got %T", err)
			require.Len(t, errs, 1)
			require.Equal(t, CodeInternal, errs[0].Code)
			require.Contains(t, errs[0].Message, "internal error")
			require.Contains(t, errs[0].Message, tc.want)
			require.Contains(t, errs[0].Message, "TestRecoversFromPanics", "names the function that panicked")
			require.Contains(t, errs[0].Message, "recover_internal_test.go:")
		})
	}
}
