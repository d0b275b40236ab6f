// Command reproduce reruns the README's accuracy table: the seed's
// networks trained full batch as the numpy scripts did, the tutorial
// replica, the hand-written one-hidden-layer network, and LeNet-5 (LeCun
// et al. 1998's 0.95% error). It runs the
// project's own commands one after the other, keeps each run's output in
// --out, and prints a Markdown table of test accuracy, error, wall time
// and peak memory.
//
// Usage (make reproduce does this):
//
//	go build -o bin/ ./cmd/...
//	go run ./cmd/reproduce [--bin bin] [--out out/reproduce] [--long] [--only NAME,...]
//
// The standard runs take about half an hour on a 2-core machine; --long
// adds 784-300-100-10 for 2000 and 5000 epochs (hours more).
package main

import (
	"bufio"
	"bytes"
	"flag"
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
)

// A run is one row of the table.
type run struct {
	name string   // short name, also the log file's
	cmd  []string // the command (its first word a binary in --bin)
	long bool     // only with --long
}

var runs = []run{
	{name: "train-32-16", cmd: strings.Fields("train --n_hidden 32 16 --epochs 500 --learning_rate 0.2 --initial_params he")},
	{name: "train-300", cmd: strings.Fields("train --n_hidden 300 --epochs 1000 --learning_rate 0.2")},
	{name: "train-300-100", cmd: strings.Fields("train --n_hidden 300 100 --epochs 1000 --learning_rate 0.2")},
	{name: "samson", cmd: strings.Fields("samson")},
	{name: "one-hidden-10", cmd: strings.Fields("one-hidden-layer --n_hidden 10 --learning_rate 0.1 --epochs 500 --initial_params samson")},
	{name: "lenet5-e3", cmd: strings.Fields("train --arch lenet5 --batch_size 64 --learning_rate 0.2 --epochs 3 --seed 1")},
	{name: "lenet5-e20", cmd: strings.Fields("train --arch lenet5 --batch_size 64 --learning_rate 0.1 --epochs 20 --seed 1")},
	{name: "train-300-100-e2000", cmd: strings.Fields("train --n_hidden 300 100 --epochs 2000 --learning_rate 0.2"), long: true},
	{name: "train-300-100-e5000", cmd: strings.Fields("train --n_hidden 300 100 --epochs 5000 --learning_rate 0.2"), long: true},
}

var testAccuracy = regexp.MustCompile(`^Test accuracy: (\d+\.\d\d)%$`)

func main() {
	bin := flag.String("bin", "bin", "folder holding the built commands (go build -o bin/ ./cmd/...)")
	out := flag.String("out", "out/reproduce", "folder for each run's output")
	long := flag.Bool("long", false, "also run 784-300-100-10 for 2000 and 5000 epochs")
	only := flag.String("only", "", "run only these comma-separated names: "+names())
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "reproduce: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "reproduce:", err)
		os.Exit(1)
	}
	var rows []string
	failed := false
	for _, r := range runs {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), r.name) || *only == "" && r.long && !*long {
			continue
		}
		fmt.Printf("== %s: %s\n", r.name, strings.Join(r.cmd, " "))
		row, err := execute(r, *bin, *out)
		if err != nil {
			fmt.Fprintf(os.Stderr, "reproduce: %s: %v\n", r.name, err)
			failed = true
			continue
		}
		fmt.Println(row)
		rows = append(rows, row)
	}
	fmt.Println()
	fmt.Println("| command | test accuracy | error | wall time | peak memory |")
	fmt.Println("|---|---|---|---|---|")
	for _, row := range rows {
		fmt.Println(row)
	}
	if failed {
		os.Exit(1)
	}
}

// execute runs r, saving its output, and returns its table row.
func execute(r run, bin, out string) (string, error) {
	logPath := filepath.Join(out, r.name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return "", err
	}
	defer logFile.Close()
	var tail bytes.Buffer
	c := exec.Command(filepath.Join(bin, r.cmd[0]), r.cmd[1:]...)
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
		"go run ./cmd/"+strings.Join(r.cmd, " "), acc, 100-acc, wall.Round(time.Second), peakMemory(c.ProcessState)), nil
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
	for _, r := range runs {
		s = append(s, r.name)
	}
	return strings.Join(s, ",")
}
