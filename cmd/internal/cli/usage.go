package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// ExitUsage is the exit status for a bad command line, as Go's flag
// package and most Unix tools use.
const ExitUsage = 2

// UsageError is a command-line mistake: Command.Exit prints it with the
// usage and returns status 2.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usagef makes a UsageError.
func Usagef(format string, a ...any) error { return UsageError{fmt.Errorf(format, a...)} }

// PrintUsage lists the flags in the order and groups they were
// registered, with double dashes as people type them, each with its
// aliases and default.
func (c *Command) PrintUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s [flags]", c.Name)
	if c.Args != "" {
		fmt.Fprintf(w, " %s", c.Args)
	}
	fmt.Fprintln(w)
	group := ""
	for _, e := range c.entries {
		if e.hidden {
			continue
		}
		if e.group != group {
			group = e.group
			fmt.Fprintf(w, "\n%s\n", group)
		}
		f := c.Flags.Lookup(e.name)
		arg, usage := argName(f)
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		if len(e.aliases) > 0 {
			line += "  (also --" + strings.Join(e.aliases, ", --") + ")"
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, usage)
		if d := f.DefValue; d != "" && d != "0" && d != "false" {
			fmt.Fprintf(w, " (default %s)", d)
		}
		fmt.Fprintln(w)
	}
}

// argName names a flag's value in the usage: a `quoted` word of its
// usage text if it has one, else N for whole numbers, X for numbers, S
// for strings, N... for lists of numbers, NAME... for lists of names.
func argName(f *flag.Flag) (name, usage string) {
	name, usage = flag.UnquoteUsage(f)
	if strings.Contains(f.Usage, "`") {
		return name, usage
	}
	if l, ok := f.Value.(listValue); ok {
		return l.argName(), usage
	}
	switch name {
	case "int", "uint":
		name = "N"
	case "float":
		name = "X"
	case "string":
		name = "S"
	}
	return name, usage
}
