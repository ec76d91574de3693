//go:build !race

package jsonata_test

// raceEnabled reports whether the tests run under the race detector, which
// makes evaluation 10 to 20 times slower.
const raceEnabled = false
