package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digits/core"
)

// A short run writes a model file that loads, and the same flags give the
// same file twice (everything is seeded).
func TestMakeModelQuick(t *testing.T) {
	dir := t.TempDir()
	var files [][]byte
	for i := range 2 {
		out := filepath.Join(dir, "m"+string(rune('0'+i))+".model")
		var stdout, stderr bytes.Buffer
		args := []string{"--n_hidden", "16", "--epochs", "1", "--train_size", "3000", "--out", out}
		if status := run(args, &stdout, &stderr); status != 0 {
			t.Fatalf("exit status %d: %s", status, stderr.String())
		}
		if !strings.Contains(stdout.String(), "Test accuracy: ") {
			t.Errorf("no final accuracy line in:\n%s", stdout.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		net, err := core.ReadModel(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if net.String() != "784-16-10" {
			t.Errorf("model is %s, want 784-16-10", net)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("same flags, different model files")
	}
}

// Bad flags: a one-line error, the usage, exit status 2.
func TestMakeModelUsage(t *testing.T) {
	for _, args := range [][]string{{"--epochs", "0"}, {"--n_hidden", "32,x"}, {"--learning_rate", "-1"}, {"--bogus"}, {"extra"}} {
		var stdout, stderr bytes.Buffer
		if status := run(args, &stdout, &stderr); status != 2 {
			t.Errorf("%q: exit status %d, want 2", args, status)
		}
		if !strings.Contains(stderr.String(), "usage: makemodel") {
			t.Errorf("%q: no usage in %q", args, stderr.String())
		}
	}
}
