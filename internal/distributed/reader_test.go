package distributed

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gostates/gostates/internal/jsonv"
	"github.com/gostates/gostates/states"
)

func readObject(t *testing.T, body string, cfg ReaderConfig) ([]any, error) {
	t.Helper()
	s3 := newMemS3()
	s3.put("bucket-name", "file", body)
	return ReadItems(context.Background(), s3, cfg, ResourceGetObject, map[string]any{"Bucket": "bucket-name", "Key": "file"})
}

func requireItems(t *testing.T, want string, got []any) {
	t.Helper()
	if got == nil {
		got = []any{}
	}
	require.JSONEq(t, want, jsonv.String(got))
}

// The first group of cases replays LocalStack's
// test_base_scenarios.py::test_map_item_reader_* tests, whose expected items
// were recorded on AWS (the Map's output with a Pass item processor).
const recordedCSV = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n"

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name string
		body string
		cfg  ReaderConfig
		want string
		err  string // cause of a States.ItemReaderFailed
	}{
		{
			name: "recorded headers first line",
			body: "Col1,Col2,Col3\n" + recordedCSV,
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "FIRST_ROW"},
			want: `[{"Col1":"Value1","Col2":"Value2","Col3":"Value3"},{"Col1":"Value4","Col2":"Value5","Col3":"Value6"},
				{"Col1":"","Col2":"","Col3":""},{"Col1":"true","Col2":"1","Col3":"'HelloWorld'"},
				{"Col1":"Null","Col2":"None","Col3":""},{"Col1":"   ","Col2":"","Col3":""}]`,
		},
		{
			name: "recorded headers given",
			body: recordedCSV,
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: []string{"H1", "H2", "H3"}},
			want: `[{"H1":"Value1","H2":"Value2","H3":"Value3"},{"H1":"Value4","H2":"Value5","H3":"Value6"},
				{"H1":"","H2":"","H3":""},{"H1":"true","H2":"1","H3":"'HelloWorld'"},
				{"H1":"Null","H2":"None","H3":""},{"H1":"   ","H2":"","H3":""}]`,
		},
		{
			name: "recorded given headers fewer than fields",
			body: recordedCSV,
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: []string{"H1"}},
			want: `[{"H1":"Value1"},{"H1":"Value4"},{"H1":""},{"H1":"true"},{"H1":"Null"},{"H1":"   "}]`,
		},
		{
			name: "recorded first row typed headers",
			body: "0,True,{}\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "FIRST_ROW"},
			want: `[{"0":"Value4","{}":"Value6","True":"Value5"},{"0":"","{}":"","True":""},
				{"0":"true","{}":"'HelloWorld'","True":"1"},{"0":"Null","{}":"","True":"None"},{"0":"   ","{}":"","True":""}]`,
		},
		{
			name: "recorded first row with an empty header",
			body: "H1,\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "FIRST_ROW"},
			want: `[{"":"Value5","H1":"Value4"},{"":"","H1":""},{"":"1","H1":"true"},{"":"None","H1":"Null"},{"":"","H1":"   "}]`,
		},
		{
			name: "recorded duplicate given headers",
			body: recordedCSV,
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: []string{"H1", "H1", "H3"}},
			err:  "CSV headers cannot contain duplicates.",
		},
		{
			name: "recorded max items",
			body: "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n",
			cfg:  ReaderConfig{InputType: "CSV", MaxItems: 2},
			want: `[{"Col1":"Value1","Col2":"Value2"},{"Col1":"Value3","Col2":"Value4"}]`,
		},
		{
			name: "recorded max items zero reads all",
			body: "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n",
			cfg:  ReaderConfig{InputType: "CSV", MaxItems: 0},
			want: `[{"Col1":"Value1","Col2":"Value2"},{"Col1":"Value3","Col2":"Value4"},{"Col1":"Value5","Col2":"Value6"},{"Col1":"Value7","Col2":"Value8"}]`,
		},
		{
			name: "duplicate first row headers",
			body: "a,b,a\n1,2,3\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			err:  "CSV headers cannot contain duplicates.",
		},
		{
			name: "default header location is first row",
			body: "a,b\n1,2",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[{"a":"1","b":"2"}]`,
		},
		{
			name: "quoted fields hold delimiters, newlines and doubled quotes",
			body: "name,note\n\"Smith, J\",\"line one\nline two\"\n\"say \"\"hi\"\"\",\"\"\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[{"name":"Smith, J","note":"line one\nline two"},{"name":"say \"hi\"","note":""}]`,
		},
		{
			name: "backslash escapes backslash, quote and delimiter; other backslashes vanish",
			body: "path,size\nC:\\\\Program Files\\\\MyApp.exe,6534512\na\\,b,\\\"q\\\"\nC:\\Temp,x\\\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[{"path":"C:\\Program Files\\MyApp.exe","size":"6534512"},{"path":"a,b","size":"\"q\""},{"path":"C:Temp","size":"x"}]`,
		},
		{
			name: "ragged rows",
			body: "a,b,c\n1\n1,2,3,4,5\n,\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[{"a":"1","b":"","c":""},{"a":"1","b":"2","c":"3"},{"a":"","b":"","c":""}]`,
		},
		{
			name: "CRLF and CR line ends, blank lines skipped",
			body: "a,b\r\n1,2\r\n\r\n3,4\r5,6\r\n\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[{"a":"1","b":"2"},{"a":"3","b":"4"},{"a":"5","b":"6"}]`,
		},
		{
			name: "pipe delimiter",
			body: "a|b\n1,5|2\n",
			cfg:  ReaderConfig{InputType: "CSV", CSVDelimiter: "PIPE"},
			want: `[{"a":"1,5","b":"2"}]`,
		},
		{
			name: "semicolon delimiter with escaped delimiter",
			body: "a;b\n1\\;5;\"2;3\"\n",
			cfg:  ReaderConfig{InputType: "CSV", CSVDelimiter: "SEMICOLON"},
			want: `[{"a":"1;5","b":"2;3"}]`,
		},
		{
			name: "space delimiter",
			body: "first last\nAda Lovelace\n\"Grace B\" Hopper\n",
			cfg:  ReaderConfig{InputType: "CSV", CSVDelimiter: "SPACE"},
			want: `[{"first":"Ada","last":"Lovelace"},{"first":"Grace B","last":"Hopper"}]`,
		},
		{
			name: "tab delimiter",
			body: "a\tb\n1 2\t3,4\n",
			cfg:  ReaderConfig{InputType: "CSV", CSVDelimiter: "TAB"},
			want: `[{"a":"1 2","b":"3,4"}]`,
		},
		{
			name: "values stay strings, non-ASCII kept",
			body: "n,b,s\n1.50,true,Zoë ✓\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[{"n":"1.50","b":"true","s":"Zoë ✓"}]`,
		},
		{
			name: "empty file",
			body: "",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[]`,
		},
		{
			name: "header only",
			body: "a,b\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			want: `[]`,
		},
		{
			name: "given headers read the first row as data",
			body: "a,b\n",
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: []string{"x", "y"}},
			want: `[{"x":"a","y":"b"}]`,
		},
		{
			name: "given without headers",
			body: "a,b\n",
			cfg:  ReaderConfig{InputType: "CSV", CSVHeaderLocation: "GIVEN"},
			err:  "CSVHeaders must be given when CSVHeaderLocation is GIVEN.",
		},
		{
			name: "header over 10 KiB",
			body: strings.Repeat("h", 6000) + "," + strings.Repeat("i", 6000) + "\n1,2\n",
			cfg:  ReaderConfig{InputType: "CSV"},
			err:  "The CSV header row is 12002 bytes; CSV headers can be at most 10240 bytes.",
		},
		{
			name: "unknown delimiter",
			body: "a\n",
			cfg:  ReaderConfig{InputType: "CSV", CSVDelimiter: "COLON"},
			err:  `The CSVDelimiter "COLON" is not supported; use COMMA, PIPE, SEMICOLON, SPACE or TAB.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := readObject(t, tt.body, tt.cfg)
			if tt.err != "" {
				requireStatesError(t, err, states.ErrItemReaderFailed, tt.err)
				return
			}
			require.NoError(t, err)
			requireItems(t, tt.want, items)
		})
	}
}

