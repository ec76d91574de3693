package aws_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/integrations/aws/awstest"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// fakeService is an httptest server that answers every request with one
// scripted HTTP response and records the requests it got.
type fakeService struct {
	srv *httptest.Server

	mu       sync.Mutex
	status   int
	header   map[string]string
	body     string
	requests []recorded
}

// recorded is a request a fakeService got.
type recorded struct {
	path, query string
	header      http.Header
	body        string
}

func newFakeService(t *testing.T) *fakeService {
	f := &fakeService{status: 200}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.requests = append(f.requests, recorded{path: r.URL.EscapedPath(), query: r.URL.RawQuery, header: r.Header.Clone(), body: string(body)})
		for k, v := range f.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(f.status)
		_, _ = io.WriteString(w, f.body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// respond scripts the next responses.
func (f *fakeService) respond(status int, body string, header map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.body, f.header = status, body, header
}

// last returns the last request.
func (f *fakeService) last(t *testing.T) recorded {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.NotEmpty(t, f.requests)
	return f.requests[len(f.requests)-1]
}

// config returns a config for the fake with the SDK's retries off.
func (f *fakeService) config() sdkaws.Config {
	cfg := awstest.Config(f.srv.URL)
	cfg.Retryer = func() sdkaws.Retryer { return sdkaws.NopRetryer{} }
	return cfg
}

const fnARN = "arn:aws:lambda:us-east-1:123456789012:function:fn"

func lambdaHeaders(extra ...string) map[string]string {
	h := map[string]string{"X-Amz-Executed-Version": "$LATEST", "x-amzn-RequestId": "req-1", "Content-Type": "application/json"}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	return h
}

func TestLambda(t *testing.T) {
	f := newFakeService(t)
	a := aws.New(f.config())
	tests := []struct {
		name               string
		resource, input    string
		status             int
		body               string
		header             map[string]string
		want               string // the result, without SDK metadata
		wantErr            *states.Error
		wantPath, wantSent string
		wantQuery          string
		wantHeader         map[string]string
	}{
		{
			name: "function ARN", resource: fnARN, input: `{"n": 1.50, "s": "<x>"}`,
			status: 200, body: `{"ok": true, "n": 1.50}`, header: lambdaHeaders(),
			want:     `{"n":1.50,"ok":true}`,
			wantPath: "/2015-03-31/functions/" + escapeARN(fnARN) + "/invocations", wantSent: `{"n":1.50,"s":"<x>"}`,
		},
		{
			name: "function ARN with a non-JSON response", resource: fnARN, input: `{}`,
			status: 200, body: `HelloWorld!`, header: lambdaHeaders(),
			want: `"HelloWorld!"`,
		},
		{
			name: "function ARN with a number beyond a float64", resource: fnARN, input: `{}`,
			status: 200, body: `{"n": [1, 1e400]}`, header: lambdaHeaders(),
			wantErr: &states.Error{Name: states.ErrTaskFailed, Cause: `the function's response is not usable: number 1e400 at /n/1 is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)`},
		},
		{
			name: "lambda:invoke with a number beyond a float64", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "fn"}`,
			status: 200, body: `-1e999`, header: lambdaHeaders(),
			wantErr: &states.Error{Name: states.ErrTaskFailed, Cause: `the function's response is not usable: number -1e999 is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)`},
		},
		{
			name: "function error", resource: fnARN, input: `{}`,
			status: 200, body: "{\"errorMessage\": \"boom\", \"errorType\": \"CustomError\", \"stackTrace\": []}", header: lambdaHeaders("X-Amz-Function-Error", "Unhandled"),
			wantErr: &states.Error{Name: "CustomError", Cause: `{"errorMessage":"boom","errorType":"CustomError","stackTrace":[]}`},
		},
		{
			name: "function timeout", resource: fnARN, input: `{}`,
			status: 200, body: `{"errorMessage":"2024-01-01T00:00:00.000Z abc Task timed out after 3.00 seconds"}`, header: lambdaHeaders("X-Amz-Function-Error", "Unhandled"),
			wantErr: &states.Error{Name: "Lambda.Unknown", Cause: `{"errorMessage":"2024-01-01T00:00:00.000Z abc Task timed out after 3.00 seconds"}`},
		},
		{
			name: "lambda:invoke", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "fn", "Payload": {"a": [1, 2]}}`,
			status: 200, body: `{"body": "hi"}`, header: lambdaHeaders(),
			want:     `{"ExecutedVersion":"$LATEST","Payload":{"body":"hi"},"StatusCode":200}`,
			wantPath: "/2015-03-31/functions/fn/invocations", wantSent: `{"a":[1,2]}`,
		},
		{
			name: "lambda:invoke with a JSON string payload", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "fn", "Payload": "{\"a\": 1}"}`,
			status: 200, body: `null`, header: lambdaHeaders(),
			want: `{"ExecutedVersion":"$LATEST","Payload":null,"StatusCode":200}`, wantSent: `{"a": 1}`,
		},
		{
			name: "lambda:invoke with a plain string payload", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "fn", "Payload": "plain"}`,
			status: 200, body: `1`, header: lambdaHeaders(),
			want: `{"ExecutedVersion":"$LATEST","Payload":1,"StatusCode":200}`, wantSent: `"plain"`,
		},
		{
			name: "lambda:invoke with a null payload", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "fn", "Payload": null}`,
			status: 200, body: `{}`, header: lambdaHeaders(),
			want: `{"ExecutedVersion":"$LATEST","Payload":{},"StatusCode":200}`, wantSent: `{}`,
		},
		{
			name: "lambda:invoke asynchronously", resource: "arn:aws:states:::lambda:invoke",
			input:  `{"FunctionName": "fn", "Qualifier": "prod", "InvocationType": "Event", "LogType": "Tail"}`,
			status: 202, body: ``, header: lambdaHeaders("X-Amz-Log-Result", "bG9n"),
			want:      `{"ExecutedVersion":"$LATEST","LogResult":"bG9n","Payload":"","StatusCode":202}`,
			wantQuery: "Qualifier=prod", wantHeader: map[string]string{"X-Amz-Invocation-Type": "Event", "X-Amz-Log-Type": "Tail"},
		},
		{
			name: "lambda:invoke function error", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "fn"}`,
			status: 200, body: `{"errorType": "ValueError", "errorMessage": "bad"}`, header: lambdaHeaders("X-Amz-Function-Error", "Unhandled"),
			wantErr: &states.Error{Name: "ValueError", Cause: `{"errorType":"ValueError","errorMessage":"bad"}`},
		},
		{
			name: "lambda:invoke with an unknown parameter", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "fn", "Payloads": 1}`,
			wantErr: &states.Error{Name: states.ErrTaskFailed, Cause: `invalid parameters for arn:aws:states:::lambda:invoke: unknown field "Payloads"; InvokeInput has ClientContext, `}, // the list goes on`
		},
		{
			name: "resource not found", resource: "arn:aws:states:::lambda:invoke", input: `{"FunctionName": "nope"}`,
			status: 404, body: `{"Type": "User", "Message": "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"}`,
			header:  map[string]string{"X-Amzn-ErrorType": "ResourceNotFoundException", "x-amzn-RequestId": "req-2"},
			wantErr: &states.Error{Name: "Lambda.ResourceNotFoundException", Cause: "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-2; Proxy: null)"},
		},
		{
			name: "throttled", resource: fnARN, input: `{}`,
			status: 429, body: `{"Type": "User", "message": "Rate Exceeded.", "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded"}`,
			header:  map[string]string{"X-Amzn-ErrorType": "TooManyRequestsException", "x-amzn-RequestId": "req-3"},
			wantErr: &states.Error{Name: "Lambda.TooManyRequestsException", Cause: "Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: req-3; Proxy: null)"},
		},
		{
			name: "service exception", resource: fnARN, input: `{}`,
			status: 500, body: `{"Type": "Service", "message": "internal"}`,
			header:  map[string]string{"X-Amzn-ErrorType": "ServiceException", "x-amzn-RequestId": "req-4"},
			wantErr: &states.Error{Name: "Lambda.ServiceException", Cause: "internal (Service: AWSLambda; Status Code: 500; Error Code: ServiceException; Request ID: req-4; Proxy: null)"},
		},
		{
			name: "undeclared error", resource: fnARN, input: `{}`,
			status: 400, body: `{"message": "new"}`,
			header:  map[string]string{"X-Amzn-ErrorType": "SomethingNewException", "x-amzn-RequestId": "req-5"},
			wantErr: &states.Error{Name: "Lambda.AWSLambdaException", Cause: "new (Service: AWSLambda; Status Code: 400; Error Code: SomethingNewException; Request ID: req-5; Proxy: null)"},
		},
		{
			name: "acronym in an optimized error", resource: fnARN, input: `{}`,
			status: 502, body: `{"message": "kms"}`,
			header:  map[string]string{"X-Amzn-ErrorType": "KMSAccessDeniedException", "x-amzn-RequestId": "req-6"},
			wantErr: &states.Error{Name: "Lambda.KMSAccessDeniedException", Cause: "kms (Service: AWSLambda; Status Code: 502; Error Code: KMSAccessDeniedException; Request ID: req-6; Proxy: null)"},
		},
		{
			name: "acronym in an aws-sdk error", resource: "arn:aws:states:::aws-sdk:lambda:invoke", input: `{"FunctionName": "fn"}`,
			status: 502, body: `{"message": "kms"}`,
			header:  map[string]string{"X-Amzn-ErrorType": "KMSAccessDeniedException", "x-amzn-RequestId": "req-7"},
			wantErr: &states.Error{Name: "Lambda.KmsAccessDeniedException", Cause: "kms (Service: Lambda, Status Code: 502, Request ID: req-7)"},
		},
		{
			name: "aws-sdk undeclared error", resource: "arn:aws:states:::aws-sdk:lambda:getFunction", input: `{"FunctionName": "fn"}`,
			status: 400, body: `{"message": "new"}`,
			header:  map[string]string{"X-Amzn-ErrorType": "SomethingNewException", "x-amzn-RequestId": "req-8"},
			wantErr: &states.Error{Name: "Lambda.LambdaException", Cause: "new (Service: Lambda, Status Code: 400, Request ID: req-8)"},
		},
		{
			name: "aws-sdk invoke keeps function errors in the result", resource: "arn:aws:states:::aws-sdk:lambda:invoke", input: `{"FunctionName": "fn", "Payload": {"k": "v"}}`,
			status: 200, body: `{"errorType":"E","errorMessage":"m"}`, header: lambdaHeaders("X-Amz-Function-Error", "Unhandled"),
			want:     `{"ExecutedVersion":"$LATEST","FunctionError":"Unhandled","Payload":"{\"errorType\":\"E\",\"errorMessage\":\"m\"}","StatusCode":200}`,
			wantSent: `{"k":"v"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.respond(tt.status, tt.body, tt.header)
			resp, err := invoke(t, a, tt.resource, tt.input)
			if tt.wantErr != nil {
				got := states.As(err)
				if strings.HasSuffix(tt.wantErr.Cause, ", ") {
					require.Equal(t, tt.wantErr.Name, got.Name)
					require.True(t, strings.HasPrefix(got.Cause, tt.wantErr.Cause), got.Cause)
					return
				}
				require.Equal(t, tt.wantErr, got)
				return
			}
			require.NoError(t, err)
			out := resp.Output
			if m, ok := out.(map[string]any); ok && tt.resource == "arn:aws:states:::lambda:invoke" {
				require.Equal(t, map[string]any{"RequestId": "req-1"}, m["SdkResponseMetadata"])
				md := m["SdkHttpMetadata"].(map[string]any)
				require.EqualValues(t, "$LATEST", md["HttpHeaders"].(map[string]any)["X-Amz-Executed-Version"])
				require.Equal(t, []any{"req-1"}, md["AllHttpHeaders"].(map[string]any)["x-amzn-RequestId"])
				require.Equal(t, json.Number(strconv.Itoa(tt.status)), md["HttpStatusCode"])
				delete(m, "SdkResponseMetadata")
				delete(m, "SdkHttpMetadata")
			}
			require.Equal(t, tt.want, jsonString(out))
			req := f.last(t)
			if tt.wantPath != "" {
				require.Equal(t, tt.wantPath, req.path)
			}
			if tt.wantSent != "" {
				require.Equal(t, tt.wantSent, req.body)
			}
			if tt.wantQuery != "" {
				require.Equal(t, tt.wantQuery, req.query)
			}
			for k, v := range tt.wantHeader {
				require.Equal(t, v, req.header.Get(k), k)
			}
		})
	}
}

func TestLambdaFunctionRegion(t *testing.T) {
	f := newFakeService(t)
	f.respond(200, `{}`, lambdaHeaders())
	a := aws.New(f.config())
	output(t, a, "arn:aws:lambda:eu-west-1:123456789012:function:fn:prod", `{}`)
	req := f.last(t)
	require.Contains(t, req.header.Get("Authorization"), "/eu-west-1/lambda/aws4_request", "signed for the function's region")
	require.Equal(t, "/2015-03-31/functions/"+escapeARN("arn:aws:lambda:eu-west-1:123456789012:function:fn:prod")+"/invocations", req.path)
}

func TestLambdaWaitForTaskToken(t *testing.T) {
	f := newFakeService(t)
	f.respond(202, ``, lambdaHeaders())
	a := aws.New(f.config())
	resp, err := invoke(t, a, "arn:aws:states:::lambda:invoke.waitForTaskToken", `{"FunctionName": "fn", "InvocationType": "Event", "Payload": {"token": "t-1"}}`)
	require.NoError(t, err)
	require.True(t, resp.Pending)
	require.Equal(t, `{"token":"t-1"}`, f.last(t).body)
}

func TestSdkClientException(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens there any more
	cfg := awstest.Config(srv.URL)
	cfg.Retryer = func() sdkaws.Retryer { return sdkaws.NopRetryer{} }
	a := aws.New(cfg)
	for resource, name := range map[string]string{
		fnARN:                              "Lambda.SdkClientException",
		"arn:aws:states:::sqs:sendMessage": "SQS.SdkClientException",
		"arn:aws:states:::aws-sdk:sns:listTopics": "Sns.SdkClientException",
	} {
		se := taskError(t, a, resource, `{}`)
		require.Equal(t, name, se.Name, resource)
		require.Contains(t, se.Cause, "connect", resource)
	}
}

func jsonString(v any) string { return jsonv.String(v) }

// escapeARN escapes an ARN as the SDK does in a URL path.
func escapeARN(arn string) string { return strings.ReplaceAll(arn, ":", "%3A") }
