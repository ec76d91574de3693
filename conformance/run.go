package conformance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gostates/gostates/asl"
	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/mock"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
	mrand "math/rand/v2"
)

// Outcome is the score of one case.
type Outcome struct {
	Case *Case
	Pass bool
	// Why explains a failure.
	Why string
}

// caseTimeout bounds one execution case in wall-clock time; cases run on a
// virtual clock, so only a hang comes near it.
const caseTimeout = 20 * time.Second

// Run scores one case.
func Run(ctx context.Context, c *Case) Outcome {
	var opts []asl.Option
	if c.Type == string(asl.Express) {
		opts = append(opts, asl.WithType(asl.Express))
	}
	sm, perr := asl.Parse(c.Definition, opts...)
	if c.IsValidation() {
		valid := perr == nil
		if valid == *c.Expect.Valid {
			return Outcome{Case: c, Pass: true}
		}
		if valid {
			return Outcome{Case: c, Why: "AWS rejects this definition, gostates accepted it"}
		}
		return Outcome{Case: c, Why: "AWS accepts this definition, gostates rejected it: " + firstLine(perr.Error())}
	}
	if perr != nil {
		return Outcome{Case: c, Why: "definition rejected: " + firstLine(perr.Error())}
	}
	var inv integrations.Invoker = integrations.NewRegistry()
	if len(c.Mocks) > 0 && string(c.Mocks) != "null" {
		responses, err := mock.ParseResponses(c.Mocks)
		if err != nil {
			return Outcome{Case: c, Why: "bad mocks: " + err.Error()}
		}
		inv = mock.New(responses, inv)
	}
	eng := interpreter.New(interpreter.Options{
		Integrations: inv,
		Clock:        interpreter.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
		Rand:         mrand.NewPCG(1, 2),
	})
	ctx, cancel := context.WithTimeout(ctx, caseTimeout)
	defer cancel()
	input := []byte(c.Input)
	if len(input) == 0 {
		input = []byte("{}")
	}
	res, _, err := eng.Execute(ctx, sm, input)
	if err != nil {
		return Outcome{Case: c, Why: "start: " + err.Error()}
	}
	return score(c, res)
}

func score(c *Case, res interpreter.Result) Outcome {
	fail := func(format string, args ...any) Outcome {
		return Outcome{Case: c, Why: fmt.Sprintf(format, args...)}
	}
	if string(res.Status) != c.Expect.Status {
		detail := ""
		if res.Status == interpreter.Failed {
			detail = fmt.Sprintf(" (%s: %s)", res.Error, truncate(res.Cause, 200))
		}
		return fail("status %s%s, want %s", res.Status, detail, c.Expect.Status)
	}
	switch res.Status {
	case interpreter.Succeeded:
		want, err := jsonv.Decode(c.Expect.Output)
		if err != nil {
			return fail("bad expected output: %v", err)
		}
		if !jsonv.Equal(res.Output, want) {
			return fail("output %s, want %s", truncate(jsonv.String(res.Output), 300), truncate(jsonv.String(want), 300))
		}
	default:
		if e := c.Expect.Error; e != nil && res.Error != *e {
			return fail("error %q, want %q (cause %q)", res.Error, *e, truncate(res.Cause, 200))
		}
		if e := c.Expect.Cause; e != nil && res.Cause != *e {
			return fail("cause %q, want %q", truncate(res.Cause, 300), truncate(*e, 300))
		}
	}
	return Outcome{Case: c, Pass: true}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
