package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/gostates/gostates/asl"

	"github.com/gostates/gostates/integrations"
	awsint "github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/integrations/mock"
	"github.com/gostates/gostates/integrations/nested"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/internal/locals3"
	"github.com/gostates/gostates/interpreter"
)

func cmdRun(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	inputFlag := fs.String("input", "", "execution input: a JSON file, - for standard input, or inline JSON starting with { or [ (default {})")
	mocks := fs.String("mocks", "", "scripted task results: a mocks file (state -> responses) or a Step Functions Local MockConfigFile.json")
	machine := fs.String("machine", "", "with a MockConfigFile: the state machine name (default: the only one)")
	testCase := fs.String("test-case", "", "with a MockConfigFile: the test case to use")
	history := fs.Bool("history", false, "print the execution history (JSON) to standard error")
	fast := fs.Bool("fast", false, "run waits, retries and timeouts on a virtual clock, in zero time")
	typ := fs.String("type", "STANDARD", "workflow type: STANDARD or EXPRESS")
	name := fs.String("name", "", "execution name (default: a UUID)")
	useAWS := fs.Bool("aws", false, "run tasks against AWS with the default aws-sdk-go-v2 configuration (environment, shared config; AWS_ENDPOINT_URL reaches LocalStack or an emulator)")
	localS3 := fs.String("local-s3", "", "serve S3 from this folder (FOLDER/BUCKET/KEY) with an in-process S3 server; objects the run writes are saved into it")
	children := substitutions{}
	fs.Var(children, "state-machine", "a state machine the run may start with states:startExecution, as Name=FILE (repeatable); its ARN is arn:aws:states:us-east-1:123456789012:stateMachine:Name")
	subs := substitutions{}
	fs.Var(subs, "sub", "substitute ${Name} with Value (Name=Value, repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gostates run [flags] DEFINITION")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nThe output goes to standard output; a failed execution's status, error and cause to standard error.")
		fmt.Fprintln(stderr, "Exit status: 0 succeeded, 1 failed or timed out, 2 usage or I/O error, 130 aborted (SIGINT or SIGTERM).")
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	defPath := pos[0]
	opts, err := parseOptions(subs, *typ)
	if err != nil {
		fmt.Fprintf(stderr, "gostates run: %v\n", err)
		return 2
	}
	sm, ok := loadMachine("gostates run", defPath, opts, stderr)
	if !ok {
		return 2
	}
	input, err := readInput(*inputFlag, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "gostates run: input: %v\n", err)
		return 2
	}
	reg := integrations.NewRegistry()
	if *useAWS {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "gostates run: AWS configuration: %v\n", err)
			return 2
		}
		reg.SetFallback(awsint.New(cfg))
	}
	if *localS3 != "" {
		srv, err := locals3.Start(ctx, *localS3)
		if err != nil {
			fmt.Fprintf(stderr, "gostates run: %v\n", err)
			return 2
		}
		defer srv.Close()
		defer func() {
			saved, err := srv.Save(context.WithoutCancel(ctx))
			for _, f := range saved {
				fmt.Fprintf(stderr, "gostates run: wrote %s\n", filepath.Join(*localS3, f))
			}
			if err != nil {
				fmt.Fprintf(stderr, "gostates run: %v\n", err)
			}
		}()
		s3 := awsint.New(srv.Config(), awsint.WithS3Options(locals3.PathStyle))
		reg.Register("s3", s3)
		reg.Register("aws-sdk:s3", s3)
	}
	var inv integrations.Invoker = reg
	if *mocks != "" {
		m, err := loadMocks(*mocks, *machine, *testCase, inv)
		if err != nil {
			fmt.Fprintf(stderr, "gostates run: %v\n", err)
			return 2
		}
		inv = m
	}
	eo := interpreter.Options{Integrations: inv}
	if *fast {
		eo.Clock = interpreter.NewFakeClock(time.Now())
	}
	eng := interpreter.New(eo)
	if len(children) > 0 {
		var nopts []nested.Option
		if eo.Clock != nil {
			nopts = append(nopts, nested.WithClock(eo.Clock))
		}
		svc := nested.New(eng, nopts...)
		defer svc.Shutdown(context.WithoutCancel(ctx))
		for childName, file := range children {
			child, ok := loadMachine("gostates run: --state-machine "+childName, file, opts, stderr)
			if !ok {
				return 2
			}
			svc.Register(childName, child)
		}
		reg.Register("states", svc)
		reg.Register("aws-sdk:sfn", svc)
	}
	var so []interpreter.StartOption
	if *name != "" {
		so = append(so, interpreter.WithName(*name))
	}
	res, x, err := eng.Execute(ctx, sm, input, so...)
	if err != nil {
		fmt.Fprintf(stderr, "gostates run: %v\n", err)
		return 2
	}
	if *history {
		if err := writeHistory(stderr, x.History()); err != nil {
			fmt.Fprintf(stderr, "gostates run: history: %v\n", err)
		}
	}
	switch res.Status {
	case interpreter.Succeeded:
		out, _ := jsonv.Marshal(res.Output)
		fmt.Fprintf(stdout, "%s\n", out)
		return 0
	case interpreter.Aborted:
		out, _ := jsonv.Marshal(map[string]any{"Status": string(res.Status), "Error": res.Error, "Cause": res.Cause})
		fmt.Fprintf(stderr, "%s\n", out)
		return exitAborted
	}
	out, _ := jsonv.Marshal(map[string]any{"Status": string(res.Status), "Error": res.Error, "Cause": res.Cause})
	fmt.Fprintf(stderr, "%s\n", out)
	return 1
}