func TestReadJSON(t *testing.T) {
	recorded := `[{"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"}, {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"}, {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"}]`
	tests := []struct {
		name string
		body string
		cfg  ReaderConfig
		want string
		err  string
	}{
		{name: "recorded base", body: recorded, cfg: ReaderConfig{InputType: "JSON"}, want: recorded},
		{
			name: "recorded max items", body: recorded, cfg: ReaderConfig{InputType: "JSON", MaxItems: 2},
			want: `[{"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"}, {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"}]`,
		},
		{name: "recorded object is not iterable", body: `{"Hello": "world"}`, cfg: ReaderConfig{InputType: "JSON"}, err: "Attempting to map over non-iterable node."},
		{name: "scalar is not iterable", body: `42`, err: "Attempting to map over non-iterable node."},
		{name: "default input type is JSON", body: `[1, "two", null, [3]]`, want: `[1, "two", null, [3]]`},
		{name: "empty array", body: ` [ ] `, want: `[]`},
		{name: "invalid element", body: `[1, {]`, err: "The file s3://bucket-name/file is not valid JSON: invalid character ']' looking for beginning of object key string"},
		{name: "truncated", body: `[1, 2`, err: "The file s3://bucket-name/file is not valid JSON: unexpected EOF"},
		{name: "trailing data", body: `[1] [2]`, err: "The file s3://bucket-name/file is not valid JSON: invalid character after top-level value"},
		{name: "empty file", body: ``, err: "The file s3://bucket-name/file is not valid JSON: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := readObject(t, tt.body, tt.cfg)
			if tt.err != "" {
				requireStatesError(t, err, states.ErrItemReaderFailed, tt.err)
				return
			}
			require.NoError(t, err)
			requireItems(t, tt.want, items)
		})
	}
}

