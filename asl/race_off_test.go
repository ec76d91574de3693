//go:build !race

package asl_test

// slowdown scales the time bounds of the tests: the race detector makes
// the parser several times slower.
const slowdown = 1
