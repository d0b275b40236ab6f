package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digits/cmd/internal/clitest"
	"digits/cmd/internal/mnisttest"
	"digits/core"
)

// A short run on a slice of the real MNIST writes a model file that
// loads; --n_hidden takes its list as cmd/train does, in both spellings,
// and the same settings give the same file twice (everything is seeded).
func TestMakeModelQuick(t *testing.T) {
	data := mnisttest.Dir(t, 3000)
	dir := t.TempDir()
	var files [][]byte
	for i, args := range [][]string{
		{"--n_hidden", "16", "8", "--epochs", "1", "--data", data},
		// The folder has 3,000 training images: --train_size 3000 is all of them.
		{"-n_hidden=16,8", "-epochs=1", "--data=" + data, "--train_size", "3000", "--lr", "0.1"},
	} {
		out := filepath.Join(dir, "m"+string(rune('0'+i))+".model")
		r := clitest.Exec(run, append(args, "--out", out)...)
		if r.Code != 0 {
			t.Fatalf("%q: exit status %d: %s", args, r.Code, r.Stderr)
		}
		if !strings.Contains(r.Stdout, "training 784-16-8-10 on 3000 images") || !strings.Contains(r.Stdout, "Test accuracy: ") {
			t.Errorf("%q: no header or no final accuracy line in:\n%s", args, r.Stdout)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		net, err := core.ReadModel(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if net.String() != "784-16-8-10" {
			t.Errorf("model is %s, want 784-16-8-10", net)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("same settings, different model files")
	}
}

// Bad flags: a one-line error, the usage, exit status 2.
func TestMakeModelUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--epochs", "0"}, "--epochs 0: want 1 or more"},
		{[]string{"--n_hidden", "32,x"}, `"x" is not a whole number`},
		{[]string{"--n_hidden", "32", "0"}, "--n_hidden 0: each hidden layer needs 1 to"},
		{[]string{"--learning_rate", "-1"}, "--learning_rate -1: want a positive number"},
		{[]string{"--batch_size", "0"}, "--batch_size 0: want 1 or more"},
		{[]string{"--train_size", "-1"}, "--train_size -1: want 0 (all) or more"},
		{[]string{"--out", ""}, "--out: want a file name"},
		{[]string{"--data", "/does/not/exist"}, "--data /does/not/exist: no such file or directory"},
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		clitest.BadUsage(t, "makemodel", run, c.args, c.want)
	}
	clitest.Help(t, "makemodel", run, "n_hidden", "seed", "epochs", "batch_size", "learning_rate", "augment", "data", "train_size", "out")
}
