// Package mock answers Task states from scripted responses instead of
// calling services, for tests and local runs.
//
// A script lists, for each Task state name, the responses of the state's
// successive invocations: the state's first invocation gets element 0, the
// next (a retry, a later visit in a loop, another Map iteration) element 1,
// and so on, counted per state name over the life of the Mock. A Return
// response is the task's result; a Throw response fails the task with its
// error name and cause, which Retry and Catch match like any other error.
//
// Two script formats are read:
//
//   - ParseResponses reads the "mocks" object of a conformance case,
//     {"StateName": [{"Return": ...}, {"Throw": {"Error": "...", "Cause": "..."}}]}.
//   - LoadConfig reads the MockConfigFile.json of Step Functions Local, whose
//     test cases map state names to named MockedResponses keyed by invocation
//     numbers ("0") and inclusive ranges ("1-2").
//
// Like Step Functions Local ("A mocked Task will never call the service
// endpoint", AWS Step Functions Developer Guide, "Using mocked service
// integrations for testing in Step Functions Local"), a state that has a
// script never calls the service: a Return is the result even for
// .waitForTaskToken resources (no callback is awaited), and a state that
// runs more times than its script has responses fails with States.Runtime,
// an error no Retry or Catch handles, naming the state and the invocation.
// Only states without a script go to the fallback Invoker (for example the
// Registry that calls AWS, as Step Functions Local calls the configured
// endpoints); with no fallback they fail with States.Runtime too.
//
// Invocations are counted per state name for the life of the Mock, across
// retries, loops and Map iterations alike; concurrent invocations (Map
// iterations) are numbered in the order they reach the Mock.
package mock
