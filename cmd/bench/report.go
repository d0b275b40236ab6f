package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"digits/cmd/internal/cli"
	"digits/core"
)

// report runs the measurements and prints them.
type report struct {
	out    io.Writer
	epochs int
	peer   string
	python string
	numpy  bool
	why    string // why the numpy peer is not run, once known
}

// numpyOK checks once that the peer can run, and says why not.
func (r *report) numpyOK() bool {
	if !r.numpy {
		if r.why == "" {
			r.why = "skipped (--no_numpy)"
		}
		return false
	}
	script := filepath.Join(r.peer, "numpy_ref.py")
	if _, err := os.Stat(script); err != nil {
		r.numpy, r.why = false, fmt.Sprintf("not run: %s not found (set --peer DIR)", script)
		return false
	}
	if err := exec.Command(r.python, "-c", "import numpy").Run(); err != nil {
		r.numpy, r.why = false, fmt.Sprintf("not run: %s cannot import numpy (apt-get install python3-numpy libopenblas0-pthread)", r.python)
		return false
	}
	return true
}

var epochTime = regexp.MustCompile(`epoch_time median ([0-9.]+)s min ([0-9.]+)s`)

// runNumpy runs the peer with args and returns its median and best epoch
// times and peak memory.
func (r *report) runNumpy(args ...string) (seconds, best float64, rss int64, err error) {
	cmd := exec.Command(r.python, append([]string{filepath.Join(r.peer, "numpy_ref.py")}, args...)...)
	// Unset what slows OpenBLAS down, so that the peer is at its best.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	res, err := collect(cmd, "")
	if err != nil {
		return 0, 0, 0, err
	}
	for _, l := range res.lines {
		if m := epochTime.FindStringSubmatch(strings.Join(l, " ")); m != nil {
			s, _ := strconv.ParseFloat(m[1], 64)
			b, _ := strconv.ParseFloat(m[2], 64)
			return s, b, res.maxRSS, nil
		}
	}
	return 0, 0, 0, fmt.Errorf("numpy peer printed no \"epoch_time median ... min ...\" line")
}

var hidden = map[string][]string{
	"784-32-16-10":   {"32", "16"},
	"784-300-10":     {"300"},
	"784-300-100-10": {"300", "100"},
}

func (r *report) fullBatch() error {
	fmt.Fprintf(r.out, "Full-batch gradient descent, 60,000 images: seconds per epoch over %d epochs, median and best (peak memory of the run)\n", r.epochs)
	fmt.Fprintf(r.out, "  %-16s %28s %28s %14s\n", "network", "ours", "numpy", "ours/numpy")
	for _, sizes := range []string{"784-32-16-10", "784-300-10", "784-300-100-10"} {
		res, err := child(nil, "--child", "full", "--sizes", strings.ReplaceAll(sizes, "-", ","), "--epochs", strconv.Itoa(r.epochs))
		if err != nil {
			return err
		}
		times := res.values("epoch_seconds")
		ours, oursBest := median(times), minimum(times)
		np, ratio := "-", "-"
		if r.numpyOK() {
			args := append([]string{"--epochs", strconv.Itoa(r.epochs), "--n_hidden"}, hidden[sizes]...)
			s, best, rss, err := r.runNumpy(args...)
			if err != nil {
				return err
			}
			np = fmt.Sprintf("%.3f %.3f s (%s)", s, best, mib(rss))
			ratio = fmt.Sprintf("%.2f %.2f", ours/s, oursBest/best)
		}
		fmt.Fprintf(r.out, "  %-16s %28s %28s %14s\n", sizes, fmt.Sprintf("%.3f %.3f s (%s)", ours, oursBest, mib(res.maxRSS)), np, ratio)
	}
	if !r.numpy {
		fmt.Fprintf(r.out, "  numpy peer %s\n", r.why)
	}
	return nil
}

var imagesPerSecond = regexp.MustCompile(`([0-9.]+) images/s`)

func (r *report) miniBatch(wasm bool) error {
	fmt.Fprintf(r.out, "\nMini-batch SGD, batch 64, 784-300-100-10 (200 steps on 12,800 images; median of %d runs)\n", runs)
	all, err := child(nil, "--child", "minibatch")
	if err != nil {
		return err
	}
	one, err := child([]string{"GOMAXPROCS=1"}, "--child", "minibatch")
	if err != nil {
		return err
	}
	goKernel, err := child([]string{"GOMAXPROCS=1", "DIGITS_KERNEL=go"}, "--child", "minibatch")
	if err != nil {
		return err
	}
	native1 := median(one.values("images_per_second"))
	nativeGo := median(goKernel.values("images_per_second"))
	fmt.Fprintf(r.out, "  native, all CPUs: %8.0f images/s\n", median(all.values("images_per_second")))
	fmt.Fprintf(r.out, "  native, one CPU:  %8.0f images/s\n", native1)
	fmt.Fprintf(r.out, "  native, one CPU, portable Go kernel (DIGITS_KERNEL=go): %8.0f images/s\n", nativeGo)
	if r.numpyOK() {
		s, _, _, err := r.runNumpy("--mode", "sgd", "--batch_size", "64", "--n_hidden", "300", "100", "--epochs", "1")
		if err != nil {
			return err
		}
		fmt.Fprintf(r.out, "  numpy (60,000 images, one epoch): %8.0f images/s\n", 60000/s)
	}
	if !wasm {
		return nil
	}
	ips, err := wasmImagesPerSecond()
	if err != nil {
		fmt.Fprintf(r.out, "  WebAssembly: not measured: %v\n", err)
		return nil
	}
	fmt.Fprintf(r.out, "  WebAssembly (Node), one CPU: %8.0f images/s = %.2f × native one CPU (%.2f × native with the portable Go kernels)\n", ips, ips/native1, ips/nativeGo)
	return nil
}

