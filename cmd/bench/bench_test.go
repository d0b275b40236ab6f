package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"digits/cmd/internal/clitest"
)

// TestMain lets this test binary stand in for the bench program: bench
// runs each measurement in a child process of its own executable, which
// under go test is this binary, started with --child.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "--child" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// A short real run: every measurement but numpy, WebAssembly and the run
// to 98%, which the flags skip (in the underscore and the dashed
// spelling). The figures are only checked to be there and positive.
func TestBenchRun(t *testing.T) {
	r := clitest.Exec(run, "--epochs", "1", "--no_numpy", "--no-wasm", "-no-accuracy")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^  784-32-16-10 +0\.\d{3} 0\.\d{3} s \(\d+ MiB\) +- +-$`),
		regexp.MustCompile(`(?m)^  784-300-100-10 +\d+\.\d{3} \d+\.\d{3} s \(\d+ MiB\)`),
		regexp.MustCompile(`numpy peer skipped \(--no_numpy\)`),
		regexp.MustCompile(`(?m)^  native, all CPUs: +[1-9]\d* images/s$`),
		regexp.MustCompile(`(?m)^  native, one CPU: +[1-9]\d* images/s$`),
		regexp.MustCompile(`(?m)^  784-300-100-10 +\d+\.\d µs$`),
	} {
		if !want.MatchString(r.Stdout) {
			t.Errorf("no line matching %s in:\n%s", want, r.Stdout)
		}
	}
	for _, skipped := range []string{"WebAssembly", "98.0%"} {
		if strings.Contains(r.Stdout, skipped) {
			t.Errorf("skipped measurement %q reported:\n%s", skipped, r.Stdout)
		}
	}
}

func TestBenchBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--epochs", "0"}, "--epochs 0: want 1 to 1000"},
		{[]string{"--no_numpy=maybe"}, "invalid boolean value"},
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"--child", "full", "--sizes", "784", "0", "10"}, "--sizes"},
		{[]string{"--child", "walk"}, `--child "walk": want full, minibatch or accuracy`},
	} {
		clitest.BadUsage(t, "bench", run, c.args, c.want)
	}
	clitest.Help(t, "bench", run, "epochs", "peer", "python", "no_numpy", "no_wasm", "no_accuracy")
	if r := clitest.Exec(run, "--help"); strings.Contains(r.Stderr, "--child") || !strings.Contains(r.Stderr, "--no_numpy  (also --no-numpy)") {
		t.Errorf("the usage shows the internal flags, or not the aliases:\n%s", r.Stderr)
	}
}

func TestMedianMinimum(t *testing.T) {
	for _, c := range []struct {
		v        []float64
		med, min float64
	}{
		{[]float64{3, 1, 2}, 2, 1},
		{[]float64{4, 1, 2, 3}, 2.5, 1},
		{nil, 0, 0},
	} {
		if m := median(c.v); m != c.med {
			t.Errorf("median(%v) = %v, want %v", c.v, m, c.med)
		}
		if m := minimum(c.v); m != c.min {
			t.Errorf("minimum(%v) = %v, want %v", c.v, m, c.min)
		}
	}
}

// TestPeerLines checks that the lines numpy_ref.py prints are understood.
func TestPeerLines(t *testing.T) {
	line := "epoch_time median 0.7612s min 0.6601s first 0.8001s  train_total 4.6s  wall 9.9s"
	m := epochTime.FindStringSubmatch(line)
	if m == nil || m[1] != "0.7612" || m[2] != "0.6601" {
		t.Fatalf("epochTime on %q: %v", line, m)
	}
	bench := "BenchmarkMiniBatch \t 2\t 3528845000 ns/op\t 3627 images/s"
	if m := imagesPerSecond.FindStringSubmatch(bench); m == nil || m[1] != "3627" {
		t.Fatalf("imagesPerSecond on %q: %v", bench, m)
	}
	r := &result{lines: [][]string{strings.Fields("epoch_seconds 0.5"), strings.Fields("epoch_seconds 0.25"), strings.Fields("other 9")}}
	if v := r.values("epoch_seconds"); len(v) != 2 || v[1] != 0.25 {
		t.Fatalf("values: %v", v)
	}
}

// The report warns about a busy machine, and only then.
func TestLoadWarning(t *testing.T) {
	for _, c := range []struct {
		avg  string
		warn bool
	}{{"0.52 0.40 0.33", false}, {"1.00 2.00 3.00", false}, {"1.01 0.5 0.2", true}, {"4.80 3.1 2.0", true}, {"unknown", false}, {"", false}} {
		if got := loadWarning(c.avg) != ""; got != c.warn {
			t.Errorf("loadWarning(%q) warns = %v, want %v", c.avg, got, c.warn)
		}
	}
	if w := loadWarning("2.50 1 1"); !strings.Contains(w, "2.50") {
		t.Errorf("the warning does not say the load: %q", w)
	}
}
