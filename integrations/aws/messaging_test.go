package aws_test

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations/aws"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestSQSSendMessage(t *testing.T) {
	f := newFakeService(t)
	a := aws.New(f.config())
	tests := []struct {
		name, resource, input, sentBody string
		wantPending                     bool
	}{
		{"string body", "arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "https://sqs/q", "MessageBody": "hello"}`, "hello", false},
		{"JSON body", "arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "https://sqs/q", "MessageBody": {"Message": "hi", "n": 1}}`, `{"Message":"hi","n":1}`, false},
		{"wait for task token", "arn:aws:states:::sqs:sendMessage.waitForTaskToken", `{"QueueUrl": "https://sqs/q", "MessageBody": {"TaskToken": "tok"}}`, `{"TaskToken":"tok"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The SDK checks MD5OfMessageBody against the body it sent.
			f.respond(200, fmt.Sprintf(`{"MD5OfMessageBody": %q, "MessageId": "m-1"}`, md5hex(tt.sentBody)),
				map[string]string{"x-amzn-RequestId": "req-1", "Content-Type": "application/x-amz-json-1.0"})
			resp, err := invoke(t, a, tt.resource, tt.input)
			require.NoError(t, err)
			req := f.last(t)
			require.Equal(t, "AmazonSQS.SendMessage", req.header.Get("X-Amz-Target"))
			sent, err := jsonv.Decode([]byte(req.body))
			require.NoError(t, err)
			require.Equal(t, tt.sentBody, sent.(map[string]any)["MessageBody"])
			if tt.wantPending {
				require.True(t, resp.Pending)
				return
			}
			out := resp.Output.(map[string]any)
			require.Equal(t, md5hex(tt.sentBody), out["MD5OfMessageBody"])
			require.Equal(t, "m-1", out["MessageId"])
			require.Equal(t, map[string]any{"RequestId": "req-1"}, out["SdkResponseMetadata"])
			require.Contains(t, out, "SdkHttpMetadata")
		})
	}
}

func TestSQSErrors(t *testing.T) {
	f := newFakeService(t)
	a := aws.New(f.config())
	f.respond(400, `{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."}`,
		map[string]string{"x-amzn-RequestId": "req-9", "Content-Type": "application/x-amz-json-1.0", "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"})
	tests := []struct {
		resource string
		want     states.Error
	}{
		{"arn:aws:states:::sqs:sendMessage", states.Error{Name: "SQS.QueueDoesNotExistException", Cause: "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: req-9; Proxy: null)"}},
		{"arn:aws:states:::aws-sdk:sqs:sendMessage", states.Error{Name: "Sqs.QueueDoesNotExistException", Cause: "The specified queue does not exist. (Service: Sqs, Status Code: 400, Request ID: req-9)"}},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			se := taskError(t, a, tt.resource, `{"QueueUrl": "https://sqs/nope", "MessageBody": "x"}`)
			require.Equal(t, tt.want, *se)
		})
	}
}

func TestSNSPublish(t *testing.T) {
	f := newFakeService(t)
	a := aws.New(f.config())
	xml := map[string]string{"x-amzn-RequestId": "req-1", "Content-Type": "text/xml"}
	t.Run("JSON message", func(t *testing.T) {
		f.respond(200, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>`, xml)
		resp, err := invoke(t, a, "arn:aws:states:::sns:publish", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": {"TaskToken": "tok", "arg1": "Hello"}, "Subject": "s"}`)
		require.NoError(t, err)
		form, err := url.ParseQuery(f.last(t).body)
		require.NoError(t, err)
		require.Equal(t, "Publish", form.Get("Action"))
		require.Equal(t, `{"TaskToken":"tok","arg1":"Hello"}`, form.Get("Message"))
		out := resp.Output.(map[string]any)
		require.Equal(t, "m-1", out["MessageId"])
		require.Equal(t, map[string]any{"RequestId": "req-1"}, out["SdkResponseMetadata"])
	})
	t.Run("aws-sdk", func(t *testing.T) {
		f.respond(200, `<PublishResponse><PublishResult><MessageId>m-2</MessageId><SequenceNumber>7</SequenceNumber></PublishResult></PublishResponse>`, xml)
		require.Equal(t, `{"MessageId":"m-2","SequenceNumber":"7"}`, output(t, a, "arn:aws:states:::aws-sdk:sns:publish", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:t.fifo", "Message": "m", "MessageGroupId": "g"}`))
	})
	t.Run("topic not found", func(t *testing.T) {
		// The cause AWS recorded for this call (conformance case
		// errors/test_publish_base_error_topic_arn).
		f.respond(404, `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>req-404</RequestId></ErrorResponse>`, map[string]string{"Content-Type": "text/xml", "x-amzn-RequestId": "req-404"})
		se := taskError(t, a, "arn:aws:states:::sns:publish", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:nope", "Message": "m"}`)
		require.Equal(t, states.Error{Name: "SNS.NotFoundException", Cause: "Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: req-404; Proxy: null)"}, *se)
		se = taskError(t, a, "arn:aws:states:::aws-sdk:sns:publish", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:nope", "Message": "m"}`)
		require.Equal(t, states.Error{Name: "Sns.NotFoundException", Cause: "Topic does not exist (Service: Sns, Status Code: 404, Request ID: req-404)"}, *se)
	})
}

func TestEventBridgePutEvents(t *testing.T) {
	f := newFakeService(t)
	a := aws.New(f.config())
	jsonHeader := map[string]string{"x-amzn-RequestId": "req-1", "Content-Type": "application/x-amz-json-1.1"}
	input := `{"Entries": [{"Source": "app", "DetailType": "order", "Detail": {"id": 1}, "Resources": ["arn:r"]}, {"Source": "app", "DetailType": "order", "Detail": "{\"id\": 2}"}]}`
	t.Run("succeeded", func(t *testing.T) {
		f.respond(200, `{"Entries": [{"EventId": "e-1"}, {"EventId": "e-2"}], "FailedEntryCount": 0}`, jsonHeader)
		require.Equal(t, `{"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}],"FailedEntryCount":0}`, output(t, a, "arn:aws:states:::events:putEvents", input))
		req := f.last(t)
		require.Equal(t, "AWSEvents.PutEvents", req.header.Get("X-Amz-Target"))
		sent, err := jsonv.Decode([]byte(req.body))
		require.NoError(t, err)
		entries := sent.(map[string]any)["Entries"].([]any)
		first, second := entries[0].(map[string]any), entries[1].(map[string]any)
		require.Equal(t, `{"id":1}`, first["Detail"], "a JSON Detail is sent as its text")
		require.Equal(t, `{"id": 2}`, second["Detail"])
		require.Equal(t, []any{"arn:r", "arn:aws:states:us-east-1:123456789012:stateMachine:Machine", "arn:aws:states:us-east-1:123456789012:execution:Machine:exec-1"}, first["Resources"])
		require.Equal(t, []any{"arn:aws:states:us-east-1:123456789012:stateMachine:Machine", "arn:aws:states:us-east-1:123456789012:execution:Machine:exec-1"}, second["Resources"])
	})
	t.Run("failed entry", func(t *testing.T) {
		// As recorded on AWS (conformance case errors/test_put_events_no_source).
		f.respond(200, `{"Entries": [{"EventId": "e-1"}, {"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter Source is not valid. Reason: Source is a required argument."}], "FailedEntryCount": 1}`, jsonHeader)
		se := taskError(t, a, "arn:aws:states:::events:putEvents", input)
		require.Equal(t, states.Error{Name: "EventBridge.FailedEntry", Cause: `{"Entries":[{"EventId":"e-1"},{"ErrorCode":"InvalidArgument","ErrorMessage":"Parameter Source is not valid. Reason: Source is a required argument."}],"FailedEntryCount":1}`}, *se)
	})
	t.Run("aws-sdk does not check entries", func(t *testing.T) {
		f.respond(200, `{"Entries": [{"ErrorCode": "E", "ErrorMessage": "m"}], "FailedEntryCount": 1}`, jsonHeader)
		require.Equal(t, `{"Entries":[{"ErrorCode":"E","ErrorMessage":"m"}],"FailedEntryCount":1}`, output(t, a, "arn:aws:states:::aws-sdk:eventbridge:putEvents", `{"Entries": [{"Source": "s"}]}`))
	})
	t.Run("service error", func(t *testing.T) {
		f.respond(400, `{"__type": "AccessDeniedException", "message": "denied"}`, map[string]string{"x-amzn-RequestId": "req-2", "Content-Type": "application/x-amz-json-1.1"})
		se := taskError(t, a, "arn:aws:states:::events:putEvents", input)
		require.Equal(t, states.Error{Name: "EventBridge.AccessDeniedException", Cause: "denied (Service: AmazonEventBridge; Status Code: 400; Error Code: AccessDeniedException; Request ID: req-2; Proxy: null)"}, *se)
		se = taskError(t, a, "arn:aws:states:::aws-sdk:eventbridge:putEvents", input)
		require.Equal(t, states.Error{Name: "EventBridge.AccessDeniedException", Cause: "denied (Service: EventBridge, Status Code: 400, Request ID: req-2)"}, *se)
	})
}
