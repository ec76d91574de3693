package intrinsics

import "testing"

func benchmarkEval(b *testing.B, src, input string) {
	c, err := Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	env := newTestEnv(decode(b, input))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Eval(env); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	benchmarkEval(b, "States.Format('Hello, {} from {}!', $.name, $.address.city)",
		`{"name":"Ada","address":{"city":"London","zip":"N1"}}`)
}

func BenchmarkMathAdd(b *testing.B) {
	benchmarkEval(b, "States.MathAdd($.counter, -1)", `{"counter":42}`)
}

func BenchmarkNested(b *testing.B) {
	benchmarkEval(b, "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, ':'), 3), States.ArrayLength($.items))",
		`{"arn":"arn:aws:states:us-east-1:123456789012:stateMachine:sm","items":[1,2,3]}`)
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("States.Format('Hello, {} from {}!', $.name, $.address.city)"); err != nil {
			b.Fatal(err)
		}
	}
}