// wasmImagesPerSecond builds core's tests for js/wasm, runs
// BenchmarkMiniBatch under Node with the SIMD128 kernel module, runs times,
// and returns the median.
func wasmImagesPerSecond() (float64, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return 0, fmt.Errorf("no go command on PATH")
	}
	if _, err := exec.LookPath("node"); err != nil {
		return 0, fmt.Errorf("no node on PATH (apt-get install nodejs)")
	}
	gomod, err := exec.Command(goCmd, "env", "GOMOD").Output()
	if err != nil || len(strings.TrimSpace(string(gomod))) == 0 {
		return 0, fmt.Errorf("go env GOMOD: %v (run bench inside the digits module)", err)
	}
	// The repository's runner: Node with the kernel module the program imports.
	runner := filepath.Join(filepath.Dir(strings.TrimSpace(string(gomod))), "web", "node", "go_js_wasm_exec")
	dir, err := os.MkdirTemp("", "bench-wasm")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "core.wasm")
	build := exec.Command(goCmd, "test", "-c", "-o", bin, "digits/core")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("building core's tests for js/wasm: %v\n%s", err, out)
	}
	res, err := collect(exec.Command(runner, bin, "-test.run", "^$", "-test.bench", "^BenchmarkMiniBatch$",
		"-test.benchtime", "2x", "-test.count", strconv.Itoa(runs)), "")
	if err != nil {
		return 0, err
	}
	var ips []float64
	for _, l := range res.lines {
		if m := imagesPerSecond.FindStringSubmatch(strings.Join(l, " ")); m != nil {
			v, _ := strconv.ParseFloat(m[1], 64)
			ips = append(ips, v)
		}
	}
	if len(ips) == 0 {
		return 0, fmt.Errorf("the wasm benchmark printed no images/s")
	}
	return median(ips), nil
}

// latency times Network.Predict on single test images.
func (r *report) latency() error {
	test, err := cli.LoadSet("", "test")
	if err != nil {
		return err
	}
	fmt.Fprintf(r.out, "\nLatency of classifying one image (Network.Predict, median over 2,000 test images)\n")
	for _, sizes := range [][]int{{784, 32, 16, 10}, {784, 300, 100, 10}} {
		net, err := core.NewInitialized(sizes, core.InitHe, 1)
		if err != nil {
			return err
		}
		x := make([]float32, test.Size())
		var times []float64
		for i := range 2000 {
			test.Pixels(i, x)
			start := time.Now()
			net.Predict(x)
			times = append(times, time.Since(start).Seconds())
		}
		fmt.Fprintf(r.out, "  %-16s %8.1f µs\n", net, median(times)*1e6)
	}
	return nil
}

func (r *report) accuracy() error {
	fmt.Fprintf(r.out, "\nMini-batch SGD to 98.0%% test accuracy: 784-300-100-10, he, learning rate 0.2, batch 64, seed 1 (%d runs)\n", runs)
	var walls, trains []float64
	for run := range runs {
		res, err := child(nil, "--child", "accuracy", "--epochs", "20", "--learning_rate", "0.2")
		if err != nil {
			return err
		}
		walls = append(walls, res.wall.Seconds())
		for _, l := range res.lines {
			if len(l) != 4 || l[0] != "epoch" {
				continue
			}
			acc, _ := strconv.ParseFloat(l[3], 64)
			if run == 0 {
				fmt.Fprintf(r.out, "  epoch %2s  %6ss  test accuracy %.2f%%\n", l[1], l[2], 100*acc)
			}
			if acc >= 0.98 {
				t, _ := strconv.ParseFloat(l[2], 64)
				trains = append(trains, t)
			}
		}
		if run == 0 {
			fmt.Fprintf(r.out, "  peak memory %s\n", mib(res.maxRSS))
		}
	}
	if len(trains) > 0 {
		fmt.Fprintf(r.out, "  to 98.0%%: median %.2f s of training (best %.2f) over %d runs; whole process, decoding MNIST included, median %.1f s\n",
			median(trains), minimum(trains), len(trains), median(walls))
	}
	return nil
}
