package cli

import (
	"fmt"
	"io"

	"digits/core"
)

// Trained is what a trainer command needs of its trainer: core.Trainer
// and core.OneHiddenTrainer both have it.
type Trained interface {
	// RunEpoch trains one epoch.
	RunEpoch() (core.EpochStats, error)
	// Network is the network being trained, as a general core.Network:
	// to evaluate and to save.
	Network() *core.Network
}

var (
	_ Trained = (*core.Trainer)(nil)
	_ Trained = (*core.OneHiddenTrainer)(nil)
)

// Train runs f.Epochs epochs with progress on stdout, or as a bar on
// stderr if it is a terminal (and the test accuracy every --eval_every
// epochs), saves the model to --save, and prints the closing lines,
// "Test accuracy: NN.NN%" last.
func (f *TrainFlags) Train(stdout, stderr io.Writer, t Trained, train, test *core.Dataset) error {
	fmt.Fprintln(stdout, f.Describe(train.Size(), train.N))
	p := NewProgress(stdout, stderr, f.Epochs)
	for e := 1; e <= f.Epochs; e++ {
		s, err := t.RunEpoch()
		if err != nil {
			return err
		}
		note := ""
		if f.EvalEvery > 0 && e%f.EvalEvery == 0 {
			note = fmt.Sprintf("test acc %.2f%%", 100*t.Network().Accuracy(test))
		}
		p.Epoch(s, note)
	}
	elapsed := p.Done()
	net := t.Network()
	if err := SaveModel(f.Save, net, stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Training time: %s (%.3f s per epoch)\n", elapsed.Round(10e6), elapsed.Seconds()/float64(f.Epochs))
	fmt.Fprintf(stdout, "Train accuracy: %.2f%%\n", 100*net.Accuracy(train))
	fmt.Fprintf(stdout, "Test accuracy: %.2f%%\n", 100*net.Accuracy(test))
	return nil
}
