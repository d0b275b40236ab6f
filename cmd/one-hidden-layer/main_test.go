package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"digits/cmd/internal/cli"
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

// --plot and --confusion work here as in cmd/train: they share the loop.
func TestOneHiddenLayerPlotAndConfusion(t *testing.T) {
	dir := mnisttest.Dir(t, 2000)
	file := filepath.Join(t.TempDir(), "p.png")
	r := clitest.Exec(run, "--n_hidden", "16", "--epochs", "2", "--batch_size", "32", "--data", dir, "--plot", file, "--confusion")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width != cli.PlotWidth || cfg.Height != cli.PlotHeight {
		t.Errorf("plot: %v, %v", cfg, err)
	}
	if !strings.Contains(r.Stdout, "Confusion matrix of the 500 test images") || !strings.Contains(r.Stdout, "   precision ") {
		t.Errorf("no confusion matrix:\n%s", r.Stdout)
	}
	clitest.BadUsage(t, "one-hidden-layer", run, []string{"--plot", filepath.Join(dir, "none", "p.png")}, "cannot write there")
}
