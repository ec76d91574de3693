package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/gostates/gostates/conformance"
)

func cmdConformance(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.Bool("q", false, "print only failing cases and the summary")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gostates conformance [-q] DIR|FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	cases, err := conformance.Load(fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "gostates conformance: %v\n", err)
		return 2
	}
	passed, failed := 0, 0
	for _, c := range cases {
		o := conformance.Run(ctx, c)
		if o.Pass {
			passed++
			if !*quiet {
				fmt.Fprintf(stdout, "PASS %s\n", c.Name)
			}
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s: %s\n", c.Name, o.Why)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}
