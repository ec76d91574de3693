package jsonata_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gostates/gostates/jsonata"
)

func Example() {
	e, err := jsonata.Compile(`Order.Product[Price > 20].{"name": Name, "total": Price * Quantity}`)
	if err != nil {
		panic(err)
	}
	input := map[string]any{"Order": map[string]any{"Product": []any{
		map[string]any{"Name": "Hat", "Price": 34.45, "Quantity": 2.0},
		map[string]any{"Name": "Scarf", "Price": 12.5, "Quantity": 1.0},
	}}}
	result, err := e.Eval(context.Background(), input, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(result)
	// Output: map[name:Hat total:68.9]
}

func ExampleFunction() {
	upper := jsonata.Function{
		Name:      "shout",
		Signature: "<s-:s>",
		Impl: func(ctx context.Context, args []any) (any, error) {
			if jsonata.IsUndefined(args[0]) {
				return jsonata.Undefined, nil
			}
			return strings.ToUpper(args[0].(string)) + "!", nil
		},
	}
	e, _ := jsonata.Compile(`$shout(greeting)`)
	result, _ := e.Eval(context.Background(), map[string]any{"greeting": "hello"}, map[string]any{"shout": upper})
	fmt.Println(result)
	// Output: HELLO!
}

func ExampleError() {
	_, err := jsonata.Compile(`Account.Order[`)
	var je *jsonata.Error
	if errors.As(err, &je) {
		fmt.Println(je.Code, je.Message)
	}
	// Output: S0203 Expected "]" before end of expression
}

func ExampleIsUndefined() {
	e, _ := jsonata.Compile(`missing.field`)
	result, _ := e.Eval(context.Background(), map[string]any{}, nil)
	fmt.Println(jsonata.IsUndefined(result), result == nil)
	// Output: true false
}
