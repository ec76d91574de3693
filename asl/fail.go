package asl

import (
	"github.com/gostates/gostates/internal/payload"
	"github.com/gostates/gostates/intrinsics"
)

func (p *parser) fail(b Base, obj map[string]any, ptr string) *FailState {
	s := &FailState{Base: b}
	for _, f := range []struct {
		field      string
		fixed      *string
		path       **payload.Value
		expression **Expr
	}{
		{"Error", &s.Error, &s.ErrorPath, &s.ErrorExpr},
		{"Cause", &s.Cause, &s.CausePath, &s.CauseExpr},
	} {
		p.exclusive(obj, ptr, f.field, f.field+"Path")
		if v, ok := obj[f.field].(string); ok {
			if b.QueryLanguage == JSONata && isExpr(v) {
				*f.expression = p.compileJSONata(v, ptr+"/"+f.field)
			} else {
				*f.fixed = v
			}
		}
		key := f.field + "Path"
		pv, ok := obj[key].(string)
		if !ok || b.QueryLanguage != JSONPath || p.hasPlaceholder(pv) {
			continue
		}
		v, err := payload.CompileValue(pv, key)
		if err != nil {
			code := CodePath
			if intrinsics.IsCall(pv) {
				code = CodeIntrinsic
			}
			p.errorf(ptr+"/"+key, code, "%q: %v", key, err)
			continue
		}
		*f.path = &v
	}
	return s
}
