package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"digits/core"
)

// TrainFlags are the flags of the numpy scripts, shared by cmd/train and
// cmd/one-hidden-layer, with the scripts' names and defaults.
type TrainFlags struct {
	Hidden       IntList
	Epochs       int
	LearningRate float64
	Init         string
	Seed         uint64
	BatchSize    int
	Data         string
	Save         string
	EvalEvery    int
	Plot         string // PNG file for the curves, "" for none
	Confusion    bool   // print the test confusion matrix
}

// Register adds the flags to c with the given default hidden layers.
func (f *TrainFlags) Register(c *Command, hidden []int, hiddenHelp string) {
	f.Hidden = append(IntList(nil), hidden...)
	c.Group("The network:")
	c.Var(&f.Hidden, "n_hidden", hiddenHelp)
	c.StringVar(&f.Init, "initial_params", "he", "initialisation: he, gaussian or samson")
	c.Uint64Var(&f.Seed, "seed", 0, "random seed: the same seed gives the same numbers")
	c.Group("Training:")
	c.IntVar(&f.Epochs, "epochs", 500, "training epochs (full batch: one gradient step each)")
	c.Float64Var(&f.LearningRate, "learning_rate", 0.2, "gradient-descent step size")
	c.Alias("learning_rate", "lr")
	c.IntVar(&f.BatchSize, "batch_size", 0, "images per gradient step; 0 = full batch (all 60,000)")
	c.DataVar(&f.Data)
	c.Group("Output:")
	c.IntVar(&f.EvalEvery, "eval_every", 0, "also print the test accuracy every `N` epochs (0 = only at the end)")
	c.StringVar(&f.Save, "save", "", "write the trained model to `FILE`")
	c.StringVar(&f.Plot, "plot", "", "draw the loss and the training and test accuracy per epoch into the PNG `FILE`")
	c.BoolVar(&f.Confusion, "confusion", false, "print the test confusion matrix with each digit's precision and recall")
}

// Validate checks the values and returns a UsageError for the first bad
// one; maxLayers > 0 limits the number of hidden layers.
func (f *TrainFlags) Validate(maxLayers int) error {
	if err := CheckHidden(f.Hidden, maxLayers); err != nil {
		return err
	}
	if err := CheckEpochs(f.Epochs); err != nil {
		return err
	}
	if err := CheckLearningRate(f.LearningRate); err != nil {
		return err
	}
	if _, err := core.ParseInit(f.Init); err != nil {
		return Usagef("--initial_params %s: want he, gaussian or samson", f.Init)
	}
	if f.BatchSize < 0 {
		return Usagef("--batch_size %d: want 0 (full batch) or a positive number", f.BatchSize)
	}
	if f.EvalEvery < 0 {
		return Usagef("--eval_every %d: want 0 or more", f.EvalEvery)
	}
	return CheckWritable("plot", f.Plot, ".png")
}

// CheckWritable makes sure that the file path named by --flag can be
// written, before a run that may take hours finds out it cannot: path
// must end in ext (if ext is not ""), and a file must be creatable there.
// It leaves an existing file as it was and no new one behind.
func CheckWritable(flag, path, ext string) error {
	if path == "" {
		return nil
	}
	if ext != "" && !strings.EqualFold(filepath.Ext(path), ext) {
		return Usagef("--%s %s: the file name must end in %s", flag, path, ext)
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return Usagef("--%s %s: cannot write there: %v", flag, path, err)
	}
	f.Close()
	if errors.Is(statErr, fs.ErrNotExist) {
		os.Remove(path)
	}
	return nil
}

// CheckHidden checks --n_hidden: at least one layer (at most maxLayers if
// that is > 0), each of 1 to core.MaxLayerSize neurons.
func CheckHidden(hidden IntList, maxLayers int) error {
	if len(hidden) == 0 {
		return Usagef("--n_hidden needs at least one layer size, e.g. --n_hidden 32 16")
	}
	if maxLayers > 0 && len(hidden) > maxLayers {
		return Usagef("--n_hidden %v: this network has exactly %d hidden layer(s)", hidden.String(), maxLayers)
	}
	for _, h := range hidden {
		if h < 1 || h > core.MaxLayerSize {
			return Usagef("--n_hidden %d: each hidden layer needs 1 to %d neurons", h, core.MaxLayerSize)
		}
	}
	return nil
}

// CheckEpochs checks --epochs.
func CheckEpochs(epochs int) error {
	if epochs < 1 {
		return Usagef("--epochs %d: want 1 or more", epochs)
	}
	return nil
}

// CheckLearningRate checks --learning_rate: positive and finite.
func CheckLearningRate(rate float64) error {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return Usagef("--learning_rate %g: want a positive number such as 0.2", rate)
	}
	return nil
}

// Sizes is the whole architecture for inputs pixels and ten classes.
func (f *TrainFlags) Sizes(inputs int) []int {
	s := []int{inputs}
	s = append(s, f.Hidden...)
	return append(s, 10)
}

// Describe summarises the run in one line.
func (f *TrainFlags) Describe(inputs, images int) string {
	return fmt.Sprintf("Training %s on %d images: %s, %d epochs, learning rate %g, %s init, seed %d",
		core.SizesString(f.Sizes(inputs)), images, f.batchName(images), f.Epochs, f.LearningRate, f.Init, f.Seed)
}

// batchName says how the gradient steps are taken: "full batch" or
// "mini-batches of 64".
func (f *TrainFlags) batchName(images int) string {
	if f.BatchSize > 0 && f.BatchSize < images {
		return fmt.Sprintf("mini-batches of %d", f.BatchSize)
	}
	return "full batch"
}

// LoadData loads the training and test sets named by --data.
func (f *TrainFlags) LoadData() (train, test *core.Dataset, err error) {
	return LoadMNIST(f.Data)
}
