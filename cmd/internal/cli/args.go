// Package cli holds what the command-line trainers share: flags that
// accept the numpy scripts' syntax as typed (--n_hidden 32 16), usage
// errors with exit status 2, and progress reporting.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// ExitUsage is the exit status for a bad command line, as Go's flag
// package and most Unix tools use.
const ExitUsage = 2

// IntList is a flag holding a list of integers, written "32,16" or, after
// ExpandLists, "32 16" as argparse's nargs="+" accepts.
type IntList []int

func (l *IntList) String() string {
	s := make([]string, len(*l))
	for i, v := range *l {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, " ")
}

// Set parses "32,16" (each flag use replaces the list).
func (l *IntList) Set(v string) error {
	*l = nil
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", f)
		}
		*l = append(*l, n)
	}
	if len(*l) == 0 {
		return errors.New("needs at least one number")
	}
	return nil
}

var number = regexp.MustCompile(`^-?[0-9]+(,-?[0-9]+)*$`)

// ExpandLists rewrites "--name 32 16" into "--name=32,16" for each list
// flag name, so that Go's flag package accepts the syntax of Python's
// argparse (nargs="+"). Numbers after the flag are taken up to the next
// argument that is not a number; negative numbers count as numbers, so
// "--n_hidden -3" gets the clear error "must be positive" instead of
// "flag provided but not defined: -3".
func ExpandLists(args []string, names ...string) []string {
	isList := map[string]bool{}
	for _, n := range names {
		isList[n] = true
	}
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		name := strings.TrimLeft(a, "-")
		if !strings.HasPrefix(a, "-") || strings.Contains(name, "=") || !isList[name] {
			out = append(out, a)
			continue
		}
		var vals []string
		for i+1 < len(args) && number.MatchString(args[i+1]) {
			vals = append(vals, args[i+1])
			i++
		}
		if len(vals) == 0 {
			out = append(out, a) // flag will report the missing value
			continue
		}
		out = append(out, "--"+name+"="+strings.Join(vals, ","))
	}
	return out
}

// UsageError is a command-line mistake: main prints it with the usage
// and exits with status 2.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usagef makes a UsageError.
func Usagef(format string, a ...any) error { return UsageError{fmt.Errorf(format, a...)} }

// Command is a program's name, what follows its flags in the synopsis
// ("IMAGE..." or nothing) and its flags.
type Command struct {
	Name  string
	Args  string
	Flags *flag.FlagSet
}

// NewCommand makes a Command with an empty flag set.
func NewCommand(name, args string) *Command {
	return &Command{Name: name, Args: args, Flags: flag.NewFlagSet(name, flag.ContinueOnError)}
}

// Parse parses args, whose errors become UsageErrors; lists names the
// flags that take a list of numbers (see ExpandLists). Positional
// arguments are refused unless the command's synopsis has some.
func (c *Command) Parse(args []string, lists ...string) error {
	c.Flags.SetOutput(io.Discard)
	if err := c.Flags.Parse(ExpandLists(args, lists...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return UsageError{err}
	}
	if c.Args == "" && c.Flags.NArg() > 0 {
		return Usagef("unexpected argument %q (flags start with --)", c.Flags.Arg(0))
	}
	return nil
}

// Exit prints err the way every command of the project does and returns
// the exit status: for --help, the usage and 0; for a usage error, one
// line naming the problem, then the usage, and 2; otherwise one line and 1.
func (c *Command) Exit(stderr io.Writer, err error) int {
	var ue UsageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		c.PrintUsage(stderr)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %v\n", c.Name, err)
		c.PrintUsage(stderr)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "%s: %v\n", c.Name, err)
		return 1
	}
}

// PrintUsage lists the flags with double dashes, as people type them.
func (c *Command) PrintUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s [flags] %s\n", c.Name, c.Args)
	c.Flags.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  --%s %s\n    \t%s", f.Name, name, usage)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}
