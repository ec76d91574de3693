package locals3

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"
)

func TestSeedAndSave(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "bkt", "in"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "bkt", "in", "a.csv"), []byte("x,y\n1,2\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "not-a-bucket.txt"), []byte("ignored"), 0o644))
	ctx := context.Background()
	srv, err := Start(ctx, root)
	require.NoError(t, err)
	defer srv.Close()

	client := s3.NewFromConfig(srv.Config(), PathStyle)
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bkt"), Key: aws.String("in/a.csv")})
	require.NoError(t, err)
	data, err := io.ReadAll(out.Body)
	require.NoError(t, err)
	require.Equal(t, "x,y\n1,2\n", string(data))

	_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("bkt"), Key: aws.String("out/r.json"), Body: strings.NewReader(`[1]`)})
	require.NoError(t, err)
	saved, err := srv.Save(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Join("bkt", "out", "r.json")}, saved, "only new or changed objects are saved")
	data, err = os.ReadFile(filepath.Join(root, "bkt", "out", "r.json"))
	require.NoError(t, err)
	require.Equal(t, "[1]", string(data))
}

func TestMissingRoot(t *testing.T) {
	_, err := Start(context.Background(), filepath.Join(t.TempDir(), "nope"))
	require.ErrorContains(t, err, "locals3")
}
