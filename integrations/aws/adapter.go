package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/states"
)

// DefaultMaxBodyBytes is the default bound on a streaming response body
// (an S3 object) read into a task result.
const DefaultMaxBodyBytes = 64 << 20

// Adapter is an integrations.Invoker that runs Task states by calling AWS
// through aws-sdk-go-v2. It is safe for concurrent use.
type Adapter struct {
	lambda   *lambda.Client
	s3       *s3.Client
	services map[string]*service // by aws-sdk service name
	enc      encoder
}

// Option configures an Adapter.
type Option func(*options)

type options struct {
	s3          []func(*s3.Options)
	dynamodb    []func(*dynamodb.Options)
	lambda      []func(*lambda.Options)
	sqs         []func(*sqs.Options)
	sns         []func(*sns.Options)
	eventbridge []func(*eventbridge.Options)
	maxBody     int64
}

// WithS3Options adjusts the S3 client, for example to use path-style
// addressing against an emulator:
//
//	aws.WithS3Options(func(o *s3.Options) { o.UsePathStyle = true })
func WithS3Options(fns ...func(*s3.Options)) Option {
	return func(o *options) { o.s3 = append(o.s3, fns...) }
}

// WithDynamoDBOptions adjusts the DynamoDB client, for example its
// BaseEndpoint.
func WithDynamoDBOptions(fns ...func(*dynamodb.Options)) Option {
	return func(o *options) { o.dynamodb = append(o.dynamodb, fns...) }
}

// WithLambdaOptions adjusts the Lambda client.
func WithLambdaOptions(fns ...func(*lambda.Options)) Option {
	return func(o *options) { o.lambda = append(o.lambda, fns...) }
}

// WithSQSOptions adjusts the SQS client.
func WithSQSOptions(fns ...func(*sqs.Options)) Option {
	return func(o *options) { o.sqs = append(o.sqs, fns...) }
}

// WithSNSOptions adjusts the SNS client.
func WithSNSOptions(fns ...func(*sns.Options)) Option {
	return func(o *options) { o.sns = append(o.sns, fns...) }
}

// WithEventBridgeOptions adjusts the EventBridge client.
func WithEventBridgeOptions(fns ...func(*eventbridge.Options)) Option {
	return func(o *options) { o.eventbridge = append(o.eventbridge, fns...) }
}

// WithMaxBodyBytes bounds the size of a streaming response body (an S3
// object) read into a task result; a larger body fails the task with
// States.DataLimitExceeded. The default is DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) Option {
	return func(o *options) { o.maxBody = n }
}

// New returns an Adapter whose clients are made from cfg, so its region,
// credentials and BaseEndpoint (LocalStack, an emulator) apply, adjusted
// by opts.
func New(cfg sdkaws.Config, opts ...Option) *Adapter {
	o := options{maxBody: DefaultMaxBodyBytes}
	for _, opt := range opts {
		opt(&o)
	}
	a := &Adapter{
		lambda: lambda.NewFromConfig(cfg, prepend(func(o *lambda.Options) { o.APIOptions = append(o.APIOptions, withoutInputValidation) }, o.lambda)...),
		s3:     s3.NewFromConfig(cfg, prepend(func(o *s3.Options) { o.APIOptions = append(o.APIOptions, withoutInputValidation) }, o.s3)...),
		enc:    encoder{maxBody: o.maxBody},
	}
	ddb := dynamodb.NewFromConfig(cfg, prepend(func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, withoutInputValidation) }, o.dynamodb)...)
	sq := sqs.NewFromConfig(cfg, prepend(func(o *sqs.Options) { o.APIOptions = append(o.APIOptions, withoutInputValidation) }, o.sqs)...)
	sn := sns.NewFromConfig(cfg, prepend(func(o *sns.Options) { o.APIOptions = append(o.APIOptions, withoutInputValidation) }, o.sns)...)
	eb := eventbridge.NewFromConfig(cfg, prepend(func(o *eventbridge.Options) { o.APIOptions = append(o.APIOptions, withoutInputValidation) }, o.eventbridge)...)
	a.services = map[string]*service{
		"dynamodb":    {sdkName: "dynamodb", v2Name: "DynamoDb", prefix: "DynamoDB", v1Name: "AmazonDynamoDBv2", v1Base: "AmazonDynamoDBException", client: reflect.ValueOf(ddb)},
		"eventbridge": {sdkName: "eventbridge", v2Name: "EventBridge", prefix: "EventBridge", v1Name: "AmazonEventBridge", v1Base: "AmazonEventBridgeException", client: reflect.ValueOf(eb)},
		"lambda":      {sdkName: "lambda", v2Name: "Lambda", prefix: "Lambda", v1Name: "AWSLambda", v1Base: "AWSLambdaException", client: reflect.ValueOf(a.lambda)},
		"s3":          {sdkName: "s3", v2Name: "S3", prefix: "S3", v1Name: "Amazon S3", v1Base: "AmazonS3Exception", client: reflect.ValueOf(a.s3)},
		"sns":         {sdkName: "sns", v2Name: "Sns", prefix: "SNS", v1Name: "AmazonSNS", v1Base: "AmazonSNSException", client: reflect.ValueOf(sn)},
		"sqs":         {sdkName: "sqs", v2Name: "Sqs", prefix: "SQS", v1Name: "AmazonSQS", v1Base: "AmazonSQSException", client: reflect.ValueOf(sq)},
	}
	return a
}

