// Command samson replicates Samson Zhang's tutorial "Simple MNIST NN from
// scratch (numpy, no TF/Keras)": a 784-10-10 network, weights and biases
// uniform in [-0.5, 0.5), learning rate 0.1, 500 full-batch iterations,
// with the tutorial's scalar bias gradient kept (see core/samson.go).
//
// Usage:
//
//	go run ./cmd/samson [--seed N] [--iterations N] [--data DIR] [--save FILE]
//
// Like the tutorial it prints the training accuracy every 10 iterations,
// then the accuracy on the training and test images; the last line is
// "Test accuracy: NN.NN%".
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

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("samson", "")
	var f cli.TrainFlags
	cmd.Flags.Uint64Var(&f.Seed, "seed", 0, "random seed for the starting weights")
	cmd.Flags.IntVar(&f.Epochs, "iterations", core.SamsonIterations, "full-batch gradient-descent iterations")
	cmd.Flags.StringVar(&f.Data, "data", "", "`DIR` with the four MNIST-format files (default: the embedded MNIST)")
	cmd.Flags.StringVar(&f.Save, "save", "", "write the trained model to `FILE`")
	err := cmd.Parse(args)
	if err == nil && f.Epochs < 1 {
		err = cli.Usagef("--iterations %d: want 1 or more (the tutorial does %d)", f.Epochs, core.SamsonIterations)
	}
	if err == nil {
		err = replicate(&f, stdout)
	}
	return cmd.Exit(stderr, err)
}

func replicate(f *cli.TrainFlags, stdout io.Writer) error {
	trainSet, testSet, err := f.LoadData()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Tutorial replica: %d-%d-10, samson init (seed %d), learning rate %g, %d full-batch iterations, scalar bias gradient\n",
		trainSet.Size(), core.SamsonHidden, f.Seed, core.SamsonLearningRate, f.Epochs)
	start := time.Now()
	trainAcc, testAcc, net, err := core.Samson(trainSet, testSet, f.Epochs, f.Seed, func(s core.EpochStats) {
		if (s.Epoch-1)%10 == 0 { // the tutorial prints at i % 10 == 0, counting from 0
			fmt.Fprintf(stdout, "Iteration: %d  train accuracy %.4f  loss %.4f\n", s.Epoch-1, s.Accuracy, s.Loss)
		}
	})
	if err != nil {
		return err
	}
	if err := cli.SaveModel(f.Save, net.Network(), stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Training time: %s\n", time.Since(start).Round(10*time.Millisecond))
	fmt.Fprintf(stdout, "Train accuracy: %.2f%%\n", 100*trainAcc)
	fmt.Fprintf(stdout, "Test accuracy: %.2f%%\n", 100*testAcc)
	return nil
}
