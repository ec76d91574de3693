// Package interpreter executes state machines parsed by package asl, the way
// AWS Step Functions runs them: payload processing (InputPath, Parameters,
// ResultSelector, ResultPath, OutputPath), the eight state types, Retry and
// Catch, timeouts, the context object, and an execution history shaped like
// AWS's.
//
// An Engine runs many executions at once. Time and randomness come from the
// Engine's Options, so tests run waits and retries in zero time with a
// FakeClock.
//
// # Waiting executions
//
// An execution runs in a goroutine while it works. While a state of its top
// level waits (a Wait state, a Task waiting for its task token's callback, a
// retry's backoff), the execution is parked: it holds no goroutine, only its
// records (about 2.2 KB for a Wait, 5 KB for a callback, measured over
// 100,000 executions by the BenchmarkWaiting* benchmarks), and the clock's
// timer or the callback resumes it in a new goroutine. The built-in clocks
// (RealClock, FakeClock) park; with another Clock, and inside Parallel
// branches and Map iterations, a waiting state holds its goroutine.
//
// # Failures that are not the workflow's
//
//   - An integration adapter that panics fails its Task with
//     States.TaskFailed, the panic value and stack in the cause
//     (integrations.InvokeSafely); the engine goes on.
//   - Durations (Wait seconds, timeouts, heartbeats) too long for a
//     time.Duration are saturated at about 292 years, never wrapped.
//   - Cancelling the context given to Start or Execute aborts the execution:
//     it ends ABORTED with an ExecutionAborted event, and Execute returns
//     that result.
//   - SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat answer as the
//     Step Functions API does (ErrInvalidToken for a token never issued,
//     ErrTaskTimedOut for a task that ended, ErrValidation for output over
//     256 KiB, error over 256 or cause over 32,768 characters, ErrInvalidOutput
//     for output that is not JSON); a refused call leaves the task waiting.
package interpreter