func prepend[T any](first T, rest []T) []T { return append([]T{first}, rest...) }

// withoutInputValidation drops the SDK's client-side check of required
// parameters, so that, as with Step Functions, the service itself rejects
// an invalid request and names the error.
func withoutInputValidation(stack *middleware.Stack) error {
	_, _ = stack.Initialize.Remove("OperationInputValidation")
	return nil
}

// Invoke implements integrations.Invoker. For .waitForTaskToken resources
// it makes the call and answers Pending: the task completes when the task
// token is sent back.
func (a *Adapter) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	res := req.Resource
	if res.Pattern == integrations.Sync {
		return nil, unsupported(res, "the .sync integration pattern is not supported for this resource")
	}
	var (
		out any
		err error
	)
	switch res.Kind {
	case integrations.LambdaFunction:
		out, err = a.invokeFunction(ctx, req)
	case integrations.Optimized:
		h := a.optimized(res)
		if h == nil {
			return nil, unsupported(res, "supported optimized integrations are "+optimizedResources)
		}
		out, err = h(ctx, req)
	case integrations.SDK:
		out, err = a.callSDK(ctx, req)
	default:
		return nil, unsupported(res, "it is not an AWS service integration or Lambda function")
	}
	if err != nil {
		return nil, err
	}
	if res.Pattern == integrations.WaitForTaskToken {
		return &integrations.Response{Pending: true}, nil
	}
	return &integrations.Response{Output: out}, nil
}

// optimizedResources lists the optimized integrations, as resource ARN
// suffixes.
const optimizedResources = "dynamodb:deleteItem, dynamodb:getItem, dynamodb:putItem, dynamodb:updateItem, " +
	"events:putEvents, lambda:invoke, s3:getObject, s3:listObjectsV2, s3:putObject, sns:publish, sqs:sendMessage"

type handler func(ctx context.Context, req *integrations.Request) (any, error)

// optimized returns the handler of an optimized integration, or nil.
func (a *Adapter) optimized(res integrations.Resource) handler {
	switch res.Service + ":" + res.Action {
	case "lambda:invoke":
		return a.lambdaInvoke
	case "dynamodb:getItem", "dynamodb:putItem", "dynamodb:deleteItem", "dynamodb:updateItem":
		return a.withMetadata(a.services["dynamodb"])
	case "sqs:sendMessage":
		return a.withMetadata(a.services["sqs"])
	case "sns:publish":
		return a.withMetadata(a.services["sns"])
	case "events:putEvents":
		return a.putEvents
	case "s3:getObject", "s3:putObject":
		return a.s3Call
	case "s3:listObjectsV2":
		return a.listObjects
	}
	return nil
}

