package interpreter_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// gen turns fuzz bytes into choices; past the end every choice is 0.
type gen struct {
	data []byte
	pos  int
}

func (g *gen) byte() byte {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return b
}

// n returns a choice in [0, k).
func (g *gen) n(k int) int { return int(g.byte()) % k }

func (g *gen) pick(options ...string) string { return options[g.n(len(options))] }

// machineGen writes random well-formed state machines: every state type,
// Retry and Catch, Parallel and Map with nested machines, both query
// languages.
//
// Each state but the last goes on to the next (so every state is
// reachable); loops come from Choice rules, Defaults and Catchers, which
// name any state.
type machineGen struct {
	g     *gen
	depth int
	count *int // states named so far in the whole machine (names are unique)
	// top is the machine's own query language (JSONata or not), which
	// nested machines inherit whatever their Parallel or Map state uses.
	top bool
}

func (m *machineGen) sub() *machineGen {
	return &machineGen{g: m.g, depth: m.depth + 1, count: m.count, top: m.top}
}

func (m *machineGen) machine(jsonata bool) string {
	if m.count == nil {
		m.count = new(int)
	}
	n := 1 + m.g.n(6)
	names := make([]string, n)
	for i := range names {
		*m.count++
		names[i] = fmt.Sprintf("S%d", *m.count)
	}
	var b strings.Builder
	b.WriteString(`{"StartAt":"` + names[0] + `","States":{`)
	for i, name := range names {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:%s", name, m.state(names, i, jsonata))
	}
	b.WriteString("}}")
	return b.String()
}

// transition goes on to the next state, or ends the last one.
func (m *machineGen) transition(names []string, i int) string {
	if i == len(names)-1 {
		return `"End":true`
	}
	return fmt.Sprintf(`"Next":%q`, names[i+1])
}

func (m *machineGen) next(names []string) string { return names[m.g.n(len(names))] }

func (m *machineGen) state(names []string, i int, jsonata bool) string {
	ql := ""
	if !jsonata && m.g.n(8) == 0 { // a JSONPath machine's state may use JSONata
		jsonata, ql = true, `"QueryLanguage":"JSONata",`
	}
	last := i == len(names)-1
	tr := m.transition(names, i)
	typ := m.g.n(10)
	switch {
	case m.depth >= 2 && (typ == 6 || typ == 7):
		typ = 0 // bound the nesting of Parallel and Map
	case last && typ == 4:
		typ = 8 // a Choice cannot end a machine
	case !last && typ >= 8:
		typ = 1 // Succeed and Fail only end one
	}
	switch typ {
	case 0, 1:
		return "{" + ql + `"Type":"Pass",` + m.io(jsonata, false) + tr + "}"
	case 2, 3:
		return "{" + ql + `"Type":"Task","Resource":"` + m.g.pick("arn:aws:states:::lambda:invoke", "arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:states:::sqs:sendMessage") + `",` +
			m.io(jsonata, true) + m.errorHandling(names) + m.taskTimeouts() + tr + "}"
	case 4:
		return "{" + ql + `"Type":"Choice",` + m.choices(names, i, jsonata) + `,"Default":"` + m.next(names) + `"}`
	case 5:
		if jsonata {
			return "{" + ql + `"Type":"Wait","Seconds":` + m.g.pick("1", "60", `"{% $states.input.n %}"`, `"{% 3600 %}"`) + "," + tr + "}"
		}
		return "{" + ql + `"Type":"Wait",` + m.g.pick(`"Seconds":5`, `"SecondsPath":"$.n"`, `"Timestamp":"2026-01-02T03:05:00Z"`, `"SecondsPath":"$.missing"`) + "," + tr + "}"
	case 6:
		sub := m.sub()
		branches := make([]string, 1+m.g.n(3))
		for j := range branches {
			branches[j] = sub.machine(m.top)
		}
		return "{" + ql + `"Type":"Parallel","Branches":[` + strings.Join(branches, ",") + "]," + m.errorHandling(names) + tr + "}"
	case 7:
		sub := m.sub()
		items := `"ItemsPath":"$.items",`
		if jsonata {
			items = `"Items":"{% $states.input.items %}",`
		}
		if m.g.n(3) == 0 {
			items = "" // the input itself (an object: a runtime error)
		}
		return "{" + ql + `"Type":"Map",` + items + `"MaxConcurrency":` + m.g.pick("0", "1", "3") + `,"ItemProcessor":` + sub.machine(m.top) + "," + m.errorHandling(names) + tr + "}"
	case 8:
		return "{" + ql + `"Type":"Succeed"}`
	default:
		if jsonata {
			return "{" + ql + `"Type":"Fail","Error":"` + m.g.pick("E1", "{% 'E' & $string($states.input.n) %}") + `","Cause":"c"}`
		}
		return "{" + ql + `"Type":"Fail",` + m.g.pick(`"Error":"E1","Cause":"c"`, `"ErrorPath":"$.e","CausePath":"$.c"`, `"Error":"States.TaskFailed"`) + "}"
	}
}

