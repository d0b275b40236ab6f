package main

import (
	"bytes"
	"regexp"
	"testing"

	"digits/cmd/internal/clitest"
	"digits/cmd/internal/mnisttest"
)

func TestOneHiddenLayerRun(t *testing.T) {
	dir := mnisttest.Dir(t, 4000)
	var out, errOut bytes.Buffer
	code := run([]string{"-n_hidden", "32", "--epochs", "3", "--batch_size", "64", "--lr", "0.1", "--data", dir}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	m := regexp.MustCompile(`Test accuracy: (\d+\.\d\d)%\n$`).FindStringSubmatch(out.String())
	if m == nil || m[1] < "80.00" {
		t.Fatalf("want a last line 'Test accuracy: NN.NN%%' of at least 80%%, got:\n%s", out.String())
	}
}

func TestOneHiddenLayerBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--n_hidden", "32", "16"}, "exactly 1 hidden layer"},
		{[]string{"--n_hidden", "0"}, "each hidden layer needs 1 to"},
		{[]string{"--initial_params", "xavier"}, "want he, gaussian or samson"},
		{[]string{"--epochs", "0"}, "--epochs 0: want 1 or more"},
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"--data", "/does/not/exist"}, "--data /does/not/exist: no such file or directory"},
	} {
		clitest.BadUsage(t, "one-hidden-layer", run, c.args, c.want)
	}
	clitest.Help(t, "one-hidden-layer", run, "n_hidden", "learning_rate", "batch_size", "data", "save")
}
