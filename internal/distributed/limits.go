package distributed

import (
	"math"
	"math/big"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// MaxItemsFromPath checks the value a ReaderConfig.MaxItemsPath selected and
// returns it as a MaxItems value for ReaderConfig, as AWS does (recorded in
// LocalStack's test_map_item_reader_csv_max_items_paths snapshots):
//
//   - a value that is not an integer fails with States.Runtime "The
//     MaxItemsPath field refers to value "1.5" which is not a valid integer:
//     $.MaxItems";
//   - a negative value fails the Map Run with States.ItemReaderFailed "field
//     MaxItems must be positive";
//   - 0 reads every item; values above MaxItemsLimit read MaxItemsLimit.
func MaxItemsFromPath(v any, path string) (int, error) {
	n, ok := wholeNumber(v)
	if !ok {
		return 0, notValid("MaxItemsPath", v, "integer", path)
	}
	if n.Sign() < 0 {
		return 0, states.New(states.ErrItemReaderFailed, "field MaxItems must be positive")
	}
	if !n.IsInt64() || n.Int64() > MaxItemsLimit {
		return MaxItemsLimit, nil
	}
	return int(n.Int64()), nil
}

// ToleratedFailureCountFromPath checks the value a ToleratedFailureCountPath
// selected. Recorded AWS causes (States.Runtime): "The
// ToleratedFailureCountPath field refers to value "NoNumber" which is not a
// valid integer: $.ToleratedFailureCount" and "ToleratedFailureCount cannot
// be negative.".
func ToleratedFailureCountFromPath(v any, path string) (int, error) {
	n, ok := wholeNumber(v)
	if !ok {
		return 0, notValid("ToleratedFailureCountPath", v, "integer", path)
	}
	if n.Sign() < 0 {
		return 0, states.New(states.ErrRuntime, "ToleratedFailureCount cannot be negative.")
	}
	if !n.IsInt64() || n.Int64() > math.MaxInt32 {
		return math.MaxInt32, nil
	}
	return int(n.Int64()), nil
}

// ToleratedFailurePercentageFromPath checks the value a
// ToleratedFailurePercentagePath selected. Recorded AWS causes
// (States.Runtime): "The ToleratedFailurePercentagePath field refers to
// value "{}" which is not a valid float: $.ToleratedFailurePercentage" and
// "ToleratedFailurePercentage must be between 0 and 100.".
func ToleratedFailurePercentageFromPath(v any, path string) (float64, error) {
	f, ok := jsonv.Float(v)
	if !ok {
		return 0, notValid("ToleratedFailurePercentagePath", v, "float", path)
	}
	if f < 0 || f > 100 {
		return 0, states.New(states.ErrRuntime, "ToleratedFailurePercentage must be between 0 and 100.")
	}
	return f, nil
}

// BatchLimitFromPath checks the value a MaxItemsPerBatchPath or
// MaxInputBytesPerBatchPath selected; field names the path field. The causes
// follow the recorded MaxItemsPath ones (AWS's own wording for these two
// fields is not recorded): a non-integer is States.Runtime "The <field>
// field refers to value ... which is not a valid integer: <path>", a value
// below 1 is States.Runtime "field <MaxItemsPerBatch|MaxInputBytesPerBatch>
// must be positive". A MaxInputBytesPerBatch above 256 KiB is capped there.
func BatchLimitFromPath(field string, v any, path string) (int, error) {
	n, ok := wholeNumber(v)
	if !ok {
		return 0, notValid(field, v, "integer", path)
	}
	name := field
	if len(name) > 4 && name[len(name)-4:] == "Path" {
		name = name[:len(name)-4]
	}
	if n.Sign() <= 0 {
		return 0, states.Errorf(states.ErrRuntime, "field %s must be positive", name)
	}
	limit := int64(math.MaxInt32)
	if name == "MaxInputBytesPerBatch" {
		limit = MaxBatchBytes
	}
	if !n.IsInt64() || n.Int64() > limit {
		return int(limit), nil
	}
	return int(n.Int64()), nil
}

// wholeNumber returns v as an integer when it is a JSON number without a
// fractional part.
func wholeNumber(v any) (*big.Int, bool) {
	r, ok := jsonv.Number(v)
	if !ok || !r.IsInt() {
		return nil, false
	}
	return new(big.Int).Set(r.Num()), true
}

// notValid is the States.Runtime error AWS gives when a path selects a value
// of the wrong type.
func notValid(field string, v any, kind, path string) error {
	text, ok := v.(string)
	if !ok {
		text = jsonv.String(v)
	}
	return states.Errorf(states.ErrRuntime, "The %s field refers to value \"%s\" which is not a valid %s: %s", field, text, kind, path)
}
