package asl_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/internal/jsonv"
)

// examples are the seed patterns shipped under examples/.
var examples = []string{
	"../examples/polling/polling.asl.json",
	"../examples/saga/saga.asl.json",
	"../examples/fanout/fanout.asl.json",
}

func TestExamplesValidate(t *testing.T) {
	for _, f := range examples {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			sm, err := asl.Parse(data)
			require.NoError(t, err)
			require.NotEmpty(t, sm.States)
		})
	}
}

// mutate decodes a definition, applies f and re-encodes it.
func mutate(t *testing.T, file string, f func(def map[string]any)) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	v, err := jsonv.Decode(data)
	require.NoError(t, err)
	def := v.(map[string]any)
	f(def)
	out, err := jsonv.Marshal(def)
	require.NoError(t, err)
	return out
}

func states(def map[string]any) map[string]any { return def["States"].(map[string]any) }

func state(def map[string]any, name string) map[string]any {
	return states(def)[name].(map[string]any)
}

// TestMutations checks that each classic mistake gives exactly one error, at
// the right JSON pointer, with the right code.
func TestMutations(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		mutate func(def map[string]any)
		path   string
		code   string
	}{
		{"dangling Next", examples[0], func(d map[string]any) { state(d, "InitAttempts")["Next"] = "Nowhere" },
			"/States/InitAttempts/Next", asl.CodeMissingTarget},
		{"unreachable state", examples[0], func(d map[string]any) {
			states(d)["Orphan"] = map[string]any{"Type": "Succeed"}
		}, "/States/Orphan", asl.CodeUnreachable},
		{"States.ALL not last", examples[1], func(d map[string]any) {
			s := state(d, "Reserve Booking")
			s["Catch"] = append(s["Catch"].([]any), map[string]any{"ErrorEquals": []any{"Other"}, "Next": "Cancel Booking"})
		}, "/States/Reserve Booking/Catch/0/ErrorEquals", asl.CodeStatesAll},
		{"States.ALL not alone", examples[1], func(d map[string]any) {
			c := state(d, "Reserve Booking")["Catch"].([]any)[0].(map[string]any)
			c["ErrorEquals"] = []any{"States.ALL", "Other"}
		}, "/States/Reserve Booking/Catch/0/ErrorEquals", asl.CodeStatesAll},
		{"bad path", examples[0], func(d map[string]any) { state(d, "WaitForJob")["SecondsPath"] = "$.a[" },
			"/States/WaitForJob/SecondsPath", asl.CodePath},
		{"bad parameter path", examples[2], func(d map[string]any) {
			state(d, "Process Lines")["ItemSelector"].(map[string]any)["orderId.$"] = "$..["
		}, "/States/Process Lines/ItemSelector/orderId.$", asl.CodePath},
		{"ResultPath on Fail", examples[0], func(d map[string]any) { state(d, "JobFailed")["ResultPath"] = "$.x" },
			"/States/JobFailed/ResultPath", asl.CodeSchema},
		{"Parameters on Succeed", examples[1], func(d map[string]any) {
			state(d, "Booking Confirmed")["Parameters"] = map[string]any{}
		}, "/States/Booking Confirmed/Parameters", asl.CodeSchema},
		{"End and Next", examples[1], func(d map[string]any) { state(d, "Cancel Booking")["End"] = true },
			"/States/Cancel Booking/End", asl.CodeTransition},
		{"neither End nor Next", examples[1], func(d map[string]any) { delete(state(d, "Charge Payment"), "Next") },
			"/States/Charge Payment", asl.CodeTransition},
		{"bad intrinsic", examples[0], func(d map[string]any) {
			state(d, "CountAttempt")["Parameters"].(map[string]any)["count.$"] = "States.MathAdd($.attempts.count)"
		}, "/States/CountAttempt/Parameters/count.$", asl.CodeIntrinsic},
		{"missing StartAt target", examples[2], func(d map[string]any) { d["StartAt"] = "Nope" },
			"/StartAt", asl.CodeMissingTarget},
		{"Next out of a Map processor", examples[2], func(d map[string]any) {
			p := state(d, "Process Lines")["ItemProcessor"].(map[string]any)
			s := p["States"].(map[string]any)["Price Line"].(map[string]any)
			delete(s, "End")
			s["Next"] = "Done"
		}, "/States/Process Lines/ItemProcessor/States/Price Line/Next", asl.CodeMissingTarget},
		{"Wait with two durations", examples[0], func(d map[string]any) { state(d, "WaitForJob")["Seconds"] = 5 },
			"/States/WaitForJob", asl.CodeWait},
		{"Choice rule with two comparators", examples[0], func(d map[string]any) {
			r := state(d, "IsJobDone")["Choices"].([]any)[0].(map[string]any)
			r["StringMatches"] = "S*"
		}, "/States/IsJobDone/Choices/0", asl.CodeChoiceRule},
		{"state name too long", examples[1], func(d map[string]any) {
			long := strings.Repeat("x", 81)
			states(d)[long] = map[string]any{"Type": "Succeed"}
			state(d, "Charge Payment")["Next"] = long
			delete(states(d), "Booking Confirmed")
		}, "/States/" + strings.Repeat("x", 81), asl.CodeStateName},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := asl.Parse(mutate(t, tc.file, tc.mutate))
			var errs asl.Errors
			require.True(t, errors.As(err, &errs), "want asl.Errors, got %v", err)
			require.Len(t, errs, 1, "errors: %v", errs)
			require.Equal(t, tc.path, errs[0].Path, errs[0].Error())
			require.Equal(t, tc.code, errs[0].Code, errs[0].Error())
			require.NotZero(t, errs[0].Line, "every error has a line: %v", errs[0])
		})
	}
}

