package interpreter_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// failOdd fails every task whose input n is odd, and every batch holding
// such an item.
var failOdd = integrations.Func(func(ctx context.Context, in any) (any, error) {
	m := in.(map[string]any)
	items := []any{m}
	if batch, ok := m["Items"].([]any); ok {
		items = batch
	}
	for _, it := range items {
		n, _ := jsonv.Float(it.(map[string]any)["n"])
		if int(n)%2 == 1 {
			return nil, states.New("Odd", "odd item")
		}
	}
	return in, nil
})

func distributedDef(extra string) string {
	return `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",` + extra + `
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
			"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true}}}`
}

func TestDistributedMap(t *testing.T) {
	items := `{"items":[{"n":0},{"n":1},{"n":2},{"n":3}]}`
	tests := []struct {
		name, extra, want, err string
	}{
		{name: "any failure fails the run by default", extra: ``, err: states.ErrExceedToleratedFailureThreshold},
		{name: "within tolerated count", extra: `"ToleratedFailureCount":2,`,
			want: `[{"n":0},{"Error":"Odd","Cause":"odd item"},{"n":2},{"Error":"Odd","Cause":"odd item"}]`},
		{name: "over tolerated count", extra: `"ToleratedFailureCount":1,`, err: states.ErrExceedToleratedFailureThreshold},
		{name: "within tolerated percentage", extra: `"ToleratedFailurePercentage":50,`,
			want: `[{"n":0},{"Error":"Odd","Cause":"odd item"},{"n":2},{"Error":"Odd","Cause":"odd item"}]`},
		{name: "over tolerated percentage", extra: `"ToleratedFailurePercentage":49,`, err: states.ErrExceedToleratedFailureThreshold},
		{name: "batched failures count per item", extra: `"ItemBatcher":{"MaxItemsPerBatch":2},"ToleratedFailureCount":3,`,
			err: states.ErrExceedToleratedFailureThreshold},
		{name: "WriterConfig without Resource gives the records, COMPACT the outputs", extra: `"ToleratedFailureCount":2,
			"ResultWriter":{"WriterConfig":{"Transformation":"COMPACT"}},`,
			want: `[{"n":0},{"n":2}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, x, _ := run(t, distributedDef(tt.extra), items, failOdd)
			if tt.err != "" {
				require.Equal(t, interpreter.Failed, res.Status)
				require.Equal(t, tt.err, res.Error, res.Cause)
				var last string
				for _, ev := range x.History() {
					if strings.HasPrefix(ev.Type, "MapRun") {
						last = ev.Type
					}
				}
				require.Equal(t, "MapRunFailed", last)
				return
			}
			require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
			if tt.name[:6] == "Writer" {
				return
			}
			got := res.Output
			if strings.Contains(tt.extra, "COMPACT") {
				got = compactSucceeded(res.Output)
			}
			require.True(t, jsonv.Equal(decode(t, tt.want), got), "got %s", jsonv.String(got))
		})
	}
}

// compactSucceeded keeps the outputs of the succeeded children of a
// COMPACT result (failed children appear as their records).
func compactSucceeded(v any) any {
	var out []any
	for _, e := range v.([]any) {
		if m, ok := e.(map[string]any); ok && m["Status"] != nil {
			continue
		}
		out = append(out, e)
	}
	return out
}

// TestDistributedMapChildExecutions: each child is an execution of its own:
// its context object names the child execution and its input, and the
// parent's variables are out of reach.
func TestDistributedMapChildExecutions(t *testing.T) {
	def := `{"StartAt":"Init","States":{
		"Init":{"Type":"Pass","Assign":{"parentVar":1},"Next":"M"},
		"M":{"Type":"Map","Label":"Fan","ItemsPath":"$.items",
		"ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
			"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id","input.$":"$$.Execution.Input","sm.$":"$$.StateMachine.Id"},"End":true}}},
		"End":true}}}`
	res, _, _ := run(t, def, `{"items":["a","b"]}`, nil)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	out := res.Output.([]any)
	require.Len(t, out, 2)
	for i, o := range out {
		m := o.(map[string]any)
		require.True(t, strings.HasPrefix(m["id"].(string), "arn:aws:states:us-east-1:123456789012:execution:StateMachine/Fan:"), m["id"])
		require.Equal(t, "arn:aws:states:us-east-1:123456789012:stateMachine:StateMachine/Fan", m["sm"])
		require.True(t, jsonv.Equal(map[string]any{"v": []string{"a", "b"}[i], "i": i}, m["input"]), jsonv.String(m["input"]))
	}

	// A child cannot read the parent's variables.
	def = strings.Replace(def, `"Parameters":{"id.$":"$$.Execution.Id","input.$":"$$.Execution.Input","sm.$":"$$.StateMachine.Id"}`, `"Parameters":{"v.$":"$parentVar"}`, 1)
	res, _, _ = run(t, def, `{"items":["a"]}`, nil)
	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, states.ErrExceedToleratedFailureThreshold, res.Error)
}

// TestInlineMapChecksToleranceFields: an inline Map accepts the tolerated
// failure fields and checks their Path values, as AWS does, but a failing
// item still fails the Map with its own error.
func TestInlineMapChecksToleranceFields(t *testing.T) {
	def := `{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",%s
		"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true}}}`
	items := `{"items":[{"n":0},{"n":1}],"tol":"x"}`
	res, _, _ := run(t, fmt.Sprintf(def, `"ToleratedFailureCountPath":"$.tol",`), items, failOdd)
	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, states.ErrRuntime, res.Error, res.Cause)
	require.Contains(t, res.Cause, "ToleratedFailureCountPath")

	res, _, _ = run(t, fmt.Sprintf(def, `"ToleratedFailureCount":5,`), items, failOdd)
	require.Equal(t, interpreter.Failed, res.Status)
	require.Equal(t, "Odd", res.Error)
}

