package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"digits/cmd/internal/clitest"
	"digits/cmd/internal/mnisttest"
	"digits/core"
)

func runTrain(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

var lastLine = regexp.MustCompile(`Test accuracy: (\d+\.\d\d)%\n$`)

func TestTrainSmallRun(t *testing.T) {
	dir := mnisttest.Dir(t, 4000)
	for _, args := range [][]string{
		{"--n_hidden", "32", "16", "--epochs", "3", "--learning_rate", "0.1", "--batch_size", "64"},
		{"--n_hidden=32,16", "--epochs=3", "--lr=0.1", "--batch_size=64"},
	} {
		code, out, errOut := runTrain(append(args, "--data", dir, "--seed", "7")...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %s", args, code, errOut)
		}
		m := lastLine.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("%v: last line is not 'Test accuracy: NN.NN%%':\n%s", args, out)
		}
		if !strings.Contains(out, "Training 784-32-16-10 on 4000 images: mini-batches of 64") {
			t.Errorf("%v: header missing:\n%s", args, out)
		}
		// 3 epochs on 4,000 images already reads most digits.
		if m[1] < "80.00" {
			t.Errorf("%v: test accuracy %s%%, want at least 80%%", args, m[1])
		}
	}
}

func TestTrainSameSeedSameOutput(t *testing.T) {
	dir := mnisttest.Dir(t, 2000)
	args := []string{"--n_hidden", "16", "--epochs", "2", "--batch_size", "32", "--data", dir, "--seed", "3"}
	_, a, _ := runTrain(args...)
	_, b, _ := runTrain(args...)
	strip := regexp.MustCompile(`(?m)(elapsed|left|Training time:).*$`)
	if strip.ReplaceAllString(a, "") != strip.ReplaceAllString(b, "") {
		t.Errorf("same seed, different output:\n%s\n---\n%s", a, b)
	}
}

func TestTrainDiverges(t *testing.T) {
	dir := mnisttest.Dir(t, 2000)
	code, out, errOut := runTrain("--n_hidden", "32", "--epochs", "5", "--learning_rate", "50", "--data", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stdout %s", code, out)
	}
	if !strings.Contains(errOut, "diverged at epoch") || !strings.Contains(errOut, "lower the learning rate") {
		t.Errorf("stderr does not say it diverged and what to do: %q", errOut)
	}
	if strings.Contains(out, "Test accuracy") {
		t.Errorf("a diverged run printed a test accuracy:\n%s", out)
	}
}

func TestTrainBadInput(t *testing.T) {
	empty := t.TempDir()
	corrupt := t.TempDir()
	for _, name := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		os.WriteFile(filepath.Join(corrupt, name), []byte("not an idx file"), 0o644)
	}
	missing := filepath.Join(empty, "missing")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"--n_hidden", "0"}, "--n_hidden 0: each hidden layer needs 1 to"},
		{[]string{"--n_hidden", "-3"}, "--n_hidden -3: each hidden layer needs 1 to"},
		{[]string{"--n_hidden", "32", "x"}, `unexpected argument "x"`},
		{[]string{"--n_hidden"}, "flag needs an argument: -n_hidden"},
		{[]string{"--n_hidden=32,x"}, `"x" is not a whole number`},
		{[]string{"--epochs", "-1"}, "--epochs -1: want 1 or more"},
		{[]string{"--learning_rate", "0"}, "--learning_rate 0: want a positive number"},
		{[]string{"--lr", "-1"}, "--learning_rate -1: want a positive number"},
		{[]string{"--initial_params", "xavier"}, "--initial_params xavier: want he, gaussian or samson"},
		{[]string{"--batch_size", "-5"}, "--batch_size -5: want 0 (full batch) or a positive number"},
		{[]string{"--eval_every", "-1"}, "--eval_every -1: want 0 or more"},
		{[]string{"--data", missing}, "--data " + missing + ": no such file or directory"},
		{[]string{"--data", empty}, "--data " + empty + ": train-images-idx3-ubyte.gz not found"},
		{[]string{"--data", corrupt}, "--data " + corrupt + ": train-images-idx3-ubyte: invalid IDX data"},
	} {
		clitest.BadUsage(t, "train", run, c.args, c.want)
	}
	clitest.Help(t, "train", run, "n_hidden", "initial_params", "seed", "epochs", "learning_rate", "batch_size", "data", "eval_every", "save")
}

func TestTrainSave(t *testing.T) {
	dir := mnisttest.Dir(t, 2000)
	model := filepath.Join(t.TempDir(), "m.model")
	code, out, errOut := runTrain("--n_hidden", "20", "--epochs", "2", "--batch_size", "50", "--data", dir, "--save", model)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := os.Open(model)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	net, err := core.ReadModel(f)
	if err != nil {
		t.Fatalf("the saved model does not load: %v", err)
	}
	if got := core.SizesString(net.Sizes); got != "784-20-10" {
		t.Errorf("saved sizes %s, want 784-20-10", got)
	}
	// The loaded model must score exactly what the command printed.
	_, test, err := core.LoadMNIST(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Test accuracy: %.2f%%\n", 100*net.Accuracy(test))
	if !strings.HasSuffix(out, want) {
		t.Errorf("output ends %q, the saved model scores %q", out[max(0, len(out)-40):], want)
	}
	if code, _, errOut := runTrain("--epochs", "1", "--n_hidden", "4", "--data", dir, "--save", filepath.Join(dir, "no", "such", "dir", "m")); code != 1 || !strings.Contains(errOut, "save model") {
		t.Errorf("unwritable --save: exit %d, stderr %q", code, errOut)
	}
}
