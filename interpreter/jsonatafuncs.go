package interpreter

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	mrand "math/rand/v2"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/jsonata"
)

// maxRange is the most elements $range builds, as on AWS.
const maxRange = 360145

// jsonataFunctions returns the functions Step Functions adds to JSONata:
// $partition, $range, $hash, $random, $uuid and $parse. Non-integer
// arguments are truncated towards zero; a chunk size below one, an empty
// array, a $range without a step or with one against its direction, and a
// $hash without an algorithm give nothing (undefined), as on AWS.
func (e *Engine) jsonataFunctions() map[string]jsonata.Function {
	fns := []jsonata.Function{
		{Name: "partition", Signature: "<an:a>", Impl: partition},
		{Name: "range", Signature: "<nnn?:a>", Impl: jsonataRange},
		{Name: "hash", Signature: "<ss?:s>", Impl: jsonataHash},
		{Name: "random", Signature: "<n?:n>", Impl: e.jsonataRandom},
		{Name: "uuid", Signature: "<:s>", Impl: func(context.Context, []any) (any, error) { return e.opts.NewUUID(), nil }},
		{Name: "parse", Signature: "<s:j>", Impl: parse},
	}
	m := make(map[string]jsonata.Function, len(fns))
	for _, f := range fns {
		m[f.Name] = f
	}
	return m
}

func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return jsonata.Undefined
}

// truncated reads a number argument truncated towards zero.
func truncated(v any) (int64, bool) {
	f, ok := jsonv.Float(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return int64(f), true
}

func partition(_ context.Context, args []any) (any, error) {
	items, _ := arg(args, 0).([]any)
	size, ok := truncated(arg(args, 1))
	if !ok || size < 1 || len(items) == 0 {
		return jsonata.Undefined, nil
	}
	var out []any
	for i := 0; i < len(items); i += int(size) {
		end := min(i+int(size), len(items))
		out = append(out, append([]any(nil), items[i:end]...))
	}
	return out, nil
}

func jsonataRange(_ context.Context, args []any) (any, error) {
	start, ok1 := truncated(arg(args, 0))
	end, ok2 := truncated(arg(args, 1))
	step, ok3 := truncated(arg(args, 2))
	if !ok1 || !ok2 || !ok3 || step == 0 || (end > start && step < 0) || (end < start && step > 0) {
		return jsonata.Undefined, nil
	}
	if n := (end-start)/step + 1; n > maxRange {
		return nil, fmt.Errorf("Expression evaluation memory limit exceeded")
	}
	var out []any
	for v := start; (step > 0 && v <= end) || (step < 0 && v >= end); v += step {
		out = append(out, float64(v))
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

func jsonataHash(_ context.Context, args []any) (any, error) {
	s, _ := arg(args, 0).(string)
	algo, ok := arg(args, 1).(string)
	if !ok {
		return jsonata.Undefined, nil
	}
	var h hash.Hash
	switch algo {
	case "MD5":
		h = md5.New()
	case "SHA-1":
		h = sha1.New()
	case "SHA-256":
		h = sha256.New()
	case "SHA-384":
		h = sha512.New384()
	case "SHA-512":
		h = sha512.New()
	default:
		return nil, fmt.Errorf("Invalid hash algorithm %q: use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512", algo)
	}
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (e *Engine) jsonataRandom(_ context.Context, args []any) (any, error) {
	if seed, ok := truncated(arg(args, 0)); ok {
		return mrand.New(mrand.NewPCG(uint64(seed), uint64(seed))).Float64(), nil
	}
	return e.rnd.Float64(), nil
}

func parse(_ context.Context, args []any) (any, error) {
	s, _ := arg(args, 0).(string)
	v, err := jsonv.Decode([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("The string %q is not valid JSON: %v", s, err)
	}
	return v, nil
}
