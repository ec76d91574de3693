package nested

import (
	"fmt"
	"strings"

	"github.com/gostates/gostates/states"
)

// api is the kind of integration a call came through, which decides how
// its errors are named.
type api int

const (
	// optimized is arn:aws:states:::states:startExecution, built on the AWS
	// SDK for Java 1.x.
	optimized api = iota
	// sdk is arn:aws:states:::aws-sdk:sfn:*, built on the AWS SDK for Java
	// 2.x.
	sdk
)

// Error codes of the Step Functions API.
const (
	codeExecutionAlreadyExists   = "ExecutionAlreadyExists"
	codeExecutionDoesNotExist    = "ExecutionDoesNotExist"
	codeInvalidArn               = "InvalidArn"
	codeInvalidExecutionInput    = "InvalidExecutionInput"
	codeInvalidName              = "InvalidName"
	codeInvalidOutput            = "InvalidOutput"
	codeInvalidToken             = "InvalidToken"
	codeStateMachineDoesNotExist = "StateMachineDoesNotExist"
	codeTaskTimedOut             = "TaskTimedOut"
	codeValidation               = "ValidationException"
)

// apiError is an error answer of the Step Functions API: its code and
// message, as the API sends them (all are HTTP 400).
type apiError struct {
	code, message string
}

func apiErrorf(code, format string, args ...any) *apiError {
	return &apiError{code: code, message: fmt.Sprintf(format, args...)}
}

// missing is the API's answer to a request without a required member.
func missing(member string) *apiError {
	return apiErrorf(codeValidation, "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", member)
}

// taskError is the error a task fails with when the API refuses its call,
// named as Step Functions names it for the kind of integration:
//
//	optimized: StepFunctions.CODEException, "MESSAGE (Service: AWSStepFunctions; Status Code: 400; Error Code: CODE; Request ID: ID; Proxy: null)"
//	aws-sdk:   Sfn.CODEException, "MESSAGE (Service: Sfn, Status Code: 400, Request ID: ID)"
func (s *Service) taskError(a api, e *apiError) *states.Error {
	name := e.code
	if !strings.HasSuffix(name, "Exception") {
		name += "Exception"
	}
	id := s.opts.newUUID()
	if a == optimized {
		return states.Errorf("StepFunctions."+name, "%s (Service: AWSStepFunctions; Status Code: 400; Error Code: %s; Request ID: %s; Proxy: null)", e.message, e.code, id)
	}
	return states.Errorf("Sfn."+name, "%s (Service: Sfn, Status Code: 400, Request ID: %s)", e.message, id)
}
