package aws

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/aws/smithy-go"

	"github.com/gostates/gostates/states"
)

// service describes one AWS service the adapter calls, with the names Step
// Functions uses for it in error names and causes.
type service struct {
	// sdkName names the service in aws-sdk resources ("dynamodb").
	sdkName string
	// v2Name is the service's name in the AWS SDK for Java 2.x ("DynamoDb"),
	// which prefixes aws-sdk integration errors and names the service in
	// their causes.
	v2Name string
	// prefix starts optimized integration error names ("DynamoDB").
	prefix string
	// v1Name is the service's name in the AWS SDK for Java 1.x
	// ("AmazonDynamoDBv2"), used in optimized integration causes.
	v1Name string
	// v1Base is the Java 1.x exception for errors the SDK does not model
	// ("AmazonDynamoDBException").
	v1Base string
	// client is the service's aws-sdk-go-v2 client.
	client reflect.Value
}

// errorStyle chooses how AWS errors are named.
type errorStyle int

const (
	// optimizedErrors names errors as optimized integrations do (Java SDK
	// 1.x exceptions): DynamoDB.ConditionalCheckFailedException, cause
	// "MESSAGE (Service: AmazonDynamoDBv2; Status Code: 400; Error Code:
	// CODE; Request ID: ID; Proxy: null)".
	optimizedErrors errorStyle = iota
	// sdkErrors names errors as aws-sdk integrations do (Java SDK 2.x
	// exceptions): DynamoDb.ConditionalCheckFailedException, cause
	// "MESSAGE (Service: DynamoDb, Status Code: 400, Request ID: ID)".
	sdkErrors
)

// taskError turns an error from an SDK call of the action into the error
// Step Functions fails the task with.
func (s *service) taskError(ctx context.Context, style errorStyle, action string, err error) error {
	if ctx.Err() != nil {
		// The task timed out or the execution ended; the interpreter reports it.
		return fmt.Errorf("%s call cancelled: %w", s.sdkName, ctx.Err())
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		// No answer from the service: a connection, signing or
		// serialization failure inside the SDK.
		prefix := s.prefix
		if style == sdkErrors {
			prefix = s.v2Name
		}
		return states.New(prefix+".SdkClientException", err.Error())
	}
	status, requestID, hostID := responseDetails(err)
	msg := ae.ErrorMessage()
	if msg == "" {
		msg = "null" // as Java prints a missing message
	}
	shape := modeledShape(ae)
	if style == optimizedErrors {
		name := s.v1Base
		if shape != "" {
			name = v1ExceptionName(shape)
		}
		return states.New(s.prefix+"."+name, fmt.Sprintf("%s (Service: %s; Status Code: %d; Error Code: %s; Request ID: %s; Proxy: null)",
			msg, s.v1Name, status, ae.ErrorCode(), requestID))
	}
	name := s.v2Name + "Exception"
	if shape != "" {
		if s.sdkName == "s3" && shape == "NotFound" {
			shape = s3NotFound(action)
		}
		name = v2ExceptionName(shape)
	}
	cause := fmt.Sprintf("%s (Service: %s, Status Code: %d, Request ID: %s", msg, s.v2Name, status, requestID)
	if hostID != "" {
		cause += ", Extended Request ID: " + hostID
	}
	return states.New(s.v2Name+"."+name, cause+")")
}

// s3NotFound is the error shape the AWS SDK for Java 2.x gives the bodiless
// 404 of a HEAD request, which aws-sdk-go-v2 calls NotFound.
func s3NotFound(action string) string {
	switch strings.ToLower(action) {
	case "headobject":
		return "NoSuchKey"
	case "headbucket":
		return "NoSuchBucket"
	}
	return "NotFound"
}

// modeledShape returns the name of the error shape the service model
// declares for ae (the aws-sdk-go-v2 type name, e.g. "NoSuchKey"), or ""
// for an error the model does not declare.
func modeledShape(ae smithy.APIError) string {
	if _, generic := ae.(*smithy.GenericAPIError); generic {
		return ""
	}
	t := reflect.TypeOf(ae)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if !strings.HasPrefix(t.PkgPath(), "github.com/aws/aws-sdk-go-v2/service/") {
		return ""
	}
	return t.Name()
}

// responseDetails digs the HTTP status, request ID and (for S3) extended
// request ID out of an SDK error.
func responseDetails(err error) (status int, requestID, hostID string) {
	var hs interface{ HTTPStatusCode() int }
	if errors.As(err, &hs) {
		status = hs.HTTPStatusCode()
	}
	var rid interface{ ServiceRequestID() string }
	if errors.As(err, &rid) {
		requestID = rid.ServiceRequestID()
	}
	var hid interface{ ServiceHostID() string }
	if errors.As(err, &hid) {
		hostID = hid.ServiceHostID()
	}
	return status, requestID, hostID
}

// v1ExceptionName is the AWS SDK for Java 1.x class of an error shape: the
// shape name, ending in Exception.
func v1ExceptionName(shape string) string {
	if base, ok := strings.CutSuffix(shape, "Fault"); ok {
		return base + "Exception"
	}
	if strings.HasSuffix(shape, "Exception") {
		return shape
	}
	return shape + "Exception"
}

// v2ExceptionName is the AWS SDK for Java 2.x class of an error shape: the
// shape name in Pascal case with acronyms cased as words, ending in
// Exception ("KMSAccessDenied" → "KmsAccessDeniedException").
func v2ExceptionName(shape string) string {
	if base, ok := strings.CutSuffix(shape, "Fault"); ok {
		return pascalCase(base) + "Exception"
	}
	name := pascalCase(shape)
	if strings.HasSuffix(name, "Exception") {
		return name
	}
	return name + "Exception"
}

// pascalCase joins the words of s, each capitalized and otherwise lower
// case, splitting words as the AWS SDK for Java 2.x code generator does:
// at a lower-to-upper case change, before the last capital of an acronym
// that starts a word ("EFSMount" → "EFS", "Mount") and after digits.
func pascalCase(s string) string {
	var b strings.Builder
	for _, w := range splitWords(s) {
		r := []rune(strings.ToLower(w))
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

func splitWords(s string) []string {
	r := []rune(s)
	isUpper := func(i int) bool { return i < len(r) && unicode.IsUpper(r[i]) }
	isLower := func(i int) bool { return i < len(r) && unicode.IsLower(r[i]) }
	isAlnum := func(i int) bool { return i < len(r) && (unicode.IsLetter(r[i]) || unicode.IsDigit(r[i])) }
	var words []string
	start := 0
	for i := 1; i < len(r); i++ {
		split := false
		switch {
		case !isAlnum(i) || !isAlnum(i-1):
		case isLower(i-1) && isUpper(i) && isAlnum(i+1):
			split = true // fooBar
		case isUpper(i-1) && isUpper(i) && isLower(i+1):
			split = true // KMSAccess: KMS|Access
		case unicode.IsDigit(r[i-1]) && unicode.IsLetter(r[i]):
			split = true // EC2Access: EC2|Access
		}
		if !isAlnum(i) {
			if start < i {
				words = append(words, string(r[start:i]))
			}
			start = i + 1
			continue
		}
		if split {
			words = append(words, string(r[start:i]))
			start = i
		}
	}
	if start < len(r) {
		words = append(words, string(r[start:]))
	}
	return words
}
