// Command makemodel trains the default model that the classify command
// and the app load first, and writes it to assets/default.model.
//
//	go run ./cmd/makemodel                 # the committed model (make model)
//	go run ./cmd/makemodel --epochs 2 --out /tmp/quick.model
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
// Each epoch prints its training loss and accuracy and the accuracy on
// the 10,000 test images, plain and preprocessed; the last line is
// "Test accuracy: NN.NN%" on the plain test set.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"digits/core"
	"digits/core/draw"
	"digits/data"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command's flags.
type options struct {
	hidden    []int
	epochs    int
	batch     int
	rate      float64
	seed      uint64
	augment   bool
	out       string
	trainSize int
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := train(o, stdout); err != nil {
		fmt.Fprintln(stderr, "makemodel:", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("makemodel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hidden := fs.String("n_hidden", "512,256", "hidden layer sizes, comma-separated")
	fs.IntVar(&o.epochs, "epochs", 50, "passes over the training images")
	fs.IntVar(&o.batch, "batch_size", 64, "images per gradient step")
	fs.Float64Var(&o.rate, "learning_rate", 0.1, "starting learning rate (cosine decay to a tenth)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed for the initial weights, the shuffling and the distortions")
	fs.BoolVar(&o.augment, "augment", true, "redraw the training images with random distortions every epoch")
	fs.StringVar(&o.out, "out", filepath.Join("assets", "default.model"), "model file to write")
	fs.IntVar(&o.trainSize, "train_size", 0, "use only the first N training images (0 = all), for quick trials")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: makemodel [--n_hidden 512,256] [--epochs 50] [--batch_size 64] [--learning_rate 0.1] [--seed 1] [--augment=true] [--out assets/default.model]")
		fs.PrintDefaults()
	}
	fail := func(format string, a ...any) (options, error) {
		err := fmt.Errorf(format, a...)
		fmt.Fprintln(stderr, "makemodel:", err)
		fs.Usage()
		return o, err
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q", fs.Arg(0))
	}
	for _, f := range strings.Split(*hidden, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > core.MaxLayerSize {
			return fail("--n_hidden %q: want sizes from 1 to %d separated by commas", *hidden, core.MaxLayerSize)
		}
		o.hidden = append(o.hidden, n)
	}
	switch {
	case o.epochs < 1:
		return fail("--epochs %d: want at least 1", o.epochs)
	case o.batch < 1:
		return fail("--batch_size %d: want at least 1", o.batch)
	case !(o.rate > 0) || math.IsInf(o.rate, 0):
		return fail("--learning_rate %v: want a positive number", o.rate)
	case o.out == "":
		return fail("--out: want a file name")
	}
	return o, nil
}

func train(o options, stdout io.Writer) error {
	start := time.Now()
	trainSet, test, err := core.LoadMNIST(data.FS)
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
	if err := save(o.out, net); err != nil {
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

// save writes the model to a temporary file first, so that an
// interrupted run never leaves a half-written model behind.
func save(path string, net *core.Network) error {
	var buf bytes.Buffer
	if err := core.WriteModel(&buf, net); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
