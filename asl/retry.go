package asl

import "fmt"

// statesAll is the error name that matches every error.
const statesAll = "States.ALL"

// retriers reads a state's Retry array.
func (p *parser) retriers(obj map[string]any, ptr string) []Retrier {
	arr, _ := obj["Retry"].([]any)
	var out []Retrier
	for i, e := range arr {
		o, ok := e.(map[string]any)
		if !ok {
			continue // the schema reports it
		}
		rptr := fmt.Sprintf("%s/Retry/%d", ptr, i)
		r := Retrier{IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2.0, JitterStrategy: "NONE"}
		r.ErrorEquals = p.stringList(o["ErrorEquals"])
		if v, ok := p.integer(o, "IntervalSeconds"); ok {
			r.IntervalSeconds = v
		}
		if v, ok := p.integer(o, "MaxAttempts"); ok {
			r.MaxAttempts = v
		}
		if v, ok := p.number(o, "BackoffRate"); ok {
			r.BackoffRate = v
		}
		if v, ok := p.integer(o, "MaxDelaySeconds"); ok {
			r.MaxDelaySeconds = v
		}
		if s, ok := o["JitterStrategy"].(string); ok {
			r.JitterStrategy = s
		}
		p.checkErrorEquals(r.ErrorEquals, rptr, i == len(arr)-1, "retrier")
		out = append(out, r)
	}
	return out
}

// catchers reads a state's Catch array.
func (p *parser) catchers(obj map[string]any, ptr string, ql QueryLanguage) []Catcher {
	arr, _ := obj["Catch"].([]any)
	var out []Catcher
	for i, e := range arr {
		o, ok := e.(map[string]any)
		if !ok {
			continue // the schema reports it
		}
		cptr := fmt.Sprintf("%s/Catch/%d", ptr, i)
		c := Catcher{ErrorEquals: p.stringList(o["ErrorEquals"])}
		c.Next, _ = o["Next"].(string)
		p.checkQueryLanguageFields(o, cptr, ql, []string{"ResultPath"}, []string{"Output"})
		c.ResultPath = p.path(o, "ResultPath", cptr, ql, true)
		p.inCatch = true
		if ql == JSONata {
			c.Output = p.expr(o, "Output", cptr, ql)
		}
		c.Assign = p.expr(o, "Assign", cptr, ql)
		p.inCatch = false
		p.checkErrorEquals(c.ErrorEquals, cptr, i == len(arr)-1, "catcher")
		out = append(out, c)
	}
	return out
}

// checkErrorEquals enforces that States.ALL appears alone, in the last
// retrier or catcher.
func (p *parser) checkErrorEquals(names []string, ptr string, last bool, what string) {
	for _, n := range names {
		if n != statesAll {
			continue
		}
		switch {
		case len(names) > 1:
			p.errorf(ptr+"/ErrorEquals", CodeStatesAll, "%s must appear alone in \"ErrorEquals\"", statesAll)
		case !last:
			p.errorf(ptr+"/ErrorEquals", CodeStatesAll, "%s must be in the last %s", statesAll, what)
		}
		return
	}
}
