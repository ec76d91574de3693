package path

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/stretchr/testify/require"
)

// noLimits evaluates without any bound.
var noLimits = Limits{}

// within fails the test when f takes longer than d. PaesslerAG/jsonpath took
// 22 s for $..a on 2,000 nested objects and was cubic in the depth.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("no answer within %v", d)
	}
}

// TestDescentIsLinear evaluates recursive descent on 300 nested objects and
// counts allocations: the old evaluation allocated about 2·depth² times
// (180,000 here, and 2.9 GB at 1,000 levels); a walk allocates a few times
// per level.
func TestDescentIsLinear(t *testing.T) {
	const depth = 300
	doc := nested(depth)
	for _, src := range []string{"$..a", "$..[*]", "$..a[?(@.b>1)]", "$..b", "$..*"} {
		t.Run(src, func(t *testing.T) {
			p := MustCompile(src)
			allocs := testing.AllocsPerRun(2, func() {
				_, err := p.GetWithin(doc, noLimits)
				require.NoError(t, err)
			})
			require.Less(t, allocs, float64(10*depth), "allocations for %d levels", depth)
			// The work is counted in steps: a few per level.
			_, err := p.GetWithin(doc, Limits{MaxSteps: 4*depth + 10})
			require.NoError(t, err)
		})
	}
}

// TestDescentDeep evaluates recursive descent on 10,000 nested objects
// (decoded, 60 KB of JSON) and checks what it matches.
func TestDescentDeep(t *testing.T) {
	const depth = 10000
	doc := nested(depth)
	inner := map[string]any{"b": json.Number("2")}
	tests := []struct {
		path  string
		count int
		first any // the first match; the last one is last
		last  any
	}{
		{"$..b", 1, json.Number("2"), json.Number("2")},
		{"$..a[?(@.b>1)]", 1, inner, inner},
		{"$..[?(@.b == 2)]", 1, inner, inner},
		{"$..a", depth, doc.(map[string]any)["a"], inner},
		{"$..[*]", depth + 1, doc.(map[string]any)["a"], json.Number("2")},
		{"$..*", depth + 1, doc.(map[string]any)["a"], json.Number("2")},
		{"$..['b','c']", 1, json.Number("2"), json.Number("2")},
		{"$..a.a.a.b", 1, json.Number("2"), json.Number("2")},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			within(t, 5*time.Second, func() {
				got, err := MustCompile(tt.path).GetWithin(doc, noLimits)
				require.NoError(t, err)
				a := got.([]any)
				require.Len(t, a, tt.count)
				require.True(t, jsonv.Equal(tt.first, a[0]), "first match")
				require.True(t, jsonv.Equal(tt.last, a[len(a)-1]), "last match")
			})
		})
	}
}

// TestDescentDecodedDeep decodes 9,990 levels of nesting (20 KB) and
// evaluates with the default limits: small answers come back, answers whose
// encodings add up to hundreds of megabytes fail with ErrLimit, all fast.
func TestDescentDecodedDeep(t *testing.T) {
	const depth = 9990
	src := make([]byte, 0, 6*depth+10)
	for range depth {
		src = append(src, `{"a":`...)
	}
	src = append(src, `{"b":2}`...)
	for range depth {
		src = append(src, '}')
	}
	doc, err := jsonv.Decode(src)
	require.NoError(t, err)
	tests := []struct {
		path, want, err string
	}{
		{path: "$..b", want: `[2]`},
		{path: "$..a[?(@.b>1)]", want: `[{"b":2}]`},
		{path: "$..a", err: "The values the path matches take more than 16777216 bytes"},
		{path: "$..[*]", err: "The values the path matches take more than 16777216 bytes"},
		{path: "$..*..*", err: "The values the path matches take more than 16777216 bytes"},
		{path: "$..*..b", err: "The path needs more than 1048576 steps to evaluate"},
		{path: "$..[?(@..b)]", err: "The path needs more than 1048576 steps to evaluate"},
		// Filters whose operators take time in the size of their operands:
		// a regular expression matches the text of each object, == and in
		// compare objects member by member.
		{path: "$..[?(@ =~ 'x')]", err: "The path needs more than 1048576 steps to evaluate"},
		{path: "$..[?(@ == $.a)]", err: "The path needs more than 1048576 steps to evaluate"},
		{path: "$..[?(@ in $..a)]", err: "The path needs more than 1048576 steps to evaluate"},
		{path: "$..[?(@ != 1)]", err: "The path needs more than 1048576 steps to evaluate"},
		{path: "$..[?(@.b < 3)]", want: `[{"b":2}]`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			within(t, 5*time.Second, func() {
				got, err := MustCompile(tt.path).Get(doc)
				if tt.err != "" {
					requireLimit(t, err, tt.err)
					return
				}
				require.NoError(t, err)
				require.Equal(t, tt.want, jsonv.String(got))
			})
		})
	}
}

func requireLimit(t *testing.T, err error, msg string) {
	t.Helper()
	require.ErrorIs(t, err, ErrLimit)
	require.False(t, errors.Is(err, ErrNotFound), "a limit reached is not a path that selects nothing")
	var pe *Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, msg, pe.Description())
}

