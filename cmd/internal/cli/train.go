package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"digits/core"
)

// Trained is what a trainer command needs of its trainer: core.Trainer
// and core.OneHiddenTrainer both have it.
type Trained interface {
	// RunEpoch trains one epoch.
	RunEpoch() (core.EpochStats, error)
	// Network is the network being trained: to evaluate and to save.
	Network() core.Model
}

var (
	_ Trained = (*core.Trainer)(nil)
	_ Trained = (*core.OneHiddenTrainer)(nil)
)

// Train runs f.Epochs epochs with progress on stdout, or as a bar on
// stderr if it is a terminal, with the test accuracy every --eval_every
// epochs (and every epoch for --plot). Then it saves the model (--save)
// and the plot (--plot), prints the confusion matrix (--confusion) and
// the closing lines, "Test accuracy: NN.NN%" last.
func (f *TrainFlags) Train(stdout, stderr io.Writer, t Trained, train, test *core.Dataset) error {
	fmt.Fprintln(stdout, f.Describe(train.Size(), train.N))
	var curves Curves
	p := NewProgress(stdout, stderr, f.Epochs)
	for e := 1; e <= f.Epochs; e++ {
		s, err := t.RunEpoch()
		if err != nil {
			return err
		}
		note := ""
		every := f.EvalEvery > 0 && e%f.EvalEvery == 0
		if f.Plot != "" || every {
			acc := t.Network().Accuracy(test)
			curves.Add(s.Loss, s.Accuracy, acc)
			if every {
				note = fmt.Sprintf("test acc %.2f%%", 100*acc)
			}
		}
		p.Epoch(s, note)
	}
	elapsed := p.Done()
	net := t.Network()
	if err := SaveModel(f.Save, net, stdout); err != nil {
		return err
	}
	if err := f.savePlot(&curves, train); err != nil {
		return err
	}
	if f.Plot != "" {
		fmt.Fprintf(stdout, "Plot saved to %s\n", f.Plot)
	}
	fmt.Fprintf(stdout, "Training time: %s (%.3f s per epoch)\n", elapsed.Round(10e6), elapsed.Seconds()/float64(f.Epochs))
	if f.Confusion {
		c, err := core.NewConfusion(net, test)
		if err != nil {
			return err
		}
		PrintConfusion(stdout, &c, "test images")
	}
	fmt.Fprintf(stdout, "Train accuracy: %.2f%%\n", 100*net.Accuracy(train))
	fmt.Fprintf(stdout, "Test accuracy: %.2f%%\n", 100*net.Accuracy(test))
	return nil
}

// savePlot writes the curves to --plot, with LeCun et al.'s figure for a
// comparable network when training on MNIST (their figures say nothing of
// another --data set). A temporary file first, so that a failed write
// never leaves half a picture.
func (f *TrainFlags) savePlot(c *Curves, train *core.Dataset) error {
	if f.Plot == "" {
		return nil
	}
	var ref *core.LeCunResult
	if r, ok := core.MatchingLeCun(f.Hidden); ok && f.Data == "" {
		ref = &r
	}
	title := fmt.Sprintf("%s on %d images: %s, learning rate %g, %s init, seed %d",
		core.SizesString(f.Sizes(train.Size())), train.N, f.batchName(train.N), f.LearningRate, f.Init, f.Seed)
	var buf bytes.Buffer
	if err := WritePlot(&buf, title, c, ref); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	tmp := f.Plot + ".tmp"
	err := os.WriteFile(tmp, buf.Bytes(), 0o644)
	if err == nil {
		err = os.Rename(tmp, f.Plot)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save plot %s: %w", f.Plot, err)
	}
	return nil
}
