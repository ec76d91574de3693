package distributed

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"flag"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/states"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// memS3 is an in-memory S3 behind the adapter contract the package relies
// on, for unit tests: getObject, listObjectsV2 (all pages at once) and
// putObject.
type memS3 struct {
	mu      sync.Mutex
	buckets map[string]map[string]string
	calls   []string
	// failPut fails putObject calls whose key has this suffix.
	failPut string
	// modified is the LastModified of every object.
	modified time.Time
}

func newMemS3() *memS3 {
	return &memS3{
		buckets:  map[string]map[string]string{},
		modified: time.Date(2022, 11, 17, 15, 44, 41, 0, time.UTC),
	}
}

func (m *memS3) put(bucket, key, body string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.buckets[bucket] == nil {
		m.buckets[bucket] = map[string]string{}
	}
	m.buckets[bucket][key] = body
}

func (m *memS3) get(bucket, key string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	body, ok := m.buckets[bucket][key]
	return body, ok
}

func (m *memS3) keys(bucket string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var keys []string
	for k := range m.buckets[bucket] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (m *memS3) Invoke(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	in := req.Input.(map[string]any)
	bucket, _ := in["Bucket"].(string)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, req.Resource.Action)
	objects, ok := m.buckets[bucket]
	if !ok && req.Resource.Action != "putObject" {
		return nil, &states.Error{Name: "S3.NoSuchBucketException", Cause: "The specified bucket does not exist (Service: S3, Status Code: 404)"}
	}
	switch req.Resource.Action {
	case "getObject":
		body, ok := objects[in["Key"].(string)]
		if !ok {
			return nil, &states.Error{Name: "S3.NoSuchKeyException", Cause: "The specified key does not exist. (Service: S3, Status Code: 404)"}
		}
		return &integrations.Response{Output: map[string]any{"Body": body, "ContentLength": int64(len(body))}}, nil
	case "listObjectsV2":
		prefix, _ := in["Prefix"].(string)
		var keys []string
		for k := range objects {
			if strings.HasPrefix(k, prefix) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		contents := []any{}
		for _, k := range keys {
			sum := md5.Sum([]byte(objects[k]))
			contents = append(contents, map[string]any{
				"Key":          k,
				"Size":         int64(len(objects[k])),
				"ETag":         `"` + hex.EncodeToString(sum[:]) + `"`,
				"LastModified": m.modified,
				"StorageClass": "STANDARD",
			})
		}
		return &integrations.Response{Output: map[string]any{"Contents": contents, "KeyCount": len(keys)}}, nil
	case "putObject":
		key := in["Key"].(string)
		if m.failPut != "" && strings.HasSuffix(key, m.failPut) {
			return nil, &states.Error{Name: "S3.S3Exception", Cause: "Access Denied (Service: S3, Status Code: 403)"}
		}
		if m.buckets[bucket] == nil {
			m.buckets[bucket] = map[string]string{}
		}
		m.buckets[bucket][key] = in["Body"].(string)
		return &integrations.Response{Output: map[string]any{"ETag": `"x"`}}, nil
	}
	return nil, &states.Error{Name: "States.TaskFailed", Cause: "unsupported " + req.Resource.ARN}
}

// requireStatesError checks err is a *states.Error with the name and cause.
func requireStatesError(t *testing.T, err error, name, cause string) {
	t.Helper()
	require.Error(t, err)
	e, ok := err.(*states.Error)
	require.True(t, ok, "error %T %v is not a *states.Error", err, err)
	require.Equal(t, name, e.Name)
	if cause != "" {
		require.Equal(t, cause, e.Cause)
	}
}

// invokerFunc records each request, then passes it to next.
func invokerFunc(record func(ctx context.Context, resource, state, exec string, input any), next integrations.Invoker) integrations.Invoker {
	return integrations.InvokerFunc(func(ctx context.Context, req *integrations.Request) (*integrations.Response, error) {
		record(ctx, req.Resource.ARN, req.StateName, req.ExecutionArn, req.Input)
		return next.Invoke(ctx, req)
	})
}
