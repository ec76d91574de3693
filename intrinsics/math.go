package intrinsics

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/gostates/gostates/internal/jsonv"
)

// mathAdd is States.MathAdd(a, b). Each number is first rounded half up to
// an integer (Java's Math.round); the numbers and their sum must be 32-bit
// integers.
func mathAdd(_ *call, _ Env, args []any) (any, error) {
	a, ok1 := roundInt32(args[0])
	b, ok2 := roundInt32(args[1])
	if !ok1 || !ok2 {
		return nil, invalidf("the numbers must be 32-bit integers")
	}
	sum := a + b
	if sum < math.MinInt32 || sum > math.MaxInt32 {
		return nil, invalidf("the sum %d is not a 32-bit integer", sum)
	}
	return json.Number(strconv.FormatInt(sum, 10)), nil
}

// roundInt32 rounds a number half up, as Java's Math.round does, and reports
// whether the result is a 32-bit integer. An integer written without a
// fraction or exponent is taken exactly.
func roundInt32(v any) (int64, bool) {
	if n, ok := v.(json.Number); ok && !strings.ContainsAny(string(n), ".eE") {
		i, err := strconv.ParseInt(string(n), 10, 64)
		return i, err == nil && i >= math.MinInt32 && i <= math.MaxInt32
	}
	f, ok := jsonv.Float(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	r := math.Floor(f)
	if f-r >= 0.5 {
		r++
	}
	if r < math.MinInt32 || r > math.MaxInt32 {
		return 0, false
	}
	return int64(r), true
}

// mathRandom is States.MathRandom(start, end[, seed]): a random integer at
// least start and less than end. Start and end are truncated to integers. A
// seed makes the result repeatable: it draws from java.util.Random as AWS
// does; without one the number comes from the environment's source.
func mathRandom(_ *call, env Env, args []any) (any, error) {
	start, _ := truncInt32(args[0])
	end, _ := truncInt32(args[1])
	// Java computes end - start as an int: it must be positive and fit.
	n := int64(end) - int64(start)
	if n <= 0 || n > math.MaxInt32 {
		return nil, invalidf("start (%d) must be less than end (%d), by at most %d", start, end, math.MaxInt32)
	}
	var r int64
	if len(args) == 3 {
		seed, ok := truncInt64(args[2])
		if !ok {
			return nil, invalidf("the seed must be a 64-bit integer")
		}
		r = int64(newJavaRandom(seed).nextInt(int32(n)))
	} else {
		r = env.Random().Int64N(n)
	}
	return json.Number(strconv.FormatInt(int64(start)+r, 10)), nil
}

// truncInt64 converts a number to an integer as Java's (long) cast of a
// double does, truncating towards zero.
func truncInt64(v any) (int64, bool) {
	if n, ok := v.(json.Number); ok && !strings.ContainsAny(string(n), ".eE") {
		i, err := strconv.ParseInt(string(n), 10, 64)
		return i, err == nil
	}
	f, ok := jsonv.Float(v)
	if !ok || math.IsNaN(f) {
		return 0, false
	}
	f = math.Trunc(f)
	if f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

// javaRandom is java.util.Random: a 48-bit linear congruential generator.
type javaRandom struct{ seed int64 }

const (
	javaMultiplier = 0x5DEECE66D
	javaAddend     = 0xB
	javaMask       = 1<<48 - 1
)

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (seed ^ javaMultiplier) & javaMask}
}

// next returns the next bits random bits.
func (r *javaRandom) next(bits uint) int32 {
	r.seed = (r.seed*javaMultiplier + javaAddend) & javaMask
	return int32(r.seed >> (48 - bits))
}

// nextInt returns a number in [0, bound), bound > 0, as Random.nextInt(int).
func (r *javaRandom) nextInt(bound int32) int32 {
	x := r.next(31)
	m := bound - 1
	if bound&m == 0 {
		return int32((int64(bound) * int64(x)) >> 31)
	}
	for u := x; ; u = r.next(31) {
		x = u % bound
		if u-x+m >= 0 { // the int32 sum overflows for values in the biased tail
			return x
		}
	}
}

// nextDouble returns a number in [0, 1), as Random.nextDouble.
func (r *javaRandom) nextDouble() float64 {
	return float64(int64(r.next(26))<<27+int64(r.next(27))) * 0x1.0p-53
}
