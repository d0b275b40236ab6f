// Command train trains a fully connected network on MNIST with gradient
// descent, exactly as the numpy scripts this project grew from, and
// prints its test accuracy.
//
// Usage:
//
//	go run ./cmd/train [flags]
//	go run ./cmd/train --n_hidden 32 16 --epochs 500 --learning_rate 0.2 --initial_params he
//	go run ./cmd/train --n_hidden 300 100 --batch_size 64 --learning_rate 0.1 --epochs 10
//
// The network:
//
//	--n_hidden N...       hidden layer sizes, any number of layers (default 32 16);
//	                      "--n_hidden 300 100" or "--n_hidden=300,100"
//	--initial_params S    he, gaussian or samson (default he)
//	--seed N              random seed (default 0): the same seed gives the same numbers
//
// Training:
//
//	--epochs N            epochs (default 500); full batch: one gradient step per epoch
//	--learning_rate X     step size (default 0.2); --lr is the same flag
//	--batch_size N        0 = full batch over all images (the default, as the numpy
//	                      scripts); N > 0 = mini-batch SGD, reshuffled every epoch
//	--data DIR            a folder with the four MNIST-format files (default: the
//	                      embedded MNIST)
//
// Output:
//
//	--eval_every N        also print the test accuracy every N epochs
//	--save FILE           write the trained model to FILE (cmd/classify --model reads it)
//	--plot FILE.png       draw the loss and the training and test accuracy of every
//	                      epoch (the test accuracy is then measured after each), with
//	                      LeCun et al. 1998's figure for a comparable network, if
//	                      there is one, as a dashed line; refused before training if
//	                      the file cannot be written
//	--confusion           print the test confusion matrix (rows: true digit, columns:
//	                      the guess) with each digit's recall and precision
//
// Flags take one dash or two. While training it shows a progress bar on a
// terminal, or a log line every 5% of the epochs otherwise. The last line
// it prints is "Test accuracy: NN.NN%".
//
// Exit status: 0 trained; 1 training diverged (the loss became NaN,
// infinite or ten times the untrained network's: lower the learning rate)
// or the model could not be saved; 2 a bad command line or --data folder,
// with one line saying what is wrong, then the usage.
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
	err := cmd.Parse(args)
	if err == nil {
		err = f.Validate(0)
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
	t, err := core.NewTrainer(net, trainSet, float32(f.LearningRate), f.BatchSize, f.Seed)
	if err != nil {
		return err
	}
	return f.Train(stdout, stderr, t, trainSet, testSet)
}
