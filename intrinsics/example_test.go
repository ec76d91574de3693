package intrinsics_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/path"
	"github.com/gostates/gostates/intrinsics"
)

// inputEnv resolves every path against one document.
type inputEnv struct{ doc any }

func (e inputEnv) Resolve(p *path.Path) (any, error) { return p.Get(e.doc) }
func (inputEnv) Random() *rand.Rand                  { return rand.New(rand.NewPCG(1, 2)) }
func (inputEnv) UUID() string                        { return "5f7c1e1a-2b4d-4c8e-9f0a-1b2c3d4e5f60" }

func ExampleParse() {
	call, err := intrinsics.Parse("States.Format('{} has {} items', $.name, States.ArrayLength($.items))")
	if err != nil {
		fmt.Println(err)
		return
	}
	input, _ := jsonv.Decode([]byte(`{"name": "cart-7", "items": ["apple", "pear"]}`))
	v, err := call.Eval(inputEnv{input})
	fmt.Println(v, err)

	_, err = call.Eval(inputEnv{map[string]any{"name": "cart-8"}})
	fmt.Println(err)

	_, err = intrinsics.Parse("States.MathAdd($.count)")
	fmt.Println(err)
	// Output:
	// cart-7 has 2 items <nil>
	// States.Runtime: The function 'States.Format('{} has {} items', $.name, States.ArrayLength($.items))' had the following error: The JsonPath argument for the field '$.items' could not be found in the input '{"name":"cart-8"}'
	// intrinsic function "States.MathAdd($.count)", at offset 0: States.MathAdd takes 2 arguments, got 1
}
