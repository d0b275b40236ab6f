// Command train trains a network on MNIST with gradient descent and
// prints its test accuracy: a fully connected network exactly as the
// numpy scripts this project grew from, or LeNet-5, LeCun et al. 1998's
// convolutional network.
//
// Usage:
//
//	go run ./cmd/train --n_hidden 32 16 --epochs 500 --learning_rate 0.2 --initial_params he
//	go run ./cmd/train --arch lenet5 --batch_size 64 --learning_rate 0.2 --epochs 3 --seed 1
//
// Flags (with the numpy scripts' names; --n_hidden=32,16 works too):
//
//	--arch A              mlp (fully connected, the default) or lenet5
//	--n_hidden N...       mlp's hidden layer sizes (default 32 16); not with lenet5
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
	"flag"
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
	f.Register(cmd, []int{32, 16}, "mlp's hidden layer sizes, e.g. --n_hidden 32 16 or --n_hidden=300,100")
	arch := cmd.Flags.String("arch", "mlp", "the network: mlp (fully connected, of --n_hidden) or lenet5 (LeCun's convolutional network)")
	err := cmd.Parse(args, "n_hidden")
	if err == nil {
		err = checkArch(cmd.Flags, *arch)
	}
	if err == nil {
		err = f.Validate(0)
	}
	if err == nil {
		err = train(&f, *arch, stdout)
	}
	return cmd.Exit(stderr, err)
}

// checkArch checks --arch, and that --n_hidden is not given with lenet5,
// whose layers are fixed.
func checkArch(fs *flag.FlagSet, arch string) error {
	switch arch {
	case "mlp":
		return nil
	case "lenet5":
		hidden := false
		fs.Visit(func(f *flag.Flag) { hidden = hidden || f.Name == "n_hidden" })
		if hidden {
			return cli.Usagef("--n_hidden belongs to --arch mlp; LeNet-5's layers are fixed (leave --n_hidden out)")
		}
		return nil
	}
	return cli.Usagef("--arch %s: want mlp (fully connected) or lenet5", arch)
}

func train(f *cli.TrainFlags, arch string, stdout io.Writer) error {
	trainSet, testSet, err := f.LoadData()
	if err != nil {
		return err
	}
	net, err := newNetwork(f, arch, trainSet)
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

// newNetwork makes the network --arch names, initialised from --seed.
func newNetwork(f *cli.TrainFlags, arch string, d *core.Dataset) (core.Model, error) {
	if arch == "lenet5" {
		if d.Rows != 28 || d.Cols != 28 {
			return nil, cli.Usagef("--arch lenet5 reads 28×28 images, but --data %s holds %d×%d ones", f.Data, d.Rows, d.Cols)
		}
		net, err := core.NewLeNet5(core.Init(f.Init), f.Seed)
		if err != nil {
			return nil, err
		}
		f.Arch = "LeNet-5 (" + net.String() + ")"
		return net, nil
	}
	return core.NewInitialized(f.Sizes(d.Size()), core.Init(f.Init), f.Seed)
}
