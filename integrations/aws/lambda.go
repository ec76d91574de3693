package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// invokeFunction runs a Task whose Resource is a Lambda function ARN: the
// input is the function's event, the function's response its result.
func (a *Adapter) invokeFunction(ctx context.Context, req *integrations.Request) (any, error) {
	res := req.Resource
	payload, err := jsonv.Marshal(req.Input)
	if err != nil {
		return nil, states.Errorf(states.ErrTaskFailed, "encoding the input of %s: %v", res.ARN, err)
	}
	var opts []func(*lambda.Options)
	if res.Region != "" && res.Region != a.lambda.Options().Region {
		opts = append(opts, func(o *lambda.Options) { o.Region = res.Region })
	}
	out, err := a.lambda.Invoke(ctx, &lambda.InvokeInput{FunctionName: &res.ARN, Payload: payload}, opts...)
	if err != nil {
		return nil, a.services["lambda"].taskError(ctx, optimizedErrors, "invoke", err)
	}
	if out.FunctionError != nil {
		return nil, functionError(out.Payload)
	}
	return parsePayload(out.Payload)
}

// lambdaInvoke runs arn:aws:states:::lambda:invoke. The result is shaped
// as Step Functions shapes it:
//
//	{"ExecutedVersion": "$LATEST", "Payload": <the function's response>,
//	 "SdkHttpMetadata": {...}, "SdkResponseMetadata": {...}, "StatusCode": 200}
func (a *Adapter) lambdaInvoke(ctx context.Context, req *integrations.Request) (any, error) {
	res := req.Resource
	params, _ := jsonv.Clone(req.Input).(map[string]any)
	if params == nil && req.Input != nil {
		return nil, states.Errorf(states.ErrTaskFailed, "invalid parameters for %s: the parameters must be a JSON object, not %s", res.ARN, jsonv.String(req.Input))
	}
	payload, hasPayload := params["Payload"]
	delete(params, "Payload")
	in := &lambda.InvokeInput{}
	if err := decodeInput(params, reflectValue(in)); err != nil {
		return nil, states.Errorf(states.ErrTaskFailed, "invalid parameters for %s: %v", res.ARN, err)
	}
	if hasPayload {
		in.Payload = lambdaPayload(payload)
	}
	out, err := a.lambda.Invoke(ctx, in)
	if err != nil {
		return nil, a.services["lambda"].taskError(ctx, optimizedErrors, "invoke", err)
	}
	if out.FunctionError != nil {
		return nil, functionError(out.Payload)
	}
	response, err := parsePayload(out.Payload)
	if err != nil {
		return nil, err
	}
	result := map[string]any{
		"Payload":    response,
		"StatusCode": json.Number(strconv.Itoa(int(out.StatusCode))),
	}
	if out.ExecutedVersion != nil {
		result["ExecutedVersion"] = *out.ExecutedVersion
	}
	if out.LogResult != nil {
		result["LogResult"] = *out.LogResult
	}
	return withSDKMetadata(result, out.ResultMetadata), nil
}

// lambdaPayload encodes the Payload parameter of lambda:invoke as Step
// Functions does: a string holding JSON is sent as it is, any other value
// (a plain string included) as its JSON text, null as {}.
func lambdaPayload(v any) []byte {
	switch p := v.(type) {
	case nil:
		return []byte("{}")
	case string:
		if json.Valid([]byte(p)) {
			return []byte(p)
		}
	}
	return []byte(jsonv.String(v))
}

// parsePayload decodes a function's response: JSON becomes a JSON value,
// anything else a string. JSON holding a number beyond the range of a
// float64 fails the task (States.TaskFailed): Step Functions reads numbers
// as 64-bit floats.
func parsePayload(p []byte) (any, error) {
	v, err := jsonv.Decode(p)
	var ne *jsonv.NumberError
	switch {
	case err == nil:
		return v, nil
	case errors.As(err, &ne):
		return nil, states.Errorf(states.ErrTaskFailed, "the function's response is not usable: %v", ne)
	}
	return string(p), nil
}

// functionError is the task error for a function that failed (the
// response carried X-Amz-Function-Error): the errorType of the error
// payload names it, or Lambda.Unknown when there is none (out of memory,
// timeouts); the payload is the cause.
func functionError(payload []byte) error {
	name := "Lambda.Unknown"
	var fe struct {
		ErrorType string `json:"errorType"`
	}
	if json.Unmarshal(payload, &fe) == nil && fe.ErrorType != "" {
		name = fe.ErrorType
	}
	cause := string(payload)
	var buf bytes.Buffer
	if json.Compact(&buf, payload) == nil {
		cause = buf.String()
	}
	return states.New(name, cause)
}
