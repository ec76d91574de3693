// Package locals3 runs an S3-compatible server in the process, seeded from a
// folder, for running workflows that read and write S3 (a Distributed Map's
// ItemReader and ResultWriter, aws-sdk:s3 tasks) offline: each folder under
// the root is a bucket, each file below it an object. Objects the workflow
// writes can be saved back into the folder.
package locals3

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Server is a running in-process S3 server.
type Server struct {
	root   string
	srv    *http.Server
	ln     net.Listener
	cfg    aws.Config
	client *s3.Client
	// seeded maps bucket/key to the ETag the object had when loaded.
	seeded map[string]string
}

// Start starts a server on a loopback port and uploads every file under
// root (root/BUCKET/KEY...) to it.
func Start(ctx context.Context, root string) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("locals3: %w", err)
	}
	faker := gofakes3.New(s3mem.New(), gofakes3.WithLogger(gofakes3.DiscardLog()))
	s := &Server{root: root, ln: ln, srv: &http.Server{Handler: faker.Server()}, seeded: map[string]string{}}
	go func() { _ = s.srv.Serve(ln) }()
	s.cfg = aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint: aws.String("http://" + ln.Addr().String()),
	}
	s.client = s3.NewFromConfig(s.cfg, PathStyle)
	if err := s.seed(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// PathStyle makes an S3 client address buckets in the path, as this server
// needs: pass it to s3.NewFromConfig or the aws adapter's WithS3Options.
func PathStyle(o *s3.Options) { o.UsePathStyle = true }

// Config returns an aws.Config that reaches the server.
func (s *Server) Config() aws.Config { return s.cfg }

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

func (s *Server) seed(ctx context.Context) error {
	entries, err := os.ReadDir(s.root)
	if err != nil {
		return fmt.Errorf("locals3: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		bucket := e.Name()
		if _, err := s.client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
			return fmt.Errorf("locals3: bucket %s: %w", bucket, err)
		}
		dir := filepath.Join(s.root, bucket)
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			key := filepath.ToSlash(rel)
			out, err := s.client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)})
			if err != nil {
				return fmt.Errorf("object %s/%s: %w", bucket, key, err)
			}
			s.seeded[bucket+"/"+key] = aws.ToString(out.ETag)
			return nil
		})
		if err != nil {
			return fmt.Errorf("locals3: %w", err)
		}
	}
	return nil
}

// Save writes the objects created or changed since Start into the folder
// and returns their paths, relative to the root.
func (s *Server) Save(ctx context.Context) ([]string, error) {
	buckets, err := s.client.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		return nil, fmt.Errorf("locals3: %w", err)
	}
	var saved []string
	for _, b := range buckets.Buckets {
		bucket := aws.ToString(b.Name)
		p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return saved, fmt.Errorf("locals3: %w", err)
			}
			for _, obj := range page.Contents {
				key := aws.ToString(obj.Key)
				if etag, ok := s.seeded[bucket+"/"+key]; ok && etag == aws.ToString(obj.ETag) {
					continue
				}
				rel, err := s.save(ctx, bucket, key)
				if err != nil {
					return saved, err
				}
				saved = append(saved, rel)
			}
		}
	}
	return saved, nil
}

func (s *Server) save(ctx context.Context, bucket, key string) (string, error) {
	rel := filepath.Join(bucket, filepath.FromSlash(key))
	if !filepath.IsLocal(rel) || strings.HasSuffix(key, "/") {
		return "", fmt.Errorf("locals3: object %s/%s cannot be saved as a file", bucket, key)
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return "", fmt.Errorf("locals3: %w", err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return "", fmt.Errorf("locals3: %w", err)
	}
	dst := filepath.Join(s.root, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", fmt.Errorf("locals3: %w", err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return "", fmt.Errorf("locals3: %w", err)
	}
	return rel, nil
}
