package jsonata

// kind identifies the type of an AST node.
type kind int

const (
	// operands
	kName        kind = iota // field name (a step); str
	kVariable                // $name; str ("" is the context, "$" the root)
	kString                  // string literal; str
	kNumber                  // number literal; num
	kValue                   // true, false, null; val
	kRegex                   // regex literal; re
	kWildcard                // *
	kDescendant              // **
	kParent                  // %; slot
	kPlaceholder             // ? in a partial application

	// composite
	kPath      // steps
	kBinary    // op, lhs, rhs: + - * / % = != < <= > >= & and or .. in
	kNegate    // -expr
	kArray     // [items]
	kObject    // {pairs}
	kCondition // cond ? then : els
	kCoalesce  // lhs ?? rhs
	kElvis     // lhs ?: rhs
	kBlock     // (items; ...)
	kBind      // $var := rhs; str is the variable name
	kFunction  // procedure(args)
	kPartial   // procedure(args with ?)
	kLambda    // function(params)<sig>{body}
	kApply     // lhs ~> rhs
	kSort      // step ^(terms)
	kTransform // | pattern | update, delete |

	// parse-tree only forms, removed by the post-parse stage
	kOperator     // an operator token used as an operand (and/or/in as names)
	kEnd          // end of input used as an operand
	kRawBinary    // infix operator before post-processing; op, lhs, rhs
	kRawPredicate // lhs[rhs]
	kRawGroup     // lhs{pairs}
	kRawSort      // lhs^(terms)
	kRawFocus     // lhs@$var
	kRawIndex     // lhs#$var
)

// node is a node of the abstract syntax tree. The parser builds a tree of
// these and the post-parse stage (process.go) rewrites it into the form the
// evaluator walks: location paths become kPath nodes with a list of steps,
// predicates become stages, and the annotations below are filled in. After
// Compile returns, nodes are never modified, so evaluation is safe for
// concurrent use.
type node struct {
	kind kind
	pos  int // offset just after the node's token

	op  string  // operator of kBinary/kRawBinary
	str string  // name, variable, string literal
	num float64 // number literal
	val any     // literal of kValue
	re  *regexLiteral

	lhs, rhs *node
	items    []*node    // array items, block expressions, path steps, arguments
	pairs    [][2]*node // object constructor name/value pairs
	terms    []sortTerm // order-by terms

	cond, then, els *node // condition
	procedure       *node // function call / partial application
	params          []string
	sig             *signature
	body            *node
	pattern, update *node // transform
	del             *node

	// annotations set by the post-parse stage
	predicate          []*stage // filters applied to the node's value
	stages             []*stage // filters and index bindings applied per step
	group              *group   // grouping applied to the value
	keepArray          bool     // [] seen: keep singleton arrays
	keepSingletonArray bool     // on paths: a step has keepArray
	consArray          bool     // array constructor as first or last step
	tuple              bool     // step produces a tuple stream
	checkedSteps       int32    // on paths: the leading steps processDot has checked
	focus              string   // @$var binding
	hasFocus           bool
	index              string // #$var binding
	hasIndex           bool
	ancestor           *slot     // parent slot this step provides
	seekingParent      *slotList // unresolved % references (shared like jsonata-js arrays)
	slot               *slot     // kParent
	thunk              bool      // lambda that is a tail call
}

// sortTerm is one term of an order-by clause.
type sortTerm struct {
	descending bool
	expr       *node
}

// stage is a filter predicate or an index binding applied within a step.
type stage struct {
	isIndex bool
	expr    *node  // filter
	name    string // index variable
	pos     int
}

// group is an object constructor applied to the result of a step (grouping).
type group struct {
	pairs [][2]*node
	pos   int
}

// slotList is a shared, growable list of slots. The post-parse stage shares
// these lists between nodes exactly as jsonata-js shares its arrays.
type slotList struct{ s []*slot }

// slot identifies the ancestor a parent operator (%) refers to.
type slot struct {
	label string
	level int
	index int
}
