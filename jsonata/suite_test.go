package jsonata

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// The official JSONata test suite (groups/<group>/*.json, see TESTSUITE.md)
// is run against this implementation. Cases listed in
// testdata/known-failures.txt are expected to fail; the test fails when an
// unlisted case fails or a listed case passes, so the list only shrinks.

const defaultSuiteDir = "../../shared/jsonata-suite"

type suiteCase struct {
	Expr            *string         `json:"expr"`
	ExprFile        string          `json:"expr-file"`
	Data            json.RawMessage `json:"data"`
	Dataset         *string         `json:"dataset"`
	Bindings        map[string]any  `json:"bindings"`
	Result          json.RawMessage `json:"result"`
	UndefinedResult bool            `json:"undefinedResult"`
	Code            string          `json:"code"`
	Token           string          `json:"token"`
	Error           *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Token   string `json:"token"`
	} `json:"error"`
	Unordered bool `json:"unordered"`
	Timelimit int  `json:"timelimit"`
	Depth     int  `json:"depth"`
}

type namedCase struct {
	name  string
	group string
	dir   string
	c     suiteCase
}

func suiteDir(t testing.TB) string {
	dir := os.Getenv("GOSTATES_JSONATA_SUITE")
	if dir == "" {
		dir = defaultSuiteDir
	}
	if _, err := os.Stat(filepath.Join(dir, "groups")); err != nil {
		t.Skipf("JSONata test suite not found at %s (set GOSTATES_JSONATA_SUITE): %v", dir, err)
	}
	return dir
}

func loadSuite(t testing.TB, dir string) []namedCase {
	groups, err := os.ReadDir(filepath.Join(dir, "groups"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []namedCase
	for _, g := range groups {
		gdir := filepath.Join(dir, "groups", g.Name())
		files, err := os.ReadDir(gdir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if !strings.HasSuffix(f.Name(), ".json") {
				continue
			}
			raw, err := os.ReadFile(filepath.Join(gdir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			base := g.Name() + "/" + strings.TrimSuffix(f.Name(), ".json")
			raw = bytes.TrimSpace(raw)
			if len(raw) > 0 && raw[0] == '[' {
				var list []suiteCase
				if err := json.Unmarshal(raw, &list); err != nil {
					t.Fatalf("%s: %v", base, err)
				}
				for i, c := range list {
					cases = append(cases, namedCase{name: fmt.Sprintf("%s[%d]", base, i), group: g.Name(), dir: gdir, c: c})
				}
				continue
			}
			var c suiteCase
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatalf("%s: %v", base, err)
			}
			cases = append(cases, namedCase{name: base, group: g.Name(), dir: gdir, c: c})
		}
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].name < cases[j].name })
	return cases
}

func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// runCase evaluates one case and returns "" when it passes or a description
// of the failure.
func runCase(dir string, nc namedCase, datasets map[string]any) string {
	c := nc.c
	var expr string
	switch {
	case c.Expr != nil:
		expr = *c.Expr
	case c.ExprFile != "":
		b, err := os.ReadFile(filepath.Join(nc.dir, c.ExprFile))
		if err != nil {
			return "expression file missing: " + c.ExprFile
		}
		expr = string(b)
	}
	var input any = Undefined
	switch {
	case len(c.Data) > 0:
		v, err := decodeJSON(c.Data)
		if err != nil {
			return "bad data: " + err.Error()
		}
		input = v
	case c.Dataset != nil:
		v, ok := datasets[*c.Dataset]
		if !ok {
			raw, err := os.ReadFile(filepath.Join(dir, "datasets", *c.Dataset+".json"))
			if err != nil {
				return "dataset missing: " + *c.Dataset
			}
			if v, err = decodeJSON(raw); err != nil {
				return "bad dataset: " + err.Error()
			}
			datasets[*c.Dataset] = v
		}
		input = v
	}
	wantCode, wantToken, wantMessage := c.Code, c.Token, ""
	if c.Error != nil {
		wantCode, wantMessage = c.Error.Code, c.Error.Message
		if c.Error.Token != "" {
			wantToken = c.Error.Token
		}
	}
	ctx := context.Background()
	var opts []Option
	if c.Timelimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(c.Timelimit)*time.Millisecond)
		defer cancel()
	}
	if c.Depth > 0 {
		opts = append(opts, WithMaxDepth(c.Depth))
	}
	e, err := Compile(expr)
	var result any
	if err == nil {
		vars := map[string]any{}
		for k, v := range c.Bindings {
			vars[k] = v
		}
		result, err = e.Eval(ctx, input, vars, opts...)
	}
	if wantCode != "" {
		if err == nil {
			return fmt.Sprintf("want error %s, got result %s", wantCode, show(result))
		}
		var je *Error
		if !errors.As(err, &je) {
			return fmt.Sprintf("want error %s, got non-JSONata error %v", wantCode, err)
		}
		code := je.Code
		// the suite's runner reports its own depth and time guards as U1001
		if wantCode == "U1001" && (code == codeStackOverflow || code == codeTimeout) {
			code = "U1001"
		}
		if code != wantCode {
			return fmt.Sprintf("want error %s, got %s (%s)", wantCode, je.Code, je.Message)
		}
		if wantToken != "" && je.Token != wantToken {
			return fmt.Sprintf("want token %q, got %q", wantToken, je.Token)
		}
		if wantMessage != "" && je.Message != wantMessage {
			return fmt.Sprintf("want message %q, got %q", wantMessage, je.Message)
		}
		return ""
	}
	if err != nil {
		return "unexpected error: " + err.Error()
	}
	if c.UndefinedResult {
		if !IsUndefined(result) {
			return "want undefined, got " + show(result)
		}
		return ""
	}
	if len(c.Result) == 0 {
		// neither result nor undefinedResult: the result is undefined
		if !IsUndefined(result) {
			return "want undefined, got " + show(result)
		}
		return ""
	}
	want, err := decodeJSON(c.Result)
	if err != nil {
		return "bad result: " + err.Error()
	}
	if !sameJSON(normalizeJSON(want), normalizeJSON(result), c.Unordered) {
		return fmt.Sprintf("want %s, got %s", show(want), show(result))
	}
	return ""
}

