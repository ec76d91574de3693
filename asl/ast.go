package asl

import (
	"time"

	"github.com/gostates/gostates/internal/jtemplate"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/internal/payload"
)

// QueryLanguage is the language a state uses to select and transform data.
type QueryLanguage string

// The two query languages.
const (
	JSONPath QueryLanguage = "JSONPath"
	JSONata  QueryLanguage = "JSONata"
)

// WorkflowType is the type a state machine is created as.
type WorkflowType string

// The workflow types.
const (
	Standard WorkflowType = "STANDARD"
	Express  WorkflowType = "EXPRESS"
)

// StateType names a kind of state.
type StateType string

// The eight state types.
const (
	TypePass     StateType = "Pass"
	TypeTask     StateType = "Task"
	TypeChoice   StateType = "Choice"
	TypeWait     StateType = "Wait"
	TypeSucceed  StateType = "Succeed"
	TypeFail     StateType = "Fail"
	TypeParallel StateType = "Parallel"
	TypeMap      StateType = "Map"
)

// StateMachine is a parsed, validated definition. It is immutable and safe to
// share between goroutines and executions.
type StateMachine struct {
	Machine
	// Version is the declared ASL version ("1.0" when given).
	Version string
	// TimeoutSeconds bounds a whole execution; 0 means no limit.
	TimeoutSeconds int
	// Definition is the definition as decoded (after substitutions).
	Definition any
}

// Machine is a set of states with a start: the top level, a Parallel branch
// or a Map item processor. Transitions never leave a Machine.
type Machine struct {
	Comment string
	StartAt string
	// States maps names to states; Order lists the names as the source does.
	States map[string]State
	Order  []string
	// QueryLanguage is the machine's default (JSONPath unless set).
	QueryLanguage QueryLanguage
	// Pointer is the JSON pointer of the machine's object.
	Pointer string
}

// State is one state of a machine: one of *PassState, *TaskState,
// *ChoiceState, *WaitState, *SucceedState, *FailState, *ParallelState,
// *MapState.
type State interface {
	// Common returns the fields every state type shares.
	Common() *Base
}

// Base holds the fields shared by state types. A field a state type does not
// allow is always empty for that type.
type Base struct {
	Name          string
	Type          StateType
	Comment       string
	QueryLanguage QueryLanguage // the effective language
	// Pointer is the JSON pointer of the state's object.
	Pointer string

	// Next names the following state; End is true for a terminal state.
	Next string
	End  bool

	// JSONPath processing. InputPath and OutputPath are "$" when absent and
	// nil when the definition sets them to null. ResultPath is "$" when absent
	// and nil when null (the result is discarded).
	InputPath      *path.Path
	OutputPath     *path.Path
	ResultPath     *path.Path
	Parameters     *payload.Template
	ResultSelector *payload.Template

	// JSONata processing: Output and Arguments as written ("{% %}" strings
	// inside any JSON value). Assign is used in both languages.
	Output    *Expr
	Arguments *Expr
	Assign    *Expr

	Retry []Retrier
	Catch []Catcher
}

// Common implements State.
func (b *Base) Common() *Base { return b }

// Expr is a JSON value of a definition that is evaluated at run time: in
// JSONPath mode a payload template (".$" keys), in JSONata mode a JSON value
// whose strings may be "{% expression %}".
type Expr struct {
	// Value is the value as written.
	Value any
	// Template is the compiled JSONPath template (nil in JSONata mode).
	Template *payload.Template
	// JSONata is the compiled JSONata value (nil in JSONPath mode).
	JSONata *jtemplate.Template
}

// Retrier is one element of a Retry array.
type Retrier struct {
	ErrorEquals     []string
	IntervalSeconds int     // default 1
	MaxAttempts     int     // default 3; 0 never retries
	BackoffRate     float64 // default 2.0
	MaxDelaySeconds int     // 0: no cap
	JitterStrategy  string  // "FULL" or "NONE" (default)
}

// Catcher is one element of a Catch array.
type Catcher struct {
	ErrorEquals []string
	Next        string
	// ResultPath is "$" when absent, nil when null.
	ResultPath *path.Path
	Output     *Expr
	Assign     *Expr
}

// PassState is a Pass state.
type PassState struct {
	Base
	// Result is the fixed result, if HasResult.
	Result    any
	HasResult bool
}

// TaskState is a Task state.
type TaskState struct {
	Base
	Resource    string
	Credentials *Expr
	// Timeouts: fixed seconds (0 when absent), or from a path, or (JSONata) an
	// expression string.
	TimeoutSeconds       int
	TimeoutSecondsPath   *path.Path
	TimeoutSecondsExpr   *Expr
	HeartbeatSeconds     int
	HeartbeatSecondsPath *path.Path
	HeartbeatSecondsExpr *Expr
}

// ChoiceState is a Choice state.
type ChoiceState struct {
	Base
	Choices []*ChoiceRule
	Default string
}