// exitAborted is the exit code of a run aborted by SIGINT or SIGTERM (the
// shell's 128 + SIGINT).
const exitAborted = 130

// writeHistory writes events as an indented JSON array, encoding one event
// at a time, so that a long history is never held encoded in memory.
func writeHistory(w io.Writer, events []interpreter.Event) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	sep := "[\n  "
	for i := range events {
		b, err := json.MarshalIndent(&events[i], "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString(sep)
		bw.Write(b)
		sep = ",\n  "
	}
	if len(events) == 0 {
		bw.WriteString("[")
	} else {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// loadMachine reads and parses a definition file. A failure is reported on
// stderr after prefix ("gostates run"), and ok is false.
func loadMachine(prefix, file string, opts []asl.Option, stderr io.Writer) (sm *asl.StateMachine, ok bool) {
	data, err := asl.ReadDefinitionFile(file)
	if err == nil {
		sm, err = asl.Parse(data, opts...)
	} else if !errors.As(err, new(asl.Errors)) {
		fmt.Fprintf(stderr, "%s: %v\n", prefix, err)
		return nil, false
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s is not a valid state machine:\n%s", prefix, file, prefixLines(file+":", err.Error()))
		return nil, false
	}
	return sm, true
}

// readInput reads the execution input flag.
func readInput(flagValue string, stdin io.Reader) ([]byte, error) {
	switch {
	case flagValue == "":
		return []byte("{}"), nil
	case flagValue == "-":
		return readLimited(stdin, maxInputBytes, "the input")
	case len(flagValue) > 0 && (flagValue[0] == '{' || flagValue[0] == '['):
		return []byte(flagValue), nil
	}
	return readFileLimited(flagValue, maxInputBytes, "the input")
}

// loadMocks reads either mocks format.
func loadMocks(file, machine, testCase string, fallback integrations.Invoker) (integrations.Invoker, error) {
	data, err := readFileLimited(file, maxMocksBytes, "the mocks file")
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte(`"StateMachines"`)) && bytes.Contains(data, []byte(`"MockedResponses"`)) {
		cfg, err := mock.LoadConfig(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if machine == "" {
			names := cfg.StateMachineNames()
			if len(names) != 1 {
				return nil, fmt.Errorf("%s: name the state machine with --machine (one of %v)", file, names)
			}
			machine = names[0]
		}
		if testCase == "" {
			return nil, fmt.Errorf("%s: name the test case with --test-case", file)
		}
		m, err := cfg.TestCase(machine, testCase)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return m.WithFallback(fallback), nil
	}
	responses, err := mock.ParseResponses(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return mock.New(responses, fallback), nil
}

func prefixLines(prefix, s string) string {
	var b bytes.Buffer
	for _, line := range bytes.Split([]byte(s), []byte("\n")) {
		b.WriteString(prefix)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}
