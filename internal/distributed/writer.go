package distributed

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gostates/gostates/integrations"
	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

// Child execution statuses of a Map Run.
const (
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusTimedOut  = "TIMED_OUT"
	StatusAborted   = "ABORTED"
	// StatusPending marks an item whose child execution never started
	// because the Map Run failed or was aborted first.
	StatusPending = "PENDING"
)

// WriterConfig output types and transformations.
const (
	OutputJSON  = "JSON"
	OutputJSONL = "JSONL"

	TransformNone    = "NONE"
	TransformCompact = "COMPACT"
	TransformFlatten = "FLATTEN"
)

// MaxResultFileBytes is the largest result file written (5 GB, the S3
// single-upload limit): "If a file size exceeds 5 GB, Step Functions
// creates another file to write the remaining execution results".
const MaxResultFileBytes = 5 << 30

// ChildResult is what one child execution of a Map Run did.
type ChildResult struct {
	// Status is SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING.
	Status string
	// ExecutionArn, Name and StateMachineArn identify the child execution.
	ExecutionArn, Name, StateMachineArn string
	// Input is the child's input (the item, selected and batched).
	Input any
	// Output is a SUCCEEDED child's output.
	Output any
	// Error and Cause describe a failed, timed-out or aborted child.
	Error, Cause string
	// StartDate and StopDate bound the child's run.
	StartDate, StopDate time.Time
	// RedriveCount counts redrives of the child (0 without redrive).
	RedriveCount int
	// RedriveStatus and RedriveStatusReason override the defaults: for
	// SUCCEEDED, NOT_REDRIVABLE with "Execution is SUCCEEDED and cannot be
	// redriven"; for the failures, REDRIVABLE_BY_MAP_RUN.
	RedriveStatus, RedriveStatusReason string
}

// Record returns the child's entry in a result file, with the fields and
// names AWS uses (the ResultWriter (Map) page, Transformation NONE):
// ExecutionArn, Input and InputDetails, Name, Output and OutputDetails (or
// Error and Cause), RedriveCount, RedriveStatus, RedriveStatusReason,
// StartDate, StateMachineArn, Status, StopDate. Input and Output are JSON
// text; dates are UTC with milliseconds ("2025-02-04T18:59:49.917Z").
// A PENDING child has only Input, InputDetails and Status.
func (r ChildResult) Record() map[string]any {
	rec := map[string]any{
		"Input":        jsonv.String(r.Input),
		"InputDetails": map[string]any{"Included": true},
		"Status":       r.Status,
	}
	if r.Status == StatusPending {
		return rec
	}
	putString(rec, "ExecutionArn", r.ExecutionArn)
	putString(rec, "Name", r.Name)
	putString(rec, "StateMachineArn", r.StateMachineArn)
	putDate(rec, "StartDate", r.StartDate)
	putDate(rec, "StopDate", r.StopDate)
	if r.Status == StatusSucceeded {
		rec["Output"] = jsonv.String(r.Output)
		rec["OutputDetails"] = map[string]any{"Included": true}
	} else {
		putString(rec, "Error", r.Error)
		putString(rec, "Cause", r.Cause)
	}
	rec["RedriveCount"] = r.RedriveCount
	status, reason := r.RedriveStatus, r.RedriveStatusReason
	if status == "" {
		if r.Status == StatusSucceeded {
			status = "NOT_REDRIVABLE"
			if reason == "" {
				reason = "Execution is SUCCEEDED and cannot be redriven"
			}
		} else {
			status = "REDRIVABLE_BY_MAP_RUN"
		}
	}
	rec["RedriveStatus"] = status
	putString(rec, "RedriveStatusReason", reason)
	return rec
}

func putString(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}

func putDate(m map[string]any, key string, t time.Time) {
	if !t.IsZero() {
		m[key] = FormatDate(t)
	}
}

