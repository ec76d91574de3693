package intrinsics

import (
	"encoding/json"
	"maps"
	"strings"

	"github.com/gostates/gostates/internal/jsonv"
)

// stringToJSON is States.StringToJson(string): the JSON value the string
// holds. A blank string is null. Numbers come back as AWS writes them after
// decoding: -0 as 0, 1.50 as 1.5.
func stringToJSON(_ *call, _ Env, args []any) (any, error) {
	s := args[0].(string)
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	v, err := jsonv.Decode([]byte(s))
	if err != nil {
		return nil, invalidf("the string is not JSON: %v", err)
	}
	return canonicalNumbers(v), nil
}

// canonicalNumbers rewrites the numbers of a freshly decoded value in place.
func canonicalNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		return canonicalNumber(string(t))
	case []any:
		for i, e := range t {
			t[i] = canonicalNumbers(e)
		}
	case map[string]any:
		for k, e := range t {
			t[k] = canonicalNumbers(e)
		}
	}
	return v
}

// jsonToString is States.JsonToString(value): the value as compact JSON.
func jsonToString(_ *call, env Env, args []any) (any, error) {
	bud := budgetOf(env)
	if !bud.spend(jsonv.Size(args[0], bud.left)) {
		return nil, tooMuchText()
	}
	b, err := jsonv.Marshal(args[0])
	if err != nil {
		return nil, invalidf("the value cannot be encoded as JSON: %v", err)
	}
	return string(b), nil
}

// jsonMerge is States.JsonMerge(a, b, deep): the fields of a, replaced or
// completed by those of b. Only the shallow merge exists, so deep must not be
// true; AWS takes any other value as false.
func jsonMerge(_ *call, _ Env, args []any) (any, error) {
	a, b := args[0].(map[string]any), args[1].(map[string]any)
	out := make(map[string]any, len(a)+len(b))
	maps.Copy(out, a)
	maps.Copy(out, b)
	return out, nil
}
