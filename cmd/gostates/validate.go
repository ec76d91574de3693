package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/gostates/gostates/asl"
)

// substitutions is a repeatable --sub Name=Value flag.
type substitutions map[string]string

func (s substitutions) String() string { return "" }

func (s substitutions) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("want Name=Value, got %q", v)
	}
	s[name] = val
	return nil
}

// parseOptions turns the shared definition flags into asl options.
func parseOptions(subs substitutions, typ string) ([]asl.Option, error) {
	var opts []asl.Option
	if len(subs) > 0 {
		opts = append(opts, asl.WithSubstitutions(subs))
	}
	switch strings.ToUpper(typ) {
	case "", "STANDARD":
	case "EXPRESS":
		opts = append(opts, asl.WithType(asl.Express))
	default:
		return nil, fmt.Errorf("--type must be STANDARD or EXPRESS, not %q", typ)
	}
	return opts, nil
}

// fileResult is the verdict on one file, as --format json prints it.
type fileResult struct {
	File   string      `json:"file"`
	Valid  bool        `json:"valid"`
	Errors []jsonError `json:"errors"`
	// ReadError is set when the file could not be read; Valid is then
	// false and Errors empty.
	ReadError string `json:"read_error,omitempty"`
	ioErr     error
}

// jsonError is one problem, as --format json prints it.
type jsonError struct {
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// cmdValidate checks state machine definitions: exit 0 when all are valid,
// 1 when any is invalid, 2 on a usage or I/O error.
func cmdValidate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	typ := fs.String("type", "STANDARD", "workflow type: STANDARD or EXPRESS")
	subs := substitutions{}
	fs.Var(subs, "sub", "substitute ${Name} with Value (Name=Value, repeatable); without it placeholders are accepted as they are")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gostates validate [flags] FILE... (- for standard input)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "gostates validate: --format must be text or json\n")
		return 2
	}
	opts, err := parseOptions(subs, *typ)
	if err != nil {
		fmt.Fprintf(stderr, "gostates validate: %v\n", err)
		return 2
	}
	files := fs.Args()
	stdins := 0
	for _, f := range files {
		if f == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		fmt.Fprintf(stderr, "gostates validate: standard input (-) can be given only once\n")
		return 2
	}
	results := make([]fileResult, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)*2)
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				results[i] = fileResult{File: f, ioErr: err}
				return
			}
			results[i] = validateFile(f, stdin, opts)
		}()
	}
	wg.Wait()

	code := 0
	for _, r := range results {
		if r.ioErr != nil {
			fmt.Fprintf(stderr, "gostates validate: %v\n", r.ioErr)
			code = 2
		} else if !r.Valid && code == 0 {
			code = 1
		}
	}
	if *format == "json" {
		for i := range results {
			if results[i].Errors == nil {
				results[i].Errors = []jsonError{}
			}
			if results[i].ioErr != nil {
				results[i].ReadError = results[i].ioErr.Error()
			}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, "gostates validate: %v\n", err)
			return 2
		}
		return code
	}
	for _, r := range results {
		for _, e := range r.Errors {
			loc := r.File
			if e.Line > 0 {
				loc = fmt.Sprintf("%s:%d:%d", r.File, e.Line, e.Column)
			}
			p := e.Path
			if p == "" {
				p = "/"
			}
			fmt.Fprintf(stdout, "%s: %s: %s\n", loc, p, e.Message)
		}
	}
	return code
}

// validateFile reads and parses one file; name "-" is standard input.
func validateFile(name string, stdin io.Reader, opts []asl.Option) fileResult {
	r := fileResult{File: name}
	var (
		data []byte
		err  error
	)
	if name == "-" {
		r.File = "<stdin>"
		data, err = asl.ReadDefinition(stdin)
	} else {
		data, err = asl.ReadDefinitionFile(name)
	}
	var tooLarge asl.Errors
	if err != nil && !errors.As(err, &tooLarge) {
		r.ioErr = err
		return r
	}
	if err == nil {
		_, err = asl.Parse(data, opts...)
	}
	if err == nil {
		r.Valid = true
		return r
	}
	var errs asl.Errors
	if !errors.As(err, &errs) {
		errs = asl.Errors{{Code: asl.CodeSyntax, Message: err.Error()}}
	}
	for _, e := range errs {
		r.Errors = append(r.Errors, jsonError{Line: e.Line, Column: e.Column, Path: e.Path, Code: e.Code, Message: e.Message})
	}
	return r
}
