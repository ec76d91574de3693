package asl_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/asl"
)

// requireProblem parses def and requires its first problem to have the given
// code and pointer and a message containing msg.
func requireProblem(t *testing.T, err error, code, path, msg string) asl.Error {
	t.Helper()
	var errs asl.Errors
	require.True(t, errors.As(err, &errs), "want asl.Errors, got %T %v", err, err)
	require.NotEmpty(t, errs)
	e := errs[0]
	require.Equal(t, code, e.Code, e.Error())
	require.Equal(t, path, e.Path, e.Error())
	require.Contains(t, e.Message, msg, e.Error())
	return e
}

// waitSeconds is a one-state machine whose Wait state waits n seconds, n
// written as given.
func waitSeconds(n string) string {
	return `{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":` + n + `,"End":true}}}`
}

// passResult is a one-state machine whose Pass state has Result r.
func passResult(r string) string {
	return `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":` + r + `,"End":true}}}`
}

// TestOutOfRangeNumbers checks that numbers a 64-bit float cannot hold are
// refused where they are written, before the schema sees them (an exponent
// beyond 10^6 used to panic inside the JSON Schema check).
func TestOutOfRangeNumbers(t *testing.T) {
	tests := []struct {
		name, def, number, path, msg string
	}{
		{"exponent beyond 10^6", waitSeconds("1e1000001"), "1e1000001", "/States/A/Seconds", "number 1e1000001 is out of range"},
		{"negative exponent beyond 10^6", passResult("1e-1000001"), "1e-1000001", "/States/A/Result", "number 1e-1000001 is out of range"},
		{"overflow", passResult("1e400"), "1e400", "/States/A/Result", "number 1e400 is out of range"},
		{"negative overflow", passResult(`[1,-1.8e308]`), "-1.8e308", "/States/A/Result/1", "number -1.8e308 is out of range"},
		{"zero with an exponent big.Rat refuses", passResult("0e99999999999999999999"), "0e99999999999999999999", "/States/A/Result", "is out of range"},
		{"exponent beyond 10^6 in a machine field", `{"StartAt":"A","TimeoutSeconds":1e1000001,"States":{"A":{"Type":"Succeed"}}}`, "1e1000001", "/TimeoutSeconds", "out of range"},
		{"exponent beyond 10^6 in Parameters", `{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"n":9e9999999},"End":true}}}`, "9e9999999", "/States/A/Parameters/n", "out of range"},
		{"a number too long", passResult(strings.Repeat("7", 1001)), strings.Repeat("7", 1001), "/States/A/Result", "1001 characters long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := asl.Parse([]byte(tc.def))
			e := requireProblem(t, err, asl.CodeValue, tc.path, tc.msg)
			require.Equal(t, 1, e.Line)
			require.Equal(t, strings.Index(tc.def, tc.number)+1, e.Column, "the column of the number itself")
		})
	}
}

// TestInRangeNumbers checks that exact numbers a 64-bit float can hold are
// accepted, and kept as written.
func TestInRangeNumbers(t *testing.T) {
	for _, n := range []string{"12345678901234567890", "1e308", "-1.7976931348623157e308", "4.9e-324", "0e-5", "-0", "0.000001e-5", "1e-400", "-2e-324", "1." + strings.Repeat("0", 998)} {
		t.Run(n[:min(len(n), 24)], func(t *testing.T) {
			sm, err := asl.Parse([]byte(passResult(n)))
			require.NoError(t, err)
			require.Equal(t, json.Number(n), sm.States["A"].(*asl.PassState).Result)
		})
	}
	t.Run("big integer as Seconds", func(t *testing.T) {
		_, err := asl.Parse([]byte(waitSeconds("12345678901234567890")))
		requireProblem(t, err, asl.CodeSchema, "/States/A/Seconds", "whole number of seconds from 0 to 99999999")
	})
}

