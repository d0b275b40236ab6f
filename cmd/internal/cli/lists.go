package cli

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// listValue is a flag that takes a list: after the flag, the command line
// may give its items as separate arguments.
type listValue interface {
	flag.Value
	// item reports whether arg, following the flag or another item, is
	// one more item of the list.
	item(arg string) bool
	// argName names the items in the usage.
	argName() string
}

// IntList is a flag holding a list of whole numbers, written
// "--n_hidden 300 100" (as Python's argparse accepts with nargs="+") or
// "--n_hidden=300,100". Each use of the flag replaces the list.
type IntList []int

func (l *IntList) String() string {
	s := make([]string, len(*l))
	for i, v := range *l {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, " ")
}

// Set parses "300,100" (or "300 100").
func (l *IntList) Set(v string) error {
	*l = nil
	for _, f := range splitList(v) {
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

var wholeNumbers = regexp.MustCompile(`^-?[0-9]+(,-?[0-9]+)*$`)

// item takes numbers, negative ones too, so that "--n_hidden -3" gets the
// clear error "must be positive" instead of "flag provided but not
// defined: -3".
func (l *IntList) item(arg string) bool { return wholeNumbers.MatchString(arg) }
func (l *IntList) argName() string      { return "N..." }

// StringList is a flag holding a list of names, written "--only a b" or
// "--only=a,b", like IntList. Its items are the arguments up to the next
// flag, so only commands without positional arguments should use it.
type StringList []string

func (l *StringList) String() string { return strings.Join(*l, " ") }

// Set parses "a,b" (or "a b").
func (l *StringList) Set(v string) error {
	*l = splitList(v)
	if len(*l) == 0 {
		return errors.New("needs at least one name")
	}
	return nil
}

func (l *StringList) item(arg string) bool { return arg != "" && !strings.HasPrefix(arg, "-") }
func (l *StringList) argName() string      { return "NAME..." }

func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}

// expandLists rewrites "--name 300 100" into "--name=300,100" for each
// list flag, so that Go's flag package accepts the argparse syntax. The
// items after the flag are taken up to the first argument that is not
// one; "--" ends the flags, as for the flag package.
func expandLists(args []string, lists map[string]listValue) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		name := strings.TrimLeft(a, "-")
		l := lists[name]
		if !strings.HasPrefix(a, "-") || strings.Contains(name, "=") || l == nil {
			out = append(out, a)
			continue
		}
		var items []string
		for i+1 < len(args) && l.item(args[i+1]) {
			items = append(items, args[i+1])
			i++
		}
		if len(items) == 0 {
			out = append(out, a) // the flag package reports the missing value
			continue
		}
		out = append(out, "--"+name+"="+strings.Join(items, ","))
	}
	return out
}