// TestLimits checks each limit of Limits, at and beyond its value.
func TestLimits(t *testing.T) {
	ten := doc(t, `[0,1,2,3,4,5,6,7,8,9]`)
	tests := []struct {
		name string
		path string
		doc  any
		lim  Limits
		want string // the matches, when the evaluation succeeds
		err  string
	}{
		{name: "results at the limit", path: "$[*]", doc: ten, lim: Limits{MaxResults: 10}, want: `[0,1,2,3,4,5,6,7,8,9]`},
		{name: "results beyond", path: "$[*]", doc: ten, lim: Limits{MaxResults: 9}, err: "The path matches more than 9 values"},
		{name: "results of a union", path: "$[0,1,2]", doc: ten, lim: Limits{MaxResults: 2}, err: "The path matches more than 2 values"},
		{name: "results of a nested path", path: "$[?(@ in $[*])]", doc: ten, lim: Limits{MaxResults: 5}, err: "The path matches more than 5 values"},
		{name: "steps at the limit", path: "$[*]", doc: ten, lim: Limits{MaxSteps: 20}, want: `[0,1,2,3,4,5,6,7,8,9]`},
		{name: "steps beyond", path: "$[*]", doc: ten, lim: Limits{MaxSteps: 19}, err: "The path needs more than 19 steps to evaluate"},
		{name: "steps of a filter", path: "$[?(@ > 4)]", doc: ten, lim: Limits{MaxSteps: 12}, err: "The path needs more than 12 steps to evaluate"},
		{name: "steps of a nested path", path: "$[?(@ in $..*)]", doc: ten, lim: Limits{MaxSteps: 100}, err: "The path needs more than 100 steps to evaluate"},
		{name: "steps of a slice", path: "$[::2]", doc: ten, lim: Limits{MaxSteps: 9}, err: "The path needs more than 9 steps to evaluate"},
		{name: "steps of descent", path: "$..x", doc: nested(100), lim: Limits{MaxSteps: 100}, err: "The path needs more than 100 steps to evaluate"},
		{name: "bytes at the limit", path: "$[*]", doc: ten, lim: Limits{MaxResultBytes: 10}, want: `[0,1,2,3,4,5,6,7,8,9]`},
		{name: "bytes beyond", path: "$[*]", doc: ten, lim: Limits{MaxResultBytes: 9}, err: "The values the path matches take more than 9 bytes"},
		{name: "bytes of descent", path: "$..a", doc: nested(100), lim: Limits{MaxResultBytes: 1000}, err: "The values the path matches take more than 1000 bytes"},
		{name: "nested matches are not result bytes", path: "$[?(@ in $[*])]", doc: ten, lim: Limits{MaxResultBytes: 10}, want: `[0,1,2,3,4,5,6,7,8,9]`},
		{name: "definite paths ignore the limits", path: "$.a[-1]", doc: doc(t, `{"a":[1]}`), lim: Limits{MaxSteps: 1, MaxResults: 1, MaxResultBytes: 1}, want: `[]`},
		{name: "reference paths ignore the limits", path: "$.a[0]", doc: doc(t, `{"a":[1]}`), lim: Limits{MaxSteps: 1, MaxResults: 1, MaxResultBytes: 1}, want: `1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MustCompile(tt.path).GetWithin(tt.doc, tt.lim)
			if tt.err != "" {
				requireLimit(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, jsonv.String(got))
		})
	}
}

// TestHostileSlices checks slices whose step or bounds are at the edges of
// int: PaesslerAG/jsonpath overflowed the index and panicked with "index out
// of range [-9223372036854775808]".
func TestHostileSlices(t *testing.T) {
	a := make([]any, 2000)
	for i := range a {
		a[i] = json.Number(strconv.Itoa(i))
	}
	tests := []struct{ path, want string }{
		{"$[1024::9223372036854774784]", `[1024]`},
		{"$[1999::9223372036854774784]", `[1999]`},
		{"$[:2:-9223372036854774784]", `[1]`},
		{"$[-9223372036854774784:2]", `[0,1]`},
		{"$[1998:9223372036854774784]", `[1998,1999]`},
		{"$[1995::3]", `[1995,1998]`},
		{"$[:5:-2]", `[4,2,0]`},
		{"$[3:1]", `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := MustCompile(tt.path).Get(a)
			require.NoError(t, err)
			require.Equal(t, tt.want, jsonv.String(got))
		})
	}
}

// TestMatchOrder checks the order of matches: document order, pre-order for
// recursive descent (a value, then what is inside it), an array's elements
// by index and an object's members by name. Jayway JsonPath, which Step
// Functions uses, walks the same way, objects in the order of their text.
func TestMatchOrder(t *testing.T) {
	root := doc(t, `{"b":[1,{"c":2}],"a":{"x":3},"c":{"c":{"c":4}}}`)
	tests := []struct{ path, want string }{
		{"$..*", `[{"x":3},[1,{"c":2}],{"c":{"c":4}},3,1,{"c":2},2,{"c":4},4]`},
		{"$..c", `[{"c":{"c":4}},2,{"c":4},4]`},
		{"$.*", `[{"x":3},[1,{"c":2}],{"c":{"c":4}}]`},
		{"$..[?(@.c > 0)]", `[{"c":2},{"c":4}]`},
		{"$..[0]", `[1]`},
		{"$['c','a'].*", `[{"c":4},3]`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			for range 5 { // Go's map order changes from one range to the next
				got, err := MustCompile(tt.path).Get(root)
				require.NoError(t, err)
				require.Equal(t, tt.want, jsonv.String(got))
			}
		})
	}
}
