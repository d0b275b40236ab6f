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
//     784-300-100-10, on all CPUs and on one;
//   - the same in WebAssembly, under Node (a test binary built with
//     GOOS=js GOARCH=wasm), and its ratio to the native single-CPU figure;
//   - the latency of classifying one image (Network.Predict);
//   - the wall time for mini-batch SGD (784-300-100-10, learning rate 0.2,
//     batch 64) to reach 98.0% test accuracy.
//
// Each measurement runs in a child process (this same program, with the
// hidden flag --child), so that peak memory is that measurement's alone.
//
// Flags:
//
//	--epochs N       full-batch epochs per network (default 5); the median is reported
//	--peer DIR       folder of numpy_ref.py (default ../shared/bench)
//	--python PATH    Python with numpy (default /usr/bin/python3)
//	--no-numpy       skip the numpy peer
//	--no-wasm        skip the WebAssembly measurement
//	--no-accuracy    skip the run to 98.0%
//
// The machine is usually shared: compare ratios measured in one run, not
// figures from different runs.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

func main() {
	epochs := flag.Int("epochs", 5, "full-batch epochs per network; the median is reported")
	peer := flag.String("peer", "../shared/bench", "folder of the numpy peer numpy_ref.py")
	python := flag.String("python", "/usr/bin/python3", "Python with numpy")
	noNumpy := flag.Bool("no-numpy", false, "skip the numpy peer")
	noWasm := flag.Bool("no-wasm", false, "skip the WebAssembly measurement")
	noAcc := flag.Bool("no-accuracy", false, "skip the mini-batch run to 98.0% test accuracy")
	child := flag.String("child", "", "internal: run one measurement (full, minibatch, latency, accuracy)")
	sizes := flag.String("sizes", "784-300-100-10", "internal: network of a --child run")
	lr := flag.Float64("lr", 0.1, "internal: learning rate of a --child accuracy run")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: bench [--epochs N] [--peer DIR] [--python PATH] [--no-numpy] [--no-wasm] [--no-accuracy]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "bench: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	if *epochs < 1 || *epochs > 1000 {
		fmt.Fprintf(os.Stderr, "bench: --epochs %d: want 1 to 1000\n", *epochs)
		os.Exit(2)
	}
	if *child != "" {
		if err := runChild(*child, *sizes, *epochs, *lr); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	host, _ := os.Hostname()
	fmt.Printf("bench: %s, %s %s/%s, %d CPUs, %s, %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuName(), host)
	fmt.Printf("load average at start: %s\n\n", loadAverage())
	r := &report{epochs: *epochs, peer: *peer, python: *python, numpy: !*noNumpy}
	if err := r.fullBatch(); err != nil {
		fail(err)
	}
	if err := r.miniBatch(!*noWasm); err != nil {
		fail(err)
	}
	if err := r.latency(); err != nil {
		fail(err)
	}
	if !*noAcc {
		if err := r.accuracy(); err != nil {
			fail(err)
		}
	}
	fmt.Printf("\nload average at end: %s\n", loadAverage())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
