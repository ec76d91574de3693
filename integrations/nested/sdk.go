package nested

import (
	"context"
	"errors"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	"github.com/gostates/gostates/states"
)

// sdkAction returns the handler of an aws-sdk:sfn action other than
// startExecution, or nil for an action the Service does not answer.
func (s *Service) sdkAction(action string) func(context.Context, map[string]any) (any, error) {
	switch action {
	case "describeExecution":
		return s.describeExecution
	case "stopExecution":
		return s.stopExecution
	case "sendTaskSuccess":
		return s.sendTaskSuccess
	case "sendTaskFailure":
		return s.sendTaskFailure
	case "sendTaskHeartbeat":
		return s.sendTaskHeartbeat
	}
	return nil
}

// lookup finds the execution named by the ExecutionArn parameter.
func (s *Service) lookup(params map[string]any) (*execution, *apiError) {
	arn, ok := param(params, "ExecutionArn").(string)
	switch {
	case param(params, "ExecutionArn") == nil:
		return nil, missing("executionArn")
	case !ok:
		return nil, apiErrorf(codeInvalidArn, "Invalid Arn: '%s'", jsonv.String(param(params, "ExecutionArn")))
	case !validExecutionARN(arn):
		return nil, apiErrorf(codeInvalidArn, "Invalid Arn: '%s'", arn)
	}
	s.mu.Lock()
	e := s.execs[arn]
	s.mu.Unlock()
	if e == nil {
		return nil, apiErrorf(codeExecutionDoesNotExist, "Execution Does Not Exist: '%s'", arn)
	}
	return e, nil
}

// describeExecution answers DescribeExecution.
func (s *Service) describeExecution(_ context.Context, params map[string]any) (any, error) {
	e, aerr := s.lookup(params)
	if aerr != nil {
		return nil, s.taskError(sdk, aerr)
	}
	return e.describe(s.opts.clock, sdkShape), nil
}

// stopExecution answers StopExecution: a running execution is aborted with
// the optional Error and Cause; the answer is when it stopped.
func (s *Service) stopExecution(ctx context.Context, params map[string]any) (any, error) {
	e, aerr := s.lookup(params)
	if aerr != nil {
		return nil, s.taskError(sdk, aerr)
	}
	errName, _ := param(params, "Error").(string)
	cause, _ := param(params, "Cause").(string)
	e.x.Stop(errName, cause)
	if err := s.eng.Await(ctx, e.x.Done()); err != nil {
		// The calling task ended (it may be the execution being stopped).
		return nil, err
	}
	return map[string]any{"StopDate": isoDate(e.stopDate(s.opts.clock))}, nil
}

// taskToken reads the TaskToken parameter.
func taskToken(params map[string]any) (string, *apiError) {
	token, ok := param(params, "TaskToken").(string)
	if !ok {
		return "", missing("taskToken")
	}
	return token, nil
}

// sendTaskSuccess answers SendTaskSuccess.
func (s *Service) sendTaskSuccess(ctx context.Context, params map[string]any) (any, error) {
	token, aerr := taskToken(params)
	if aerr != nil {
		return nil, s.taskError(sdk, aerr)
	}
	if param(params, "Output") == nil {
		return nil, s.taskError(sdk, missing("output"))
	}
	text, _, aerr := jsonText(param(params, "Output"), codeInvalidOutput, "Invalid Output")
	if aerr != nil {
		return nil, s.taskError(sdk, aerr)
	}
	return s.tokenAnswer(s.eng.SendTaskSuccess(ctx, token, []byte(text)))
}

// sendTaskFailure answers SendTaskFailure.
func (s *Service) sendTaskFailure(ctx context.Context, params map[string]any) (any, error) {
	token, aerr := taskToken(params)
	if aerr != nil {
		return nil, s.taskError(sdk, aerr)
	}
	errName, _ := param(params, "Error").(string)
	cause, _ := param(params, "Cause").(string)
	return s.tokenAnswer(s.eng.SendTaskFailure(ctx, token, errName, cause))
}

// sendTaskHeartbeat answers SendTaskHeartbeat.
func (s *Service) sendTaskHeartbeat(ctx context.Context, params map[string]any) (any, error) {
	token, aerr := taskToken(params)
	if aerr != nil {
		return nil, s.taskError(sdk, aerr)
	}
	return s.tokenAnswer(s.eng.SendTaskHeartbeat(ctx, token))
}

// tokenAnswer turns the engine's answer to a task token call into the
// API's: {} or the error AWS gives.
func (s *Service) tokenAnswer(err error) (any, error) {
	if err == nil {
		return map[string]any{}, nil
	}
	var se *states.Error
	if errors.As(err, &se) {
		switch se.Name {
		case interpreter.ErrInvalidToken, interpreter.ErrTaskTimedOut, interpreter.ErrInvalidOutput, interpreter.ErrValidation:
			return nil, s.taskError(sdk, apiErrorf(se.Name, "%s", se.Cause))
		}
	}
	return nil, states.Errorf(states.ErrTaskFailed, "nested: %v", err)
}