// io is the payload fields of a Pass or Task state.
func (m *machineGen) io(jsonata, task bool) string {
	var f []string
	if jsonata {
		if m.g.n(2) == 0 {
			f = append(f, `"Output":`+m.g.pick(`"{% $states.input %}"`, `{"n":"{% $states.input.n + 1 %}","items":"{% $states.input.items %}"}`,
				`"{% $merge([$states.input, {'k': $keys($states.input)}]) %}"`, `"{% $states.result %}"`, `{"big":"{% $pad('', 300000, 'x') %}"}`))
		}
		if m.g.n(3) == 0 {
			f = append(f, `"Assign":{"v":"{% $states.input.n %}"}`)
		}
		if task && m.g.n(2) == 0 {
			f = append(f, `"Arguments":{"x":"{% $states.input.n %}"}`)
		}
		return strings.Join(append(f, ""), ",")
	}
	if m.g.n(3) == 0 {
		f = append(f, `"InputPath":`+m.g.pick(`"$"`, `"$.items"`, `"$.missing"`, "null"))
	}
	if m.g.n(2) == 0 {
		f = append(f, `"Parameters":`+m.g.pick(`{"n.$":"$.n","id.$":"$$.Execution.Id"}`, `{"s.$":"States.Format('{}-{}', $.n, $$.State.Name)"}`,
			`{"a.$":"States.ArrayRange(1, 5, 1)","n.$":"States.MathAdd($.n, 1)"}`, `{"j.$":"States.JsonToString($)"}`, `{"x.$":"$.missing"}`))
	}
	if !task && m.g.n(4) == 0 {
		f = append(f, `"Result":`+m.g.pick(`{"n":1,"items":[1,2]}`, `[]`, `"s"`, `null`))
	}
	if task && m.g.n(3) == 0 {
		f = append(f, `"ResultSelector":{"r.$":"$"}`)
	}
	if m.g.n(2) == 0 {
		f = append(f, `"ResultPath":`+m.g.pick(`"$"`, `"$.r"`, `null`, `"$.items"`, `"$.n.deep"`))
	}
	if m.g.n(3) == 0 {
		f = append(f, `"OutputPath":`+m.g.pick(`"$"`, `"$.r"`, `"$.missing"`))
	}
	if m.g.n(4) == 0 {
		f = append(f, `"Assign":{"v.$":"$"}`)
	}
	return strings.Join(append(f, ""), ",")
}

