// Command one-hidden-layer trains the one-hidden-layer network written
// out by hand in core/onehidden.go (W1, b1, W2, b2, every step of
// backpropagation spelled out) with the same flags as cmd/train, except
// that --n_hidden takes one number.
//
// Usage:
//
//	go run ./cmd/one-hidden-layer --n_hidden 10 --learning_rate 0.1 --epochs 500 --initial_params samson
//
// It prints progress like cmd/train and ends with "Test accuracy: NN.NN%".
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
	f.Register(cmd, []int{32}, "hidden layer size (one number), e.g. --n_hidden 10")
	err := cmd.Parse(args, "n_hidden")
	if err == nil {
		err = f.Validate(1)
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
	h, err := core.NewOneHidden(net)
	if err != nil {
		return err
	}
	t, err := core.NewOneHiddenTrainer(h, trainSet, float32(f.LearningRate), f.BatchSize, f.Seed)
	if err != nil {
		return err
	}
	return f.Train(stdout, cli.Trained{
		RunEpoch: t.RunEpoch,
		Accuracy: h.Accuracy,
		Network:  func() core.Model { return h.Network() },
	}, trainSet, testSet)
}
