package jsonata

import (
	"context"
	"encoding/json"
	"os"
	"testing"
)

func TestDebug(t *testing.T) {
	expr := os.Getenv("JX")
	if expr == "" {
		t.Skip()
	}
	var input any = Undefined
	if d := os.Getenv("JD"); d != "" {
		v, err := decodeJSON([]byte(d))
		if err != nil {
			t.Fatal(err)
		}
		input = v
	}
	e, err := Compile(expr)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	r, err := e.Eval(context.Background(), input, nil)
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	b, _ := json.Marshal(r)
	t.Logf("result: %s (%v)", b, IsUndefined(r))
}

func dumpNode(n *node, indent string) string {
	if n == nil {
		return indent + "nil\n"
	}
	s := indent + kindName(n.kind) + " " + n.op + " " + n.str + "\n"
	for _, p := range n.predicate {
		s += indent + " pred:\n" + dumpNode(p.expr, indent+"  ")
	}
	for _, p := range n.stages {
		s += indent + " stage:\n" + dumpNode(p.expr, indent+"  ")
	}
	for _, it := range n.items {
		s += dumpNode(it, indent+"  ")
	}
	if n.lhs != nil {
		s += dumpNode(n.lhs, indent+"  L ")
	}
	if n.rhs != nil {
		s += dumpNode(n.rhs, indent+"  R ")
	}
	return s
}

func TestDump(t *testing.T) {
	expr := os.Getenv("JX")
	if expr == "" {
		t.Skip()
	}
	ast, err := parse(expr)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + dumpNode(ast, ""))
}
