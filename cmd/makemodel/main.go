// Command makemodel trains the default model that the classify command
// and the app load first, and writes it to assets/default.model.
//
// Usage:
//
//	go run ./cmd/makemodel [flags]
//	go run ./cmd/makemodel                 # the committed model (make model)
//	go run ./cmd/makemodel --n_hidden 128 64 --epochs 2 --out /tmp/quick.model
//
// It trains a fully connected network with mini-batch gradient descent on
// the 60,000 MNIST training images, redrawn every epoch with fresh random
// distortions (draw.AugmentDataset: rotations, slant, aspect, size, pen
// width) and run through the same preprocessing as a drawing
// (draw.PreprocessInk), so that it reads people's digits and not only
// MNIST's. The learning rate follows a cosine from --learning_rate down
// to a tenth of it over the epochs. Everything is seeded: the same flags
// give the same file, bit for bit, on any machine.
//
// The network:
//
//	--n_hidden N...      hidden layer sizes (default 512 256); "--n_hidden 512 256"
//	                     or "--n_hidden=512,256", as cmd/train takes them
//	--seed N             seed of the weights, the shuffling and the distortions (default 1)
//
// Training:
//
//	--epochs N           passes over the training images (default 50)
//	--batch_size N       images per gradient step (default 64)
//	--learning_rate X    starting learning rate (default 0.1); --lr is the same flag
//	--augment            redraw the images every epoch (default true; --augment=false
//	                     trains on MNIST as it is)
//	--data DIR           a folder with the four MNIST-format files (default: the embedded MNIST)
//	--train_size N       only the first N training images (default 0: all), for quick trials
//
// Output:
//
//	--out FILE           the model file to write (default assets/default.model)
//
// Flags take one dash or two. Each epoch prints its training loss and
// accuracy and the accuracy on the 10,000 test images, plain and
// preprocessed; the last line is "Test accuracy: NN.NN%" on the plain test
// set. A bad flag or --data folder gets one line saying what is wrong, the
// usage and exit status 2; a model that cannot be written, exit status 1.
package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"digits/cmd/internal/cli"
	"digits/core"
	"digits/core/draw"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command's flags.
type options struct {
	hidden    cli.IntList
	epochs    int
	batch     int
	rate      float64
	seed      uint64
	augment   bool
	data      string
	trainSize int
	out       string
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("makemodel", "")
	o := options{hidden: cli.IntList{512, 256}}
	cmd.Group("The network:")
	cmd.Var(&o.hidden, "n_hidden", "hidden layer sizes, e.g. --n_hidden 512 256 or --n_hidden=512,256")
	cmd.Uint64Var(&o.seed, "seed", 1, "seed for the initial weights, the shuffling and the distortions")
	cmd.Group("Training:")
	cmd.IntVar(&o.epochs, "epochs", 50, "passes over the training images")
	cmd.IntVar(&o.batch, "batch_size", 64, "images per gradient step")
	cmd.Float64Var(&o.rate, "learning_rate", 0.1, "starting learning rate (cosine decay to a tenth)")
	cmd.Alias("learning_rate", "lr")
	cmd.BoolVar(&o.augment, "augment", true, "redraw the training images with random distortions every epoch")
	cmd.DataVar(&o.data)
	cmd.IntVar(&o.trainSize, "train_size", 0, "use only the first `N` training images (0 = all), for quick trials")
	cmd.Group("Output:")
	cmd.StringVar(&o.out, "out", filepath.Join("assets", "default.model"), "model `FILE` to write")
	err := cmd.Parse(args)
	if err == nil {
		err = o.check()
	}
	if err == nil {
		err = train(o, stdout)
	}
	return cmd.Exit(stderr, err)
}

// check returns a usage error for the first bad flag.
func (o *options) check() error {
	if err := cli.CheckHidden(o.hidden, 0); err != nil {
		return err
	}
	if err := cli.CheckEpochs(o.epochs); err != nil {
		return err
	}
	if o.batch < 1 {
		return cli.Usagef("--batch_size %d: want 1 or more", o.batch)
	}
	if err := cli.CheckLearningRate(o.rate); err != nil {
		return err
	}
	if o.trainSize < 0 {
		return cli.Usagef("--train_size %d: want 0 (all) or more", o.trainSize)
	}
	if o.out == "" {
		return cli.Usagef("--out: want a file name")
	}
	return nil
}

func train(o options, stdout io.Writer) error {
	start := time.Now()
	trainSet, test, err := cli.LoadMNIST(o.data)
	if err != nil {
		return err
	}
	trainSet = trainSet.Subset(o.trainSize)
	testPre, err := preprocessed(test)
	if err != nil {
		return err
	}
	sizes := append(append([]int{trainSet.Size()}, o.hidden...), 10)
	net, err := core.NewInitialized(sizes, core.InitHe, o.seed)
	if err != nil {
		return err
	}
	t, err := core.NewTrainer(net, trainSet, float32(o.rate), o.batch, o.seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "training %s on %d images, %d epochs, batch %d, learning rate %g, augmentation %v, seed %d\n",
		net, trainSet.N, o.epochs, o.batch, o.rate, o.augment, o.seed)
	for e := range o.epochs {
		if o.augment {
			// A fresh distortion of every image each epoch; the seed
			// mixes the run's seed and the epoch.
			if t.Data, err = draw.AugmentDataset(trainSet, o.seed*1_000_003+uint64(e)); err != nil {
				return err
			}
		}
		// Cosine decay from rate to rate/10: big steps while far from a
		// minimum, small ones to settle into it.
		t.LearningRate = float32(o.rate * (0.1 + 0.9*0.5*(1+math.Cos(math.Pi*float64(e)/float64(o.epochs)))))
		st, err := t.RunEpoch()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "epoch %3d  lr %.4f  loss %.4f  train %.2f%%  test %.2f%%  test preprocessed %.2f%%  %s\n",
			st.Epoch, t.LearningRate, st.Loss, 100*st.Accuracy, 100*net.Accuracy(test), 100*net.Accuracy(testPre),
			time.Since(start).Round(time.Second))
	}
	if err := cli.SaveModel(o.out, net, io.Discard); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %d parameters) in %s\n", o.out, net, net.NumParams(), time.Since(start).Round(time.Second))
	fmt.Fprintf(stdout, "Test accuracy: %.2f%%\n", 100*net.Accuracy(test))
	return nil
}

// preprocessed returns d with every image run through draw.PreprocessInk,
// as classify and the app would see it.
func preprocessed(d *core.Dataset) (*core.Dataset, error) {
	out := &core.Dataset{N: d.N, Rows: d.Rows, Cols: d.Cols, Images: make([]byte, len(d.Images)), Labels: d.Labels}
	x := make([]float32, d.Size())
	for i := range d.N {
		d.Pixels(i, x)
		p, err := draw.PreprocessInk(x, d.Cols, d.Rows)
		if err != nil {
			return nil, fmt.Errorf("test image %d: %w", i, err)
		}
		for j, v := range p {
			out.Images[i*d.Size()+j] = byte(v*255 + 0.5)
		}
	}
	return out, nil
}