func show(v any) string {
	if IsUndefined(v) {
		return "undefined"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	s := string(b)
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// normalizeJSON converts numbers to float64 so that values compare by
// value.
func normalizeJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = normalizeJSON(it)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, it := range x {
			out[k] = normalizeJSON(it)
		}
		return out
	}
	return v
}

func sameJSON(want, got any, unordered bool) bool {
	if unordered {
		wa, ok1 := want.([]any)
		ga, ok2 := got.([]any)
		if ok1 && ok2 && len(wa) == len(ga) {
			key := func(v any) string { b, _ := json.Marshal(v); return string(b) }
			ws, gs := make([]string, len(wa)), make([]string, len(ga))
			for i := range wa {
				ws[i], gs[i] = key(wa[i]), key(ga[i])
			}
			sort.Strings(ws)
			sort.Strings(gs)
			return reflect.DeepEqual(ws, gs)
		}
	}
	return reflect.DeepEqual(want, got)
}

func loadKnownFailures(t testing.TB) map[string]bool {
	known := map[string]bool{}
	f, err := os.Open(filepath.Join("testdata", "known-failures.txt"))
	if err != nil {
		if os.IsNotExist(err) {
			return known
		}
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line != "" {
			known[line] = true
		}
	}
	return known
}

func TestSuite(t *testing.T) {
	dir := suiteDir(t)
	cases := loadSuite(t, dir)
	known := loadKnownFailures(t)
	datasets := map[string]any{}
	type tally struct{ pass, total int }
	perGroup := map[string]*tally{}
	var groups []string
	pass := 0
	var unexpected, fixed []string
	seen := map[string]bool{}
	for _, nc := range cases {
		seen[nc.name] = true
		g := perGroup[nc.group]
		if g == nil {
			g = &tally{}
			perGroup[nc.group] = g
			groups = append(groups, nc.group)
		}
		g.total++
		msg := runCase(dir, nc, datasets)
		if msg == "" {
			pass++
			g.pass++
			if known[nc.name] {
				fixed = append(fixed, nc.name)
			}
			continue
		}
		if !known[nc.name] {
			unexpected = append(unexpected, fmt.Sprintf("%s: %s\n    expr: %s", nc.name, msg, exprOf(nc)))
		} else if os.Getenv("JSONATA_SUITE_VERBOSE") != "" {
			t.Logf("known failure %s: %s", nc.name, msg)
		}
	}
	var sb strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&sb, "  %-32s %4d/%d\n", g, perGroup[g].pass, perGroup[g].total)
	}
	t.Logf("JSONata suite: %d/%d passed (%.1f%%)\n%s", pass, len(cases), 100*float64(pass)/float64(len(cases)), sb.String())
	for name := range known {
		if !seen[name] {
			t.Errorf("known-failures.txt lists %s, which is not in the suite", name)
		}
	}
	for _, u := range unexpected {
		t.Errorf("unexpected failure %s", u)
	}
	for _, f := range fixed {
		t.Errorf("%s passes now: remove it from testdata/known-failures.txt", f)
	}
}

func exprOf(nc namedCase) string {
	if nc.c.Expr != nil {
		s := *nc.c.Expr
		if len(s) > 200 {
			s = s[:200] + "..."
		}
		return s
	}
	return nc.c.ExprFile
}
