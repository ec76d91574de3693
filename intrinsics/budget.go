package intrinsics

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"
)

// MaxTextBytes is the most text one evaluation of a call may render:
// the strings States.Format and States.JsonToString build, and the text
// States.Hash, States.ArrayContains and States.ArrayUnique compare values
// by. It is sixteen times Step Functions' payload limit (256 KiB), so that
// only calls that multiply their input reach it: States.Array($, $, ...)
// nested ten deep holds the input a billion times over, without copying
// it, until something renders it.
const MaxTextBytes = 4 << 20

// budget is what an evaluation may still render.
type budget struct{ left int }

// evalEnv is the Env a call is evaluated in: the caller's, and the text
// budget of the evaluation.
type evalEnv struct {
	Env
	text budget
}

// budgetOf returns the text budget of the evaluation env belongs to; an
// Env from elsewhere (a function evaluated at parse time, a test) gets a
// budget of its own.
func budgetOf(env Env) *budget {
	if e, ok := env.(*evalEnv); ok {
		return &e.text
	}
	return &budget{left: MaxTextBytes}
}

// tooMuchText is the failure of an evaluation that spent its budget.
func tooMuchText() error {
	return &failure{detail: fmt.Sprintf("The values are too large: their text takes more than %d bytes", MaxTextBytes)}
}

// text is a strings.Builder that draws on a budget: once the budget is
// spent, it drops what it is given and reports over.
type text struct {
	b    strings.Builder
	bud  *budget
	over bool
}

func newText(bud *budget) *text { return &text{bud: bud} }

func (t *text) WriteString(s string) {
	if t.over {
		return
	}
	if len(s) > t.bud.left {
		t.over = true
		return
	}
	t.bud.left -= len(s)
	t.b.WriteString(s)
}

func (t *text) writeByte(c byte) {
	if t.over {
		return
	}
	if t.bud.left < 1 {
		t.over = true
		return
	}
	t.bud.left--
	t.b.WriteByte(c)
}

func (t *text) String() string { return t.b.String() }

// spend takes n bytes from the budget, if it has them.
func (b *budget) spend(n int) bool {
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

// identity identifies an array (its first element and length) or an object
// (its map), so that a value met many times (the input, in
// States.Array($, $, $)) is compared once. ok is false for other values and
// empty containers.
type identity struct {
	p unsafe.Pointer
	n int
}

func identityOf(v any) (id identity, ok bool) {
	switch t := v.(type) {
	case map[string]any:
		if len(t) > 0 {
			return identity{p: reflect.ValueOf(t).UnsafePointer(), n: -1}, true
		}
	case []any:
		if len(t) > 0 {
			return identity{p: unsafe.Pointer(&t[0]), n: len(t)}, true
		}
	}
	return identity{}, false
}
