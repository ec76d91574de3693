package aws

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExceptionNames(t *testing.T) {
	tests := []struct {
		shape, v1, v2 string
	}{
		{"ConditionalCheckFailedException", "ConditionalCheckFailedException", "ConditionalCheckFailedException"},
		{"NoSuchKey", "NoSuchKeyException", "NoSuchKeyException"},
		{"QueueDoesNotExist", "QueueDoesNotExistException", "QueueDoesNotExistException"},
		{"NotFoundException", "NotFoundException", "NotFoundException"},
		{"KMSAccessDeniedException", "KMSAccessDeniedException", "KmsAccessDeniedException"},
		{"EC2AccessDeniedException", "EC2AccessDeniedException", "Ec2AccessDeniedException"},
		{"EFSIOException", "EFSIOException", "EfsioException"},
		{"ENILimitReachedException", "ENILimitReachedException", "EniLimitReachedException"},
		{"SubnetIPAddressLimitReachedException", "SubnetIPAddressLimitReachedException", "SubnetIpAddressLimitReachedException"},
		{"ObjectNotInActiveTierError", "ObjectNotInActiveTierErrorException", "ObjectNotInActiveTierErrorException"},
		{"DBInstanceNotFoundFault", "DBInstanceNotFoundException", "DbInstanceNotFoundException"},
		{"AWSOrganizationsNotInUseException", "AWSOrganizationsNotInUseException", "AwsOrganizationsNotInUseException"},
		{"S3Exception", "S3Exception", "S3Exception"},
	}
	for _, tt := range tests {
		t.Run(tt.shape, func(t *testing.T) {
			require.Equal(t, tt.v1, v1ExceptionName(tt.shape), "Java SDK 1.x")
			require.Equal(t, tt.v2, v2ExceptionName(tt.shape), "Java SDK 2.x")
		})
	}
}

func TestSplitWords(t *testing.T) {
	tests := map[string][]string{
		"getObject":        {"get", "Object"},
		"ListObjectsV2":    {"List", "Objects", "V2"},
		"KMSAccess":        {"KMS", "Access"},
		"EC2Access":        {"EC2", "Access"},
		"a_b-c":            {"a", "b", "c"},
		"HTTPStatusCode":   {"HTTP", "Status", "Code"},
		"x":                {"x"},
		"ABC":              {"ABC"},
		"endsInUpperX":     {"ends", "In", "UpperX"},
		"MD5OfMessageBody": {"MD5", "Of", "Message", "Body"},
	}
	for in, want := range tests {
		require.Equal(t, want, splitWords(in), in)
	}
}

func TestS3NotFound(t *testing.T) {
	require.Equal(t, "NoSuchKey", s3NotFound("headObject"))
	require.Equal(t, "NoSuchBucket", s3NotFound("headBucket"))
	require.Equal(t, "NotFound", s3NotFound("restoreObject"))
}
