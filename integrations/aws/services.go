package aws

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// putEvents runs arn:aws:states:::events:putEvents. Like Step Functions it
// adds the state machine and execution ARNs to each entry's Resources, and
// fails with EventBridge.FailedEntry, the response as cause, when
// FailedEntryCount is not zero.
func (a *Adapter) putEvents(ctx context.Context, req *integrations.Request) (any, error) {
	params := jsonv.Clone(req.Input)
	if obj, ok := params.(map[string]any); ok {
		if entries, ok := obj["Entries"].([]any); ok {
			extra := executionResources(req.ExecutionArn)
			for _, e := range entries {
				entry, ok := e.(map[string]any)
				if !ok || len(extra) == 0 {
					continue
				}
				resources, _ := entry["Resources"].([]any)
				entry["Resources"] = append(resources, extra...)
			}
		}
	}
	svc := a.services["eventbridge"]
	out, err := svc.call(ctx, optimizedErrors, req.Resource, params)
	if err != nil {
		return nil, err
	}
	m, err := a.encode(req.Resource, out)
	if err != nil {
		return nil, err
	}
	if n, ok := m["FailedEntryCount"].(json.Number); ok && n != "0" {
		return nil, states.New("EventBridge.FailedEntry", jsonv.String(m))
	}
	return m, nil
}

// executionResources returns the state machine and execution ARNs of an
// execution ARN (arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME).
func executionResources(executionArn string) []any {
	parts := strings.Split(executionArn, ":")
	if len(parts) < 8 || parts[5] != "execution" && parts[5] != "express" {
		return nil
	}
	machine := strings.Join(append(parts[:5:5], "stateMachine", parts[6]), ":")
	return []any{machine, executionArn}
}

// s3Call runs s3:getObject and s3:putObject, the S3 resources a
// distributed Map's ItemReader and ResultWriter use: getObject returns the
// object's content as the string Body, beside the object's metadata;
// putObject takes Body as a string or a JSON value (stored as its JSON
// text). Errors are named as aws-sdk:s3 names them (S3.NoSuchKeyException).
func (a *Adapter) s3Call(ctx context.Context, req *integrations.Request) (any, error) {
	out, err := a.services["s3"].call(ctx, sdkErrors, req.Resource, req.Input)
	if err != nil {
		return nil, err
	}
	return a.encode(req.Resource, out)
}

// listObjects runs s3:listObjectsV2 for a distributed Map's ItemReader: it
// reads every page and returns {"Contents": [{"Key", "Size", "ETag",
// "LastModified", "StorageClass", ...}, ...]}.
func (a *Adapter) listObjects(ctx context.Context, req *integrations.Request) (any, error) {
	res := req.Resource
	in := &s3.ListObjectsV2Input{}
	if err := decodeInput(req.Input, reflectValue(in)); err != nil {
		return nil, states.Errorf(states.ErrTaskFailed, "invalid parameters for %s: %v", res.ARN, err)
	}
	contents := []any{}
	for {
		out, err := a.s3.ListObjectsV2(ctx, in)
		if err != nil {
			return nil, a.services["s3"].taskError(ctx, sdkErrors, res.Action, err)
		}
		for _, obj := range out.Contents {
			v, _, err := a.enc.encode(reflect.ValueOf(obj))
			if err != nil {
				return nil, states.Errorf(states.ErrTaskFailed, "%s: %v", res.ARN, err)
			}
			contents = append(contents, v)
		}
		if out.IsTruncated == nil || !*out.IsTruncated || out.NextContinuationToken == nil {
			break
		}
		in.ContinuationToken = out.NextContinuationToken
	}
	return map[string]any{"Contents": contents}, nil
}

// reflectValue returns the reflect.Value of an input struct pointer.
func reflectValue[T any](in *T) reflect.Value { return reflect.ValueOf(in) }
