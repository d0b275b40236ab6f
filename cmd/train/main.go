// Command train trains a fully connected network on MNIST with gradient
// descent, exactly as the numpy scripts this project grew from, and
// prints its test accuracy.
//
// Usage:
//
//	go run ./cmd/train --n_hidden 32 16 --epochs 500 --learning_rate 0.2 --initial_params he
//
// Flags (with the numpy scripts' names; --n_hidden=32,16 works too):
//
//	--n_hidden N...       hidden layer sizes (default 32 16)
//	--epochs N            epochs (default 500); full batch: one step per epoch
//	--learning_rate X     step size (default 0.2; --lr for short)
//	--initial_params S    he, gaussian or samson (default he)
//	--batch_size N        0 = full batch, the default; N > 0 = mini-batch SGD
//	--seed N              random seed (default 0): same seed, same numbers
//	--data DIR            a folder with the four MNIST-format files
//	--save FILE           write the trained model to FILE
//	--eval_every N        print the test accuracy every N epochs too
//
// While training it shows a progress bar on a terminal, or a log line
// every 5% of the epochs otherwise. The last line it prints is
// "Test accuracy: NN.NN%". A learning rate so large that the loss becomes
// NaN stops the run at that epoch with exit status 1; a bad flag gets a
// one-line error, the usage and exit status 2.
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
	cmd := cli.NewCommand("train", "")
	var f cli.TrainFlags
	f.Register(cmd, []int{32, 16}, "hidden layer sizes, e.g. --n_hidden 32 16 or --n_hidden=300,100")
	err := cmd.Parse(args, "n_hidden")
	if err == nil {
		err = f.Validate(0)
	}
	if err == nil {
		err = train(&f, stdout)
	}
	return cmd.Exit(stderr, err)
}

func train(f *cli.TrainFlags, stdout io.Writer) error {
	trainSet, testSet, err := f.LoadData()
	if err != nil {
		return err
	}
	net, err := core.NewInitialized(f.Sizes(trainSet.Size()), core.Init(f.Init), f.Seed)
	if err != nil {
		return err
	}
	t, err := core.NewTrainer(net, trainSet, float32(f.LearningRate), f.BatchSize, f.Seed)
	if err != nil {
		return err
	}
	return f.Train(stdout, cli.Trained{
		RunEpoch: t.RunEpoch,
		Accuracy: net.Accuracy,
		Network:  func() core.Model { return net },
	}, trainSet, testSet)
}
