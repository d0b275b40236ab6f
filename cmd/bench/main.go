// Command bench measures how fast the project trains and classifies, and
// runs the numpy peer side by side on the same machine in the same run.
//
//	go run ./cmd/bench                    # everything, a few minutes
//	go run ./cmd/bench --epochs 3 --no-accuracy --no-wasm
//
// It prints, for our trainer and for ../shared/bench/numpy_ref.py (numpy on
// OpenBLAS, run as /usr/bin/python3 with OPENBLAS_CORETYPE and
// OPENBLAS_L2_SIZE unset so that the peer is at its best):
//
//   - the median (and best) seconds per full-batch epoch on the 60,000
//     training images for 784-32-16-10, 784-300-10 and 784-300-100-10,
//     with the ratios ours / numpy, and each run's peak memory (maximum
//     resident set of the child process);
//   - mini-batch (batch 64) training speed in images per second, for
//     784-300-100-10, on all CPUs and on one (median of five runs);
//   - the same in WebAssembly, under Node (a test binary built with
//     GOOS=js GOARCH=wasm, with the SIMD128 kernel module; median of five
//     runs), and its ratio to the native single-CPU figure;
//   - the latency of classifying one image (Network.Predict);
//   - the time for mini-batch SGD (784-300-100-10, learning rate 0.2,
//     batch 64) to reach 98.0% test accuracy (median of five runs).
//
// Each measurement runs in a child process (this same program, with the
// hidden flag --child), so that peak memory is that measurement's alone.
//
// Flags (one dash or two; the dashed spellings --no-numpy, --no-wasm and
// --no-accuracy of earlier versions work too):
//
//	--epochs N       full-batch epochs per network (default 5); the median is reported
//	--peer DIR       folder of numpy_ref.py (default ../shared/bench)
//	--python PATH    Python with numpy (default /usr/bin/python3)
//	--no_numpy       skip the numpy peer
//	--no_wasm        skip the WebAssembly measurement
//	--no_accuracy    skip the run to 98.0%
//
// It always trains on the embedded MNIST, the set the numpy peer reads too.
// It prints the load average at the start and at the end and warns when
// it is above 1: measure on a quiet machine (other work slows numpy's
// threaded BLAS more than us, so ratios taken under load flatter us), and
// compare ratios measured in one run, not figures from different runs. Exit status: 0 measured; 1 a measurement
// failed; 2 a bad command line.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"digits/cmd/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command's flags; the last three are those of a child
// process, which runs one measurement.
type options struct {
	epochs                 int
	peer, python           string
	noNumpy, noWasm, noAcc bool
	child                  string
	sizes                  cli.IntList
	rate                   float64
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("bench", "")
	o := options{sizes: cli.IntList{784, 300, 100, 10}}
	cmd.IntVar(&o.epochs, "epochs", 5, "full-batch epochs per network; the median is reported")
	cmd.StringVar(&o.peer, "peer", "../shared/bench", "`DIR` of the numpy peer numpy_ref.py")
	cmd.StringVar(&o.python, "python", "/usr/bin/python3", "`PATH` of a Python with numpy")
	cmd.BoolVar(&o.noNumpy, "no_numpy", false, "skip the numpy peer")
	cmd.Alias("no_numpy", "no-numpy")
	cmd.BoolVar(&o.noWasm, "no_wasm", false, "skip the WebAssembly measurement")
	cmd.Alias("no_wasm", "no-wasm")
	cmd.BoolVar(&o.noAcc, "no_accuracy", false, "skip the mini-batch run to 98.0% test accuracy")
	cmd.Alias("no_accuracy", "no-accuracy")
	cmd.StringVar(&o.child, "child", "", "run one measurement: full, minibatch or accuracy")
	cmd.Var(&o.sizes, "sizes", "the network of a --child run, input to output")
	cmd.Float64Var(&o.rate, "learning_rate", 0.1, "learning rate of a --child accuracy run")
	cmd.Hide("child", "sizes", "learning_rate")
	err := cmd.Parse(args)
	if err == nil && (o.epochs < 1 || o.epochs > 1000) {
		err = cli.Usagef("--epochs %d: want 1 to 1000", o.epochs)
	}
	if err == nil && o.child != "" {
		err = runChild(stdout, o.child, o.sizes, o.epochs, o.rate)
	} else if err == nil {
		err = measure(stdout, &o)
	}
	return cmd.Exit(stderr, err)
}

// measure runs every measurement and prints the report.
func measure(stdout io.Writer, o *options) error {
	host, _ := os.Hostname()
	fmt.Fprintf(stdout, "bench: %s, %s %s/%s, %d CPUs, %s, %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuName(), host)
	checkLoad(stdout, "at start")
	fmt.Fprintln(stdout)
	r := &report{out: stdout, epochs: o.epochs, peer: o.peer, python: o.python, numpy: !o.noNumpy}
	if err := r.fullBatch(); err != nil {
		return err
	}
	if err := r.miniBatch(!o.noWasm); err != nil {
		return err
	}
	if err := r.latency(); err != nil {
		return err
	}
	if !o.noAcc {
		if err := r.accuracy(); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout)
	checkLoad(stdout, "at end")
	return nil
}

// runs is how many times every figure is measured; the report gives
// medians. A single run says little on a machine where other work comes
// and goes.
const runs = 5

// checkLoad prints the load average and warns when it is above 1: other
// work is running, which slows numpy's multi-threaded BLAS far more than
// our trainer, so the ratios would flatter us. Figures worth quoting come
// from a quiet machine.
func checkLoad(w io.Writer, when string) {
	avg := loadAverage()
	fmt.Fprintf(w, "load average %s: %s\n", when, avg)
	fmt.Fprint(w, loadWarning(avg))
}

// loadWarning is the warning for a load average line ("0.52 0.40 0.33"),
// or "" when its one-minute figure is 1 or less.
func loadWarning(avg string) string {
	f := strings.Fields(avg)
	if len(f) == 0 {
		return ""
	}
	one, err := strconv.ParseFloat(f[0], 64)
	if err != nil || one <= 1 {
		return ""
	}
	return fmt.Sprintf("WARNING: the load average is %.2f, above 1: other work is running. It slows numpy's threaded BLAS\n"+
		"more than us, so the ratios flatter us. Wait until uptime shows under 1 and measure again.\n", one)
}
