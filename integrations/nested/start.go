package nested

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// startRequest holds the parameters of a StartExecution call.
type startRequest struct {
	machineARN string
	name       string
	input      string // JSON text
	inputValue any
}

// startExecution starts a child execution, then answers as the resource's
// pattern says.
func (s *Service) startExecution(ctx context.Context, a api, res integrations.Resource, params map[string]any) (*integrations.Response, error) {
	if res.Pattern == integrations.Sync && res.SyncVersion != "" && res.SyncVersion != "2" {
		return nil, states.Errorf(states.ErrTaskFailed, "nested: resource %s is not supported", res.ARN)
	}
	req, aerr := s.parseStart(params)
	if aerr != nil {
		return nil, s.taskError(a, aerr)
	}
	e, err := s.start(ctx, a, req)
	if err != nil {
		return nil, err
	}
	switch res.Pattern {
	case integrations.WaitForTaskToken:
		return &integrations.Response{Pending: true}, nil
	case integrations.Sync:
		return s.waitFor(ctx, e, res.SyncVersion)
	}
	out := map[string]any{"ExecutionArn": e.x.ARN}
	if a == sdk {
		out["StartDate"] = isoDate(e.start)
		return &integrations.Response{Output: out}, nil
	}
	out["StartDate"] = epochMillis(e.start)
	s.addSDKMetadata(out, e, s.now())
	return &integrations.Response{Output: out}, nil
}

// parseStart reads the parameters StateMachineArn, Name and Input.
func (s *Service) parseStart(params map[string]any) (startRequest, *apiError) {
	var req startRequest
	switch v := param(params, "StateMachineArn").(type) {
	case nil:
		return req, missing("stateMachineArn")
	case string:
		if !validMachineARN(v) {
			return req, apiErrorf(codeInvalidArn, "Invalid Arn: '%s'", v)
		}
		req.machineARN = v
	default:
		return req, apiErrorf(codeInvalidArn, "Invalid Arn: '%s'", jsonv.String(v))
	}
	switch v := param(params, "Name").(type) {
	case nil:
		req.name = s.opts.newUUID()
	case string:
		if !validName(v) {
			return req, apiErrorf(codeInvalidName, "Invalid Name: '%s'", v)
		}
		req.name = v
	default:
		return req, apiErrorf(codeInvalidName, "Invalid Name: '%s'", jsonv.String(v))
	}
	text, value, aerr := jsonText(param(params, "Input"), codeInvalidExecutionInput, "Invalid State Machine Execution Input")
	if aerr != nil {
		return req, aerr
	}
	req.input, req.inputValue = text, value
	return req, nil
}

// jsonText reads a payload parameter (Input, Output): its API type is a
// string of JSON text, and Step Functions also takes any other JSON value
// and sends its text. Absent or null is {}.
func jsonText(v any, code, what string) (string, any, *apiError) {
	switch t := v.(type) {
	case nil:
		return "{}", map[string]any{}, nil
	case string:
		value, err := jsonv.Decode([]byte(t))
		if err != nil {
			return "", nil, apiErrorf(code, "%s: '%v'", what, err)
		}
		return t, value, nil
	}
	return jsonv.String(v), jsonv.Clone(v), nil
}

