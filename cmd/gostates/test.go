package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/integrations/mock"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/interpreter"
)

// cmdTest runs every test case a Step Functions Local mock config file
// defines for a state machine, as Step Functions Local does when an
// execution is started with "stateMachineArn#TestCase".
func cmdTest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defPath := fs.String("definition", "", "the state machine definition (required)")
	machine := fs.String("machine", "", "state machine name in the config (default: the only one)")
	inputFlag := fs.String("input", "", "execution input: a JSON file, - or inline JSON (default {})")
	only := fs.String("test-case", "", "run only this test case")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gostates test --definition DEF [flags] MockConfigFile.json")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 || *defPath == "" {
		fs.Usage()
		return 2
	}
	sm, ok := loadMachine("gostates test", *defPath, nil, stderr)
	if !ok {
		return 2
	}
	cfgData, err := readFileLimited(pos[0], maxMocksBytes, "the mock config file")
	if err != nil {
		fmt.Fprintf(stderr, "gostates test: %v\n", err)
		return 2
	}
	cfg, err := mock.LoadConfig(cfgData)
	if err != nil {
		fmt.Fprintf(stderr, "gostates test: %s: %v\n", pos[0], err)
		return 2
	}
	if *machine == "" {
		names := cfg.StateMachineNames()
		if len(names) != 1 {
			fmt.Fprintf(stderr, "gostates test: name the state machine with --machine (one of %v)\n", names)
			return 2
		}
		*machine = names[0]
	}
	input, err := readInput(*inputFlag, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "gostates test: input: %v\n", err)
		return 2
	}
	names, err := cfg.TestCaseNames(*machine)
	if err != nil {
		fmt.Fprintf(stderr, "gostates test: %v\n", err)
		return 2
	}
	code := 0
	for _, tc := range names {
		if *only != "" && tc != *only {
			continue
		}
		m, err := cfg.TestCase(*machine, tc)
		if err != nil {
			fmt.Fprintf(stderr, "gostates test: %v\n", err)
			return 2
		}
		eng := interpreter.New(interpreter.Options{
			Integrations: m.WithFallback(integrations.NewRegistry()),
			Clock:        interpreter.NewFakeClock(time.Now()),
		})
		res, _, err := eng.Execute(ctx, sm, input, interpreter.WithStateMachineName(*machine))
		if err != nil {
			fmt.Fprintf(stderr, "gostates test: %s: %v\n", tc, err)
			return 2
		}
		switch res.Status {
		case interpreter.Succeeded:
			fmt.Fprintf(stdout, "%s: %s %s\n", tc, res.Status, jsonv.String(res.Output))
		default:
			fmt.Fprintf(stdout, "%s: %s %s: %s\n", tc, res.Status, res.Error, res.Cause)
		}
	}
	return code
}