// callSDK runs an aws-sdk integration: the client method named after the
// action, with the parameters decoded into its input struct.
func (a *Adapter) callSDK(ctx context.Context, req *integrations.Request) (any, error) {
	res := req.Resource
	svc := a.services[res.Service]
	if svc == nil {
		return nil, unsupported(res, "aws-sdk integrations are supported for "+strings.Join(slices.Sorted(maps.Keys(a.services)), ", "))
	}
	out, err := svc.call(ctx, sdkErrors, res, req.Input)
	if err != nil {
		return nil, err
	}
	return a.encode(res, out)
}

// withMetadata returns the handler of an optimized integration that calls
// the action's API and adds the AWS SDK for Java 1.x response metadata.
func (a *Adapter) withMetadata(svc *service) handler {
	return func(ctx context.Context, req *integrations.Request) (any, error) {
		out, err := svc.call(ctx, optimizedErrors, req.Resource, req.Input)
		if err != nil {
			return nil, err
		}
		m, err := a.encode(req.Resource, out)
		if err != nil {
			return nil, err
		}
		return withSDKMetadata(m, resultMetadata(out)), nil
	}
}

// call calls the client method named after the action with params decoded
// into its input struct, and returns the output struct pointer.
func (s *service) call(ctx context.Context, style errorStyle, res integrations.Resource, params any) (reflect.Value, error) {
	m := s.client.MethodByName(exportedName(res.Action))
	if !m.IsValid() || !isOperation(m.Type()) {
		return reflect.Value{}, unsupported(res, fmt.Sprintf("the %s API has no action %q", s.v2Name, res.Action))
	}
	in := reflect.New(m.Type().In(1).Elem())
	if err := decodeInput(params, in); err != nil {
		return reflect.Value{}, states.Errorf(states.ErrTaskFailed, "invalid parameters for %s: %v", res.ARN, err)
	}
	outs := m.Call([]reflect.Value{reflect.ValueOf(ctx), in})
	if err, _ := outs[1].Interface().(error); err != nil {
		return reflect.Value{}, s.taskError(ctx, style, res.Action, err)
	}
	return outs[0], nil
}

var (
	contextType = reflect.TypeFor[context.Context]()
	errorType   = reflect.TypeFor[error]()
)

// isOperation reports whether a client method has the shape of an API
// operation: func(context.Context, *XInput, ...func(*Options)) (*XOutput, error).
func isOperation(t reflect.Type) bool {
	return t.NumIn() == 3 && t.IsVariadic() && t.In(0) == contextType &&
		t.In(1).Kind() == reflect.Pointer && t.In(1).Elem().Kind() == reflect.Struct &&
		t.NumOut() == 2 && t.Out(0).Kind() == reflect.Pointer && t.Out(1) == errorType
}

// encode encodes an output struct pointer as a task result.
func (a *Adapter) encode(res integrations.Resource, out reflect.Value) (map[string]any, error) {
	m, err := a.enc.encodeOutput(out)
	if err != nil {
		var tooLarge errBodyTooLarge
		if errors.As(err, &tooLarge) {
			return nil, states.Errorf(states.ErrDataLimitExceeded, "%s: %v", res.ARN, err)
		}
		return nil, states.Errorf(states.ErrTaskFailed, "%s: %v", res.ARN, err)
	}
	return m, nil
}

// resultMetadata returns the ResultMetadata of an output struct pointer.
func resultMetadata(out reflect.Value) middleware.Metadata {
	if out.IsNil() {
		return middleware.Metadata{}
	}
	md, _ := out.Elem().FieldByName("ResultMetadata").Interface().(middleware.Metadata)
	return md
}

// exportedName turns an action name into its Go method name: getObject →
// GetObject.
func exportedName(action string) string {
	r := []rune(action)
	if len(r) == 0 {
		return ""
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func unsupported(res integrations.Resource, why string) error {
	return states.Errorf(states.ErrTaskFailed, "gostates cannot run resource %s: %s", res.ARN, why)
}
