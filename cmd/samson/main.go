// Command samson replicates Samson Zhang's tutorial "Simple MNIST NN from
// scratch (numpy, no TF/Keras)": a 784-10-10 network, weights and biases
// uniform in [-0.5, 0.5), learning rate 0.1, 500 full-batch iterations,
// with the tutorial's scalar bias gradient kept (see core/samson.go).
//
// Usage:
//
//	go run ./cmd/samson [flags]
//
// Flags (one dash or two):
//
//	--iterations N    full-batch gradient-descent iterations (default 500, as the tutorial)
//	--seed N          random seed for the starting weights (default 0)
//	--data DIR        a folder with the four MNIST-format files (default: the embedded MNIST)
//	--save FILE       write the trained model to FILE
//
// Like the tutorial it prints the training accuracy every 10 iterations,
// then the accuracy on the training and test images; the last line is
// "Test accuracy: NN.NN%". A bad flag or --data folder gets one line
// saying what is wrong, the usage and exit status 2.
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"digits/cmd/internal/cli"
	"digits/core"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command's flags.
type options struct {
	iterations int
	seed       uint64
	data       string
	save       string
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("samson", "")
	var o options
	cmd.IntVar(&o.iterations, "iterations", core.SamsonIterations, "full-batch gradient-descent iterations")
	cmd.Uint64Var(&o.seed, "seed", 0, "random seed for the starting weights")
	cmd.DataVar(&o.data)
	cmd.StringVar(&o.save, "save", "", "write the trained model to `FILE`")
	err := cmd.Parse(args)
	if err == nil && o.iterations < 1 {
		err = cli.Usagef("--iterations %d: want 1 or more (the tutorial does %d)", o.iterations, core.SamsonIterations)
	}
	if err == nil {
		err = replicate(&o, stdout)
	}
	return cmd.Exit(stderr, err)
}

func replicate(o *options, stdout io.Writer) error {
	trainSet, testSet, err := cli.LoadMNIST(o.data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Tutorial replica: %d-%d-10, samson init (seed %d), learning rate %g, %d full-batch iterations, scalar bias gradient\n",
		trainSet.Size(), core.SamsonHidden, o.seed, core.SamsonLearningRate, o.iterations)
	start := time.Now()
	trainAcc, testAcc, net, err := core.Samson(trainSet, testSet, o.iterations, o.seed, func(s core.EpochStats) {
		if (s.Epoch-1)%10 == 0 { // the tutorial prints at i % 10 == 0, counting from 0
			fmt.Fprintf(stdout, "Iteration: %d  train accuracy %.4f  loss %.4f\n", s.Epoch-1, s.Accuracy, s.Loss)
		}
	})
	if err != nil {
		return err
	}
	if err := cli.SaveModel(o.save, net.Network(), stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Training time: %s\n", time.Since(start).Round(10*time.Millisecond))
	fmt.Fprintf(stdout, "Train accuracy: %.2f%%\n", 100*trainAcc)
	fmt.Fprintf(stdout, "Test accuracy: %.2f%%\n", 100*testAcc)
	return nil
}
