package mock

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gostates/gostates/internal/jsonv"
)

// Config is a Step Functions Local mock configuration, the
// MockConfigFile.json format:
//
//	{
//	  "StateMachines": {
//	    "MACHINE": {"TestCases": {"CASE": {"STATE": "MOCKED_RESPONSE"}}}
//	  },
//	  "MockedResponses": {
//	    "MOCKED_RESPONSE": {
//	      "0":   {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "..."}},
//	      "1-2": {"Return": {"StatusCode": 200, "Payload": {}}}
//	    }
//	  }
//	}
//
// The keys of a mocked response number the invocations of the state it is
// bound to, from 0; "1-2" is an inclusive range. Together they must cover
// 0, 1, 2, … without gaps or overlaps.
//
// A Config is immutable; each TestCase call returns a fresh Mock.
type Config struct {
	// machines maps state machine → test case → state → mocked response name.
	machines map[string]map[string]map[string]string
	// responses maps a mocked response name to its invocations.
	responses map[string][]span
}

// maxInvocation bounds the invocation numbers a mocked response may use.
const maxInvocation = math.MaxInt32 - 1

// LoadConfig reads and checks a MockConfigFile.json. An invalid file yields
// ConfigErrors listing every problem with its JSON pointer, such as
// "/StateMachines/Order/TestCases/HappyPath/Charge: mocked response
// \"ChargeOK\" is not defined in /MockedResponses".
func LoadConfig(data []byte) (*Config, error) {
	v, err := jsonv.Decode(data)
	if err != nil {
		return nil, syntaxError(data, err)
	}
	var p problems
	root, ok := v.(map[string]any)
	if !ok {
		p.add("", `a mock configuration must be an object with "StateMachines" and "MockedResponses", not %s`, describe(v))
		return nil, p.err()
	}
	for _, k := range slices.Sorted(maps.Keys(root)) {
		if k != "StateMachines" && k != "MockedResponses" {
			p.add(pointer("", k), `unknown field; a mock configuration has "StateMachines" and "MockedResponses"`)
		}
	}
	c := &Config{
		machines:  map[string]map[string]map[string]string{},
		responses: map[string][]span{},
	}
	mocked := requireObject(&p, root, "", "MockedResponses")
	for _, name := range slices.Sorted(maps.Keys(mocked)) {
		if ss, ok := parseMockedResponse(&p, pointer("/MockedResponses", name), mocked[name]); ok {
			c.responses[name] = ss
		}
	}
	machines := requireObject(&p, root, "", "StateMachines")
	for _, machine := range slices.Sorted(maps.Keys(machines)) {
		mpath := pointer("/StateMachines", machine)
		mobj, ok := machines[machine].(map[string]any)
		if !ok {
			p.add(mpath, `a state machine must be an object with "TestCases", not %s`, describe(machines[machine]))
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(mobj)) {
			if k != "TestCases" {
				p.add(pointer(mpath, k), `unknown field; a state machine has "TestCases"`)
			}
		}
		cases := map[string]map[string]string{}
		tcs := requireObject(&p, mobj, mpath, "TestCases")
		for _, tc := range slices.Sorted(maps.Keys(tcs)) {
			tpath := pointer(pointer(mpath, "TestCases"), tc)
			tobj, ok := tcs[tc].(map[string]any)
			if !ok {
				p.add(tpath, "a test case must be an object mapping state names to mocked response names, not %s", describe(tcs[tc]))
				continue
			}
			bound := map[string]string{}
			for _, state := range slices.Sorted(maps.Keys(tobj)) {
				spath := pointer(tpath, state)
				name, ok := tobj[state].(string)
				_, defined := mocked[name]
				switch {
				case !ok:
					p.add(spath, "must name a mocked response with a string, not %s", describe(tobj[state]))
				case !defined:
					p.add(spath, "mocked response %q is not defined in /MockedResponses", name)
				default:
					bound[state] = name
				}
			}
			cases[tc] = bound
		}
		c.machines[machine] = cases
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// requireObject returns the object field key of obj, reporting a missing
// or mistyped field.
func requireObject(p *problems, obj map[string]any, path, key string) map[string]any {
	v, ok := obj[key]
	if !ok {
		p.add(path, "missing field %q", key)
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.add(pointer(path, key), "must be an object, not %s", describe(v))
		return nil
	}
	return m
}

// parseMockedResponse checks one entry of MockedResponses and returns its
// invocations in order.
func parseMockedResponse(p *problems, path string, v any) ([]span, bool) {
	obj, ok := v.(map[string]any)
	if !ok {
		p.add(path, `a mocked response must be an object keyed by invocation numbers ("0") or ranges ("1-2"), not %s`, describe(v))
		return nil, false
	}
	if len(obj) == 0 {
		p.add(path, `a mocked response needs at least one invocation, keyed "0"`)
		return nil, false
	}
	before := len(p.list)
	type entry struct {
		key        string
		start, end int // inclusive
		resp       Response
	}
	var entries []entry
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		kpath := pointer(path, key)
		start, end, err := parseRange(key)
		if err != nil {
			p.add(kpath, "%v", err)
			continue
		}
		if r, ok := parseResponse(p, kpath, obj[key]); ok {
			entries = append(entries, entry{key, start, end, r})
		}
	}
	if len(p.list) > before {
		return nil, false
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.start - b.start })
	next := 0
	ss := make([]span, 0, len(entries))
	for i, e := range entries {
		switch {
		case e.start < next:
			p.add(pointer(path, e.key), "invocation %d is already answered by %q", e.start, entries[i-1].key)
		case e.start > next:
			p.add(pointer(path, e.key), "invocations must be numbered consecutively from 0: %s has no response", invocations(next, e.start-1))
		}
		next = max(next, e.end+1)
		ss = append(ss, span{end: e.end + 1, resp: e.resp})
	}
	return ss, len(p.list) == before
}

