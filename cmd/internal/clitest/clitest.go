// Package clitest runs a command's run function in-process for its tests
// and checks the command-line convention of package cli: a bad command
// line gets one line naming the problem, the usage and exit status 2.
package clitest

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Run is a command's entry point, func run(args, stdout, stderr) int.
type Run func(args []string, stdout, stderr io.Writer) int

// Result is what one run printed and returned.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Exec runs the command with args in-process.
func Exec(run Run, args ...string) Result {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return Result{code, out.String(), errOut.String()}
}

// BadUsage checks that args make the command name print nothing on
// stdout and, on stderr, one line "name: ..." containing want, then the
// usage, and exit with status 2.
func BadUsage(t *testing.T, name string, run Run, args []string, want string) {
	t.Helper()
	r := Exec(run, args...)
	first, rest, _ := strings.Cut(r.Stderr, "\n")
	if r.Code != 2 {
		t.Errorf("%s %q: exit %d, want 2 (stderr %q)", name, args, r.Code, r.Stderr)
	}
	if !strings.HasPrefix(first, name+": ") || !strings.Contains(first, want) {
		t.Errorf("%s %q: first line of stderr %q, want %q in it", name, args, first, want)
	}
	if !strings.HasPrefix(rest, "usage: "+name+" [flags]") {
		t.Errorf("%s %q: the error is not followed by the usage:\n%s", name, args, r.Stderr)
	}
	if r.Stdout != "" {
		t.Errorf("%s %q: printed %q on stdout", name, args, r.Stdout)
	}
}

// Help checks that --help and -h print the usage, listing every flag in
// flags with two dashes, and exit with status 0.
func Help(t *testing.T, name string, run Run, flags ...string) {
	t.Helper()
	for _, h := range []string{"--help", "-h"} {
		r := Exec(run, h)
		if r.Code != 0 || !strings.HasPrefix(r.Stderr, "usage: "+name+" [flags]") {
			t.Errorf("%s %s: exit %d, stderr %q; want 0 and the usage", name, h, r.Code, r.Stderr)
		}
		for _, f := range flags {
			if !strings.Contains(r.Stderr, "\n  --"+f+" ") && !strings.Contains(r.Stderr, "\n  --"+f+"\n") {
				t.Errorf("%s %s: the usage does not list --%s:\n%s", name, h, f, r.Stderr)
			}
		}
	}
}
