// Package nested runs nested workflows without AWS: a Service answers the
// Step Functions service integration that starts a state machine from a
// Task, and the AWS SDK integration calls a parent uses to watch and steer
// its children, by running the child state machines in process, on the same
// interpreter.Engine as their parent.
//
//	reg := integrations.NewRegistry()
//	eng := interpreter.New(interpreter.Options{Integrations: reg, Clock: clock})
//	svc := nested.New(eng, nested.WithClock(clock))
//	arn := svc.Register("Child", child) // arn:aws:states:us-east-1:123456789012:stateMachine:Child
//	reg.Register("states", svc)
//	reg.Register("aws-sdk:sfn", svc)
//	defer svc.Shutdown(ctx)
//
// # Resources
//
// arn:aws:states:::states:startExecution takes StateMachineArn, Input and
// Name. Input is the child's input: a JSON value, or a string holding JSON
// text (absent or null: {}). Name defaults to a UUID. In the three patterns:
//
//   - request-response: the child starts and the task ends at once with
//     {"ExecutionArn", "StartDate", "SdkHttpMetadata", "SdkResponseMetadata"}.
//   - .sync: the task waits for the child. A child that succeeds gives the
//     DescribeExecution shape {"ExecutionArn", "Input", "InputDetails",
//     "Name", "Output", "OutputDetails", "StartDate", "StateMachineArn",
//     "Status", "StopDate"} with Input and Output as JSON text; .sync:2 gives
//     the same with Input and Output as JSON values. A child that fails,
//     times out or is aborted fails the task with States.TaskFailed; the
//     cause is that shape as JSON text, with the child's Error and Cause and
//     no Output. When the task's context ends (its TimeoutSeconds, the
//     parent stopped or cancelled) the child is stopped (ABORTED), as Step
//     Functions stops the job of a .sync task it abandons.
//   - .waitForTaskToken: the child starts and the task waits for its token
//     ($$.Task.Token passed in Input), which the child (or anyone) returns
//     with aws-sdk:sfn:sendTaskSuccess or sendTaskFailure, or Go code with
//     the engine's SendTaskSuccess and SendTaskFailure.
//
// arn:aws:states:::aws-sdk:sfn:ACTION answers, with the AWS SDK's shapes:
// startExecution ({"ExecutionArn", "StartDate"}, no SDK metadata),
// describeExecution (ExecutionArn; the shape above with Input and Output as
// JSON text, StopDate, Output, Error and Cause only when they apply),
// stopExecution (ExecutionArn, Error, Cause; {"StopDate"}), sendTaskSuccess
// (TaskToken, Output), sendTaskFailure (TaskToken, Error, Cause) and
// sendTaskHeartbeat (TaskToken), each answering {}. A .waitForTaskToken
// suffix makes the call, then waits for the token.
//
// Dates follow the AWS SDK for Java that Step Functions uses for each kind
// of integration (the recorded executions mask their values): optimized
// integrations (version 1.x) give epoch milliseconds as a number
// (1795683600000), aws-sdk integrations (2.x) an ISO-8601 string as Java's
// Instant prints it ("2026-11-26T09:00:00.250Z"). They are read from the
// clock given with WithClock, which should be the engine's.
//
// The shapes, the pattern results and the States.TaskFailed of a .sync
// child that does not succeed follow the executions AWS recorded for
// LocalStack's test suite (tests/aws/services/stepfunctions/v2:
// services/test_sfn_task_service; callback/test_callback
// test_start_execution_sync, _sync2, _sync_delegate_failure and
// _sync_delegate_timeout; services/test_aws_sdk_task_service
// test_sfn_start_execution and its implicit JSON serialisation variant).
//
// # Errors
//
// A refused call fails the task with the error Step Functions gives it: the
// API's error code, suffixed with Exception, prefixed StepFunctions. for the
// optimized integration and Sfn. for aws-sdk:
//
//	StepFunctions.StateMachineDoesNotExistException
//	  State Machine Does Not Exist: 'ARN' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: ID; Proxy: null)
//	Sfn.ExecutionDoesNotExistException
//	  Execution Does Not Exist: 'ARN' (Service: Sfn, Status Code: 400, Request ID: ID)
//
// The name and cause formats, and the StateMachineDoesNotExist and
// InvalidToken messages, are those AWS recorded
// (error_handling/test_task_service_sfn, services/test_aws_sdk_task_service).
// The codes are StateMachineDoesNotExist (an ARN no Register returned),
// ExecutionDoesNotExist (an execution this Service did not start),
// ExecutionAlreadyExists (a name already used for the state machine, unless
// that execution is still running with the same input: then, as
// StartExecution is idempotent, the call answers for the running execution),
// InvalidArn, InvalidName, InvalidExecutionInput (Input text that is not
// JSON), InvalidOutput, ValidationException (a required parameter missing),
// TaskTimedOut (a task token whose task has ended) and InvalidToken (a
// token the engine never issued).
// Resources the Service does not answer fail with States.TaskFailed.
//
// # Lifetime
//
// A child started with request-response or .waitForTaskToken outlives the
// task that started it, as on AWS; Shutdown stops the children still
// running and waits for them to end. A Service keeps every execution it
// started (for describeExecution and name uniqueness) for its own life.
//
// # Limits
//
//   - Only state machines given to Register exist; versions and aliases
//     (stateMachine:NAME:1) are not resolved, and describeExecution only
//     knows executions this Service started.
//   - The TaskSubmitted history event AWS records for .sync and
//     .waitForTaskToken tasks is not recorded: the interpreter has no event
//     for it.
//   - The redrive members of newer DescribeExecution answers (RedriveCount,
//     RedriveStatus) are not given: the recorded answers have none.
//   - The engine remembers the tokens of the last 10,000 tasks that ended;
//     an older one is answered Sfn.InvalidTokenException, as a token it never
//     issued, where AWS would answer Sfn.TaskTimedOutException.
package nested
