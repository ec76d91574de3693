// Package aws runs Task states against AWS with aws-sdk-go-v2, as Step
// Functions would. New builds an Adapter from an aws.Config, so its region,
// credentials and BaseEndpoint apply: point it at LocalStack or an emulator
// as easily as at AWS. The Adapter is an integrations.Invoker, meant as the
// fallback of an integrations.Registry:
//
//	cfg, err := config.LoadDefaultConfig(ctx)
//	reg := integrations.NewRegistry()
//	reg.SetFallback(aws.New(cfg))
//
// # Resources
//
//   - Lambda function ARNs: the task's input is the event, the function's
//     response (parsed as JSON when it is JSON, else a string) the result.
//   - arn:aws:states:::lambda:invoke: FunctionName, Payload, InvocationType,
//     Qualifier, ClientContext, LogType; the result is {"ExecutedVersion",
//     "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"}.
//   - arn:aws:states:::dynamodb:getItem, putItem, deleteItem, updateItem,
//     sqs:sendMessage and sns:publish: the API's parameters and result, plus
//     SdkHttpMetadata and SdkResponseMetadata as Step Functions adds them.
//     A MessageBody or Message that is not a string is sent as its JSON text.
//   - arn:aws:states:::events:putEvents: adds the state machine and
//     execution ARNs to each entry's Resources; a response with a non-zero
//     FailedEntryCount fails the task with EventBridge.FailedEntry.
//   - arn:aws:states:::s3:getObject, s3:putObject and s3:listObjectsV2, the
//     resources of a distributed Map's ItemReader and ResultWriter:
//     getObject returns the object's content as the string "Body";
//     listObjectsV2 reads every page and returns {"Contents": [...]}.
//   - arn:aws:states:::aws-sdk:SERVICE:ACTION for s3, dynamodb, sqs, sns,
//     eventbridge and lambda: any action of the service's client, found by
//     name (getObject calls GetObject), with the parameters decoded into its
//     input struct and its output struct encoded as the result.
//   - .waitForTaskToken: the call is made and the task waits for its token
//     (the answer is Pending). .sync is not supported by these services.
//
// Parameters and results use the API's PascalCase member names. A string
// member given another JSON value receives the value's JSON text; blobs
// take a string's bytes; timestamps are RFC 3339 strings; DynamoDB
// attribute values use DynamoDB's JSON ({"S": "x"}, {"N": "1"}, binary as
// base64). In results, absent members are left out, ResultMetadata is
// dropped, a streaming body is read into a string (up to WithMaxBodyBytes)
// and other blobs become their text when they are UTF-8, else base64.
//
// # Errors
//
// Errors are named as Step Functions names them, so Retry and Catch match
// the same ErrorEquals as on AWS ("Handle errors in Step Functions
// workflows" and "Handle Lambda service exceptions" in the Step Functions
// Developer Guide; the names follow the AWS SDK for Java classes Step
// Functions uses, as recorded in its error outputs):
//
//   - A Lambda function that fails (X-Amz-Function-Error) fails the task
//     with the errorType of its error payload, or Lambda.Unknown when the
//     payload has none (out of memory, timeouts); the payload is the cause.
//   - Optimized integrations (and Lambda function ARNs) name service errors
//     PREFIX.EXCEPTION after the AWS SDK for Java 1.x: PREFIX is Lambda,
//     DynamoDB, SQS, SNS or EventBridge; EXCEPTION is the error shape the
//     API declares, ending in Exception (DynamoDB.ConditionalCheckFailedException,
//     SNS.NotFoundException for the code NotFound, Lambda.TooManyRequestsException),
//     or the SDK's base exception for errors the API does not declare
//     (DynamoDB.AmazonDynamoDBException for a ValidationException,
//     Lambda.AWSLambdaException, SQS.AmazonSQSException). The cause reads
//     "MESSAGE (Service: AmazonDynamoDBv2; Status Code: 400; Error Code:
//     CODE; Request ID: ID; Proxy: null)".
//   - aws-sdk integrations (and the s3 resources) name them SERVICE.EXCEPTION
//     after the AWS SDK for Java 2.x: SERVICE is S3, DynamoDb, Sqs, Sns,
//     EventBridge or Lambda; EXCEPTION is the declared shape in Pascal case
//     with acronyms cased as words, ending in Exception (S3.NoSuchKeyException,
//     Sqs.QueueDoesNotExistException, Lambda.KmsAccessDeniedException), or
//     SERVICE + "Exception" for undeclared errors (DynamoDb.DynamoDbException,
//     S3.S3Exception). The cause reads "MESSAGE (Service: S3, Status Code:
//     404, Request ID: ID, Extended Request ID: ID2)".
//   - A call that gets no answer from the service (connection refused, DNS,
//     signing) fails with PREFIX.SdkClientException (Lambda.SdkClientException).
//   - Parameters that do not fit the API, and resources this package does not
//     support, fail with States.TaskFailed and a cause that says why.
//
// The SDK's client-side check of required parameters is turned off, so a
// missing parameter reaches the service and fails with the service's error,
// as it does in Step Functions.
//
// # Limits
//
//   - Only the six services above; other aws-sdk services, .sync patterns,
//     activities, and optimized integrations of other services (ECS, Glue,
//     states:startExecution, ...) fail with States.TaskFailed.
//   - A Task's Credentials (a role to assume) are ignored: calls use the
//     Adapter's credentials.
//   - Union parameters other than DynamoDB attribute values (a few S3
//     configuration actions) and smithy documents cannot be passed.
//   - SdkHttpMetadata lists the headers Go's HTTP client received; header
//     names are canonicalized by Go, except the usual AWS ones
//     (x-amzn-RequestId, X-Amz-Executed-Version, ...), which keep AWS's
//     spelling.
//   - The SDK retries throttled calls as configured in the aws.Config; Step
//     Functions' own retry of AWS calls is not modeled.
package aws
