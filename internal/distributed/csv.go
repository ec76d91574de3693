package distributed

import (
	"strings"

	"github.com/gostates/gostates/states"
)

// CSV delimiters by their ReaderConfig.CSVDelimiter names.
var csvDelimiters = map[string]byte{
	"":          ',',
	"COMMA":     ',',
	"PIPE":      '|',
	"SEMICOLON": ';',
	"SPACE":     ' ',
	"TAB":       '\t',
}

// maxCSVHeaderBytes is the largest header row Step Functions reads ("Step
// Functions supports CSV headers of up to 10 KiB", ItemReader (Map) docs).
const maxCSVHeaderBytes = 10 * 1024

// csvScanner splits delimited text into records by the rules the ItemReader
// (Map) page documents for CSV files:
//
//   - the delimiter separates fields and a newline (\n, \r\n or \r) separates
//     records;
//   - double quotes may enclose a field, which may then hold delimiters and
//     newlines; a doubled quote inside quotes is a literal quote;
//   - a backslash escapes another backslash, a double quote or the delimiter,
//     inside or outside quotes; a backslash before anything else is silently
//     removed;
//   - every value is a string.
//
// Lines with no characters at all are skipped (a final newline does not make
// an empty record); a line of blanks is a record, as AWS reads it.
type csvScanner struct {
	s     string
	pos   int
	delim byte
}

// next returns the next record and the number of bytes it spanned. ok is false
// at the end of the input.
func (sc *csvScanner) next() (fields []string, size int, ok bool) {
	for sc.pos < len(sc.s) {
		start := sc.pos
		fields, empty := sc.record()
		if empty {
			continue
		}
		return fields, sc.pos - start, true
	}
	return nil, 0, false
}

// record reads one record; empty reports a line without any character.
func (sc *csvScanner) record() (fields []string, empty bool) {
	var b strings.Builder
	inQuotes, consumed := false, false
	s := sc.s
	for sc.pos < len(s) {
		c := s[sc.pos]
		switch {
		case c == '\\':
			consumed = true
			if sc.pos+1 < len(s) {
				if n := s[sc.pos+1]; n == '\\' || n == '"' || n == sc.delim {
					b.WriteByte(n)
					sc.pos += 2
					continue
				}
			}
			sc.pos++ // a lone backslash disappears
		case inQuotes:
			if c == '"' {
				if sc.pos+1 < len(s) && s[sc.pos+1] == '"' {
					b.WriteByte('"')
					sc.pos += 2
					continue
				}
				inQuotes = false
			} else {
				b.WriteByte(c)
			}
			sc.pos++
		case c == '"':
			consumed = true
			inQuotes = true
			sc.pos++
		case c == sc.delim:
			consumed = true
			fields = append(fields, b.String())
			b.Reset()
			sc.pos++
		case c == '\n' || c == '\r':
			sc.pos++
			if c == '\r' && sc.pos < len(s) && s[sc.pos] == '\n' {
				sc.pos++
			}
			if !consumed {
				return nil, true
			}
			return append(fields, b.String()), false
		default:
			consumed = true
			b.WriteByte(c)
			sc.pos++
		}
	}
	if !consumed {
		return nil, true
	}
	return append(fields, b.String()), false
}

// csvItem builds the item for one row: an object keyed by header. Missing
// fields are empty strings; fields beyond the headers are dropped.
func csvItem(headers, row []string) map[string]any {
	item := make(map[string]any, len(headers))
	for i, h := range headers {
		if i < len(row) {
			item[h] = row[i]
		} else {
			item[h] = ""
		}
	}
	return item
}

// checkCSVHeaders applies the header rules AWS enforces.
func checkCSVHeaders(headers []string) error {
	seen := make(map[string]bool, len(headers))
	for _, h := range headers {
		if seen[h] {
			return states.New(states.ErrItemReaderFailed, "CSV headers cannot contain duplicates.")
		}
		seen[h] = true
	}
	return nil
}
