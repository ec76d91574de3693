package jsonata_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gostates/gostates/jsonata"
)

// benchInput is an order document with 20 orders of 5 products each,
// decoded as the interpreter decodes state input (json.Number).
func benchInput(b *testing.B) any {
	b.Helper()
	var sb strings.Builder
	sb.WriteString(`{"Account":{"Name":"Firefly","Order":[`)
	for i := 0; i < 20; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"OrderID":"order%d","Product":[`, i)
		for j := 0; j < 5; j++ {
			if j > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"Name":"p%d","Price":%d.%02d,"Quantity":%d}`, j, 10+i+j, j*7, 1+j%3)
		}
		sb.WriteString("]}")
	}
	sb.WriteString("]}}")
	dec := json.NewDecoder(strings.NewReader(sb.String()))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		b.Fatal(err)
	}
	return v
}

func benchEval(b *testing.B, expr string) {
	input := benchInput(b)
	e, err := jsonata.Compile(expr)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Eval(ctx, input, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalPathPredicateSum is the typical expression: a path with a
// predicate, aggregated with $sum.
func BenchmarkEvalPathPredicateSum(b *testing.B) {
	benchEval(b, "$sum(Account.Order.Product[Price > 20].(Price * Quantity))")
}

func BenchmarkEvalSimplePath(b *testing.B) {
	benchEval(b, "Account.Name")
}

func BenchmarkEvalObjectConstructor(b *testing.B) {
	benchEval(b, "Account.Order.{'id': OrderID, 'total': $sum(Product.(Price * Quantity)), 'names': $join(Product.Name, ',')}")
}

func BenchmarkEvalStringify(b *testing.B) {
	benchEval(b, "$string(Account.Order[0])")
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := jsonata.Compile("$sum(Account.Order.Product[Price > 20].(Price * Quantity))"); err != nil {
			b.Fatal(err)
		}
	}
}