func (m *machineGen) errorHandling(names []string) string {
	var f []string
	if m.g.n(2) == 0 {
		f = append(f, fmt.Sprintf(`"Retry":[{"ErrorEquals":[%q],"IntervalSeconds":%d,"MaxAttempts":%d,"BackoffRate":%s%s}]`,
			m.g.pick("States.ALL", "E1", "States.TaskFailed", "States.Timeout"), 1+m.g.n(3), m.g.n(4), m.g.pick("1", "2", "1.5"),
			m.g.pick("", `,"JitterStrategy":"FULL"`, `,"MaxDelaySeconds":2`)))
	}
	if m.g.n(2) == 0 {
		f = append(f, fmt.Sprintf(`"Catch":[{"ErrorEquals":[%q],"Next":%q}]`, m.g.pick("States.ALL", "E2", "States.Runtime"), m.next(names)))
	}
	return strings.Join(append(f, ""), ",")
}

func (m *machineGen) taskTimeouts() string {
	return m.g.pick("", `"TimeoutSeconds":5,`, `"TimeoutSeconds":5,"HeartbeatSeconds":2,`)
}

func (m *machineGen) choices(names []string, i int, jsonata bool) string {
	if jsonata {
		return fmt.Sprintf(`"Choices":[{"Condition":%q,"Next":%q}]`,
			m.g.pick("{% $states.input.n > 2 %}", "{% $count($states.input.items) = 0 %}", "{% $states.input.nope %}"), names[i+1])
	}
	return fmt.Sprintf(`"Choices":[{%s,"Next":%q},{"Not":{"Variable":"$.n","IsPresent":true},"Next":%q}]`,
		m.g.pick(`"Variable":"$.n","NumericGreaterThan":2`, `"Variable":"$.items[0]","NumericEquals":1`, `"Variable":"$.s","StringMatches":"a*"`,
			`"And":[{"Variable":"$.n","IsNumeric":true},{"Variable":"$.n","NumericLessThanPath":"$.m"}]`),
		names[i+1], m.next(names))
}

// fuzzInvoker answers tasks from the fuzz bytes: a result, an error, a
// callback that never comes (until the task times out), or a panic.
type fuzzInvoker struct{ answers []byte }

func (f fuzzInvoker) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	b := byte(req.Attempt)
	if len(f.answers) > 0 {
		b += f.answers[(req.Attempt+len(req.StateName))%len(f.answers)]
	}
	switch b % 8 {
	case 0, 1, 2:
		return &integrations.Response{Output: map[string]any{"n": json.Number("3"), "items": []any{json.Number("1")}, "in": req.Input}}, nil
	case 3:
		return nil, states.New("E1", "scripted failure")
	case 4:
		return nil, states.New("E2", "")
	case 5:
		if req.TaskToken != "" {
			return &integrations.Response{Pending: true}, nil
		}
		return &integrations.Response{Output: "plain"}, nil
	case 6:
		panic("adapter bug")
	}
	return nil, fmt.Errorf("a Go error")
}

// runFuzzExecution generates a machine from data, runs it on random input on
// the virtual clock and checks the invariants every execution must keep.
func runFuzzExecution(t *testing.T, data []byte) {
	g := &gen{data: data}
	jsonataTop := g.n(2) == 0
	mg := &machineGen{g: g, top: jsonataTop}
	def := mg.machine(jsonataTop)
	if jsonataTop {
		def = `{"QueryLanguage":"JSONata",` + def[1:]
	}
	if g.n(4) == 0 {
		def = `{"TimeoutSeconds":600,` + def[1:]
	}
	sm, err := asl.Parse([]byte(def))
	if err != nil {
		var problems asl.Errors
		if !errorsAs(err, &problems) {
			t.Fatalf("asl.Parse failed without asl.Errors: %v\n%s", err, def)
		}
		return // a generated definition AWS would refuse too
	}
	input := g.pick(`{"n":1,"items":[1,2,3],"s":"abc","m":5,"e":"E","c":"C"}`, `{"n":"x","items":[]}`, `{}`, `{"n":5,"items":[{"n":1},{"n":7}]}`, `[1,2]`)

	clock := interpreter.NewFakeClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	eng := interpreter.New(interpreter.Options{Integrations: fuzzInvoker{answers: data[min(g.pos, len(data)):]}, Clock: clock})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	x, err := eng.Start(ctx, sm, []byte(input))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	// A task waiting for a callback that never comes times out only as
	// the virtual time moves on: move it on while the execution runs.
	for done := false; !done; {
		select {
		case <-x.Done():
			done = true
		case <-ctx.Done():
			t.Fatalf("the execution did not end within 20 s\n%s\ninput %s", def, input)
		case <-time.After(time.Millisecond):
			clock.Advance(time.Hour)
		}
	}
	res := x.Wait(context.Background())
	checkResult(t, def, input, res, x.History())
}

