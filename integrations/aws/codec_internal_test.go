package aws

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
)

func decodeJSON[T any](t *testing.T, js string) (*T, error) {
	t.Helper()
	v, err := jsonv.Decode([]byte(js))
	require.NoError(t, err)
	in := new(T)
	return in, decodeInput(v, reflect.ValueOf(in))
}

func TestDecodeInput(t *testing.T) {
	t.Run("S3 PutObject", func(t *testing.T) {
		in, err := decodeJSON[s3.PutObjectInput](t, `{"Bucket": "b", "Key": 5, "Body": {"a": [1, 2.50]}, "ContentLength": 12, "Metadata": {"k": "v"}, "StorageClass": "STANDARD_IA", "Expires": "2024-01-02T03:04:05Z", "BucketKeyEnabled": true}`)
		require.NoError(t, err)
		require.Equal(t, "b", *in.Bucket)
		require.Equal(t, "5", *in.Key, "a number given to a string member is its JSON text")
		body, err := io.ReadAll(in.Body)
		require.NoError(t, err)
		require.Equal(t, `{"a":[1,2.50]}`, string(body))
		require.Equal(t, int64(12), *in.ContentLength)
		require.Equal(t, map[string]string{"k": "v"}, in.Metadata)
		require.Equal(t, s3types.StorageClassStandardIa, in.StorageClass)
		require.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), *in.Expires)
		require.True(t, *in.BucketKeyEnabled)
	})
	t.Run("SQS SendMessage", func(t *testing.T) {
		in, err := decodeJSON[sqs.SendMessageInput](t, `{"QueueUrl": "q", "MessageBody": 1.50, "DelaySeconds": 5, "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": "raw"}}}`)
		require.NoError(t, err)
		require.Equal(t, "1.50", *in.MessageBody)
		require.Equal(t, int32(5), in.DelaySeconds)
		require.Equal(t, map[string]sqstypes.MessageAttributeValue{"a": {DataType: ptr("Binary"), BinaryValue: []byte("raw")}}, in.MessageAttributes)
	})
	t.Run("DynamoDB PutItem", func(t *testing.T) {
		in, err := decodeJSON[dynamodb.PutItemInput](t, `{"TableName": "t", "Item": {"s": {"S": "x"}, "n": {"N": 1}, "ns": {"NS": ["1", 2]}, "b": {"B": "aGk="}, "bs": {"BS": ["aGk="]}, "l": {"L": [{"NULL": true}, {"BOOL": false}]}, "m": {"M": {"ss": {"SS": ["a"]}}}}}`)
		require.NoError(t, err)
		require.Equal(t, map[string]ddbtypes.AttributeValue{
			"s":  &ddbtypes.AttributeValueMemberS{Value: "x"},
			"n":  &ddbtypes.AttributeValueMemberN{Value: "1"},
			"ns": &ddbtypes.AttributeValueMemberNS{Value: []string{"1", "2"}},
			"b":  &ddbtypes.AttributeValueMemberB{Value: []byte("hi")},
			"bs": &ddbtypes.AttributeValueMemberBS{Value: [][]byte{[]byte("hi")}},
			"l":  &ddbtypes.AttributeValueMemberL{Value: []ddbtypes.AttributeValue{&ddbtypes.AttributeValueMemberNULL{Value: true}, &ddbtypes.AttributeValueMemberBOOL{Value: false}}},
			"m":  &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{"ss": &ddbtypes.AttributeValueMemberSS{Value: []string{"a"}}}},
		}, in.Item)
		// and back
		enc := encoder{maxBody: 1}
		v, _, err := enc.encode(reflect.ValueOf(in.Item))
		require.NoError(t, err)
		require.Equal(t, `{"b":{"B":"aGk="},"bs":{"BS":["aGk="]},"l":{"L":[{"NULL":true},{"BOOL":false}]},"m":{"M":{"ss":{"SS":["a"]}}},"n":{"N":"1"},"ns":{"NS":["1","2"]},"s":{"S":"x"}}`, jsonv.String(v))
	})

	errorTests := []struct {
		name, input, want string
		decode            func(*testing.T, string) error
	}{
		{"not an object", `[1]`, `the parameters must be a JSON object, not [1]`, decodeS3List},
		{"unknown field", `{"Buckets": "b"}`, `unknown field "Buckets"; ListObjectsV2Input has Bucket, ContinuationToken, Delimiter, EncodingType, ExpectedBucketOwner, FetchOwner, MaxKeys, OptionalObjectAttributes, Prefix, RequestPayer, StartAfter`, decodeS3List},
		{"fraction for an integer", `{"MaxKeys": 1.5}`, `MaxKeys: expected an integer that fits 32 bits, not 1.5`, decodeS3List},
		{"integer overflow", `{"MaxKeys": 99999999999}`, `MaxKeys: expected an integer that fits 32 bits, not 99999999999`, decodeS3List},
		{"string for a boolean", `{"FetchOwner": "true"}`, `FetchOwner: expected a boolean, not "true"`, decodeS3List},
		{"object for a list", `{"OptionalObjectAttributes": {}}`, `OptionalObjectAttributes: expected an array, not {}`, decodeS3List},
		{"bad timestamp", `{"Bucket": "b", "Key": "k", "Expires": "tomorrow"}`, `Expires: parsing time "tomorrow" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "tomorrow" as "2006"`, decodeS3Put},
		{"nested path", `{"QueueUrl": "q", "MessageAttributes": {"a": {"DataType": 1, "StringListValues": "x"}}}`, `MessageAttributes.a.StringListValues: expected an array, not "x"`, decodeSQS},
		{"bad attribute value", `{"TableName": "t", "Item": {"a": {"S": 1}}}`, `Item.a.S: expected a string, not 1`, decodeDynamo},
		{"two attribute types", `{"TableName": "t", "Item": {"a": {"S": "x", "N": "1"}}}`, `Item.a: expected a DynamoDB attribute value such as {"S": "text"}, not {"N":"1","S":"x"}`, decodeDynamo},
		{"union", `{"Bucket": "b", "Id": "i", "AnalyticsConfiguration": {"Id": "i", "Filter": {"Prefix": "p"}}}`, `AnalyticsConfiguration.Filter: gostates cannot pass JSON to a parameter of Go type types.AnalyticsFilter`, func(t *testing.T, js string) error {
			_, err := decodeJSON[s3.PutBucketAnalyticsConfigurationInput](t, js)
			return err
		}},
	}
	for _, tt := range errorTests {
		t.Run(tt.name, func(t *testing.T) {
			require.EqualError(t, tt.decode(t, tt.input), tt.want)
		})
	}
	t.Run("null parameters", func(t *testing.T) {
		in, err := decodeJSON[s3.ListObjectsV2Input](t, `null`)
		require.NoError(t, err)
		require.Equal(t, &s3.ListObjectsV2Input{}, in)
	})
}

