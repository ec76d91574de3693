package distributed

import "github.com/gostates/gostates/states"

// Tolerance is a Map state's failure threshold: ToleratedFailureCount and
// ToleratedFailurePercentage (or their Path forms, resolved).
type Tolerance struct {
	// Count is the number of failed items tolerated, when HasCount.
	Count    int
	HasCount bool
	// Percentage (0 to 100) is the share of failed items tolerated, when
	// HasPercentage.
	Percentage    float64
	HasPercentage bool
}

// Exceeded reports whether failed items out of total break the threshold,
// with the semantics of the States Language spec ("Map State Failure
// Tolerance") and the Distributed Map docs:
//
//   - with neither field set, any failure breaks it (both default to 0);
//   - ToleratedFailureCount is broken when more than Count items failed;
//   - ToleratedFailurePercentage is broken when failed/total, as a
//     percentage, is more than Percentage (100 tolerates everything);
//   - with both set, breaking either one is enough.
//
// Items are counted, not child executions ("the total number of failed or
// timed out items divided by the total number of items", Distributed Map
// docs): the caller counts the items of FAILED and TIMED_OUT children, all
// the items of a batch when its child fails.
func (t Tolerance) Exceeded(total, failed int) bool {
	if failed <= 0 {
		return false
	}
	if !t.HasCount && !t.HasPercentage {
		return true
	}
	if t.HasCount && failed > t.Count {
		return true
	}
	if t.HasPercentage && total > 0 && float64(failed)*100 > t.Percentage*float64(total) {
		return true
	}
	return false
}

// ExceededCause is the cause of the States.ExceedToleratedFailureThreshold
// error a Map Run fails with when its threshold is exceeded (the wording
// LocalStack's TestState implementation took from AWS).
const ExceededCause = "The specified tolerated failure threshold was exceeded"

// ExceededError returns the error a Map Run fails with when its threshold is
// exceeded.
func ExceededError() *states.Error {
	return states.New(states.ErrExceedToleratedFailureThreshold, ExceededCause)
}
