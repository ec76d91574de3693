package asl

import (
	"fmt"
	"strings"
	"time"
)

// waitFields are the ways a Wait state gives its duration.
var waitFields = []string{"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}

func (p *parser) wait(b Base, obj map[string]any, ptr string) *WaitState {
	s := &WaitState{Base: b}
	var set []string
	for _, f := range waitFields {
		if _, ok := obj[f]; ok {
			set = append(set, f)
		}
	}
	switch len(set) {
	case 0:
		p.errorf(ptr, CodeWait, "a Wait state needs one of \"Seconds\", \"Timestamp\", \"SecondsPath\" or \"TimestampPath\"")
	case 1:
	default:
		p.errorf(ptr, CodeWait, "a Wait state takes exactly one of \"Seconds\", \"Timestamp\", \"SecondsPath\" or \"TimestampPath\"; it has %s", strings.Join(quoteAll(set), " and "))
	}
	if _, ok := obj["Seconds"]; ok {
		s.Seconds, s.SecondsExpr = p.intOrExpr(obj, "Seconds", ptr, b.QueryLanguage)
		_, s.HasSeconds = p.integer(obj, "Seconds")
	}
	if ts, ok := obj["Timestamp"].(string); ok {
		tptr := ptr + "/Timestamp"
		switch {
		case isExpr(ts) && b.QueryLanguage == JSONata:
			s.TimestampExpr = p.compileJSONata(ts, tptr)
		case p.hasPlaceholder(ts):
		default:
			t, err := ParseTimestamp(ts)
			if err != nil {
				p.errorf(tptr, CodeValue, "\"Timestamp\": %q is not an RFC 3339 timestamp such as \"2026-01-02T15:04:05Z\"", ts)
			}
			s.Timestamp, s.HasTimestamp = t, err == nil
		}
	}
	s.SecondsPath = p.optPath(obj, "SecondsPath", ptr, b.QueryLanguage)
	s.TimestampPath = p.optPath(obj, "TimestampPath", ptr, b.QueryLanguage)
	return s
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, e := range s {
		out[i] = fmt.Sprintf("%q", e)
	}
	return out
}

// ParseTimestamp parses a timestamp as Step Functions accepts it: RFC 3339
// with an uppercase T and either Z or a numeric offset.
func ParseTimestamp(s string) (time.Time, error) {
	if strings.ContainsAny(s, "tz") {
		return time.Time{}, fmt.Errorf("timestamp %q: T and Z must be uppercase", s)
	}
	return time.Parse(time.RFC3339Nano, s)
}
