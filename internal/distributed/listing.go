package distributed

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// listItem turns one listObjectsV2 Contents entry into the item a
// Distributed Map passes for it. The ItemReader (Map) page shows the shape:
//
//	{"Etag": "\"05704fbdccb224cb01c59005bebbad28\"", "Key": "processData/images/n02085620_1073.jpg",
//	 "LastModified": 1668699881, "Size": 34910, "StorageClass": "STANDARD"}
//
// Etag is spelled so (not ETag), and LastModified is in epoch seconds. A
// missing StorageClass (some S3-compatible servers omit it) is STANDARD.
func listItem(obj map[string]any) (any, error) {
	item := make(map[string]any, 5)
	key, ok := stringField(obj, "Key")
	if !ok {
		return nil, states.New(states.ErrItemReaderFailed, "s3:listObjectsV2 returned an object without a Key")
	}
	item["Key"] = key
	if etag, ok := obj["ETag"]; ok {
		item["Etag"] = etag
	} else if etag, ok := obj["Etag"]; ok {
		item["Etag"] = etag
	}
	if size, ok := obj["Size"]; ok {
		item["Size"] = integer(size)
	}
	if lm, ok := obj["LastModified"]; ok {
		item["LastModified"] = epochSeconds(lm)
	}
	if sc, ok := obj["StorageClass"]; ok && sc != nil && sc != "" {
		item["StorageClass"] = sc
	} else {
		item["StorageClass"] = "STANDARD" // S3 always sends it; some compatible servers omit it
	}
	return item, nil
}

// integer returns a whole JSON number as json.Number; other values pass.
func integer(v any) any {
	switch n := v.(type) {
	case int64:
		return json.Number(strconv.FormatInt(n, 10))
	case *int64:
		if n == nil {
			return nil
		}
		return json.Number(strconv.FormatInt(*n, 10))
	case int:
		return json.Number(strconv.Itoa(n))
	case int32:
		return json.Number(strconv.FormatInt(int64(n), 10))
	}
	if f, ok := jsonv.Float(v); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return json.Number(strconv.FormatInt(int64(f), 10))
	}
	return v
}

// epochSeconds converts a LastModified value, whatever form the adapter
// gives it (time, RFC 3339 or HTTP date string, number of seconds), to whole
// seconds since the epoch.
func epochSeconds(v any) any {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return nil
		}
		t = *x
	case string:
		var err error
		for _, layout := range []string{time.RFC3339Nano, http.TimeFormat, time.RFC1123Z, "2006-01-02T15:04:05.000Z0700"} {
			if t, err = time.Parse(layout, x); err == nil {
				break
			}
		}
		if err != nil {
			return v
		}
	default:
		if f, ok := jsonv.Float(v); ok {
			return json.Number(strconv.FormatInt(int64(math.Floor(f)), 10))
		}
		return v
	}
	return json.Number(strconv.FormatInt(t.Unix(), 10))
}
