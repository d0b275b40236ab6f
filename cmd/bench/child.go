package main

import (
	"fmt"
	"io"
	"time"

	"digits/cmd/internal/cli"
	"digits/core"
)

// runChild does one measurement and prints its results as lines
// "RESULT name value" for the parent to read.
func runChild(stdout io.Writer, kind string, sizes []int, epochs int, lr float64) error {
	if err := core.CheckSizes(sizes); err != nil {
		return cli.Usagef("--sizes: %v", err)
	}
	train, test, err := cli.LoadMNIST("")
	if err != nil {
		return err
	}
	switch kind {
	case "full":
		// Full-batch gradient descent as the numpy scripts: one step per
		// epoch over all 60,000 images, learning rate 0.2, he.
		net, err := core.NewInitialized(sizes, core.InitHe, 1)
		if err != nil {
			return err
		}
		tr, err := core.NewTrainer(net, train, 0.2, 0, 1)
		if err != nil {
			return err
		}
		for range epochs {
			start := time.Now()
			if _, err := tr.RunEpoch(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "RESULT epoch_seconds %.6f\n", time.Since(start).Seconds())
		}
	case "minibatch":
		// The workload of core's BenchmarkMiniBatch: 200 steps of batch 64.
		net, err := core.NewInitialized(sizes, core.InitHe, 1)
		if err != nil {
			return err
		}
		tr, err := core.NewTrainer(net, train.Subset(12800), 0.1, 64, 1)
		if err != nil {
			return err
		}
		if _, err := tr.RunEpoch(); err != nil { // warm-up
			return err
		}
		for range runs {
			start := time.Now()
			if _, err := tr.RunEpoch(); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "RESULT images_per_second %.1f\n", 12800/time.Since(start).Seconds())
		}
	case "accuracy":
		// Mini-batch SGD until the test accuracy reaches 98.0%.
		start := time.Now()
		net, err := core.NewInitialized(sizes, core.InitHe, 1)
		if err != nil {
			return err
		}
		tr, err := core.NewTrainer(net, train, float32(lr), 64, 1)
		if err != nil {
			return err
		}
		for range epochs {
			st, err := tr.RunEpoch()
			if err != nil {
				return err
			}
			_, acc, err := net.Evaluate(test)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "RESULT epoch %d %.2f %.4f\n", st.Epoch, time.Since(start).Seconds(), acc)
			if acc >= 0.98 {
				break
			}
		}
	default:
		return cli.Usagef("--child %q: want full, minibatch or accuracy", kind)
	}
	return nil
}