func TestErrorsCarryLineAndColumn(t *testing.T) {
	def := `{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Next": "B"
    }
  }
}`
	_, err := asl.Parse([]byte(def))
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, 1)
	require.Equal(t, asl.Error{Path: "/States/A/Next", Code: asl.CodeMissingTarget, Message: `"B" is not a state of this state machine`, Line: 6, Column: 7}, errs[0])
	require.Equal(t, `6:7: /States/A/Next: "B" is not a state of this state machine`, errs[0].Error())
}

func TestReportsEveryProblem(t *testing.T) {
	def := `{"StartAt": "A", "States": {
	  "A": {"Type": "Pass", "Next": "Missing"},
	  "B": {"Type": "Fail", "ResultPath": "$.x"},
	  "C": {"Type": "Wait", "End": true}}}`
	_, err := asl.Parse([]byte(def))
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	var paths []string
	for _, e := range errs {
		paths = append(paths, e.Path)
	}
	// B is not reported as unreachable: with A's Next dangling, that would
	// only repeat the first problem.
	require.Equal(t, []string{"/States/A/Next", "/States/B/ResultPath", "/States/C"}, paths)
}

func TestYAML(t *testing.T) {
	def := `
Comment: a YAML definition
StartAt: Hello
States:
  Hello:
    Type: Pass
    Result:
      n: 1
      ratio: 0.5
    Next: Done
  Done:
    Type: Succeed
`
	sm, err := asl.Parse([]byte(def))
	require.NoError(t, err)
	require.Equal(t, []string{"Hello", "Done"}, sm.Order)
	p := sm.States["Hello"].(*asl.PassState)
	require.True(t, jsonv.Equal(map[string]any{"n": 1, "ratio": 0.5}, p.Result))

	_, err = asl.Parse([]byte("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n"))
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	require.Equal(t, "/States/A/Next", errs[0].Path)
	require.Equal(t, 5, errs[0].Line)
}

func TestSubstitutions(t *testing.T) {
	def := []byte(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${FnArn}","Next":"${NextState}"},"Done":{"Type":"Succeed"}}}`)
	fn := "arn:aws:lambda:us-east-1:123456789012:function:f"

	// A template with no values: placeholders are accepted as they are.
	_, err := asl.Parse(def)
	require.NoError(t, err)

	sm, err := asl.Parse(def, asl.WithSubstitutions(map[string]string{"FnArn": fn, "NextState": "Done"}))
	require.NoError(t, err)
	task := sm.States["T"].(*asl.TaskState)
	require.Equal(t, fn, task.Resource)
	require.Equal(t, "Done", task.Next)

	// A missing value is reported once, where the placeholder is.
	_, err = asl.Parse(def, asl.WithSubstitutions(map[string]string{"FnArn": fn}))
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	require.Equal(t, asl.Errors{{Path: "/States/T/Next", Code: asl.CodeMissingSubstitute,
		Message: "no value given for placeholder ${NextState}", Line: 1, Column: 67}}, errs)
}

// TestSubstitutionsAreStrings pins that substitution happens inside
// strings, as SAM's Fn::Sub does: a number placeholder is accepted in a
// template, but its value stays a string, which AWS rejects.
func TestSubstitutionsAreStrings(t *testing.T) {
	def := []byte(`{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"${Delay}","End":true}}}`)
	_, err := asl.Parse(def)
	require.NoError(t, err)
	_, err = asl.Parse(def, asl.WithSubstitutions(map[string]string{"Delay": "30"}))
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, 1)
	require.Equal(t, "/States/W/Seconds", errs[0].Path)
	require.Equal(t, asl.CodeSchema, errs[0].Code)
}

