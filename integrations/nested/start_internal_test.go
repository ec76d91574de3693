package nested

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestJavaDouble(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1795683600, "1.7956836E9"},
		{1795683600.5, "1.7956836005E9"},
		{1687950474.497, "1.687950474497E9"},
		{1e7, "1.0E7"},
		{9999999.5, "9999999.5"},
		{123, "123.0"},
		{0.001, "0.001"},
		{0.0001, "1.0E-4"},
		{-2.5e10, "-2.5E10"},
		{0, "0.0"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, javaDouble(tt.in), "%v", tt.in)
	}
}

func TestValidName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"job-1", true},
		{"Job_2.v3", true},
		{"überprüfung", true},
		{strings.Repeat("x", 80), true},
		{strings.Repeat("é", 80), true},
		{"", false},
		{strings.Repeat("x", 81), false},
		{"a b", false},
		{"a\tb", false},
		{"a\u00a0b", false},
		{"a\u0085b", false},
		{"a\u2003b", false},
		{"\xff", false},
	}
	for _, r := range `<>{}[]?*"#%\^|~` + "`" + `$&,;:/` {
		tests = append(tests, struct {
			name string
			ok   bool
		}{"a" + string(r) + "b", false})
	}
	for _, tt := range tests {
		require.Equal(t, tt.ok, validName(tt.name), "%q", tt.name)
	}
}

func TestARNForms(t *testing.T) {
	require.True(t, validMachineARN("arn:aws:states:us-east-1:123456789012:stateMachine:Child"))
	require.True(t, validMachineARN("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Child:prod"))
	require.False(t, validMachineARN("arn:aws:states:us-east-1:123456789012:activity:Child"))
	require.False(t, validMachineARN("arn:aws:states:::stateMachine:Child"))
	require.False(t, validMachineARN("Child"))
	require.True(t, validExecutionARN("arn:aws:states:us-east-1:123456789012:execution:Child:job-1"))
	require.False(t, validExecutionARN("arn:aws:states:us-east-1:123456789012:execution:Child"))
	require.False(t, validExecutionARN("arn:aws:states:us-east-1:123456789012:stateMachine:Child:job-1"))
}

func TestDates(t *testing.T) {
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	require.Equal(t, "2026-11-26T09:00:00Z", isoDate(at))
	require.Equal(t, "2026-11-26T09:00:00.007Z", isoDate(at.Add(7*time.Millisecond)))
	require.Equal(t, "2026-11-26T09:00:00.250Z", isoDate(at.Add(250*time.Millisecond).In(time.FixedZone("X", 3600))))
	require.Equal(t, json.Number("1795683600250"), epochMillis(at.Add(250*time.Millisecond)))
}