// FormatDate formats a time as the dates in result files: UTC, milliseconds.
func FormatDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// FormatResults applies a WriterConfig Transformation to a Map Run's
// results, in order: NONE gives each child's Record; COMPACT gives a
// SUCCEEDED child's output; FLATTEN gives it too, but splices an array
// output into the list. Children that did not succeed always give their
// Record ("If a child workflow execution fails, Step Functions returns its
// execution result unchanged"). With a WriterConfig and no Resource, this
// is the Map state's result.
func FormatResults(results []ChildResult, transformation string) ([]any, error) {
	t := strings.ToUpper(transformation)
	switch t {
	case "", TransformNone, TransformCompact, TransformFlatten:
	default:
		return nil, states.Errorf(states.ErrResultWriterFailed, "The Transformation %q is not supported; use NONE, COMPACT or FLATTEN.", transformation)
	}
	out := make([]any, 0, len(results))
	for _, r := range results {
		out = appendFormatted(out, r, t)
	}
	return out, nil
}

func appendFormatted(out []any, r ChildResult, t string) []any {
	if r.Status != StatusSucceeded || t == "" || t == TransformNone {
		return append(out, r.Record())
	}
	if arr, ok := r.Output.([]any); ok && t == TransformFlatten {
		return append(out, arr...)
	}
	return append(out, r.Output)
}

// WriterConfig is a ResultWriter's WriterConfig, resolved.
type WriterConfig struct {
	// OutputType is JSON (the default: each file a JSON array) or JSONL
	// (one record a line, files named *.jsonl).
	OutputType string
	// Transformation is NONE (the default), COMPACT or FLATTEN.
	Transformation string
	// MaxFileBytes caps each result file; 0 means MaxResultFileBytes.
	MaxFileBytes int64
	// Call is copied into each S3 request.
	Call
}

// ResultFile is an entry of a manifest's ResultFiles lists.
type ResultFile struct {
	Key  string
	Size int
}

// Manifest is what a manifest.json holds.
type Manifest struct {
	DestinationBucket string
	MapRunArn         string
	// ResultFiles lists the files written per category: SUCCEEDED, FAILED
	// (failed, timed out and aborted children) and PENDING.
	ResultFiles map[string][]ResultFile
}

// JSON returns the manifest as the JSON value AWS writes.
func (m Manifest) JSON() any {
	files := map[string]any{}
	for _, cat := range []string{StatusSucceeded, StatusFailed, StatusPending} {
		list := []any{}
		for _, f := range m.ResultFiles[cat] {
			list = append(list, map[string]any{"Key": f.Key, "Size": f.Size})
		}
		files[cat] = list
	}
	return map[string]any{
		"DestinationBucket": m.DestinationBucket,
		"MapRunArn":         m.MapRunArn,
		"ResultFiles":       files,
	}
}

