package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"digits/cmd/internal/clitest"
	"digits/cmd/internal/mnisttest"
)

func TestSamsonRun(t *testing.T) {
	dir := mnisttest.Dir(t, 2000)
	var out, errOut bytes.Buffer
	if code := run([]string{"--iterations", "30", "-data", dir, "--seed", "1"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	s := out.String()
	// The tutorial prints every 10 iterations, counting from 0.
	for _, it := range []string{"Iteration: 0 ", "Iteration: 10 ", "Iteration: 20 "} {
		if !strings.Contains(s, it) {
			t.Errorf("no %q line:\n%s", it, s)
		}
	}
	m := regexp.MustCompile(`Test accuracy: (\d+\.\d\d)%\n$`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no final test accuracy line:\n%s", s)
	}
	// 30 iterations of the small tutorial net already beat chance (10%) clearly.
	if m[1] < "30.00" {
		t.Errorf("test accuracy %s%% after 30 iterations, want well above chance", m[1])
	}
}

func TestSamsonBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--iterations", "0"}, "--iterations 0: want 1 or more"},
		{[]string{"--n_hidden", "3"}, "flag provided but not defined: -n_hidden"},
		{[]string{"--seed", "x"}, "invalid value"},
		{[]string{"--data", "/does/not/exist"}, "--data /does/not/exist: no such file or directory"},
	} {
		clitest.BadUsage(t, "samson", run, c.args, c.want)
	}
	clitest.Help(t, "samson", run, "iterations", "seed", "data", "save")
}
