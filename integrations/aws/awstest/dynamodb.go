package awstest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// EmulatorsDir returns the directory holding the npm package.json and
// package-lock.json of the emulators (integrations/aws/testdata/emulators).
func EmulatorsDir() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("awstest: cannot locate its source directory")
	}
	return filepath.Join(filepath.Dir(file), "..", "testdata", "emulators"), nil
}

// StartDynamoDB starts dynalite, an in-memory DynamoDB, on a free port and
// returns a config for it and a client. The first call installs dynalite
// with "npm ci" into EmulatorsDir when it is missing. The test is skipped,
// saying why, when Node.js or npm is not installed, the install fails or
// dynalite does not start.
func StartDynamoDB(t testing.TB) (aws.Config, *dynamodb.Client) {
	t.Helper()
	dir, err := EmulatorsDir()
	if err != nil {
		t.Skip(err)
	}
	cli := filepath.Join(dir, "node_modules", "dynalite", "cli.js")
	if err := install(dir, cli); err != nil {
		t.Skipf("awstest: dynalite (the DynamoDB emulator) is not available: %v", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skipf("awstest: Node.js is needed to run dynalite (the DynamoDB emulator): %v", err)
	}
	url, stop, err := startDynalite(node, cli)
	if err != nil {
		t.Skipf("awstest: dynalite (the DynamoDB emulator) did not start: %v", err)
	}
	t.Cleanup(stop)
	cfg := Config(url)
	return cfg, dynamodb.NewFromConfig(cfg)
}

// install runs "npm ci" in dir unless cli exists. Test binaries of several
// packages run at once, so the install holds a lock file in dir.
func install(dir, cli string) error {
	if _, err := os.Stat(cli); err == nil {
		return nil
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := os.Stat(cli); err == nil {
		return nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("npm is needed to install it into %s: %w", dir, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("npm ci in %s: %w\n%s", dir, err, tail(out))
	}
	if _, err := os.Stat(cli); err != nil {
		return fmt.Errorf("npm ci in %s did not install %s", dir, cli)
	}
	return nil
}

// startDynalite runs dynalite and waits until it accepts connections.
func startDynalite(node, cli string) (url string, stop func(), err error) {
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	var output bytes.Buffer
	cmd := exec.Command(node, cli, "--host", "127.0.0.1", "--port", strconv.Itoa(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop = func() {
		_ = cmd.Process.Kill()
		<-exited
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			return "", nil, fmt.Errorf("dynalite exited: %v\n%s", err, tail(output.Bytes()))
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return "http://" + addr, stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("dynalite did not listen on %s within 20s\n%s", addr, tail(output.Bytes()))
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last lines of a command's output.
func tail(out []byte) string {
	const max = 2000
	if len(out) > max {
		out = out[len(out)-max:]
	}
	return string(out)
}

// CreateTable creates a table with a string hash key and fails the test if
// it cannot.
func CreateTable(t testing.TB, client *dynamodb.Client, table, hashKey string) {
	t.Helper()
	_, err := client.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String(hashKey), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String(hashKey), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("creating table %s: %v", table, err)
	}
}
