package interpreter_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// TestVariableSemantics pins how Assign behaves around errors, retries,
// scopes and the state's own fields.
func TestVariableSemantics(t *testing.T) {
	tests := []struct {
		name, def string
		tasks     map[string][]any
		want      string
	}{
		{name: "a caught state's own Assign does not take effect",
			def: `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"not an object","Assign":{"x":"before"},"Next":"T"},
				"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Assign":{"x":"leaked"},"ResultPath":"$.r",
					"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Out"}],"End":true},
				"Out":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}}`,
			tasks: map[string][]any{"T": {"ok"}}, want: `{"x":"before"}`},
		{name: "a retried attempt's Assign does not take effect when a later attempt fails",
			def: `{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":"before"},"Next":"T"},
				"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Assign":{"x":"leaked"},"OutputPath":"$.nope",
					"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1}],
					"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Out"}],"End":true},
				"Out":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}}`,
			tasks: map[string][]any{"T": {states.New("Flaky", ""), states.New("Flaky", "")}}, want: `{"x":"before"}`},
		{name: "a Wait state assigns",
			def: `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Assign":{"x.$":"$.v"},"Next":"Out"},
				"Out":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}}`,
			want: `{"x":7}`},
		{name: "branches assign in their own scope",
			def: `{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":"outer"},"Next":"P"},
				"P":{"Type":"Parallel","Branches":[
					{"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"x":"b1"},"Next":"R1"},"R1":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}},
					{"StartAt":"B2","States":{"B2":{"Type":"Pass","Parameters":{"x.$":"$x"},"End":true}}}],"ResultPath":"$.branches","Next":"Out"},
				"Out":{"Type":"Pass","Parameters":{"x.$":"$x","branches.$":"$.branches"},"End":true}}}`,
			want: `{"x":"outer","branches":[{"x":"b1"},{"x":"outer"}]}`},
		{name: "Assign reads the raw result, before ResultSelector",
			def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
				"ResultSelector":{"picked.$":"$.a"},"Assign":{"raw.$":"$.b"},"Next":"Out"},
				"Out":{"Type":"Pass","Parameters":{"raw.$":"$raw","out.$":"$"},"End":true}}}`,
			tasks: map[string][]any{"T": {map[string]any{"a": 1, "b": 2}}}, want: `{"raw":2,"out":{"picked":1}}`},
		{name: "RetryCount is the attempt's in ResultSelector too",
			def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
				"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],"ResultSelector":{"rc.$":"$$.State.RetryCount"},"End":true}}}`,
			tasks: map[string][]any{"T": {states.New("Flaky", ""), "ok"}}, want: `{"rc":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _, _ := run(t, tt.def, `{"v":7}`, &script{byState: tt.tasks})
			require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
			require.True(t, jsonv.Equal(decode(t, tt.want), res.Output), "got %s", jsonv.String(res.Output))
		})
	}
}