func TestReadJSONKeepsNumbersExact(t *testing.T) {
	items, err := readObject(t, `[12345678901234567890, 1.10, 1e-400]`, ReaderConfig{})
	require.NoError(t, err)
	require.Equal(t, []any{json.Number("12345678901234567890"), json.Number("1.10"), json.Number("1e-400")}, items)

	// A number a float64 cannot hold is refused where it enters, as in
	// every other input.
	_, err = readObject(t, `[1, {"n": 1e400}]`, ReaderConfig{})
	requireStatesError(t, err, states.ErrItemReaderFailed, "The file s3://bucket-name/file is not valid JSON: number 1e400 at /n is out of range: its magnitude must be at most 1.8e308 (a 64-bit floating-point number)")
}

func TestReadJSONL(t *testing.T) {
	tests := []struct {
		name string
		body string
		max  int
		want string
		err  string
	}{
		{name: "one value a line", body: "{\"a\":1}\n[2]\n\"three\"\nnull\n", want: `[{"a":1},[2],"three",null]`},
		{name: "blank lines and CRLF", body: "1\r\n\r\n  \n2", want: `[1,2]`},
		{name: "max items", body: "1\n2\n3\n", max: 2, want: `[1,2]`},
		{name: "empty", body: "", want: `[]`},
		{name: "invalid line", body: "1\n{oops}\n", err: "The file s3://bucket-name/file has invalid JSON at line 2: invalid character 'o' looking for beginning of object key string"},
		{name: "two values on a line", body: "1 2\n", err: "The file s3://bucket-name/file has invalid JSON at line 1: invalid character after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := readObject(t, tt.body, ReaderConfig{InputType: "JSONL", MaxItems: tt.max})
			if tt.err != "" {
				requireStatesError(t, err, states.ErrItemReaderFailed, tt.err)
				return
			}
			require.NoError(t, err)
			requireItems(t, tt.want, items)
		})
	}
}

func TestReadListObjectsV2(t *testing.T) {
	s3 := newMemS3()
	for i, name := range []string{"file_0.txt", "file_1.txt", "file_2.txt"} {
		s3.put("bucket_name", "data/"+name, strings.Repeat("x", i)+"HelloWorld!")
	}
	s3.put("bucket_name", "other/file.txt", "no")

	items, err := ReadItems(context.Background(), s3, ReaderConfig{}, ResourceListObjectsV2,
		map[string]any{"Bucket": "bucket_name", "Prefix": "data/"})
	require.NoError(t, err)
	requireItems(t, `[
		{"Etag":"\"ed076287532e86365e841e92bfc50d8c\"","Key":"data/file_0.txt","LastModified":1668699881,"Size":11,"StorageClass":"STANDARD"},
		{"Etag":"\"7b03f3ec9d4d3fd7f9e4e5b89a3b5f38\"","Key":"data/file_1.txt","LastModified":1668699881,"Size":12,"StorageClass":"STANDARD"},
		{"Etag":"\"d6d37d7b7d2a5b8f0e5e7f4a5d7b3bd6\"","Key":"data/file_2.txt","LastModified":1668699881,"Size":13,"StorageClass":"STANDARD"}
	]`, fixEtags(t, s3, items))

	items, err = ReadItems(context.Background(), s3, ReaderConfig{MaxItems: 1}, ResourceListObjectsV2,
		map[string]any{"Bucket": "bucket_name"})
	require.NoError(t, err)
	require.Len(t, items, 1)
	require.Equal(t, "data/file_0.txt", items[0].(map[string]any)["Key"])
}