// TestYAMLNumbers checks YAML's own spellings of numbers: infinities and
// NaN cannot be written in JSON; numbers out of range are refused as in
// JSON (rather than read as strings); in-range ones are kept exact.
func TestYAMLNumbers(t *testing.T) {
	wait := func(n string) string {
		return "StartAt: A\nStates:\n  A:\n    Type: Wait\n    Seconds: " + n + "\n    End: true\n"
	}
	refused := []struct{ name, n, msg string }{
		{"infinity", ".inf", "number .inf is out of range"},
		{"negative infinity", "-.Inf", "number -.Inf is out of range"},
		{"NaN", ".nan", ".nan is not a number"},
		{"exponent beyond 10^6", "1e1000001", "number 1e1000001 is out of range"},
		{"overflow", "1e400", "number 1e400 is out of range"},
		{"explicit float tag", "!!float 1e1000001", "out of range"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := asl.Parse([]byte(wait(tc.n)))
			e := requireProblem(t, err, asl.CodeValue, "/States/A/Seconds", tc.msg)
			require.Equal(t, 5, e.Line)
			require.Equal(t, 14, e.Column, "the column of the number itself")
		})
	}
	accepted := []struct{ n, want string }{
		{"12345678901234567890", "12345678901234567890"},
		{"1e308", "1e308"},
		{"0x10", "16"},
		{"0o17", "15"},
		{"+5", "5"},
		{"'1e1000001'", ""}, // a quoted string: the schema wants a number
	}
	for _, tc := range accepted {
		t.Run("accepts "+tc.n, func(t *testing.T) {
			sm, err := asl.Parse([]byte("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: " + tc.n + "\n    End: true\n"))
			require.NoError(t, err)
			r := sm.States["A"].(*asl.PassState).Result
			if tc.want == "" {
				require.IsType(t, "", r)
				return
			}
			require.Equal(t, json.Number(tc.want), r)
		})
	}
}

// TestParseValueOddValues checks that ParseValue refuses, at their pointer,
// Go values that are not JSON (NaN, infinities, malformed json.Number,
// channels, functions, cycles) instead of panicking or accepting them.
func TestParseValueOddValues(t *testing.T) {
	pass := func(result any) map[string]any {
		return map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{"Type": "Pass", "Result": result, "End": true}}}
	}
	wait := func(seconds any) map[string]any {
		return map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{"Type": "Wait", "Seconds": seconds, "End": true}}}
	}
	cyclicMap := map[string]any{}
	cyclicMap["self"] = cyclicMap
	cyclicSlice := []any{nil}
	cyclicSlice[0] = cyclicSlice
	cyclicParams := map[string]any{"StartAt": "A", "States": map[string]any{"A": map[string]any{"Type": "Pass", "Parameters": cyclicMap, "End": true}}}
	tests := []struct {
		name       string
		def        any
		code, path string
		msg        string
	}{
		{"NaN", wait(math.NaN()), asl.CodeValue, "/States/A/Seconds", "NaN is not a number JSON can hold"},
		{"+Inf", wait(math.Inf(1)), asl.CodeValue, "/States/A/Seconds", "+Inf is out of range"},
		{"-Inf", pass(math.Inf(-1)), asl.CodeValue, "/States/A/Result", "-Inf is out of range"},
		{"float32 NaN", pass(float32(math.NaN())), asl.CodeValue, "/States/A/Result", "NaN"},
		{"malformed json.Number", wait(json.Number("abc")), asl.CodeValue, "/States/A/Seconds", `"abc" is not a number`},
		{"empty json.Number", wait(json.Number("")), asl.CodeValue, "/States/A/Seconds", `"" is not a number`},
		{"hexadecimal json.Number", wait(json.Number("0x10")), asl.CodeValue, "/States/A/Seconds", `"0x10" is not a number`},
		{"json.Number beyond 10^6", wait(json.Number("1e1000001")), asl.CodeValue, "/States/A/Seconds", "number 1e1000001 is out of range"},
		{"channel", pass(make(chan int)), asl.CodeSyntax, "/States/A/Result", "chan int is not a JSON value"},
		{"function", pass(func() {}), asl.CodeSyntax, "/States/A/Result", "func() is not a JSON value"},
		{"typed slice", pass([]string{"a"}), asl.CodeSyntax, "/States/A/Result", "[]string is not a JSON value"},
		{"typed map", pass(map[string]string{"a": "b"}), asl.CodeSyntax, "/States/A/Result", "map[string]string is not a JSON value"},
		{"nil map key type", map[string]any{"StartAt": "A", "States": map[int]any{}}, asl.CodeSyntax, "/States", "map[int]interface {} is not a JSON value"},
		{"cyclic map", pass(cyclicMap), asl.CodeSyntax, "/States/A/Result/self", "contains itself"},
		{"cyclic slice", pass(cyclicSlice), asl.CodeSyntax, "/States/A/Result/0", "contains itself"},
		{"cyclic Parameters", cyclicParams, asl.CodeSyntax, "/States/A/Parameters/self", "contains itself"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = asl.ParseValue(tc.def) })
			e := requireProblem(t, err, tc.code, tc.path, tc.msg)
			require.Zero(t, e.Line, "ParseValue has no source to point into")
		})
	}
	t.Run("Go numbers are accepted", func(t *testing.T) {
		for _, n := range []any{5, int8(5), int32(5), int64(5), uint(5), uint8(5), uint32(5), uint64(5), float32(5), 5.0, json.Number("5")} {
			_, err := asl.ParseValue(wait(n))
			require.NoError(t, err, "%T", n)
		}
	})
}
