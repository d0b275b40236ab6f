// Command reproduce reruns the README's accuracy table: the seed's
// networks trained full batch as the numpy scripts did, the tutorial
// replica and the hand-written one-hidden-layer network. It runs the
// project's own commands one after the other, keeps each run's output in
// --out, and prints a Markdown table of test accuracy, error, wall time
// and peak memory.
//
// Usage (make reproduce does this):
//
//	go build -o bin/ ./cmd/...
//	go run ./cmd/reproduce [flags]
//	go run ./cmd/reproduce --only samson one-hidden-10
//
// Flags (one dash or two):
//
//	--bin DIR          the folder holding the built commands (default bin)
//	--out DIR          where each run's output goes, NAME.log (default out/reproduce)
//	--long             also run 784-300-100-10 for 2000 and 5000 epochs (hours more)
//	--only NAME...     run only these, "--only a b" or "--only=a,b"; the names are
//	                   train-32-16, train-300, train-300-100, samson, one-hidden-10,
//	                   train-300-100-e2000, train-300-100-e5000
//	--data DIR         pass --data DIR to every run: the same table for another
//	                   MNIST-format set (default: the embedded MNIST)
//
// The standard runs take about half an hour on a 2-core machine. Exit
// status: 0 every run ended with its test accuracy; 1 some did not (the
// table has the others, stderr says which and where its output is); 2 a
// bad command line.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"digits/cmd/internal/cli"
)

// A job is one row of the table.
type job struct {
	name string   // short name, also the log file's
	cmd  []string // the command (its first word a binary in --bin)
	long bool     // only with --long
}

var jobs = []job{
	{name: "train-32-16", cmd: strings.Fields("train --n_hidden 32 16 --epochs 500 --learning_rate 0.2 --initial_params he")},
	{name: "train-300", cmd: strings.Fields("train --n_hidden 300 --epochs 1000 --learning_rate 0.2")},
	{name: "train-300-100", cmd: strings.Fields("train --n_hidden 300 100 --epochs 1000 --learning_rate 0.2")},
	{name: "samson", cmd: strings.Fields("samson")},
	{name: "one-hidden-10", cmd: strings.Fields("one-hidden-layer --n_hidden 10 --learning_rate 0.1 --epochs 500 --initial_params samson")},
	{name: "train-300-100-e2000", cmd: strings.Fields("train --n_hidden 300 100 --epochs 2000 --learning_rate 0.2"), long: true},
	{name: "train-300-100-e5000", cmd: strings.Fields("train --n_hidden 300 100 --epochs 5000 --learning_rate 0.2"), long: true},
}

var testAccuracy = regexp.MustCompile(`^Test accuracy: (\d+\.\d\d)%$`)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command's flags.
type options struct {
	bin, out, data string
	long           bool
	only           cli.StringList
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("reproduce", "")
	var o options
	cmd.StringVar(&o.bin, "bin", "bin", "`DIR` holding the built commands (go build -o bin/ ./cmd/...)")
	cmd.StringVar(&o.out, "out", "out/reproduce", "`DIR` for each run's output")
	cmd.BoolVar(&o.long, "long", false, "also run 784-300-100-10 for 2000 and 5000 epochs")
	cmd.Var(&o.only, "only", "run only these: "+names())
	cmd.StringVar(&o.data, "data", "", "pass --data `DIR` to every run (default: the embedded MNIST)")
	err := cmd.Parse(args)
	for _, n := range o.only {
		if err == nil && !slices.ContainsFunc(jobs, func(j job) bool { return j.name == n }) {
			err = cli.Usagef("--only %s: no such run; the runs are %s", n, names())
		}
	}
	var todo []job
	for _, j := range jobs {
		if len(o.only) > 0 && !slices.Contains(o.only, j.name) || len(o.only) == 0 && j.long && !o.long {
			continue
		}
		if o.data != "" {
			j.cmd = append(slices.Clip(j.cmd), "--data", o.data)
		}
		todo = append(todo, j)
	}
	if err == nil {
		err = o.check(todo)
	}
	if err == nil {
		err = os.MkdirAll(o.out, 0o755)
	}
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	var rows []string
	failed := false
	for _, j := range todo {
		fmt.Fprintf(stdout, "== %s: %s\n", j.name, strings.Join(j.cmd, " "))
		row, err := execute(j, o.bin, o.out)
		if err != nil {
			fmt.Fprintf(stderr, "reproduce: %s: %v\n", j.name, err)
			failed = true
			continue
		}
		fmt.Fprintln(stdout, row)
		rows = append(rows, row)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "| command | test accuracy | error | wall time | peak memory |")
	fmt.Fprintln(stdout, "|---|---|---|---|---|")
	for _, row := range rows {
		fmt.Fprintln(stdout, row)
	}
	if failed {
		return 1
	}
	return 0
}

// check refuses, before the first run starts, what would make runs fail
// later: a missing command in --bin, a --data folder that is not MNIST.
func (o *options) check(todo []job) error {
	for _, j := range todo {
		if _, err := os.Stat(filepath.Join(o.bin, j.cmd[0])); err != nil {
			return cli.Usagef("--bin %s has no %s: build the commands first (go build -o %s/ ./cmd/...)", o.bin, j.cmd[0], o.bin)
		}
	}
	if o.data != "" {
		if _, _, err := cli.LoadMNIST(o.data); err != nil {
			return err
		}
	}
	return nil
}

// execute runs j, saving its output, and returns its table row.
func execute(j job, bin, out string) (string, error) {
	logPath := filepath.Join(out, j.name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return "", err
	}
	defer logFile.Close()
	var tail bytes.Buffer
	c := exec.Command(filepath.Join(bin, j.cmd[0]), j.cmd[1:]...)
	c.Stdout = io.MultiWriter(logFile, &tail)
	c.Stderr = logFile
	start := time.Now()
	if err := c.Run(); err != nil {
		return "", fmt.Errorf("%v (output in %s)", err, logPath)
	}
	wall := time.Since(start)
	acc, err := lastAccuracy(&tail)
	if err != nil {
		return "", fmt.Errorf("%v (output in %s)", err, logPath)
	}
	return fmt.Sprintf("| `%s` | %.2f%% | %.2f%% | %s | %s |",
		"go run ./cmd/"+strings.Join(j.cmd, " "), acc, 100-acc, wall.Round(time.Second), peakMemory(c.ProcessState)), nil
}

// lastAccuracy reads the "Test accuracy: NN.NN%" line every trainer ends with.
func lastAccuracy(r io.Reader) (float64, error) {
	var last string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		last = sc.Text()
	}
	m := testAccuracy.FindStringSubmatch(last)
	if m == nil {
		return 0, fmt.Errorf("last line %q is not \"Test accuracy: NN.NN%%\"", last)
	}
	return strconv.ParseFloat(m[1], 64)
}

func names() string {
	var s []string
	for _, j := range jobs {
		s = append(s, j.name)
	}
	return strings.Join(s, ", ")
}
