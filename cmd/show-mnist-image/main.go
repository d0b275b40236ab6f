// Command show-mnist-image shows MNIST digits, with their labels, in the
// terminal or in a PNG picture: a quick look at what the network learns
// from.
//
// Usage:
//
//	go run ./cmd/show-mnist-image [flags] INDEX...
//
// Each INDEX (0 to 59,999 in the training set, 0 to 9,999 with --test) is
// drawn as 28 lines of shaded blocks, " ░▒▓█" from paper to ink, two
// characters per pixel so that the digit looks square:
//
//	go run ./cmd/show-mnist-image 0 7 42
//	go run ./cmd/show-mnist-image --test 0 1 2
//	go run ./cmd/show-mnist-image --png digits.png --scale 6 0 1 2 3 4 5
//
// Flags take one dash or two and may come before or after the indices.
//
// Which images:
//
//	--test        pick the images from the 10,000 test images, not the training set
//	--data DIR    read the images from DIR's MNIST-format files, as cmd/train does
//	              (default: the embedded MNIST)
//
// A picture instead of the terminal:
//
//	--png FILE    write the images side by side into a PNG file instead,
//	              black ink on white, scaled up, each labelled underneath
//	--scale N     PNG pixels per MNIST pixel (default 4)
//	--labels      write the labels under the PNG's digits (default true; --labels=false to omit)
//
// A bad index, a missing one or a bad flag prints one line saying what is
// wrong, then the usage, and exits with status 2.
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"digits/cmd/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the parsed command line.
type options struct {
	test    bool
	png     string
	scale   int
	labels  bool
	data    string
	indices []string
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("show-mnist-image", "INDEX...")
	var o options
	cmd.Group("Which images:")
	cmd.BoolVar(&o.test, "test", false, "pick images from the test set (default: the training set)")
	cmd.DataVar(&o.data)
	cmd.Group("A picture instead of the terminal:")
	cmd.StringVar(&o.png, "png", "", "write the images side by side to the PNG `FILE` instead of the terminal")
	cmd.IntVar(&o.scale, "scale", 4, "each MNIST pixel becomes an `N`×N square in the PNG, N from 1 to 32")
	cmd.BoolVar(&o.labels, "labels", true, "write each label under its digit in the PNG")
	err := parse(cmd, args, &o)
	if err == nil {
		err = show(&o, stdout)
	}
	return cmd.Exit(stderr, err)
}

// parse reads flags and indices in any order ("0 7 --test" as well as
// "--test 0 7"): Go's flag package stops at the first argument that is not
// a flag, so parsing resumes after each run of indices.
func parse(cmd *cli.Command, args []string, o *options) error {
	args = takeNegative(cmd, args, o)
	for {
		if err := cmd.Parse(args); err != nil {
			return err
		}
		args = cmd.Flags.Args()
		i := 0
		for i < len(args) && !isFlag(args[i]) {
			i++
		}
		o.indices = append(o.indices, args[:i]...)
		if args = args[i:]; len(args) == 0 {
			break
		}
	}
	if len(o.indices) == 0 {
		return cli.Usagef("no image index given; e.g. show-mnist-image 0 7 42")
	}
	if o.scale < 1 || o.scale > 32 {
		return cli.Usagef("--scale %d: want 1 to 32", o.scale)
	}
	return nil
}

// takeNegative moves negative numbers that are not a flag's value
// ("-1", but not the -1 of "--scale -1") to the indices, where they get
// the out-of-range message; Go's flag package would call "-1" an unknown flag.
func takeNegative(cmd *cli.Command, args []string, o *options) []string {
	var rest []string
	wantsValue := false // the previous argument is a flag waiting for its value
	for _, a := range args {
		if _, err := strconv.Atoi(a); err == nil && strings.HasPrefix(a, "-") && !wantsValue {
			o.indices = append(o.indices, a)
			continue
		}
		rest = append(rest, a)
		wantsValue = false
		if name := strings.TrimLeft(a, "-"); strings.HasPrefix(a, "-") && !strings.Contains(name, "=") {
			if f := cmd.Flags.Lookup(name); f != nil {
				b, isBool := f.Value.(interface{ IsBoolFlag() bool })
				wantsValue = !isBool || !b.IsBoolFlag()
			}
		}
	}
	return rest
}

// isFlag tells a flag ("--test", "-png") from an index; a negative number
// is a (bad) index, so that it gets the index's error message.
func isFlag(a string) bool {
	if !strings.HasPrefix(a, "-") || a == "-" {
		return false
	}
	_, err := strconv.Atoi(a)
	return err != nil
}

func show(o *options, stdout io.Writer) error {
	set, name := "train", "training"
	if o.test {
		set, name = "test", "test"
	}
	// Indices must be numbers before any data is read.
	var idx []int
	for _, a := range o.indices {
		i, err := strconv.Atoi(a)
		if err != nil {
			return cli.Usagef("index %q is not a number; give image numbers such as 0 7 42", a)
		}
		idx = append(idx, i)
	}
	d, err := cli.LoadSet(o.data, set)
	if err != nil {
		return err
	}
	for _, i := range idx {
		if i < 0 || i >= d.N {
			return cli.Usagef("index %d is out of range: the %s set has %d images, 0 to %d", i, name, d.N, d.N-1)
		}
	}
	if o.png != "" {
		f, err := os.Create(o.png)
		if err != nil {
			return err
		}
		if err := writePNG(f, d, idx, o.scale, o.labels); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", o.png, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", o.png, err)
		}
		fmt.Fprintf(stdout, "Wrote %d %s image(s) to %s\n", len(idx), name, o.png)
		return nil
	}
	for n, i := range idx {
		if n > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "%s image %d: label %d\n", name, i, d.Labels[i])
		if _, err := io.WriteString(stdout, blocks(d, i)); err != nil {
			return err
		}
	}
	return nil
}
