package integrations_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/states"
)

func TestParseResource(t *testing.T) {
	tests := []struct {
		arn     string
		want    integrations.Resource
		wantErr string
	}{
		{
			arn:  "arn:aws:states:::lambda:invoke",
			want: integrations.Resource{Kind: integrations.Optimized, Service: "lambda", Action: "invoke"},
		},
		{
			arn:  "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
			want: integrations.Resource{Kind: integrations.Optimized, Service: "sqs", Action: "sendMessage", Pattern: integrations.WaitForTaskToken},
		},
		{
			arn:  "arn:aws:states:::states:startExecution.sync:2",
			want: integrations.Resource{Kind: integrations.Optimized, Service: "states", Action: "startExecution", Pattern: integrations.Sync, SyncVersion: "2"},
		},
		{
			arn:  "arn:aws:states:::glue:startJobRun.sync",
			want: integrations.Resource{Kind: integrations.Optimized, Service: "glue", Action: "startJobRun", Pattern: integrations.Sync},
		},
		{
			arn:  "arn:aws:states:::aws-sdk:s3:getObject",
			want: integrations.Resource{Kind: integrations.SDK, Service: "s3", Action: "getObject"},
		},
		{
			arn:  "arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken",
			want: integrations.Resource{Kind: integrations.SDK, Service: "sfn", Action: "startExecution", Pattern: integrations.WaitForTaskToken},
		},
		{
			arn:  "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
			want: integrations.Resource{Kind: integrations.LambdaFunction, Service: "lambda", Action: "invoke", Region: "us-east-1", Account: "123456789012", Name: "my-fn"},
		},
		{
			arn:  "arn:aws:lambda:eu-west-1:123456789012:function:my-fn:prod",
			want: integrations.Resource{Kind: integrations.LambdaFunction, Service: "lambda", Action: "invoke", Region: "eu-west-1", Account: "123456789012", Name: "my-fn:prod"},
		},
		{
			arn:  "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn",
			want: integrations.Resource{Kind: integrations.LambdaFunction, Service: "lambda", Action: "invoke", Region: "cn-north-1", Account: "123456789012", Name: "fn"},
		},
		{
			arn:  "arn:aws:states:us-east-1:123456789012:activity:approve",
			want: integrations.Resource{Kind: integrations.Activity, Region: "us-east-1", Account: "123456789012", Name: "approve"},
		},
		{arn: "my-handler", want: integrations.Resource{Kind: integrations.Custom}},
		{arn: "arn:aws:lambda:us-east-1:123456789012:function", want: integrations.Resource{Kind: integrations.Custom}},
		{arn: "arn:aws:sqs:us-east-1:123456789012:queue", want: integrations.Resource{Kind: integrations.Custom}},
		{arn: "arn:aws:states:::lambda", wantErr: `resource "arn:aws:states:::lambda": expected arn:aws:states:::SERVICE:ACTION`},
		{arn: "arn:aws:states:::aws-sdk:s3", wantErr: `resource "arn:aws:states:::aws-sdk:s3": expected arn:aws:states:::aws-sdk:SERVICE:ACTION`},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			got, err := integrations.ParseResource(tt.arn)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			tt.want.ARN = tt.arn
			require.Equal(t, tt.want, got)
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[integrations.Kind]string{
		integrations.Optimized:      "optimized",
		integrations.SDK:            "aws-sdk",
		integrations.LambdaFunction: "lambda-function",
		integrations.Activity:       "activity",
		integrations.Custom:         "custom",
	} {
		require.Equal(t, want, k.String())
	}
}

// named answers with its name, so a test sees which Invoker ran.
type named string

func (n named) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	return &integrations.Response{Output: string(n)}, nil
}

