package intrinsics

import (
	"errors"
	"math/rand/v2"
	"strings"

	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/states"
)

// Env resolves paths and supplies randomness for evaluation.
type Env interface {
	// Resolve evaluates a path argument: "$..." against the state input,
	// "$$..." against the context object, "$name..." against a variable.
	Resolve(p *path.Path) (any, error)
	// Random is the source of States.MathRandom without a seed.
	Random() *rand.Rand
	// UUID returns a new version 4 UUID for States.UUID.
	UUID() string
}

// IsCall reports whether s, after trimming spaces, looks like an intrinsic
// function call: "States", ".", a name and an opening parenthesis, with
// optional spaces between them. It does not check the rest; Parse does.
func IsCall(s string) bool {
	p := parser{src: strings.TrimSpace(s)}
	if p.ident() != "States" {
		return false
	}
	p.space()
	if !p.consume('.') {
		return false
	}
	p.space()
	if p.ident() == "" {
		return false
	}
	p.space()
	return p.consume('(')
}

// Call is a parsed intrinsic function call. It is immutable and safe for
// concurrent use.
type Call struct {
	src  string
	root node
}

// Parse parses an intrinsic function call such as
// "States.Format('{} items', States.ArrayLength($.items))". Besides the
// syntax, it checks the names of the functions, the number of arguments,
// the types of literal arguments, and evaluates calls whose arguments are
// all literals, so that a call that can never succeed is reported here.
// The errors are plain errors meant for a person.
func Parse(s string) (*Call, error) {
	p := parser{src: s}
	root, err := p.parse()
	if err != nil {
		return nil, err
	}
	return &Call{src: s, root: root}, nil
}

// String returns the call as written.
func (c *Call) String() string { return c.src }

// Eval evaluates the call. Errors are *states.Error values worded as AWS
// Step Functions words them, normally States.Runtime. The text the call
// renders is bounded by MaxTextBytes. The result may share
// memory with the call and with the values env returned: treat it as
// read-only.
func (c *Call) Eval(env Env) (any, error) {
	v, err := c.root.eval(&evalEnv{Env: env, text: budget{left: MaxTextBytes}})
	if err == nil {
		return v, nil
	}
	var se *states.Error
	if errors.As(err, &se) {
		return nil, se // from env.Resolve
	}
	return nil, states.New(states.ErrRuntime, "The function '"+c.src+"' had the following error: "+err.Error())
}

// failure is an evaluation error before it is attributed to the expression
// it happened in.
type failure struct{ detail string }

func (f *failure) Error() string { return f.detail }
