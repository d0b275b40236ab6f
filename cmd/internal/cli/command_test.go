package cli

import (
	"bytes"
	"errors"
	"flag"
	"slices"
	"strings"
	"testing"
)

// testFlags are newTestCommand's flags.
type testFlags struct {
	hidden IntList
	rate   float64
	skip   bool
	names  StringList
	child  string
}

// newTestCommand has flags of several kinds, lists, aliases, a hidden
// flag and two groups.
func newTestCommand() (*Command, *testFlags) {
	c := NewCommand("demo", "")
	f := &testFlags{hidden: IntList{32, 16}}
	c.Group("The network:")
	c.Var(&f.hidden, "n_hidden", "hidden layer sizes")
	c.Alias("n_hidden", "n-hidden")
	c.Float64Var(&f.rate, "learning_rate", 0.2, "step size")
	c.Alias("learning_rate", "lr", "learning-rate")
	c.Group("Other:")
	c.BoolVar(&f.skip, "no_numpy", false, "skip numpy")
	c.Alias("no_numpy", "no-numpy")
	c.Var(&f.names, "only", "run only these")
	c.StringVar(&f.child, "child", "", "internal")
	c.Hide("child")
	return c, f
}

func TestCommandParse(t *testing.T) {
	for _, c := range []struct {
		args   []string
		hidden IntList
		rate   float64
		skip   bool
		names  StringList
	}{
		{nil, IntList{32, 16}, 0.2, false, nil},
		{[]string{"--n_hidden", "300", "100", "--learning_rate", "0.1"}, IntList{300, 100}, 0.1, false, nil},
		{[]string{"-n_hidden=300,100", "-lr", "0.1", "-no_numpy"}, IntList{300, 100}, 0.1, true, nil},
		{[]string{"--n-hidden", "8", "4", "2", "--learning-rate=0.5", "--no-numpy"}, IntList{8, 4, 2}, 0.5, true, nil},
		{[]string{"--only", "a", "b", "--no-numpy=false"}, IntList{32, 16}, 0.2, false, StringList{"a", "b"}},
	} {
		cmd, f := newTestCommand()
		if err := cmd.Parse(c.args); err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if !slices.Equal(f.hidden, c.hidden) || f.rate != c.rate || f.skip != c.skip || !slices.Equal(f.names, c.names) {
			t.Errorf("%q: got %v %v %v %v, want %v %v %v %v", c.args, f.hidden, f.rate, f.skip, f.names, c.hidden, c.rate, c.skip, c.names)
		}
	}
}

func TestCommandErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected argument "extra" (flags start with --)`},
		{[]string{"--n_hidden", "3", "x"}, `unexpected argument "x"`},
		{[]string{"--lr", "fast"}, `invalid value "fast" for flag -lr`},
	} {
		cmd, _ := newTestCommand()
		err := cmd.Parse(c.args)
		var ue UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want a UsageError with %q", c.args, err, c.want)
		}
		var stderr bytes.Buffer
		if code := cmd.Exit(&stderr, err); code != ExitUsage || !strings.HasPrefix(stderr.String(), "demo: "+err.Error()+"\nusage: demo [flags]\n") {
			t.Errorf("%q: exit %d, stderr %q", c.args, code, stderr.String())
		}
	}
	cmd, _ := newTestCommand()
	if err := cmd.Parse([]string{"--help"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("--help: %v, want flag.ErrHelp", err)
	}
	var stderr bytes.Buffer
	if code := cmd.Exit(&stderr, errors.New("disk full")); code != 1 || stderr.String() != "demo: disk full\n" {
		t.Errorf("other error: exit %d, stderr %q; want 1 and one line", code, stderr.String())
	}
}

// The usage lists flags in registration order under their group
// headings, with aliases and defaults, and leaves hidden flags out.
func TestCommandUsage(t *testing.T) {
	cmd, _ := newTestCommand()
	var b bytes.Buffer
	cmd.PrintUsage(&b)
	want := `usage: demo [flags]

The network:
  --n_hidden N...  (also --n-hidden)
    	hidden layer sizes (default 32 16)
  --learning_rate X  (also --lr, --learning-rate)
    	step size (default 0.2)

Other:
  --no_numpy  (also --no-numpy)
    	skip numpy
  --only NAME...
    	run only these
`
	if b.String() != want {
		t.Errorf("usage:\n%s\nwant:\n%s", b.String(), want)
	}
}
