package distributed

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// Input types of ReaderConfig.InputType.
const (
	InputJSON     = "JSON"
	InputJSONL    = "JSONL"
	InputCSV      = "CSV"
	InputManifest = "MANIFEST"
)

// CSV header locations of ReaderConfig.CSVHeaderLocation.
const (
	HeaderFirstRow = "FIRST_ROW"
	HeaderGiven    = "GIVEN"
)

// MaxItemsLimit is the most items a Distributed Map reads: larger MaxItems
// values, and MaxItems 0, mean this many.
const MaxItemsLimit = 100_000_000

// ReaderConfig is an ItemReader's ReaderConfig with its values resolved.
type ReaderConfig struct {
	// InputType is JSON, JSONL, CSV or MANIFEST for s3:getObject; empty
	// means JSON. It is ignored for s3:listObjectsV2.
	InputType string
	// CSVHeaderLocation is FIRST_ROW (the default) or GIVEN.
	CSVHeaderLocation string
	// CSVHeaders are the column names when CSVHeaderLocation is GIVEN.
	CSVHeaders []string
	// CSVDelimiter is COMMA (the default), PIPE, SEMICOLON, SPACE or TAB.
	CSVDelimiter string
	// MaxItems limits the number of items read: the static MaxItems, or the
	// value MaxItemsFromPath resolved. 0 reads every item (up to
	// MaxItemsLimit).
	MaxItems int
	// Call is copied into each S3 request.
	Call
}

func (c ReaderConfig) limit() int {
	if c.MaxItems <= 0 || c.MaxItems > MaxItemsLimit {
		return MaxItemsLimit
	}
	return c.MaxItems
}

// ReadItems reads every item an ItemReader names: resource is the
// ItemReader's Resource and params its evaluated Parameters (or Arguments).
// Failures are States.ItemReaderFailed errors; a cancelled ctx is returned
// as ctx.Err().
func ReadItems(ctx context.Context, inv integrations.Invoker, cfg ReaderConfig, resource string, params any) ([]any, error) {
	it, err := OpenItems(ctx, inv, cfg, resource, params)
	if err != nil {
		return nil, err
	}
	items := []any{}
	for {
		item, err := it.Next(ctx)
		if err == io.EOF {
			return items, nil
		}
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
}

// Items iterates over the items of an ItemReader without decoding them all
// at once: it holds the fetched object and one item at a time.
type Items struct {
	next  func(ctx context.Context) (any, error)
	limit int
	count int
	err   error
}

// Next returns the next item, io.EOF after the last one, or the error that
// stopped the reading (which every later call returns too).
func (it *Items) Next(ctx context.Context) (any, error) {
	if it.err != nil {
		return nil, it.err
	}
	if it.count >= it.limit {
		it.err = io.EOF
		return nil, io.EOF
	}
	if err := ctx.Err(); err != nil {
		it.err = err
		return nil, err
	}
	item, err := it.next(ctx)
	if err != nil {
		it.err = err
		return nil, err
	}
	it.count++
	return item, nil
}

// OpenItems starts reading the items an ItemReader names. It fetches the
// object (or the listing) and checks what can be checked before the first
// item: the JSON top level, the CSV headers, the manifest.
func OpenItems(ctx context.Context, inv integrations.Invoker, cfg ReaderConfig, resource string, params any) (*Items, error) {
	c := s3Client{inv: inv, call: cfg.Call, errName: states.ErrItemReaderFailed}
	input, ok := params.(map[string]any)
	if !ok {
		return nil, states.Errorf(states.ErrItemReaderFailed, "The ItemReader parameters must be a JSON object, but were %s.", jsonv.TypeName(params))
	}
	input = copyMap(input)
	var next func(context.Context) (any, error)
	var err error
	switch resource {
	case ResourceGetObject:
		next, err = openObject(ctx, c, cfg, input)
	case ResourceListObjectsV2:
		next, err = openListing(ctx, c, input)
	default:
		return nil, states.Errorf(states.ErrItemReaderFailed, "The ItemReader resource %q is not supported; use %s or %s.", resource, ResourceGetObject, ResourceListObjectsV2)
	}
	if err != nil {
		return nil, err
	}
	return &Items{next: next, limit: cfg.limit()}, nil
}

func openObject(ctx context.Context, c s3Client, cfg ReaderConfig, input map[string]any) (func(context.Context) (any, error), error) {
	inputType := strings.ToUpper(cfg.InputType)
	switch inputType {
	case "", InputJSON, InputJSONL, InputCSV, InputManifest:
	default:
		return nil, states.Errorf(states.ErrItemReaderFailed, "The ItemReader InputType %q is not supported.", cfg.InputType)
	}
	body, err := c.getObject(ctx, input)
	if err != nil {
		return nil, err
	}
	switch inputType {
	case InputJSONL:
		return jsonLines(body, describeObject(input)), nil
	case InputCSV:
		return csvRows(body, cfg)
	case InputManifest:
		return inventoryRows(c, body, input)
	default:
		return jsonArray(body, describeObject(input))
	}
}

// jsonArray iterates over the elements of a JSON array document.
func jsonArray(body, where string) (func(context.Context) (any, error), error) {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, invalidJSON(where, err)
	}
	if tok != json.Delim('[') {
		return nil, states.New(states.ErrItemReaderFailed, "Attempting to map over non-iterable node.")
	}
	done := false
	return func(context.Context) (any, error) {
		if done {
			return nil, io.EOF
		}
		if !dec.More() {
			done = true
			if _, err := dec.Token(); err != nil {
				return nil, invalidJSON(where, err)
			}
			if _, err := dec.Token(); err != io.EOF {
				return nil, invalidJSON(where, errors.New("invalid character after top-level value"))
			}
			return nil, io.EOF
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, invalidJSON(where, err)
		}
		if err := jsonv.CheckNumbers(v); err != nil {
			return nil, invalidJSON(where, err)
		}
		return v, nil
	}, nil
}