func TestRegistryLookup(t *testing.T) {
	keys := []string{
		"arn:aws:states:::lambda:invoke",
		"lambda:invoke",
		"lambda",
		"aws-sdk:s3:getObject",
		"aws-sdk:s3",
		"s3:getObject",
		"arn:aws:lambda:us-east-1:123456789012:function:fn",
		"my-handler",
	}
	tests := []struct {
		name     string
		register []string // keys registered, each answering with its own name
		fallback bool
		resource string
		want     string // "" means no Invoker
	}{
		{"exact ARN first", keys, false, "arn:aws:states:::lambda:invoke", "arn:aws:states:::lambda:invoke"},
		{"service:action before service", keys[1:], false, "arn:aws:states:::lambda:invoke", "lambda:invoke"},
		{"service last", keys[2:], false, "arn:aws:states:::lambda:invoke", "lambda"},
		{"pattern suffix ignored by service:action", keys[1:], false, "arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda:invoke"},
		{"exact ARN with pattern", []string{"arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda:invoke"}, false, "arn:aws:states:::lambda:invoke.waitForTaskToken", "arn:aws:states:::lambda:invoke.waitForTaskToken"},
		{"sdk service:action", keys, false, "arn:aws:states:::aws-sdk:s3:getObject", "aws-sdk:s3:getObject"},
		{"sdk service", keys, false, "arn:aws:states:::aws-sdk:s3:putObject", "aws-sdk:s3"},
		{"sdk does not match optimized keys", []string{"s3:getObject", "s3"}, false, "arn:aws:states:::aws-sdk:s3:getObject", ""},
		{"optimized does not match sdk keys", []string{"aws-sdk:s3:getObject"}, false, "arn:aws:states:::s3:getObject", ""},
		{"lambda function by ARN", keys, false, "arn:aws:lambda:us-east-1:123456789012:function:fn", "arn:aws:lambda:us-east-1:123456789012:function:fn"},
		{"lambda function ignores lambda:invoke", []string{"lambda:invoke", "lambda"}, true, "arn:aws:lambda:us-east-1:123456789012:function:other", "fallback"},
		{"custom resource", keys, false, "my-handler", "my-handler"},
		{"fallback", keys, true, "arn:aws:states:::sns:publish", "fallback"},
		{"nothing", keys, false, "arn:aws:states:::sns:publish", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reg integrations.Registry // the zero Registry is usable
			for _, k := range tt.register {
				reg.Register(k, named(k))
			}
			if tt.fallback {
				reg.SetFallback(named("fallback"))
			}
			res, err := integrations.ParseResource(tt.resource)
			require.NoError(t, err)
			inv := reg.Lookup(res)
			resp, err := reg.Invoke(context.Background(), &integrations.Request{Resource: res})
			if tt.want == "" {
				require.Nil(t, inv)
				require.Equal(t, &states.Error{Name: states.ErrTaskFailed, Cause: "no integration is registered for resource " + tt.resource}, err)
				return
			}
			require.Equal(t, named(tt.want), inv)
			require.NoError(t, err)
			require.Equal(t, tt.want, resp.Output)
		})
	}
}

func TestAdapters(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		inv     integrations.Invoker
		want    any
		wantErr error
	}{
		{"Func result", integrations.Func(func(ctx context.Context, input any) (any, error) { return []any{input}, nil }), []any{"in"}, nil},
		{"Func error", integrations.Func(func(ctx context.Context, input any) (any, error) { return nil, boom }), nil, boom},
		{"InvokerFunc", integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
			return &integrations.Response{Output: req.StateName}, nil
		}), "S", nil},
		{"Fail", integrations.Func(func(ctx context.Context, input any) (any, error) { return nil, integrations.Fail("My.Error", "why") }), nil, &states.Error{Name: "My.Error", Cause: "why"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := tt.inv.Invoke(context.Background(), &integrations.Request{StateName: "S", Input: "in"})
			if tt.wantErr != nil {
				require.Equal(t, tt.wantErr, err)
				require.Nil(t, resp)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, resp.Output)
		})
	}
}