func TestSubstitutionsInStateNames(t *testing.T) {
	def := []byte("{\n\"StartAt\": \"${Env}-start\",\n\"States\": {\n\"${Env}-start\": {\"Type\": \"Pass\", \"Next\": \"Gone\"}}}")
	_, err := asl.Parse(def, asl.WithSubstitutions(map[string]string{"Env": "prod"}))
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, 1)
	require.Equal(t, "/States/prod-start/Next", errs[0].Path)
	require.Equal(t, 4, errs[0].Line, "positions follow the renamed key")
}

func TestQueryLanguageRules(t *testing.T) {
	tests := []struct {
		name string
		def  string
		path string // "" when valid
	}{
		{"JSONPath field under JSONata",
			`{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.a","End":true}}}`, "/States/P/InputPath"},
		{"JSONata field under JSONPath",
			`{"StartAt":"P","States":{"P":{"Type":"Pass","Output":{"a":1},"End":true}}}`, "/States/P/Output"},
		{"state opts into JSONata",
			`{"StartAt":"P","States":{"P":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input %}","End":true}}}`, ""},
		{"state cannot go back to JSONPath",
			`{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}`, "/States/P/QueryLanguage"},
		{"Result is JSONPath only",
			`{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Result":1,"End":true}}}`, "/States/P/Result"},
		{"expression in a JSONPath number field",
			`{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"{% 1 %}","End":true}}}`, "/States/W/Seconds"},
		{"expression in a JSONata number field",
			`{"QueryLanguage":"JSONata","StartAt":"W","States":{"W":{"Type":"Wait","Seconds":"{% 1 %}","End":true}}}`, ""},
		{"catcher ResultPath under JSONata",
			`{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.e","Next":"T"}],"End":true}}}`, "/States/T/Catch/0/ResultPath"},
		{"ItemReader Parameters under JSONata",
			`{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{}},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ItemReader/Parameters"},
		{"ItemSelector expression under JSONPath",
			`{"StartAt":"M","States":{"M":{"Type":"Map","ItemSelector":"{% $x %}","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ItemSelector"},
		{"RoleArn.$ under JSONata",
			`{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Credentials":{"RoleArn.$":"$.r"},"End":true}}}`, "/States/T/Credentials/RoleArn.$"},
		{"Condition under JSONPath",
			`{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Condition":true,"Next":"D"}]},"D":{"Type":"Succeed"}}}`, "/States/C/Choices/0/Condition"},
		{"inner states default to the machine's language",
			`{"StartAt":"M","States":{"M":{"Type":"Map","QueryLanguage":"JSONata","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.a","End":true}}},"End":true}}}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := asl.Parse([]byte(tc.def))
			if tc.path == "" {
				require.NoError(t, err)
				return
			}
			var errs asl.Errors
			require.ErrorAs(t, err, &errs)
			require.Len(t, errs, 1, "%v", errs)
			require.Equal(t, tc.path, errs[0].Path, errs[0].Error())
			require.Equal(t, asl.CodeQueryLanguage, errs[0].Code, errs[0].Error())
		})
	}
}

func TestExpressRejectsCallbacks(t *testing.T) {
	def := []byte(`{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","End":true}}}`)
	_, err := asl.Parse(def)
	require.NoError(t, err)
	_, err = asl.Parse(def, asl.WithType(asl.Express))
	var errs asl.Errors
	require.ErrorAs(t, err, &errs)
	require.Equal(t, asl.CodeExpress, errs[0].Code)
	require.Equal(t, "/States/T/Resource", errs[0].Path)
}

func TestSyntaxErrors(t *testing.T) {
	deep := strings.Repeat("[", 1000) + strings.Repeat("]", 1000)
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'k'; i++ {
		bomb += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	for _, in := range []string{``, ` `, `not a definition`, `{`, `{"StartAt": }`, `[1,2]`, `"x"`, `{"a":1} {}`,
		"StartAt: [\n", `{"StartAt": "A", "StartAt": "B"}`, `{"StartAt": ` + deep + `}`, "StartAt: " + deep, bomb} {
		_, err := asl.Parse([]byte(in))
		require.Error(t, err, "input %q", in)
		var errs asl.Errors
		require.ErrorAs(t, err, &errs, "input %q", in)
		require.NotEmpty(t, errs)
	}
}

func TestByteOrderMark(t *testing.T) {
	_, err := asl.Parse([]byte("\ufeff" + `{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}`))
	require.NoError(t, err)
}

func TestPattern(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*.log", "a.log", true},
		{"*.log", "a.txt", false},
		{"log-*-2024", "log-abc-2024", true},
		{`a\*b`, "a*b", true},
		{`a\*b`, "axb", false},
		{`a\\b`, `a\b`, true},
		{"*", "", true},
		{"a*a", "a", false},
		{"a*a", "aa", true},
		{"exact", "exact", true},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, asl.CompilePattern(tc.pattern).Match(tc.s), "%q ~ %q", tc.pattern, tc.s)
	}
}