func checkResult(t *testing.T, def, input string, res interpreter.Result, h []interpreter.Event) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\ndefinition %s\ninput %s\nresult %+v", append(args, def, input, res)...)
	}
	switch res.Status {
	case interpreter.Succeeded:
		out, err := jsonv.Marshal(res.Output)
		if err != nil || !json.Valid(out) {
			fail("output is not JSON: %v", err)
		}
		if len(out) > interpreter.DefaultMaxPayloadBytes {
			fail("output of %d bytes exceeds 256 KiB", len(out))
		}
	case interpreter.Failed, interpreter.TimedOut:
		if res.Error == "gostates.Aborted" {
			fail("an internal error name leaked")
		}
	default:
		fail("unexpected status %s", res.Status)
	}
	if len(h) == 0 || h[0].Type != "ExecutionStarted" {
		fail("history does not start with ExecutionStarted")
	}
	last := h[len(h)-1].Type
	want := map[interpreter.Status]string{interpreter.Succeeded: "ExecutionSucceeded", interpreter.Failed: "ExecutionFailed", interpreter.TimedOut: "ExecutionTimedOut"}[res.Status]
	if last != want {
		fail("history ends with %s, want %s", last, want)
	}
	if len(h) > interpreter.DefaultMaxHistoryEvents {
		fail("history has %d events, over the limit", len(h))
	}
	entered := map[string]int{}
	for i, ev := range h {
		if ev.ID != int64(i+1) {
			fail("event %d has id %d", i+1, ev.ID)
		}
		if ev.PreviousEventID >= ev.ID {
			fail("event %d follows event %d", ev.ID, ev.PreviousEventID)
		}
		if i > 0 && ev.Timestamp.Before(h[0].Timestamp) {
			fail("event %d is older than the execution", ev.ID)
		}
		name, _ := ev.Details["name"].(string)
		switch {
		case strings.HasSuffix(ev.Type, "StateEntered"):
			entered[name]++
		case strings.HasSuffix(ev.Type, "StateExited"):
			if entered[name] == 0 {
				fail("event %d: %s exits state %q that was not entered", ev.ID, ev.Type, name)
			}
			entered[name]--
		}
		if _, err := json.Marshal(ev); err != nil {
			fail("event %d does not encode: %v", ev.ID, err)
		}
	}
}

func errorsAs(err error, target *asl.Errors) bool {
	e, ok := err.(asl.Errors)
	if ok {
		*target = e
	}
	return ok
}

// FuzzExecution runs random well-formed state machines on random inputs
// and checks that every execution ends (within the history limit), with
// valid JSON output within 256 KiB, and a well-formed history: ids that
// increase one by one, every exited state entered before.
func FuzzExecution(f *testing.F) {
	for _, seed := range []string{
		"", "\x00", "\x01\x02\x03\x04\x05\x06\x07\x08\x09",
		"\x06\x06\x06\x06\x06\x06\x06\x06", "\x07\x07\x07\x07\x07\x07\x07", "\x05\x05\x05\x05\x05\x05",
		"\x02\x03\x02\x03\x02\x03\x02\x03\x02\x03\x02\x03",
		"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3",
		"\x01\x00\x05\x00\x07\x00\x06\x01\x02\x03\x04\x05\x06\x07",
		"\x00\x05\x06\x01\x07\x02\x03\x04\x05\x06\x07\x00\x01\x02\x03",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			data = data[:512]
		}
		runFuzzExecution(t, data)
	})
}
