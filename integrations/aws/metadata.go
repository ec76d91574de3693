package aws

import (
	"encoding/json"
	"strconv"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// wireHeaderName spells the headers AWS services send as they send them;
// Go's HTTP client canonicalizes header names ("X-Amzn-Requestid"), while
// the AWS SDK for Java that Step Functions uses keeps the spelling on the
// wire. Other headers keep Go's spelling.
func wireHeaderName(name string) string {
	switch strings.ToLower(name) {
	case "x-amz-crc32":
		return "x-amz-crc32"
	case "x-amz-executed-version":
		return "X-Amz-Executed-Version"
	case "x-amz-function-error":
		return "X-Amz-Function-Error"
	case "x-amz-id-2":
		return "x-amz-id-2"
	case "x-amz-log-result":
		return "X-Amz-Log-Result"
	case "x-amz-request-id":
		return "x-amz-request-id"
	case "x-amzn-remapped-content-length":
		return "x-amzn-Remapped-Content-Length"
	case "x-amzn-requestid":
		return "x-amzn-RequestId"
	case "x-amzn-trace-id":
		return "X-Amzn-Trace-Id"
	}
	return name
}

// withSDKMetadata adds the SdkHttpMetadata and SdkResponseMetadata members
// that optimized integrations built on the AWS SDK for Java 1.x add to a
// result:
//
//	"SdkHttpMetadata": {"AllHttpHeaders": {"Name": ["value"]}, "HttpHeaders": {"Name": "value"}, "HttpStatusCode": 200},
//	"SdkResponseMetadata": {"RequestId": "..."}
func withSDKMetadata(out map[string]any, md middleware.Metadata) map[string]any {
	if resp, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && resp != nil {
		all := map[string]any{}
		first := map[string]any{}
		for name, values := range resp.Header {
			name = wireHeaderName(name)
			vs := make([]any, len(values))
			for i, v := range values {
				vs[i] = v
			}
			all[name] = vs
			if len(values) > 0 {
				first[name] = values[0]
			}
		}
		out["SdkHttpMetadata"] = map[string]any{
			"AllHttpHeaders": all,
			"HttpHeaders":    first,
			"HttpStatusCode": json.Number(strconv.Itoa(resp.StatusCode)),
		}
	}
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	out["SdkResponseMetadata"] = map[string]any{"RequestId": id}
	return out
}
