package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// Command is one program's command line: its name, what follows the
// flags in its synopsis ("IMAGE..." or nothing), and its flags, kept in
// the order and groups they were registered in so that the usage reads
// like the manual.
type Command struct {
	Name  string
	Args  string
	Flags *flag.FlagSet

	entries []*entry             // the flags in registration order
	byName  map[string]*entry    // each flag's entry, by its name
	lists   map[string]listValue // list flags, by name and by alias
	group   string               // heading of the flags registered next
}

// entry is how one flag appears in the usage.
type entry struct {
	group   string
	name    string
	aliases []string
	hidden  bool
}

// NewCommand makes a Command with no flags yet.
func NewCommand(name, args string) *Command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Exit prints errors and usage, one way for every command
	return &Command{Name: name, Args: args, Flags: fs, byName: map[string]*entry{}, lists: map[string]listValue{}}
}

// Group starts a group of flags under a heading in the usage.
func (c *Command) Group(heading string) { c.group = heading }

// Var registers a flag of any flag.Value; IntList and StringList make
// list flags (see IntList).
func (c *Command) Var(v flag.Value, name, usage string) {
	c.Flags.Var(v, name, usage)
	c.add(name)
}

// IntVar registers an int flag.
func (c *Command) IntVar(p *int, name string, value int, usage string) {
	c.Flags.IntVar(p, name, value, usage)
	c.add(name)
}

// Uint64Var registers a uint64 flag.
func (c *Command) Uint64Var(p *uint64, name string, value uint64, usage string) {
	c.Flags.Uint64Var(p, name, value, usage)
	c.add(name)
}

// Float64Var registers a float64 flag.
func (c *Command) Float64Var(p *float64, name string, value float64, usage string) {
	c.Flags.Float64Var(p, name, value, usage)
	c.add(name)
}

// StringVar registers a string flag.
func (c *Command) StringVar(p *string, name string, value string, usage string) {
	c.Flags.StringVar(p, name, value, usage)
	c.add(name)
}

// BoolVar registers a bool flag.
func (c *Command) BoolVar(p *bool, name string, value bool, usage string) {
	c.Flags.BoolVar(p, name, value, usage)
	c.add(name)
}

func (c *Command) add(name string) {
	e := &entry{group: c.group, name: name}
	c.entries = append(c.entries, e)
	c.byName[name] = e
	if l, ok := c.Flags.Lookup(name).Value.(listValue); ok {
		c.lists[name] = l
	}
}

// Alias gives the flag name other spellings that set the same value
// (the dashed --no-numpy of --no_numpy, the short --lr of
// --learning_rate). The usage lists them beside the flag.
func (c *Command) Alias(name string, aliases ...string) {
	f, e := c.Flags.Lookup(name), c.byName[name]
	if f == nil || e == nil {
		panic("cli: alias of unregistered flag --" + name)
	}
	for _, a := range aliases {
		c.Flags.Var(f.Value, a, "same as --"+name)
		e.aliases = append(e.aliases, a)
		if l, ok := c.lists[name]; ok {
			c.lists[a] = l
		}
	}
}

// Hide leaves flags out of the usage: a program's internal flags, such as
// the one cmd/bench uses to run its own measurements in a child process.
func (c *Command) Hide(names ...string) {
	for _, n := range names {
		c.byName[n].hidden = true
	}
}

// Parse parses args; its errors are UsageErrors, except flag.ErrHelp for
// --help. Positional arguments are refused unless the synopsis has some.
func (c *Command) Parse(args []string) error {
	if err := c.Flags.Parse(expandLists(args, c.lists)); err != nil {
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
