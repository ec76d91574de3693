package asl

import (
	"strings"

	"github.com/gostates/gostates/internal/jsonptr"
	"github.com/gostates/gostates/internal/path"
)

// expressUnsupported lists the integration patterns an Express workflow
// rejects.
var expressUnsupported = []string{".sync", ".waitForTaskToken"}

func (p *parser) task(b Base, obj map[string]any, ptr string) *TaskState {
	s := &TaskState{Base: b}
	s.Resource, _ = obj["Resource"].(string)
	res, isSFN := taskResource{}, false
	if _, ok := obj["Resource"].(string); ok && !p.hasPlaceholder(s.Resource) {
		p.checkARN(s.Resource, ptr+"/Resource")
		if res, isSFN = parseTaskResource(s.Resource); isSFN {
			p.checkIntegration(res, s.Resource, ptr+"/Resource")
		}
	}
	if c, ok := obj["Credentials"]; ok {
		cptr := ptr + "/Credentials"
		s.Credentials = &Expr{Value: c}
		if co, ok := c.(map[string]any); ok {
			p.checkQueryLanguageFields(co, cptr, b.QueryLanguage, []string{"RoleArn.$"}, nil)
		}
		if b.QueryLanguage == JSONPath {
			s.Credentials.Template = p.compileTemplate(c, cptr)
		} else {
			s.Credentials = p.compileJSONata(c, cptr)
		}
	}
	s.TimeoutSeconds, s.TimeoutSecondsPath, s.TimeoutSecondsExpr = p.duration(obj, "TimeoutSeconds", ptr, b.QueryLanguage)
	s.HeartbeatSeconds, s.HeartbeatSecondsPath, s.HeartbeatSecondsExpr = p.duration(obj, "HeartbeatSeconds", ptr, b.QueryLanguage)
	if s.TimeoutSeconds > 0 && s.HeartbeatSeconds > 0 && s.HeartbeatSeconds >= s.TimeoutSeconds {
		p.errorf(ptr+"/HeartbeatSeconds", CodeValue, "\"HeartbeatSeconds\" (%d) must be smaller than \"TimeoutSeconds\" (%d)", s.HeartbeatSeconds, s.TimeoutSeconds)
	}
	if p.opts.workflowType == Express && !p.hasPlaceholder(s.Resource) {
		for _, suffix := range expressUnsupported {
			if strings.HasSuffix(s.Resource, suffix) || strings.Contains(s.Resource, suffix+":") {
				p.errorf(ptr+"/Resource", CodeExpress, "Express state machines do not support the '%s' service integration pattern", suffix)
			}
		}
		if isSFN && res.activity {
			p.errorf(ptr+"/Resource", CodeExpress, "Express state machines do not support activities: %q is an activity ARN", s.Resource)
		}
	}
	return s
}

// checkARN reports a Resource that is not an ARN
// (arn:partition:service:region:account:resource).
func (p *parser) checkARN(s, ptr string) {
	if p.hasPlaceholder(s) {
		return
	}
	if !strings.HasPrefix(s, "arn:") || strings.Count(s, ":") < 5 {
		p.errorf(ptr, CodeResource, "%q is not a valid resource ARN, such as \"arn:aws:states:::lambda:invoke\"", s)
	}
}

// duration reads a seconds field and its Path form: a fixed value, a path,
// or (JSONata) an expression string.
func (p *parser) duration(obj map[string]any, key, ptr string, ql QueryLanguage) (int, *path.Path, *Expr) {
	p.exclusive(obj, ptr, key, key+"Path")
	n, expr := p.intOrExpr(obj, key, ptr, ql)
	return n, p.optPath(obj, key+"Path", ptr, ql), expr
}

// exclusive reports when both of two fields that exclude each other are set.
func (p *parser) exclusive(obj map[string]any, ptr, a, b string) bool {
	_, hasA := obj[a]
	_, hasB := obj[b]
	if hasA && hasB {
		p.errorf(ptr+"/"+jsonptr.Escape(b), CodeExclusive, "%q and %q cannot both be set", a, b)
		return true
	}
	return false
}