// param returns the named parameter, matching the name's case loosely as
// the AWS SDK integration does (Input, input); nil when absent.
func param(params map[string]any, name string) any {
	if v, ok := params[name]; ok {
		return v
	}
	for k, v := range params {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// start starts the child execution, or finds the running one that an
// identical earlier call started (StartExecution is idempotent).
func (s *Service) start(ctx context.Context, a api, req startRequest) (*execution, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, states.New(states.ErrTaskFailed, "nested: the service is shut down")
	}
	m := s.machines[req.machineARN]
	if m == nil {
		return nil, s.taskError(a, apiErrorf(codeStateMachineDoesNotExist, "State Machine Does Not Exist: '%s'", req.machineARN))
	}
	if old := m.byName[req.name]; old != nil {
		if !old.done() && old.input == req.input {
			return old, nil
		}
		return nil, s.taskError(a, apiErrorf(codeExecutionAlreadyExists, "Execution Already Exists: '%s'", old.x.ARN))
	}
	started := s.now()
	// The child is the service's, not the task's: it outlives a
	// request-response task, and a .sync task stops it explicitly.
	x, err := s.eng.Start(context.WithoutCancel(ctx), m.sm, []byte(req.input),
		interpreter.WithName(req.name), interpreter.WithStateMachineName(m.name))
	if err != nil {
		return nil, states.Errorf(states.ErrTaskFailed, "nested: %v", err)
	}
	if x.StateMachineARN != m.arn {
		x.Stop("", "")
		return nil, states.Errorf(states.ErrTaskFailed, "nested: the engine names state machine %s %s; give New the engine's region and account (WithRegion, WithAccount)", m.arn, x.StateMachineARN)
	}
	e := &execution{x: x, machineARN: m.arn, input: req.input, inputValue: req.inputValue, start: started}
	m.byName[req.name] = e
	m.order = append(m.order, e)
	s.execs[x.ARN] = e
	return e, nil
}

// waitFor waits for the child of a .sync task to end. A child that
// succeeded is the task's result; any other end fails the task. When ctx
// ends first (task timeout, parent stopped) the child is stopped.
func (s *Service) waitFor(ctx context.Context, e *execution, version string) (*integrations.Response, error) {
	// Await, not a plain receive: the child runs on the parent's engine, and
	// a virtual clock must see this task as waiting for the child to move on.
	if err := s.eng.Await(ctx, e.x.Done()); err != nil {
		e.x.Stop("", "")
		<-e.x.Done()
		return nil, err
	}
	sh := syncShape
	if version == "2" {
		sh = sync2Shape
	}
	d := e.describe(s.opts.clock, sh)
	if d["Status"] != string(interpreter.Succeeded) {
		return nil, states.New(states.ErrTaskFailed, jsonv.String(d))
	}
	return &integrations.Response{Output: d}, nil
}

// addSDKMetadata adds the SdkHttpMetadata and SdkResponseMetadata members
// that the optimized integration (the AWS SDK for Java 1.x) adds to the
// StartExecution answer: the HTTP headers of the response, whose body is
// {"executionArn":"...","startDate":1.7956836E9}, sent at the time at.
func (s *Service) addSDKMetadata(out map[string]any, e *execution, at time.Time) {
	id := s.opts.newUUID()
	body := fmt.Sprintf(`{"executionArn":%s,"startDate":%s}`, jsonv.String(e.x.ARN), javaDouble(float64(e.start.UnixMilli())/1000))
	headers := []struct{ name, value string }{
		{"x-amzn-RequestId", id},
		{"connection", "keep-alive"},
		{"Content-Length", strconv.Itoa(len(body))},
		{"Date", at.UTC().Format(http.TimeFormat)},
		{"Content-Type", "application/x-amz-json-1.0"},
	}
	all := make(map[string]any, len(headers))
	first := make(map[string]any, len(headers))
	for _, h := range headers {
		all[h.name] = []any{h.value}
		first[h.name] = h.value
	}
	out["SdkHttpMetadata"] = map[string]any{
		"AllHttpHeaders": all,
		"HttpHeaders":    first,
		"HttpStatusCode": json.Number("200"),
	}
	out["SdkResponseMetadata"] = map[string]any{"RequestId": id}
}

// javaDouble formats v as Java's Double.toString does, as AWS's JSON
// responses print epoch seconds: 1.7956836E9.
func javaDouble(v float64) string {
	if v == 0 {
		return "0.0"
	}
	if a := max(v, -v); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(v, 'E', -1, 64) // 1.7956836E+09
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	n, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(n)
}

// validMachineARN reports whether s has the form of a state machine ARN:
// arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME[:VERSION_OR_ALIAS].
func validMachineARN(s string) bool {
	p := strings.Split(s, ":")
	return (len(p) == 7 || len(p) == 8) && p[0] == "arn" && p[1] != "" && p[2] == "states" &&
		p[3] != "" && p[4] != "" && p[5] == "stateMachine" && p[6] != ""
}

// validExecutionARN reports whether s has the form of an execution ARN:
// arn:PARTITION:states:REGION:ACCOUNT:execution:MACHINE:NAME.
func validExecutionARN(s string) bool {
	p := strings.Split(s, ":")
	return len(p) == 8 && p[0] == "arn" && p[1] != "" && p[2] == "states" &&
		p[3] != "" && p[4] != "" && p[5] == "execution" && p[6] != "" && p[7] != ""
}

// validName reports whether s is a valid execution name: 1 to 80
// characters, none of them white space, brackets < > { } [ ], wildcards
// ? *, the special characters " # % \ ^ | ~ ` $ & , ; : / or control
// characters (StartExecution, AWS Step Functions API Reference).
func validName(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 80 || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r <= 0x20, r >= 0x7f && r <= 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a,
			r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		case strings.ContainsRune(`<>{}[]?*"#%\^|~`+"`"+`$&,;:/`, r):
			return false
		}
	}
	return true
}
