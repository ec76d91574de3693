// Package conformance runs recorded Step Functions cases through gostates and
// scores the results. A case (see the shared FORMAT.md) is a definition with
// either an expected validation verdict, or an input, scripted task results
// and the status, output or error AWS produced.
package conformance
