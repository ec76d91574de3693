// Command gostates validates and runs Amazon States Language state machines.
//
//	gostates validate [flags] FILE...      check definitions (pre-commit hook)
//	gostates run [flags] DEFINITION        run a state machine, print its output
//	gostates test [flags] MOCKFILE         run Step Functions Local mock test cases
//	gostates conformance DIR...            score recorded conformance cases
//	gostates bench [flags] [WORKLOAD...]   measure the engine on bench workloads
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: gostates <command> [flags] [args]

commands:
  validate     check state machine definitions; exit 1 when any is invalid
  run          run a state machine and print its output
  test         run the test cases of a Step Functions Local mock config file
  conformance  run recorded conformance cases and score them
  bench        measure the engine on the standard benchmark workloads

Run 'gostates <command> -h' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a command line and returns the exit code: 0 success,
// 1 a failure the command reports (invalid definition, failed execution),
// 2 a usage or I/O error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, io.Reader, io.Writer, io.Writer) int{
		"validate":    cmdValidate,
		"run":         cmdRun,
		"test":        cmdTest,
		"conformance": cmdConformance,
		"bench":       cmdBench,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintf(stderr, "gostates: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return cmd(ctx, args[1:], stdin, stdout, stderr)
}

// parseArgs parses flags that may come before, between or after the
// positional arguments (gostates run DEF --input in.json), and returns the
// positional arguments. A "--" ends the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
