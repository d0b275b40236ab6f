package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"digits/cmd/internal/clitest"
	"digits/cmd/internal/mnisttest"
)

func TestLastAccuracy(t *testing.T) {
	acc, err := lastAccuracy(strings.NewReader("Training ...\nTrain accuracy: 95.00%\nTest accuracy: 94.72%\n"))
	if err != nil || acc != 94.72 {
		t.Errorf("got %v, %v; want 94.72", acc, err)
	}
	if _, err := lastAccuracy(strings.NewReader("Test accuracy: 94.72%\nsomething else\n")); err == nil {
		t.Error("a run whose last line is not the accuracy was accepted")
	}
}

// A real run of two rows of the table, on a slice of MNIST (--data): the
// commands are built, run, their output kept, and the table's accuracy is
// the one each run printed last.
func TestReproduceRuns(t *testing.T) {
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin, "digits/cmd/samson", "digits/cmd/one-hidden-layer")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := mnisttest.Dir(t, 2000)
	out := filepath.Join(t.TempDir(), "logs")
	r := clitest.Exec(run, "--bin", bin, "--out", out, "--only", "samson", "one-hidden-10", "-data", data)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, name := range []string{"samson", "one-hidden-10"} {
		log, err := os.ReadFile(filepath.Join(out, name+".log"))
		if err != nil {
			t.Fatal(err)
		}
		acc, err := lastAccuracy(strings.NewReader(string(log)))
		if err != nil {
			t.Fatalf("%s.log: %v", name, err)
		}
		row := regexp.MustCompile(`(?m)^\| ` + "`" + `go run ./cmd/[^|]*--data ` + regexp.QuoteMeta(data) + "`" + ` \| ` +
			regexp.QuoteMeta(fmt.Sprintf("%.2f%% | %.2f%% |", acc, 100-acc)))
		if len(row.FindAllString(r.Stdout, -1)) != 2 { // once as it finishes, once in the table
			t.Errorf("%s: no table row with %.2f%% twice in:\n%s", name, acc, r.Stdout)
		}
	}
	if strings.Contains(r.Stdout, "train-32-16") {
		t.Errorf("ran more than --only asked for:\n%s", r.Stdout)
	}
	// A --data folder without MNIST is refused before anything runs.
	clitest.BadUsage(t, "reproduce", run, []string{"--bin", bin, "--only", "samson", "--data", out}, "--data "+out+": train-images-idx3-ubyte.gz not found")
}

func TestReproduceBadFlags(t *testing.T) {
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--only", "samson", "bogus"}, "--only bogus: no such run; the runs are train-32-16, "},
		{[]string{"--bin", empty, "--only", "samson"}, "--bin " + empty + " has no samson: build the commands first"},
		{[]string{"--bin", empty, "--only=samson", "--data", filepath.Join(empty, "x")}, "--bin " + empty + " has no samson"},
		{[]string{"--long=yes"}, "invalid boolean value"},
		{[]string{"samson"}, `unexpected argument "samson"`},
	} {
		clitest.BadUsage(t, "reproduce", run, c.args, c.want)
	}
	clitest.Help(t, "reproduce", run, "bin", "out", "long", "only", "data")
}
