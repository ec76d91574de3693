package path

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/PaesslerAG/gval"
	"github.com/PaesslerAG/jsonpath"
	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
)

// referenceLanguage is the query language as gostates evaluated it before
// it had its own JSONPath evaluation: github.com/PaesslerAG/jsonpath, with
// the same comparison operators. Only the regular expression operators are
// ours, since they deliberately match arrays and objects differently.
var referenceLanguage = gval.NewLanguage(
	gval.Full(),
	jsonpath.Language(),
	direct("==", func(a, b any) (any, error) { return referenceEqual(a, b), nil }),
	direct("!=", func(a, b any) (any, error) { return !referenceEqual(a, b), nil }),
	direct("<", compare(func(c int) bool { return c < 0 })),
	direct("<=", compare(func(c int) bool { return c <= 0 })),
	direct(">", compare(func(c int) bool { return c > 0 })),
	direct(">=", compare(func(c int) bool { return c >= 0 })),
	gval.InfixEvalOperator("=~", regexOperator(false)),
	gval.InfixEvalOperator("!~", regexOperator(true)),
)

func referenceEqual(a, b any) bool {
	x, ok1 := jsonv.Float(a)
	y, ok2 := jsonv.Float(b)
	if ok1 && ok2 {
		return x == y
	}
	if ok1 != ok2 {
		return false
	}
	return reflect.DeepEqual(a, b)
}

// referenceGet evaluates src as gostates did with PaesslerAG/jsonpath.
// panicked is set when the library panicked.
func referenceGet(src string, doc any) (v any, err error, panicked bool) {
	p := &Path{src: src}
	rest, err := p.parseRoot(src)
	if err != nil {
		return nil, err, false
	}
	q, err := referenceLanguage.NewEvaluable(requote("$" + rest))
	if err != nil {
		return nil, cleanGvalError(err, len(src)-len(rest)-1), false
	}
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	v, err = q(context.Background(), doc)
	switch {
	case err != nil, v == nil:
		return []any{}, nil, false
	}
	return v, nil, false
}

