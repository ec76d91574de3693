package main

import (
	"fmt"
	"io"
	"os"
)

// Size limits on what the CLI reads, as Step Functions sets them: it never
// reads more than limit+1 bytes, so /dev/zero or a runaway pipe cannot
// exhaust memory.
const (
	// maxInputBytes is the largest execution input (256 KiB).
	maxInputBytes = 256 * 1024
	// maxMocksBytes bounds a mocks file, which AWS does not limit.
	maxMocksBytes = 64 << 20
)

// readLimited reads r to the end, or fails once it has more than limit
// bytes. what names the data in the error ("input", "definition").
func readLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes, the limit Step Functions sets", what, limit)
	}
	return data, nil
}

// readFileLimited reads a file with readLimited.
func readFileLimited(name string, limit int64, what string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readLimited(f, limit, what)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, nil
}
