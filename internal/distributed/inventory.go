package distributed

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/gostates/gostates/states"
)

// inventoryManifest is the manifest.json of an Amazon S3 Inventory report.
type inventoryManifest struct {
	SourceBucket      string `json:"sourceBucket"`
	DestinationBucket string `json:"destinationBucket"`
	FileFormat        string `json:"fileFormat"`
	FileSchema        string `json:"fileSchema"`
	Files             []struct {
		Key  string `json:"key"`
		Size int64  `json:"size"`
	} `json:"files"`
}

// inventoryRows reads an S3 Inventory manifest (InputType MANIFEST) and
// iterates over the rows of the CSV data files it lists, fetching each file
// when the previous one is exhausted. Each row becomes an object keyed by the
// manifest's fileSchema columns, every value a string, as the ItemReader
// (Map) page shows: {"Bucket": "...", "Key": "...", "Size": "3399671", ...}.
// Data files are gunzipped when compressed (inventory files are .csv.gz).
func inventoryRows(c s3Client, body string, input map[string]any) (func(context.Context) (any, error), error) {
	var m inventoryManifest
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return nil, states.Errorf(states.ErrItemReaderFailed, "The manifest %s is not a valid S3 inventory manifest: %v", describeObject(input), err)
	}
	if !strings.EqualFold(m.FileFormat, "CSV") {
		return nil, states.Errorf(states.ErrItemReaderFailed, "The S3 inventory manifest %s has fileFormat %q; only CSV inventories can be read.", describeObject(input), m.FileFormat)
	}
	var columns []string
	for _, c := range strings.Split(m.FileSchema, ",") {
		columns = append(columns, strings.TrimSpace(c))
	}
	if m.FileSchema == "" {
		return nil, states.Errorf(states.ErrItemReaderFailed, "The S3 inventory manifest %s has no fileSchema.", describeObject(input))
	}
	bucket, _ := input["Bucket"].(string)
	if name, ok := strings.CutPrefix(m.DestinationBucket, "arn:aws:s3:::"); ok && name != "" {
		bucket = name
	} else if m.DestinationBucket != "" && !strings.HasPrefix(m.DestinationBucket, "arn:") {
		bucket = m.DestinationBucket
	}
	file := 0
	var sc *csvScanner
	return func(ctx context.Context) (any, error) {
		for {
			if sc != nil {
				if row, _, ok := sc.next(); ok {
					return csvItem(columns, row), nil
				}
				sc = nil
			}
			if file >= len(m.Files) {
				return nil, io.EOF
			}
			key := m.Files[file].Key
			file++
			data, err := c.getObject(ctx, map[string]any{"Bucket": bucket, "Key": key})
			if err != nil {
				return nil, err
			}
			if data, err = gunzip(data); err != nil {
				return nil, states.Errorf(states.ErrItemReaderFailed, "The inventory file s3://%s/%s cannot be decompressed: %v", bucket, key, err)
			}
			sc = &csvScanner{s: data, delim: ','}
		}
	}, nil
}

// gunzip decompresses gzip data and returns anything else unchanged.
func gunzip(data string) (string, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	r, err := gzip.NewReader(strings.NewReader(data))
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return "", err
	}
	return buf.String(), r.Close()
}