// Comparator names the test a Choice rule applies.
type Comparator string

// ChoiceRule is one rule of a Choice state: a comparison, a Boolean
// combination (And, Or, Not) or, in JSONata, a Condition.
type ChoiceRule struct {
	// Next is set on top-level rules only.
	Next string
	// Variable is the path compared (JSONPath mode).
	Variable *path.Path
	// Comparator is the test, e.g. "StringEquals", "NumericLessThanPath",
	// "IsPresent". Empty for And/Or/Not/Condition rules.
	Comparator Comparator
	// Op is the comparison without its "Path" suffix, e.g. "NumericLessThan".
	Op string
	// Value is the literal operand; ValuePath the operand's path for the
	// "...Path" comparators. Timestamp operands are also parsed into Time.
	Value     any
	ValuePath *path.Path
	Time      time.Time
	// Pattern is the compiled StringMatches pattern.
	Pattern *Pattern

	And, Or []*ChoiceRule
	Not     *ChoiceRule

	// Condition is the JSONata condition.
	Condition *Expr
	// Output and Assign of a top-level rule.
	Output *Expr
	Assign *Expr
	// Pointer is the JSON pointer of the rule.
	Pointer string
}

// WaitState is a Wait state. Exactly one of the duration forms is set.
type WaitState struct {
	Base
	Seconds       int
	HasSeconds    bool
	Timestamp     time.Time
	HasTimestamp  bool
	SecondsPath   *path.Path
	TimestampPath *path.Path
	// SecondsExpr and TimestampExpr hold JSONata expression strings.
	SecondsExpr   *Expr
	TimestampExpr *Expr
}

// SucceedState is a Succeed state.
type SucceedState struct{ Base }

// FailState is a Fail state.
type FailState struct {
	Base
	Error, Cause         string
	ErrorPath, CausePath *payload.Value
	// ErrorExpr and CauseExpr hold JSONata expression strings.
	ErrorExpr, CauseExpr *Expr
}

// ParallelState is a Parallel state.
type ParallelState struct {
	Base
	Branches []*Machine
}

// Processor modes and child execution types of a Map state.
const (
	ModeInline      = "INLINE"
	ModeDistributed = "DISTRIBUTED"
)

// MapState is a Map state.
type MapState struct {
	Base
	// Processor runs each item (from ItemProcessor or the legacy Iterator).
	Processor     *Machine
	Mode          string // INLINE (default) or DISTRIBUTED
	ExecutionType string // STANDARD or EXPRESS, distributed mode only

	ItemsPath *path.Path // "$" when absent
	Items     *Expr      // JSONata: the items array or expression
	// ItemSelector holds ItemSelector, or the legacy Parameters.
	ItemSelector *Expr

	MaxConcurrency     int
	MaxConcurrencyPath *path.Path
	MaxConcurrencyExpr *Expr

	ToleratedFailureCount          int
	ToleratedFailureCountPath      *path.Path
	ToleratedFailurePercentage     float64
	ToleratedFailurePercentagePath *path.Path
	HasToleratedFailureCount       bool
	HasToleratedFailurePercentage  bool
	// ToleratedFailureCountExpr and ToleratedFailurePercentageExpr hold
	// JSONata expression strings.
	ToleratedFailureCountExpr      *Expr
	ToleratedFailurePercentageExpr *Expr

	ItemReader   *ItemReader
	ItemBatcher  *ItemBatcher
	ResultWriter *ResultWriter
	Label        string
}

// ItemReader reads the items of a distributed Map from a data source.
type ItemReader struct {
	Resource string
	// Parameters holds Parameters (JSONPath) or Arguments (JSONata).
	Parameters *Expr
	// ReaderConfig fields.
	InputType         string // JSON, JSONL, CSV, MANIFEST, PARQUET
	CSVHeaderLocation string // FIRST_ROW or GIVEN
	CSVHeaders        []string
	CSVDelimiter      string
	MaxItems          int
	MaxItemsPath      *path.Path
	MaxItemsExpr      *Expr // a JSONata expression
	// Config is ReaderConfig as written.
	Config map[string]any
}

// ItemBatcher groups items into batches.
type ItemBatcher struct {
	MaxItemsPerBatch          int
	MaxItemsPerBatchPath      *path.Path
	MaxInputBytesPerBatch     int
	MaxInputBytesPerBatchPath *path.Path
	BatchInput                *Expr
	// MaxItemsPerBatchExpr and MaxInputBytesPerBatchExpr hold JSONata
	// expression strings.
	MaxItemsPerBatchExpr      *Expr
	MaxInputBytesPerBatchExpr *Expr
}

// ResultWriter writes a distributed Map's results.
type ResultWriter struct {
	Resource string
	// Parameters holds Parameters (JSONPath) or Arguments (JSONata).
	Parameters *Expr
	// Config is WriterConfig as written.
	Config map[string]any
}
