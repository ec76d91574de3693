package distributed

import (
	"context"
	"errors"
	"fmt"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/states"
)

// The S3 resources a Distributed Map uses.
const (
	ResourceGetObject     = "arn:aws:states:::s3:getObject"
	ResourceListObjectsV2 = "arn:aws:states:::s3:listObjectsV2"
	ResourcePutObject     = "arn:aws:states:::s3:putObject"
)

// Call carries the execution context copied into every integrations.Request
// the package makes.
type Call struct {
	// StateName names the Map state.
	StateName string
	// ExecutionArn identifies the parent execution.
	ExecutionArn string
	// Credentials is the evaluated Credentials field, if any.
	Credentials any
}

// s3Client makes S3 calls through an Invoker and turns failures into the
// error a Distributed Map reports.
type s3Client struct {
	inv     integrations.Invoker
	call    Call
	errName string // States.ItemReaderFailed or States.ResultWriterFailed
}

func (c s3Client) invoke(ctx context.Context, resource string, input map[string]any) (any, error) {
	if c.inv == nil {
		return nil, states.New(c.errName, "no integration is available for "+resource)
	}
	res, err := integrations.ParseResource(resource)
	if err != nil {
		return nil, states.New(c.errName, err.Error())
	}
	resp, err := integrations.InvokeSafely(ctx, c.inv, &integrations.Request{
		Resource:     res,
		StateName:    c.call.StateName,
		Input:        input,
		ExecutionArn: c.call.ExecutionArn,
		Credentials:  c.call.Credentials,
	})
	if err != nil {
		return nil, c.wrap(ctx, err)
	}
	if resp == nil {
		return nil, nil
	}
	if resp.Pending {
		return nil, states.New(c.errName, resource+" did not complete synchronously")
	}
	return resp.Output, nil
}

// wrap renames an integration failure to c.errName, keeping its cause. A
// cancelled context is returned as is, so callers can tell cancellation from
// failure.
func (c s3Client) wrap(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return ctxErr
	}
	e := states.As(err)
	if e.Name == c.errName {
		return e
	}
	cause := e.Cause
	if cause == "" {
		cause = e.Name
	}
	return &states.Error{Name: c.errName, Cause: cause}
}

// getObject returns the content of an object as a string.
func (c s3Client) getObject(ctx context.Context, input map[string]any) (string, error) {
	out, err := c.invoke(ctx, ResourceGetObject, input)
	if err != nil {
		return "", err
	}
	if m, ok := out.(map[string]any); ok {
		if body, ok := m["Body"]; ok {
			switch b := body.(type) {
			case string:
				return b, nil
			case []byte:
				return string(b), nil
			case nil:
				return "", nil
			}
		}
	}
	return "", states.Errorf(c.errName, "s3:getObject returned no Body for %s", describeObject(input))
}

// listObjects returns the Contents of every page of a listing.
func (c s3Client) listObjects(ctx context.Context, input map[string]any) ([]any, error) {
	out, err := c.invoke(ctx, ResourceListObjectsV2, input)
	if err != nil {
		return nil, err
	}
	m, _ := out.(map[string]any)
	switch contents := m["Contents"].(type) {
	case []any:
		return contents, nil
	case []map[string]any:
		list := make([]any, len(contents))
		for i, o := range contents {
			list[i] = o
		}
		return list, nil
	case nil:
		return nil, nil
	default:
		return nil, states.Errorf(c.errName, "s3:listObjectsV2 returned Contents of type %T", contents)
	}
}

// putObject stores body under bucket/key.
func (c s3Client) putObject(ctx context.Context, bucket, key string, body []byte) error {
	_, err := c.invoke(ctx, ResourcePutObject, map[string]any{
		"Bucket": bucket,
		"Key":    key,
		"Body":   string(body),
	})
	return err
}

func describeObject(input map[string]any) string {
	return fmt.Sprintf("s3://%v/%v", input["Bucket"], input["Key"])
}