// WriteResults exports a Map Run's results as a ResultWriter does and
// returns the Map state's result. resource must be
// arn:aws:states:::s3:putObject and params the evaluated Parameters (or
// Arguments): {"Bucket": "...", "Prefix": "..."} (Prefix optional).
//
// Under <Prefix>/<Map Run id>/ (the id is the last part of the Map Run ARN)
// it writes, per the ResultWriter (Map) page: SUCCEEDED_<n>.json for the
// children that succeeded, FAILED_<n>.json for those that failed, timed out
// or were aborted, PENDING_<n>.json for those never started — each only
// when it has entries, each a JSON array of records in item order, a new
// file started when one would pass MaxFileBytes — and last manifest.json:
//
//	{"DestinationBucket": "...", "MapRunArn": "...",
//	 "ResultFiles": {"FAILED": [{"Key": "...", "Size": 123}], "PENDING": [], "SUCCEEDED": [...]}}
//
// The result is {"MapRunArn": "...", "ResultWriterDetails": {"Bucket":
// "...", "Key": ".../manifest.json"}}. Failures are States.ResultWriterFailed.
func WriteResults(ctx context.Context, inv integrations.Invoker, cfg WriterConfig, resource string, params any, mapRunArn string, results []ChildResult) (any, error) {
	if resource != ResourcePutObject {
		return nil, states.Errorf(states.ErrResultWriterFailed, "The ResultWriter resource %q is not supported; use %s.", resource, ResourcePutObject)
	}
	p, ok := params.(map[string]any)
	if !ok {
		return nil, states.Errorf(states.ErrResultWriterFailed, "The ResultWriter parameters must be a JSON object, but were %s.", jsonv.TypeName(params))
	}
	bucket, ok := p["Bucket"].(string)
	if !ok || bucket == "" {
		return nil, states.New(states.ErrResultWriterFailed, "The ResultWriter parameters must give the Bucket as a string.")
	}
	prefix, ok := p["Prefix"].(string)
	if _, given := p["Prefix"]; given && !ok {
		return nil, states.New(states.ErrResultWriterFailed, "The ResultWriter Prefix must be a string.")
	}
	t := strings.ToUpper(cfg.Transformation)
	if _, err := FormatResults(nil, t); err != nil {
		return nil, err
	}
	ext, jsonl := ".json", false
	switch strings.ToUpper(cfg.OutputType) {
	case "", OutputJSON:
	case OutputJSONL:
		ext, jsonl = ".jsonl", true
	default:
		return nil, states.Errorf(states.ErrResultWriterFailed, "The OutputType %q is not supported; use JSON or JSONL.", cfg.OutputType)
	}
	limit := cfg.MaxFileBytes
	if limit <= 0 {
		limit = MaxResultFileBytes
	}

	dir := MapRunID(mapRunArn) + "/"
	if prefix != "" {
		dir = strings.TrimSuffix(prefix, "/") + "/" + dir
	}
	c := s3Client{inv: inv, call: cfg.Call, errName: states.ErrResultWriterFailed}
	manifest := Manifest{DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: map[string][]ResultFile{}}
	for _, cat := range []string{StatusSucceeded, StatusFailed, StatusPending} {
		w := fileWriter{
			ctx: ctx, c: c, bucket: bucket, base: dir + cat + "_", ext: ext,
			jsonl: jsonl, limit: limit,
		}
		for _, r := range results {
			if category(r.Status) != cat {
				continue
			}
			for _, v := range appendFormatted(nil, r, t) {
				if err := w.add(v); err != nil {
					return nil, err
				}
			}
		}
		if err := w.flush(); err != nil {
			return nil, err
		}
		manifest.ResultFiles[cat] = w.files
	}
	key := dir + "manifest.json"
	body, err := jsonv.Marshal(manifest.JSON())
	if err != nil {
		return nil, states.New(states.ErrResultWriterFailed, err.Error())
	}
	if err := c.putObject(ctx, bucket, key, body); err != nil {
		return nil, err
	}
	return map[string]any{
		"MapRunArn": mapRunArn,
		"ResultWriterDetails": map[string]any{
			"Bucket": bucket,
			"Key":    key,
		},
	}, nil
}

// MapRunID returns the id part of a Map Run ARN
// (arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID), which names the
// folder a ResultWriter writes into.
func MapRunID(mapRunArn string) string {
	if i := strings.LastIndexByte(mapRunArn, ':'); i >= 0 {
		return mapRunArn[i+1:]
	}
	return mapRunArn
}

// category returns the result file a child status goes to.
func category(status string) string {
	switch status {
	case StatusSucceeded:
		return StatusSucceeded
	case StatusPending:
		return StatusPending
	default:
		return StatusFailed
	}
}

// fileWriter writes one category's records into numbered files.
type fileWriter struct {
	ctx    context.Context
	c      s3Client
	bucket string
	base   string // key up to the index
	ext    string
	jsonl  bool
	limit  int64

	buf   bytes.Buffer
	count int // records in buf
	files []ResultFile
}

func (w *fileWriter) add(v any) error {
	b, err := jsonv.Marshal(v)
	if err != nil {
		return states.New(states.ErrResultWriterFailed, err.Error())
	}
	if w.count > 0 && int64(w.buf.Len()+len(b)+2) > w.limit {
		if err := w.flush(); err != nil {
			return err
		}
	}
	switch {
	case w.jsonl:
	case w.count == 0:
		w.buf.WriteByte('[')
	default:
		w.buf.WriteByte(',')
	}
	w.buf.Write(b)
	if w.jsonl {
		w.buf.WriteByte('\n')
	}
	w.count++
	return nil
}

func (w *fileWriter) flush() error {
	if w.count == 0 {
		return nil
	}
	if !w.jsonl {
		w.buf.WriteByte(']')
	}
	key := fmt.Sprintf("%s%d%s", w.base, len(w.files), w.ext)
	if err := w.c.putObject(w.ctx, w.bucket, key, w.buf.Bytes()); err != nil {
		return err
	}
	w.files = append(w.files, ResultFile{Key: key, Size: w.buf.Len()})
	w.buf.Reset()
	w.count = 0
	return nil
}
