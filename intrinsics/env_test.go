package intrinsics

import (
	"fmt"
	"math/rand/v2"

	"github.com/gostates/gostates/internal/path"
)

// testEnv resolves $ against input, $$ against ctx and $name against vars.
type testEnv struct {
	input any
	ctx   any
	vars  map[string]any
	rnd   *rand.Rand
}

func newTestEnv(input any) *testEnv {
	return &testEnv{input: input, rnd: rand.New(rand.NewPCG(7, 11))}
}

func (e *testEnv) Resolve(p *path.Path) (any, error) {
	switch p.Root() {
	case path.Context:
		return p.Get(e.ctx)
	case path.Variable:
		v, ok := e.vars[p.Variable()]
		if !ok {
			return nil, fmt.Errorf("no variable %s", p.Variable())
		}
		return p.Get(v)
	}
	return p.Get(e.input)
}

func (e *testEnv) Random() *rand.Rand { return e.rnd }

func (e *testEnv) UUID() string { return "2f0c3c04-3d52-4e5f-9c6e-1a0b2c3d4e5f" }