// sameMatches compares the matches of our evaluation with the reference's.
// The reference visits the members of an object in Go's random map order,
// so unless ordered is set, the matches are compared as multisets.
func sameMatches(got, want any, ordered bool) bool {
	a, ok1 := got.([]any)
	b, ok2 := want.([]any)
	if !ok1 || !ok2 || ordered {
		return jsonv.String(got) == jsonv.String(want)
	}
	texts := func(a []any) []string {
		out := make([]string, len(a))
		for i, e := range a {
			out[i] = jsonv.String(e)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(texts(a), texts(b))
}

// differentialDocs are documents to compare evaluations on. In the first,
// no object has more than one member, so even the reference's order is
// fixed.
var differentialDocs = []struct {
	json    string
	ordered bool
}{
	{`{"a":[{"b":1},{"b":[2,{"b":3}]},[{"c":"x"}],null,true,"s",-1.5,{"d":{"b":{"b":4}}}]}`, true},
	{`{"store":{"book":[{"category":"reference","author":"Nigel Rees","title":"Sayings","price":8.95},
	{"category":"fiction","author":"Evelyn Waugh","title":"Sword","price":12.99,"isbn":"0-553"},
	{"category":"fiction","author":"Herman","title":"Moby","price":8.99,"isbn":"0-395","tags":["a","b"]}],
	"bicycle":{"color":"red","price":19.95}},"expensive":10,"n":[0,1,2,3,4,5,6,7,8,9],"e":[],"o":{},
	"x":{"x":{"x":[1,{"x":"y"}]}},"k":"b","i":1,"s":"a.b","nul":null,"t":true,"f":false,"num":"7"}`, false},
}

// differentialPaths are the paths of TestSameAsPaesslerAG, and seeds of
// FuzzPath.
var differentialPaths = []string{
	"$..*", "$..[*]", "$..b", "$..['b']", "$..[0]", "$..[0,1]", "$..['b','c']", "$..[?(@.b)]",
	"$..[?(@.b > 1)]", "$..[?(@.b == 1)]", "$..b..b", "$..*..b", "$.a..b", "$.a[*]..b", "$.a..[?(@ == 3)]",
	"$.store..price", "$..book[?(@.price < 10)].title", "$..book[?(@.isbn)]", "$..book[-1:]", "$..book[0,1]",
	"$..book[:2]", "$..book[?(@.author =~ 'N.*')]", "$..[?(@.price > $.expensive)]", "$..book[?(@.tags)]",
	"$..book[?('a' in @.tags)]", "$..*[?(@ > 5)]", "$.n[::2]", "$.n[1:8:3]", "$.n[-3:]", "$.n[:-7]",
	"$.n[::-1]", "$.n[8:2:-2]", "$.n[5:1]", "$.n[(@.length)]", "$.n[?(@ % 2 == 0)]", "$.n[?(@ in [1,3])]",
	"$.n[?(@ >= 3 && @ < 6)]", "$.n[?(@ < 2 || @ > 8)]", "$.n[?(!(@ > 2))]", "$.n[0,-1,99]", "$.n[$.i]",
	"$.n[?(@ == $.i)]", "$[$.k]", "$.x..x", "$.x..x[1]", "$.x.*", "$.x.*.*", "$.*.*", "$.e[*]", "$.o.*",
	"$.e..*", "$.nul..*", "$.s..*", "$.t[*]", "$[*]", "$['k','i','nope']", "$.store.*.price",
	"$..[?(@.category == 'fiction')].author", "$..[?(@.price != 8.95)].price", "$..[?(@ == 'red')]",
	"$..[?(@ =~ 're.*')]", "$..[?(@ !~ 're.*')]", "$..[?(@.b == @.b)]", "$..[?(@.x)]", "$..[?(@..b)]",
	"$..[?(@..b > 3)]", "$..[?(@ == $.x)]", "$..[?(@ in $..b)]", "$..[?(@.price in $..price)]",
	"$.n[?(@ > 3)][0]", "$.n[1:3][0]", "$.n[*].x", "$.a[1].b[*]", "$.a[?(@ == null)]", "$.a[?(@ == true)]",
	"$.a[?(@ == 's')]", "$.a[?(@ == -1.5)]", "$.a[?(@.b != 1)]", "$.num[?(@ > 1)]", "$.n[?(@ == '1')]",
	"$.n[?(@ > '1')]", "$..[?(@ > 'b')]", "$.a[0]..*", "$..a..*", "$.n.length", "$.a[-1]", "$.a[-1].d",
	"$.n[(1+1)]", "$.n[?(true)]", "$.n[?(false)]", "$.n[?(1)]", "$..[?(@.b ?? false)]", "$.n[1:3].x",
	"$.n[?(@ > 3)].x", "$..b[0]", "$..b[*]", "$..[?(@.b[0] == 2)]", "$.*[?(@.b)]", "$.a[*][?(@ == 'x')]",
	"$..[?(@.price > 10 && @.category == 'fiction')]", "$..[?(date('2020-01-01') == date('2020-01-01'))]",
	"$.n[?(@ ** 2 > 10)]", "$..[?(@ =~ 1)]", "$.n[:2:0]", "$.n[2:2]", "$..[:1]", "$..[0:1]",
	"$..", "$..[", "$.n[", "$.n[?(@ >)]", "$.n[1:2:3:4]", "$.n[?(1,2)]", "$[?(@ =~ '(')]", "$.a.(1",
}

// TestSameAsPaesslerAG evaluates paths with our evaluation and with
// PaesslerAG/jsonpath: both must accept and reject the same paths, with the
// same messages, and match the same values.
func TestSameAsPaesslerAG(t *testing.T) {
	for i, d := range differentialDocs {
		root := doc(t, d.json)
		for _, src := range differentialPaths {
			t.Run(fmt.Sprintf("%d/%s", i, src), func(t *testing.T) {
				requireSameAsPaesslerAG(t, src, root, d.ordered)
			})
		}
	}
}

func requireSameAsPaesslerAG(t *testing.T, src string, root any, ordered bool) {
	t.Helper()
	want, wantErr, panicked := referenceGet(src, root)
	p, err := Compile(src)
	if err != nil || wantErr != nil {
		if err == nil || wantErr == nil {
			// Compile rejects some paths itself, before the query parser.
			if err != nil && !strings.HasPrefix(err.Error(), "invalid JSONPath") {
				return
			}
			t.Fatalf("path %q: we say %v, PaesslerAG says %v", src, err, wantErr)
		}
		if strings.HasPrefix(err.Error(), "invalid JSONPath") {
			require.Equal(t, fmt.Sprintf("invalid JSONPath %q: %v", src, wantErr), err.Error(), src)
		}
		return
	}
	if p.IsReference() {
		return // evaluated without the query language
	}
	got, err := p.GetWithin(root, Limits{})
	require.NoError(t, err, src)
	if panicked {
		return // the library panics where we match (TestHostileSlices)
	}
	require.True(t, sameMatches(got, want, ordered), "path %q:\nours:       %s\nPaesslerAG: %s", src, jsonv.String(got), jsonv.String(want))
}
