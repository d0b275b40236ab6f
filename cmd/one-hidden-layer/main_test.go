package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"digits/cmd/internal/mnisttest"
)

func TestOneHiddenLayerRun(t *testing.T) {
	dir := mnisttest.Dir(t, 4000)
	var out, errOut bytes.Buffer
	code := run([]string{"--n_hidden", "32", "--epochs", "3", "--batch_size", "64", "--learning_rate", "0.1", "--data", dir}, &out, &errOut)
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
	} {
		var out, errOut bytes.Buffer
		if code := run(c.args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut.String(), c.want)
		}
	}
}
