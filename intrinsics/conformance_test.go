package intrinsics

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/stretchr/testify/require"
)

// casesDir holds the conformance cases recorded on AWS, shared by the
// projects of the workspace.
const casesDir = "../../shared/conformance/cases"

// passFields are the fields of a Pass state this test knows how to run.
var passFields = []string{"Type", "Comment", "Parameters", "End", "InputPath", "ResultPath", "OutputPath"}

// TestConformance runs every recorded case whose machine is a single Pass
// state with Parameters: it evaluates the payload template, intrinsic calls
// included, and compares the state output with what AWS produced.
func TestConformance(t *testing.T) {
	if _, err := os.Stat(casesDir); err != nil {
		t.Skipf("conformance cases not found at %s: %v", casesDir, err)
	}
	var files []string
	err := filepath.WalkDir(casesDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	require.NoError(t, err)

	ran, withCalls := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		v, err := jsonv.Decode(data)
		require.NoError(t, err, file)
		c := v.(map[string]any)
		name, state, ok := singlePassState(c)
		if !ok {
			continue
		}
		ran++
		if strings.Contains(jsonv.String(state["Parameters"]), "States.") {
			withCalls++
		}
		t.Run(c["name"].(string), func(t *testing.T) {
			expect := c["expect"].(map[string]any)
			got, err := runPass(name, state, c["input"])
			require.NoError(t, err)
			require.True(t, jsonv.Equal(expect["output"], got),
				"want %s\n got %s", jsonv.String(expect["output"]), jsonv.String(got))
		})
	}
	t.Logf("ran %d single-Pass cases, %d of them with intrinsic calls", ran, withCalls)
}

// singlePassState returns the state of a successful case whose machine is
// one JSONPath Pass state with Parameters and no fields beyond passFields.
func singlePassState(c map[string]any) (string, map[string]any, bool) {
	expect, _ := c["expect"].(map[string]any)
	def, _ := c["definition"].(map[string]any)
	if expect["status"] != "SUCCEEDED" || def == nil || def["QueryLanguage"] != nil {
		return "", nil, false
	}
	sts, _ := def["States"].(map[string]any)
	if len(sts) != 1 {
		return "", nil, false
	}
	for name, s := range sts {
		state, _ := s.(map[string]any)
		if state["Type"] != "Pass" || state["Parameters"] == nil {
			return "", nil, false
		}
		for k := range state {
			if !slices.Contains(passFields, k) {
				return "", nil, false
			}
		}
		return name, state, true
	}
	return "", nil, false
}

// runPass runs a Pass state: InputPath, Parameters, ResultPath, OutputPath.
func runPass(name string, state map[string]any, input any) (any, error) {
	ctx := map[string]any{
		"Execution": map[string]any{
			"Id":    "arn:aws:states:us-east-1:123456789012:execution:sm:exec",
			"Input": input,
			"Name":  "exec",
		},
		"State":        map[string]any{"Name": name, "RetryCount": 0},
		"StateMachine": map[string]any{"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:sm", "Name": "sm"},
	}
	eff, err := selectPath(state, "InputPath", input, input)
	if err != nil {
		return nil, err
	}
	env := newTestEnv(eff)
	env.ctx = ctx
	result, err := evalTemplate(state["Parameters"], env)
	if err != nil {
		return nil, err
	}
	out := result
	if rp, ok := state["ResultPath"]; ok {
		switch rp := rp.(type) {
		case nil:
			out = input
		case string:
			p, err := path.CompileReference(rp)
			if err != nil {
				return nil, err
			}
			if out, err = p.Set(input, result); err != nil {
				return nil, err
			}
		}
	}
	return selectPath(state, "OutputPath", out, out)
}

// selectPath applies an InputPath or OutputPath field to v.
func selectPath(state map[string]any, field string, v, whenAbsent any) (any, error) {
	f, ok := state[field]
	if !ok {
		return whenAbsent, nil
	}
	s, ok := f.(string)
	if !ok {
		return map[string]any{}, nil
	}
	p, err := path.Compile(s)
	if err != nil {
		return nil, err
	}
	return p.Get(v)
}

// evalTemplate evaluates a payload template: fields ending in ".$" hold a
// path or an intrinsic call.
func evalTemplate(v any, env *testEnv) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			s, isString := e.(string)
			if !strings.HasSuffix(k, ".$") || !isString {
				r, err := evalTemplate(e, env)
				if err != nil {
					return nil, err
				}
				out[k] = r
				continue
			}
			r, err := evalDynamic(s, env)
			if err != nil {
				return nil, err
			}
			out[strings.TrimSuffix(k, ".$")] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			r, err := evalTemplate(e, env)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

func evalDynamic(s string, env *testEnv) (any, error) {
	if IsCall(s) {
		c, err := Parse(s)
		if err != nil {
			return nil, err
		}
		return c.Eval(env)
	}
	if !strings.HasPrefix(s, "$") {
		return nil, errors.New("neither a path nor an intrinsic call: " + s)
	}
	p, err := path.Compile(s)
	if err != nil {
		return nil, err
	}
	return env.Resolve(p)
}