// TestJSONataDistributedMapFields: a JSONata Distributed Map evaluates its
// ItemReader Arguments and MaxItems, its ItemBatcher limits and BatchInput,
// and its ResultWriter Arguments.
func TestJSONataDistributedMapFields(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]any{}
	s3 := integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		calls[req.Resource.Action] = req.Input
		if in, ok := req.Input.(map[string]any); ok && strings.HasSuffix(fmt.Sprint(in["Key"]), "SUCCEEDED_0.json") {
			calls["succeeded"] = in
		}
		switch req.Resource.Action {
		case "getObject":
			return &integrations.Response{Output: map[string]any{"Body": `[1,2,3,4,5]`}}, nil
		case "putObject":
			return &integrations.Response{Output: map[string]any{}}, nil
		}
		return &integrations.Response{Output: req.Input}, nil
	})
	def := `{"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
		"ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON","MaxItems":"{% 4 %}"},
			"Arguments":{"Bucket":"{% $states.input.b %}","Key":"k"}},
		"ItemBatcher":{"MaxItemsPerBatch":"{% 2 %}","BatchInput":{"bucket":"{% $states.input.b %}"}},
		"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
			"StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $states.input %}","End":true}}},
		"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Arguments":{"Bucket":"{% $states.input.b %}","Prefix":"out"}},
		"End":true}}}`
	res, _, _ := run(t, def, `{"b":"bucket"}`, s3)
	require.Equal(t, interpreter.Succeeded, res.Status, "%s: %s", res.Error, res.Cause)
	require.True(t, jsonv.Equal(map[string]any{"Bucket": "bucket", "Key": "k"}, calls["getObject"]), jsonv.String(calls["getObject"]))
	put := calls["succeeded"].(map[string]any)
	require.Equal(t, "bucket", put["Bucket"])
	require.Contains(t, put["Body"], `\"BatchInput\":{\"bucket\":\"bucket\"}`)
	require.Contains(t, put["Body"], `\"Items\":[3,4]`)
	require.NotContains(t, put["Body"], `[5]`, "MaxItems 4 leaves the fifth item out")
}
