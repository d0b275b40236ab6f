// Command one-hidden-layer trains the one-hidden-layer network written
// out by hand in core/onehidden.go (W1, b1, W2, b2, every step of
// backpropagation spelled out): the best place to start reading. It has
// cmd/train's flags, except that --n_hidden takes one number, and prints
// the same lines; a test in core checks that both compute the same
// numbers.
//
// Usage:
//
//	go run ./cmd/one-hidden-layer [flags]
//	go run ./cmd/one-hidden-layer --n_hidden 10 --learning_rate 0.1 --epochs 500 --initial_params samson
//
// The network:
//
//	--n_hidden N          the hidden layer's size (default 32)
//	--initial_params S    he, gaussian or samson (default he)
//	--seed N              random seed (default 0): the same seed gives the same numbers
//
// Training:
//
//	--epochs N            epochs (default 500); full batch: one gradient step per epoch
//	--learning_rate X     step size (default 0.2); --lr is the same flag
//	--batch_size N        0 = full batch (the default); N > 0 = mini-batch SGD
//	--data DIR            a folder with the four MNIST-format files (default: the
//	                      embedded MNIST)
//
// Output:
//
//	--eval_every N        also print the test accuracy every N epochs
//	--save FILE           write the trained model to FILE
//	--plot FILE.png       draw the loss and the accuracies of every epoch, as cmd/train
//	--confusion           print the test confusion matrix, as cmd/train
//
// Flags take one dash or two. The last line it prints is
// "Test accuracy: NN.NN%". Exit status: 0 trained, 1 diverged or not
// saved, 2 a bad command line or --data folder (one line, then the usage).
package main

import (
	"io"
	"os"

	"digits/cmd/internal/cli"
	"digits/core"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("one-hidden-layer", "")
	var f cli.TrainFlags
	f.Register(cmd, []int{32}, "the hidden layer's size (one number), e.g. --n_hidden 10")
	err := cmd.Parse(args)
	if err == nil {
		err = f.Validate(1)
	}
	if err == nil {
		err = train(&f, stdout, stderr)
	}
	return cmd.Exit(stderr, err)
}

func train(f *cli.TrainFlags, stdout, stderr io.Writer) error {
	trainSet, testSet, err := f.LoadData()
	if err != nil {
		return err
	}
	net, err := core.NewInitialized(f.Sizes(trainSet.Size()), core.Init(f.Init), f.Seed)
	if err != nil {
		return err
	}
	h, err := core.NewOneHidden(net)
	if err != nil {
		return err
	}
	t, err := core.NewOneHiddenTrainer(h, trainSet, float32(f.LearningRate), f.BatchSize, f.Seed)
	if err != nil {
		return err
	}
	return f.Train(stdout, stderr, t, trainSet, testSet)
}
