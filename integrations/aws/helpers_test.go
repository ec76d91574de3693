package aws_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// invoke runs one task attempt with a JSON input.
func invoke(t *testing.T, inv integrations.Invoker, resource, input string) (*integrations.Response, error) {
	t.Helper()
	return invokeCtx(context.Background(), t, inv, resource, input)
}

func invokeCtx(ctx context.Context, t *testing.T, inv integrations.Invoker, resource, input string) (*integrations.Response, error) {
	t.Helper()
	res, err := integrations.ParseResource(resource)
	require.NoError(t, err)
	in, err := jsonv.Decode([]byte(input))
	require.NoError(t, err)
	return inv.Invoke(ctx, &integrations.Request{
		Resource:     res,
		StateName:    "Task",
		Input:        in,
		ExecutionArn: "arn:aws:states:us-east-1:123456789012:execution:Machine:exec-1",
	})
}

// output runs a task that must succeed and returns its result as JSON.
func output(t *testing.T, inv integrations.Invoker, resource, input string) string {
	t.Helper()
	resp, err := invoke(t, inv, resource, input)
	require.NoError(t, err)
	require.False(t, resp.Pending)
	return jsonv.String(resp.Output)
}

// taskError runs a task that must fail and returns its *states.Error.
func taskError(t *testing.T, inv integrations.Invoker, resource, input string) *states.Error {
	t.Helper()
	resp, err := invoke(t, inv, resource, input)
	require.Error(t, err, "output: %v", resp)
	var se *states.Error
	require.ErrorAs(t, err, &se)
	return se
}

// without returns a JSON object's text without the given members.
func without(t *testing.T, js string, keys ...string) string {
	t.Helper()
	v, err := jsonv.Decode([]byte(js))
	require.NoError(t, err)
	m := v.(map[string]any)
	for _, k := range keys {
		delete(m, k)
	}
	return jsonv.String(m)
}
