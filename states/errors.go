// Package states defines the error model shared by every part of gostates:
// the {Error, Cause} pair that Step Functions attaches to a failed state, and
// the names of the predefined States.* errors.
package states

import (
	"errors"
	"fmt"
)

// Predefined error names, as Amazon States Language spells them.
const (
	ErrALL                             = "States.ALL"
	ErrTaskFailed                      = "States.TaskFailed"
	ErrTimeout                         = "States.Timeout"
	ErrHeartbeatTimeout                = "States.HeartbeatTimeout"
	ErrRuntime                         = "States.Runtime"
	ErrDataLimitExceeded               = "States.DataLimitExceeded"
	ErrNoChoiceMatched                 = "States.NoChoiceMatched"
	ErrIntrinsicFailure                = "States.IntrinsicFailure"
	ErrResultPathMatchFailure          = "States.ResultPathMatchFailure"
	ErrParameterPathFailure            = "States.ParameterPathFailure"
	ErrBranchFailed                    = "States.BranchFailed"
	ErrExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
	ErrItemReaderFailed                = "States.ItemReaderFailed"
	ErrResultWriterFailed              = "States.ResultWriterFailed"
	ErrPermissions                     = "States.Permissions"
	ErrQueryEvaluationError            = "States.QueryEvaluationError"
)

// Error is a failure as Step Functions reports it: an error name that Retry
// and Catch match with ErrorEquals, and a human-readable cause.
type Error struct {
	// Name is the error name, e.g. "States.Timeout" or "Lambda.ServiceException".
	Name string
	// Cause describes the failure; it may be empty.
	Cause string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Cause == "" {
		return e.Name
	}
	return e.Name + ": " + e.Cause
}

// New returns an *Error with the given name and cause.
func New(name, cause string) *Error { return &Error{Name: name, Cause: cause} }

// Errorf returns an *Error with the given name and a formatted cause.
func Errorf(name, format string, args ...any) *Error {
	return &Error{Name: name, Cause: fmt.Sprintf(format, args...)}
}

// As returns err as an *Error. An error that carries no *Error becomes
// States.TaskFailed with the error's text as cause; nil stays nil.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Name: ErrTaskFailed, Cause: err.Error()}
}