// parseRange parses an invocation key, "N" or "N-M" with N ≤ M.
func parseRange(key string) (start, end int, err error) {
	lo, hi, isRange := strings.Cut(key, "-")
	if start, err = parseInvocation(lo); err != nil {
		return 0, 0, fmt.Errorf("invalid invocation key %q: %w", key, err)
	}
	if !isRange {
		return start, start, nil
	}
	if end, err = parseInvocation(hi); err != nil {
		return 0, 0, fmt.Errorf("invalid invocation range %q: %w", key, err)
	}
	if end < start {
		return 0, 0, fmt.Errorf("invalid invocation range %q: it ends before it starts", key)
	}
	return start, end, nil
}

func parseInvocation(s string) (int, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf(`expected an invocation number ("0") or an inclusive range ("1-2")`)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > maxInvocation {
		return 0, fmt.Errorf("invocation number %s is too large", s)
	}
	return n, nil
}

func invocations(from, to int) string {
	if from == to {
		return fmt.Sprintf("invocation %d", from)
	}
	return fmt.Sprintf("invocations %d-%d", from, to)
}

// StateMachineNames returns the names of the state machines the
// configuration has test cases for, sorted.
func (c *Config) StateMachineNames() []string {
	return slices.Sorted(maps.Keys(c.machines))
}

// TestCaseNames returns the names of a state machine's test cases, sorted.
func (c *Config) TestCaseNames(machine string) ([]string, error) {
	cases, ok := c.machines[machine]
	if !ok {
		return nil, fmt.Errorf("state machine %q has no test cases in the mock configuration (it has %s)", machine, quoteList(c.StateMachineNames()))
	}
	return slices.Sorted(maps.Keys(cases)), nil
}

// TestCase returns a Mock that answers the states of a test case from
// their mocked responses. It has no fallback: use WithFallback to send the
// states the test case does not mock to real integrations, as Step
// Functions Local does.
func (c *Config) TestCase(machine, testCase string) (*Mock, error) {
	names, err := c.TestCaseNames(machine)
	if err != nil {
		return nil, err
	}
	bound, ok := c.machines[machine][testCase]
	if !ok {
		return nil, fmt.Errorf("state machine %q has no test case %q (it has %s)", machine, testCase, quoteList(names))
	}
	spans := make(map[string][]span, len(bound))
	for state, name := range bound {
		spans[state] = c.responses[name]
	}
	return newMock(spans, nil), nil
}

func quoteList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
