// Package distributed holds the data side of a Distributed Map state: reading
// the items an ItemReader names (ReadItems, OpenItems), grouping them as an
// ItemBatcher does (Batch), exporting a Map Run's child results as a
// ResultWriter does (WriteResults, FormatResults), and deciding when a Map Run
// has failed too often (Tolerance).
//
// The package knows nothing of the interpreter. Every S3 access goes through
// an integrations.Invoker with the optimized-integration resources
// arn:aws:states:::s3:getObject, arn:aws:states:::s3:listObjectsV2 and
// arn:aws:states:::s3:putObject and the S3 API's PascalCase parameters, so the
// same code runs against AWS, any S3-compatible endpoint, or an in-memory
// mock. The S3 adapter contract it relies on:
//
//	getObject     {Bucket, Key[, VersionId]}  → {"Body": "<content>", ...}
//	listObjectsV2 {Bucket[, Prefix]} all pages → {"Contents": [{Key, Size, ETag, LastModified, StorageClass}]}
//	putObject     {Bucket, Key, Body}
//
// Failures are *states.Error values named as Step Functions names them:
// States.ItemReaderFailed, States.ResultWriterFailed, and States.Runtime for
// the path-resolved settings AWS rejects at run time. Runtime causes omit the
// "An error occurred while executing the state 'X' (entered at the event id
// #N). " prefix AWS puts in front; the interpreter adds it.
package distributed