// fixEtags replaces each item's Etag by the one computed in the test table,
// after checking it is the object's quoted MD5.
func fixEtags(t *testing.T, s3 *memS3, items []any) []any {
	t.Helper()
	want := map[string]string{
		"data/file_0.txt": `"ed076287532e86365e841e92bfc50d8c"`,
		"data/file_1.txt": `"7b03f3ec9d4d3fd7f9e4e5b89a3b5f38"`,
		"data/file_2.txt": `"d6d37d7b7d2a5b8f0e5e7f4a5d7b3bd6"`,
	}
	for _, it := range items {
		m := it.(map[string]any)
		etag := m["Etag"].(string)
		require.Len(t, etag, 34)
		require.True(t, strings.HasPrefix(etag, `"`) && strings.HasSuffix(etag, `"`))
		m["Etag"] = want[m["Key"].(string)]
	}
	return items
}

func TestListItemConvertsAdapterForms(t *testing.T) {
	for _, lm := range []any{
		"2022-11-17T15:44:41Z", "2022-11-17T15:44:41.123Z", "Thu, 17 Nov 2022 15:44:41 GMT",
		json.Number("1668699881"), float64(1668699881.5), int64(1668699881),
	} {
		item, err := listItem(map[string]any{"Key": "k", "Size": json.Number("5"), "Etag": `"e"`, "LastModified": lm, "StorageClass": "GLACIER"})
		require.NoError(t, err)
		require.Equal(t, map[string]any{"Key": "k", "Size": json.Number("5"), "Etag": `"e"`, "LastModified": json.Number("1668699881"), "StorageClass": "GLACIER"}, item, "%v", lm)
	}
	item, err := listItem(map[string]any{"Key": "k", "Size": int64(0)})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"Key": "k", "Size": json.Number("0"), "StorageClass": "STANDARD"}, item)
	_, err = listItem(map[string]any{"Size": 1})
	requireStatesError(t, err, states.ErrItemReaderFailed, "s3:listObjectsV2 returned an object without a Key")
}

func gz(t *testing.T, s string) string {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.String()
}

func TestReadInventoryManifest(t *testing.T) {
	s3 := newMemS3()
	s3.put("inventory", "inv/manifest.json", `{
		"sourceBucket": "amzn-s3-demo-source",
		"destinationBucket": "arn:aws:s3:::inventory",
		"version": "2016-11-30",
		"creationTimestamp": "1668560400000",
		"fileFormat": "CSV",
		"fileSchema": "Bucket, Key, Size, LastModifiedDate",
		"files": [
			{"key": "inv/data/a.csv.gz", "size": 100, "MD5checksum": "x"},
			{"key": "inv/data/b.csv", "size": 100, "MD5checksum": "y"}
		]}`)
	s3.put("inventory", "inv/data/a.csv.gz", gz(t, "\"amzn-s3-demo-source\",\"csvDataset/titles.csv\",\"3399671\",\"2022-11-16T00:29:32.000Z\"\n\"amzn-s3-demo-source\",\"csvDataset/ratings.csv\",\"1\",\"2022-11-16T00:29:33.000Z\"\n"))
	s3.put("inventory", "inv/data/b.csv", "\"amzn-s3-demo-source\",\"x\",\"2\",\"2022-11-16T00:29:34.000Z\"\n")

	items, err := ReadItems(context.Background(), s3, ReaderConfig{InputType: "MANIFEST"}, ResourceGetObject,
		map[string]any{"Bucket": "inventory", "Key": "inv/manifest.json"})
	require.NoError(t, err)
	requireItems(t, `[
		{"Bucket":"amzn-s3-demo-source","Key":"csvDataset/titles.csv","Size":"3399671","LastModifiedDate":"2022-11-16T00:29:32.000Z"},
		{"Bucket":"amzn-s3-demo-source","Key":"csvDataset/ratings.csv","Size":"1","LastModifiedDate":"2022-11-16T00:29:33.000Z"},
		{"Bucket":"amzn-s3-demo-source","Key":"x","Size":"2","LastModifiedDate":"2022-11-16T00:29:34.000Z"}
	]`, items)

	// MaxItems stops before the second data file is fetched.
	s3.calls = nil
	items, err = ReadItems(context.Background(), s3, ReaderConfig{InputType: "MANIFEST", MaxItems: 2}, ResourceGetObject,
		map[string]any{"Bucket": "inventory", "Key": "inv/manifest.json"})
	require.NoError(t, err)
	require.Len(t, items, 2)
	require.Equal(t, []string{"getObject", "getObject"}, s3.calls)

	s3.put("inventory", "orc/manifest.json", `{"destinationBucket":"arn:aws:s3:::inventory","fileFormat":"ORC","fileSchema":"x","files":[]}`)
	_, err = ReadItems(context.Background(), s3, ReaderConfig{InputType: "MANIFEST"}, ResourceGetObject,
		map[string]any{"Bucket": "inventory", "Key": "orc/manifest.json"})
	requireStatesError(t, err, states.ErrItemReaderFailed, `The S3 inventory manifest s3://inventory/orc/manifest.json has fileFormat "ORC"; only CSV inventories can be read.`)

	s3.put("inventory", "missing/manifest.json", `{"destinationBucket":"arn:aws:s3:::inventory","fileFormat":"CSV","fileSchema":"Key","files":[{"key":"gone.csv"}]}`)
	_, err = ReadItems(context.Background(), s3, ReaderConfig{InputType: "MANIFEST"}, ResourceGetObject,
		map[string]any{"Bucket": "inventory", "Key": "missing/manifest.json"})
	requireStatesError(t, err, states.ErrItemReaderFailed, "The specified key does not exist. (Service: S3, Status Code: 404)")
}

