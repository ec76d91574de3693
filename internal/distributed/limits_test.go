package distributed

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/states"
)

// Values and causes recorded on AWS in LocalStack's test_base_scenarios
// snapshots (test_map_item_reader_csv_max_items_paths,
// test_map_state_tolerated_failure_count_path,
// test_map_state_tolerated_failure_percentage_path).
func TestMaxItemsFromPath(t *testing.T) {
	tests := []struct {
		v     any
		want  int
		name  string
		cause string
	}{
		{v: json.Number("-1"), name: states.ErrItemReaderFailed, cause: "field MaxItems must be positive"},
		{v: json.Number("0"), want: 0},
		{v: json.Number("1.5"), name: states.ErrRuntime, cause: `The MaxItemsPath field refers to value "1.5" which is not a valid integer: $.MaxItems`},
		{v: json.Number("2"), want: 2},
		{v: json.Number("100000000"), want: 100_000_000},
		{v: json.Number("100000001"), want: 100_000_000},
		{v: json.Number("1e30"), want: 100_000_000},
		{v: "7", name: states.ErrRuntime, cause: `The MaxItemsPath field refers to value "7" which is not a valid integer: $.MaxItems`},
		{v: map[string]any{}, name: states.ErrRuntime, cause: `The MaxItemsPath field refers to value "{}" which is not a valid integer: $.MaxItems`},
	}
	for _, tt := range tests {
		got, err := MaxItemsFromPath(tt.v, "$.MaxItems")
		if tt.name != "" {
			requireStatesError(t, err, tt.name, tt.cause)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tt.want, got, "%v", tt.v)
	}
}

func TestToleratedFailureFromPath(t *testing.T) {
	counts := []struct {
		v     any
		want  int
		cause string
	}{
		{v: map[string]any{}, cause: `The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.ToleratedFailureCount`},
		{v: "NoNumber", cause: `The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount`},
		{v: json.Number("-1"), cause: "ToleratedFailureCount cannot be negative."},
		{v: json.Number("0"), want: 0},
		{v: json.Number("1"), want: 1},
	}
	for _, tt := range counts {
		got, err := ToleratedFailureCountFromPath(tt.v, "$.ToleratedFailureCount")
		if tt.cause != "" {
			requireStatesError(t, err, states.ErrRuntime, tt.cause)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tt.want, got)
	}

	percentages := []struct {
		v     any
		want  float64
		cause string
	}{
		{v: map[string]any{}, cause: `The ToleratedFailurePercentagePath field refers to value "{}" which is not a valid float: $.ToleratedFailurePercentage`},
		{v: "NoNumber", cause: `The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.ToleratedFailurePercentage`},
		{v: json.Number("-1.1"), cause: "ToleratedFailurePercentage must be between 0 and 100."},
		{v: json.Number("-1"), cause: "ToleratedFailurePercentage must be between 0 and 100."},
		{v: json.Number("0"), want: 0},
		{v: json.Number("1"), want: 1},
		{v: json.Number("1.1"), want: 1.1},
		{v: json.Number("100"), want: 100},
		{v: json.Number("100.1"), cause: "ToleratedFailurePercentage must be between 0 and 100."},
	}
	for _, tt := range percentages {
		got, err := ToleratedFailurePercentageFromPath(tt.v, "$.ToleratedFailurePercentage")
		if tt.cause != "" {
			requireStatesError(t, err, states.ErrRuntime, tt.cause)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tt.want, got)
	}
}

func TestBatchLimitFromPath(t *testing.T) {
	n, err := BatchLimitFromPath("MaxItemsPerBatchPath", json.Number("3"), "$.n")
	require.NoError(t, err)
	require.Equal(t, 3, n)
	n, err = BatchLimitFromPath("MaxInputBytesPerBatchPath", json.Number("1000000"), "$.n")
	require.NoError(t, err)
	require.Equal(t, MaxBatchBytes, n)
	_, err = BatchLimitFromPath("MaxItemsPerBatchPath", json.Number("0"), "$.n")
	requireStatesError(t, err, states.ErrRuntime, "field MaxItemsPerBatch must be positive")
	_, err = BatchLimitFromPath("MaxInputBytesPerBatchPath", "x", "$.n")
	requireStatesError(t, err, states.ErrRuntime, `The MaxInputBytesPerBatchPath field refers to value "x" which is not a valid integer: $.n`)
}

func TestTolerance(t *testing.T) {
	tests := []struct {
		name          string
		tol           Tolerance
		total, failed int
		exceeded      bool
	}{
		{"no failures", Tolerance{}, 10, 0, false},
		{"default tolerates nothing", Tolerance{}, 10, 1, true},
		{"count not exceeded at the limit", Tolerance{Count: 2, HasCount: true}, 10, 2, false},
		{"count exceeded above the limit", Tolerance{Count: 2, HasCount: true}, 10, 3, true},
		{"count zero", Tolerance{Count: 0, HasCount: true}, 10, 1, true},
		{"percentage at the limit", Tolerance{Percentage: 20, HasPercentage: true}, 10, 2, false},
		{"percentage above the limit", Tolerance{Percentage: 20, HasPercentage: true}, 10, 3, true},
		{"fractional percentage", Tolerance{Percentage: 33.3, HasPercentage: true}, 3, 1, true},
		{"percentage 100 tolerates all", Tolerance{Percentage: 100, HasPercentage: true}, 5, 5, false},
		{"percentage 0", Tolerance{Percentage: 0, HasPercentage: true}, 5, 1, true},
		{"both: count breaks", Tolerance{Count: 1, HasCount: true, Percentage: 90, HasPercentage: true}, 10, 2, true},
		{"both: percentage breaks", Tolerance{Count: 100, HasCount: true, Percentage: 10, HasPercentage: true}, 10, 2, true},
		{"both hold", Tolerance{Count: 5, HasCount: true, Percentage: 50, HasPercentage: true}, 10, 5, false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.exceeded, tt.tol.Exceeded(tt.total, tt.failed), tt.name)
	}
	e := ExceededError()
	require.Equal(t, states.ErrExceedToleratedFailureThreshold, e.Name)
	require.Equal(t, "The specified tolerated failure threshold was exceeded", e.Cause)
}
