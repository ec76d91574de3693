package distributed_test

import (
	"context"
	"fmt"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/distributed"
	"github.com/gostates/gostates/internal/jsonv"
)

// An in-memory object store answering s3:getObject.
var files = integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	body := "id,name\n1,\"Smith, J\"\n2,Lovelace\n3,Hopper\n"
	return &integrations.Response{Output: map[string]any{"Body": body}}, nil
})

func ExampleReadItems() {
	items, err := distributed.ReadItems(context.Background(), files,
		distributed.ReaderConfig{InputType: "CSV", CSVHeaderLocation: "FIRST_ROW", MaxItems: 2},
		"arn:aws:states:::s3:getObject", map[string]any{"Bucket": "b", "Key": "people.csv"})
	fmt.Println(jsonv.String(items), err)
	// Output: [{"id":"1","name":"Smith, J"},{"id":"2","name":"Lovelace"}] <nil>
}

func ExampleBatch() {
	batches, _ := distributed.Batch([]any{"a", "b", "c"}, distributed.BatcherConfig{
		MaxItemsPerBatch: 2,
		BatchInput:       map[string]any{"factCheck": "December 2022"},
	})
	for _, b := range batches {
		fmt.Println(jsonv.String(b))
	}
	// Output:
	// {"BatchInput":{"factCheck":"December 2022"},"Items":["a","b"]}
	// {"BatchInput":{"factCheck":"December 2022"},"Items":["c"]}
}

func ExampleTolerance_Exceeded() {
	t := distributed.Tolerance{Percentage: 10, HasPercentage: true}
	fmt.Println(t.Exceeded(100, 10), t.Exceeded(100, 11))
	// Output: false true
}