func invalidJSON(where string, err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return states.Errorf(states.ErrItemReaderFailed, "The file %s is not valid JSON: %v", where, err)
}

// jsonLines iterates over a JSON Lines document: one JSON value per line;
// blank lines are skipped.
func jsonLines(body, where string) func(context.Context) (any, error) {
	pos, line := 0, 0
	return func(context.Context) (any, error) {
		for pos < len(body) {
			end := strings.IndexByte(body[pos:], '\n')
			var text string
			if end < 0 {
				text, pos = body[pos:], len(body)
			} else {
				text, pos = body[pos:pos+end], pos+end+1
			}
			line++
			text = strings.TrimSpace(text)
			if text == "" {
				continue
			}
			v, err := jsonv.Decode([]byte(text))
			if err != nil {
				return nil, states.Errorf(states.ErrItemReaderFailed, "The file %s has invalid JSON at line %d: %v", where, line, err)
			}
			return v, nil
		}
		return nil, io.EOF
	}
}

// csvRows iterates over the data rows of a CSV document as objects keyed by
// the header.
func csvRows(body string, cfg ReaderConfig) (func(context.Context) (any, error), error) {
	delim, ok := csvDelimiters[strings.ToUpper(cfg.CSVDelimiter)]
	if !ok {
		return nil, states.Errorf(states.ErrItemReaderFailed, "The CSVDelimiter %q is not supported; use COMMA, PIPE, SEMICOLON, SPACE or TAB.", cfg.CSVDelimiter)
	}
	sc := &csvScanner{s: body, delim: delim}
	var headers []string
	switch strings.ToUpper(cfg.CSVHeaderLocation) {
	case "", HeaderFirstRow:
		row, size, ok := sc.next()
		if !ok {
			return func(context.Context) (any, error) { return nil, io.EOF }, nil
		}
		if size > maxCSVHeaderBytes {
			return nil, states.Errorf(states.ErrItemReaderFailed, "The CSV header row is %d bytes; CSV headers can be at most %d bytes.", size, maxCSVHeaderBytes)
		}
		headers = row
	case HeaderGiven:
		if len(cfg.CSVHeaders) == 0 {
			return nil, states.New(states.ErrItemReaderFailed, "CSVHeaders must be given when CSVHeaderLocation is GIVEN.")
		}
		headers = cfg.CSVHeaders
	default:
		return nil, states.Errorf(states.ErrItemReaderFailed, "The CSVHeaderLocation %q is not supported; use FIRST_ROW or GIVEN.", cfg.CSVHeaderLocation)
	}
	if err := checkCSVHeaders(headers); err != nil {
		return nil, err
	}
	return func(context.Context) (any, error) {
		row, _, ok := sc.next()
		if !ok {
			return nil, io.EOF
		}
		return csvItem(headers, row), nil
	}, nil
}

// openListing iterates over the objects a listObjectsV2 call returns, each as
// the item AWS passes: {Etag, Key, LastModified, Size, StorageClass}.
func openListing(ctx context.Context, c s3Client, input map[string]any) (func(context.Context) (any, error), error) {
	contents, err := c.listObjects(ctx, input)
	if err != nil {
		return nil, err
	}
	i := 0
	return func(context.Context) (any, error) {
		if i >= len(contents) {
			return nil, io.EOF
		}
		obj, ok := contents[i].(map[string]any)
		if !ok {
			return nil, states.Errorf(states.ErrItemReaderFailed, "s3:listObjectsV2 returned an object entry of type %T", contents[i])
		}
		contents[i] = nil // let the entry go once read
		i++
		return listItem(obj)
	}, nil
}

func copyMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func stringField(m map[string]any, key string) (string, bool) {
	s, ok := m[key].(string)
	return s, ok
}