func TestReadErrors(t *testing.T) {
	s3 := newMemS3()
	s3.put("b", "k", "[]")
	ctx := context.Background()
	tests := []struct {
		name     string
		resource string
		params   any
		cfg      ReaderConfig
		cause    string
	}{
		{"missing key keeps S3's cause", ResourceGetObject, map[string]any{"Bucket": "b", "Key": "nope"}, ReaderConfig{}, "The specified key does not exist. (Service: S3, Status Code: 404)"},
		{"missing bucket", ResourceListObjectsV2, map[string]any{"Bucket": "nope"}, ReaderConfig{}, "The specified bucket does not exist (Service: S3, Status Code: 404)"},
		{"unsupported resource", "arn:aws:states:::s3:headObject", map[string]any{"Bucket": "b"}, ReaderConfig{}, `The ItemReader resource "arn:aws:states:::s3:headObject" is not supported; use arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2.`},
		{"parameters not an object", ResourceGetObject, []any{}, ReaderConfig{}, "The ItemReader parameters must be a JSON object, but were array."},
		{"unknown input type", ResourceGetObject, map[string]any{"Bucket": "b", "Key": "k"}, ReaderConfig{InputType: "PARQUET"}, `The ItemReader InputType "PARQUET" is not supported.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadItems(ctx, s3, tt.cfg, tt.resource, tt.params)
			requireStatesError(t, err, states.ErrItemReaderFailed, tt.cause)
		})
	}
}

func TestReadCancelled(t *testing.T) {
	s3 := newMemS3()
	s3.put("b", "k", "[1,2,3]")
	ctx, cancel := context.WithCancel(context.Background())
	it, err := OpenItems(ctx, s3, ReaderConfig{}, ResourceGetObject, map[string]any{"Bucket": "b", "Key": "k"})
	require.NoError(t, err)
	v, err := it.Next(ctx)
	require.NoError(t, err)
	require.Equal(t, json.Number("1"), v)
	cancel()
	_, err = it.Next(ctx)
	require.ErrorIs(t, err, context.Canceled)
	_, err = it.Next(context.Background())
	require.ErrorIs(t, err, context.Canceled, "errors stick")

	_, err = ReadItems(ctx, s3, ReaderConfig{}, ResourceGetObject, map[string]any{"Bucket": "b", "Key": "k"})
	require.ErrorIs(t, err, context.Canceled)
}

func TestItemsEOFSticks(t *testing.T) {
	s3 := newMemS3()
	s3.put("b", "k", "[1]")
	ctx := context.Background()
	it, err := OpenItems(ctx, s3, ReaderConfig{}, ResourceGetObject, map[string]any{"Bucket": "b", "Key": "k"})
	require.NoError(t, err)
	_, err = it.Next(ctx)
	require.NoError(t, err)
	for range 2 {
		_, err = it.Next(ctx)
		require.Equal(t, io.EOF, err)
	}
}

func TestReaderPassesCallAndParameters(t *testing.T) {
	s3 := newMemS3()
	s3.put("b", "k", "[]")
	var got []any
	inv := invokerFunc(func(ctx context.Context, resource, state, exec string, input any) {
		got = append(got, resource, state, exec, input)
	}, s3)
	_, err := ReadItems(context.Background(), inv, ReaderConfig{Call: Call{StateName: "Map", ExecutionArn: "arn:exec"}},
		ResourceGetObject, map[string]any{"Bucket": "b", "Key": "k", "VersionId": "v1"})
	require.NoError(t, err)
	require.Equal(t, []any{ResourceGetObject, "Map", "arn:exec", map[string]any{"Bucket": "b", "Key": "k", "VersionId": "v1"}}, got)
}
