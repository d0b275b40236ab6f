package cli

import (
	"fmt"
	"io"

	"digits/core"
)

// Trained is what a trainer command needs of its trainer: core.Trainer
// and core.OneHiddenTrainer both fit.
type Trained struct {
	RunEpoch func() (core.EpochStats, error) // one epoch of training
	Accuracy func(d *core.Dataset) float64   // the network's accuracy on d
	Network  func() core.Model               // the network, to save
}

// Train runs f.Epochs epochs with progress on stdout (and the test
// accuracy every --eval_every epochs), saves the model to --save, and
// prints the closing lines, "Test accuracy: NN.NN%" last.
func (f *TrainFlags) Train(stdout io.Writer, t Trained, train, test *core.Dataset) error {
	fmt.Fprintln(stdout, f.Describe(train.Size(), train.N))
	p := NewProgress(stdout, f.Epochs)
	for e := 1; e <= f.Epochs; e++ {
		s, err := t.RunEpoch()
		if err != nil {
			return err
		}
		note := ""
		if f.EvalEvery > 0 && e%f.EvalEvery == 0 {
			note = fmt.Sprintf("test acc %.2f%%", 100*t.Accuracy(test))
		}
		p.Epoch(s, note)
	}
	elapsed := p.Done()
	if err := SaveModel(f.Save, t.Network(), stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Training time: %s (%.3f s per epoch)\n", elapsed.Round(10e6), elapsed.Seconds()/float64(f.Epochs))
	fmt.Fprintf(stdout, "Train accuracy: %.2f%%\n", 100*t.Accuracy(train))
	fmt.Fprintf(stdout, "Test accuracy: %.2f%%\n", 100*t.Accuracy(test))
	return nil
}
