// Package interpreter executes state machines parsed by package asl, the way
// AWS Step Functions runs them: payload processing (InputPath, Parameters,
// ResultSelector, ResultPath, OutputPath), the eight state types, Retry and
// Catch, timeouts, the context object, and an execution history shaped like
// AWS's.
//
// An Engine runs many executions at once; each Execution runs in its own
// goroutine. Time and randomness come from the Engine's Options, so tests run
// waits and retries in zero time with a FakeClock.
package interpreter