func decodeS3List(t *testing.T, js string) error {
	_, err := decodeJSON[s3.ListObjectsV2Input](t, js)
	return err
}

func decodeS3Put(t *testing.T, js string) error {
	_, err := decodeJSON[s3.PutObjectInput](t, js)
	return err
}

func decodeSQS(t *testing.T, js string) error {
	_, err := decodeJSON[sqs.SendMessageInput](t, js)
	return err
}

func decodeDynamo(t *testing.T, js string) error {
	_, err := decodeJSON[dynamodb.PutItemInput](t, js)
	return err
}

func ptr[T any](v T) *T { return &v }

// Union members as aws-sdk-go-v2 generates them.
type (
	thing            interface{ isThing() }
	ThingMemberName  struct{ Value string }
	ThingMemberCount struct{ Value int64 }
)

func (*ThingMemberName) isThing()  {}
func (*ThingMemberCount) isThing() {}

func TestEncode(t *testing.T) {
	type output struct {
		Str        *string
		Absent     *string
		Enum       s3types.StorageClass
		NoEnum     s3types.StorageClass
		Count      int32
		Size       *int64
		Ratio      *float64
		Huge       float64
		Flag       *bool
		When       *time.Time
		Text       []byte
		Binary     []byte
		Empty      []string
		Nil        []string
		Map        map[string]string
		Union      thing
		Union2     thing
		NoUnion    thing
		Body       io.ReadCloser
		unexported string
	}
	out := &output{
		Str: ptr("s"), Enum: s3types.StorageClassGlacier, Count: 0, Size: ptr(int64(1 << 40)),
		Ratio: ptr(0.25), Huge: 1e21, Flag: ptr(false),
		When: ptr(time.Date(2024, 5, 6, 7, 8, 9, 120_000_000, time.FixedZone("x", 3600))),
		Text: []byte("hi"), Binary: []byte{0xff, 0x00}, Empty: []string{}, Map: map[string]string{"k": "v"},
		Union: &ThingMemberName{Value: "n"}, Union2: &ThingMemberCount{Value: 3},
		Body: io.NopCloser(strings.NewReader("content")), unexported: "x",
	}
	m, err := encoder{maxBody: 100}.encodeOutput(reflect.ValueOf(out))
	require.NoError(t, err)
	require.Equal(t, `{"Binary":"/wA=","Body":"content","Count":0,"Empty":[],"Enum":"GLACIER","Flag":false,"Huge":1e+21,"Map":{"k":"v"},"Ratio":0.25,"Size":1099511627776,"Str":"s","Text":"hi","Union":{"Name":"n"},"Union2":{"Count":3},"When":"2024-05-06T06:08:09.120Z"}`, jsonv.String(m))

	_, err = encoder{maxBody: 3}.encodeOutput(reflect.ValueOf(&output{Body: io.NopCloser(strings.NewReader("content"))}))
	require.ErrorAs(t, err, new(errBodyTooLarge))
}

func TestFormatTime(t *testing.T) {
	tests := map[time.Time]string{
		time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC):           "2024-01-02T03:04:05Z",
		time.Date(2024, 1, 2, 3, 4, 5, 100_000_000, time.UTC): "2024-01-02T03:04:05.100Z",
		time.Date(2024, 1, 2, 3, 4, 5, 123_456_000, time.UTC): "2024-01-02T03:04:05.123456Z",
		time.Date(2024, 1, 2, 3, 4, 5, 1, time.UTC):           "2024-01-02T03:04:05.000000001Z",
	}
	for in, want := range tests {
		require.Equal(t, want, formatTime(in))
	}
}

func TestDecodeTime(t *testing.T) {
	got, err := decodeTime(json.Number("1700000000.5"))
	require.NoError(t, err)
	require.Equal(t, time.Date(2023, 11, 14, 22, 13, 20, 500_000_000, time.UTC), got)
	_, err = decodeTime(true)
	require.EqualError(t, err, "expected a timestamp (an RFC 3339 string or epoch seconds), not true")
}
