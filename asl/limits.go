package asl

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// MaxDefinitionSize is the largest definition Parse accepts, in bytes:
// AWS's limit (1 MiB, a hard quota; the Definition of the Step Functions
// API has a maximum length of 1048576). A YAML definition, or a ParseValue
// one, is measured as the JSON it stands for.
const MaxDefinitionSize = 1 << 20

// MaxProblems is how many problems Errors reports, as AWS's
// ValidateStateMachineDefinition returns at most 100 diagnostics: the
// first in source order. When there are more, a last Error
// (CodeTooManyProblems), at the first of them, says so, and how many when
// they were all looked for (the schema check stops once it has found what
// can be reported).
const MaxProblems = 100

// maxPointerBytes bounds the sum of the lengths of the JSON pointers of a
// definition's values. Checking a value, or compiling the template holding
// it, builds pointers to it; long keys (or state names) above many values
// would make that work quadratic: 1 MiB of long keys nested deep took
// minutes and hundreds of gigabytes. Definitions use a few bytes of
// pointer per byte of JSON (the shared corpus at most 1.6), so 64 MiB is
// far beyond any real one.
const maxPointerBytes = 64 << 20

// tooNested words the problem of a definition over maxPointerBytes.
func tooNested() string {
	return fmt.Sprintf("the definition is nested too deeply for its size: the JSON pointers of its values add up to more than %d MiB (long keys or state names above many values); the parser refuses it to bound its time and memory", maxPointerBytes>>20)
}

// memberPointer is the length of the pointer of a member of a value whose
// pointer is plen bytes long: its key, or its index i.
func memberPointer(plen int, key string, i int) int {
	if i < 0 {
		return plen + 1 + len(key)
	}
	n := 1
	for ; i >= 10; i /= 10 {
		n++
	}
	return plen + 1 + n
}

// tooLarge words the problem of a definition of size bytes ("more than"
// when only a lower bound is known).
func tooLarge(what string, size int, moreThan bool) Error {
	is := fmt.Sprintf("is %d bytes long", size)
	if moreThan {
		is = fmt.Sprintf("is more than %d bytes long", size)
	}
	return Error{Code: CodeTooLarge, Message: fmt.Sprintf("%s %s; Step Functions accepts definitions of at most %d bytes (1 MiB)", what, is, MaxDefinitionSize)}
}

// ReadDefinition reads a definition from r, reading at most one byte more
// than MaxDefinitionSize: an endless input (a pipe, /dev/zero) cannot
// exhaust memory. A larger definition is an Errors holding one
// DEFINITION_TOO_LARGE problem; read errors are returned as they are.
func ReadDefinition(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDefinitionSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDefinitionSize {
		return nil, Errors{tooLarge("the definition", MaxDefinitionSize, true)}
	}
	return data, nil
}

// ReadDefinitionFile reads the definition in file name as ReadDefinition
// does, refusing a regular file larger than MaxDefinitionSize without
// reading it. The problem does not repeat the file's name: callers print
// it before the problems, as for those of Parse.
func ReadDefinitionFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > MaxDefinitionSize {
		return nil, Errors{tooLarge("the definition", int(fi.Size()), false)}
	}
	return ReadDefinition(f)
}

// jsonSize adds up, while a definition given as YAML or as Go values is
// decoded, how long it would be written as minified JSON (a lower bound:
// escapes are not counted), so that aliases or shared values cannot make
// it larger than MaxDefinitionSize.
type jsonSize int

// add counts a value of n bytes and reports whether the definition is
// still within MaxDefinitionSize.
func (s *jsonSize) add(n int) bool {
	*s += jsonSize(n)
	return *s <= MaxDefinitionSize
}

// memberSize is the size a member adds to its object or array (its key, and
// a separator), not counting the value.
func memberSize(key string, inObject bool) int {
	if inObject {
		return len(key) + 4 // "key": and a comma
	}
	return 1 // a comma
}

// scalarSize is the size of a scalar value as JSON, at least.
func scalarSize(v any) int {
	switch t := v.(type) {
	case nil, bool:
		return 4
	case string:
		return len(t) + 2
	case json.Number:
		return len(t)
	}
	return 1
}
