package mock_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/mock"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
}

func loadConfig(t *testing.T) *mock.Config {
	t.Helper()
	data, err := os.ReadFile("testdata/MockConfigFile.json")
	require.NoError(t, err)
	cfg, err := mock.LoadConfig(data)
	require.NoError(t, err)
	return cfg
}

func TestConfigNames(t *testing.T) {
	cfg := loadConfig(t)
	require.Equal(t, []string{"LambdaSQSIntegration", "OrderWorkflow"}, cfg.StateMachineNames())
	names, err := cfg.TestCaseNames("LambdaSQSIntegration")
	require.NoError(t, err)
	require.Equal(t, []string{"HappyPath", "HybridPath", "RetryPath"}, names)

	_, err = cfg.TestCaseNames("Nope")
	require.EqualError(t, err, `state machine "Nope" has no test cases in the mock configuration (it has "LambdaSQSIntegration", "OrderWorkflow")`)
	_, err = cfg.TestCase("Nope", "HappyPath")
	require.EqualError(t, err, `state machine "Nope" has no test cases in the mock configuration (it has "LambdaSQSIntegration", "OrderWorkflow")`)
	_, err = cfg.TestCase("OrderWorkflow", "HappyPath")
	require.EqualError(t, err, `state machine "OrderWorkflow" has no test case "HappyPath" (it has "PaymentDeclined")`)
}

func TestConfigTestCase(t *testing.T) {
	lambdaOK := `{"Payload":{"StatusCode":200,"amount":12.50,"body":"Hello from Lambda!"},"StatusCode":200}`
	sqsOK := `{"MD5OfMessageBody":"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51","MessageId":"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}`
	exhausted := func(state string, n, total int) step {
		return step{state: state, wantErr: states.ErrRuntime, cause: "no mocked response for invocation " + itoa(n) + " of state \"" + state + "\": its script answers " + itoa(total) + " invocation(s), numbered from 0"}
	}
	tests := []struct {
		machine, testCase string
		steps             []step
	}{
		{"LambdaSQSIntegration", "HappyPath", []step{
			{state: "LambdaState", want: lambdaOK},
			{state: "SQSState", want: sqsOK},
			exhausted("LambdaState", 1, 1),
			{state: "Unmocked", want: `"fallback"`},
		}},
		{"LambdaSQSIntegration", "RetryPath", []step{
			{state: "LambdaState", wantErr: "Lambda.ResourceNotReadyException", cause: "Lambda resource is not ready."},
			{state: "LambdaState", wantErr: "Lambda.TimeoutException", cause: "Lambda timed out."},
			{state: "LambdaState", wantErr: "Lambda.TimeoutException", cause: "Lambda timed out."},
			{state: "LambdaState", want: `{"Payload":{"StatusCode":200,"body":"Hello from Lambda!"},"StatusCode":200}`},
			exhausted("LambdaState", 4, 4),
			{state: "SQSState", want: sqsOK},
		}},
		{"LambdaSQSIntegration", "HybridPath", []step{
			{state: "LambdaState", want: lambdaOK},
			{state: "SQSState", want: `"fallback"`},
		}},
		{"OrderWorkflow", "PaymentDeclined", []step{
			{state: "Charge Payment", wantErr: "PaymentDeclined", cause: "card declined"},
			{state: "Reserve/Stock", want: lambdaOK},
			{state: "Charge Payment", wantErr: "PaymentDeclined", cause: "card declined"},
			exhausted("Charge Payment", 2, 2),
		}},
	}
	cfg := loadConfig(t)
	for _, tt := range tests {
		t.Run(tt.machine+"/"+tt.testCase, func(t *testing.T) {
			m, err := cfg.TestCase(tt.machine, tt.testCase)
			require.NoError(t, err)
			m = m.WithFallback(fallbackString("fallback"))
			for i, s := range tt.steps {
				resp, err := call(t, m, lambdaInvoke, s.state)
				if s.wantErr != "" {
					require.Equal(t, &states.Error{Name: s.wantErr, Cause: s.cause}, states.As(err), "step %d", i)
					continue
				}
				require.NoError(t, err, "step %d", i)
				require.Equal(t, s.want, jsonv.String(resp.Output), "step %d", i)
			}
		})
	}
	t.Run("each TestCase call starts afresh", func(t *testing.T) {
		for range 2 {
			m, err := cfg.TestCase("LambdaSQSIntegration", "HappyPath")
			require.NoError(t, err)
			resp, err := call(t, m, lambdaInvoke, "LambdaState")
			require.NoError(t, err)
			require.Equal(t, lambdaOK, jsonv.String(resp.Output))
		}
	})
}

func TestLoadConfigInvalidGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/MockConfigFile.invalid.json")
	require.NoError(t, err)
	_, err = mock.LoadConfig(data)
	require.Error(t, err)
	golden(t, "MockConfigFile.invalid.golden", err.Error()+"\n")
}

func TestLoadConfigInvalid(t *testing.T) {
	tests := []struct {
		name, data, wantErr string
	}{
		{"not an object", `[]`, `a mock configuration must be an object with "StateMachines" and "MockedResponses", not an array`},
		{"missing fields", `{}`, "missing field \"MockedResponses\"\nmissing field \"StateMachines\""},
		{"wrong types", `{"StateMachines": [], "MockedResponses": "x"}`, "/MockedResponses: must be an object, not a string\n/StateMachines: must be an object, not an array"},
		{"missing test cases", `{"StateMachines": {"M": {}}, "MockedResponses": {}}`, `/StateMachines/M: missing field "TestCases"`},
		{"range ends early", `{"StateMachines": {}, "MockedResponses": {"R": {"0-0": {"Return": 1}, "2-1": {"Return": 1}}}}`, `/MockedResponses/R/2-1: invalid invocation range "2-1": it ends before it starts`},
		{"range with spaces", `{"StateMachines": {}, "MockedResponses": {"R": {" 0": {"Return": 1}}}}`, `/MockedResponses/R/ 0: invalid invocation key " 0": expected an invocation number ("0") or an inclusive range ("1-2")`},
		{"does not start at 0", `{"StateMachines": {}, "MockedResponses": {"R": {"1": {"Return": 1}}}}`, `/MockedResponses/R/1: invocations must be numbered consecutively from 0: invocation 0 has no response`},
		{"syntax", "{\"StateMachines\": }", `invalid JSON at line 1, column 19: invalid character '}' looking for beginning of value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mock.LoadConfig([]byte(tt.data))
			require.EqualError(t, err, tt.wantErr)
		})
	}
}

func TestLoadConfigRanges(t *testing.T) {
	// A wide range costs no memory: invocations are looked up by range.
	cfg, err := mock.LoadConfig([]byte(`{
		"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}},
		"MockedResponses": {"R": {"0-999999999": {"Return": "many"}, "1000000000": {"Return": "last"}}}
	}`))
	require.NoError(t, err)
	m, err := cfg.TestCase("M", "T")
	require.NoError(t, err)
	for range 3 {
		resp, err := call(t, m, lambdaInvoke, "S")
		require.NoError(t, err)
		require.Equal(t, "many", resp.Output)
	}
}
