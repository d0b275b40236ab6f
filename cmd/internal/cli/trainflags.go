package cli

import (
	"fmt"
	"math"
	"os"
	"strings"

	"digits/core"
	"digits/data"
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
	Arch         string // what the first line calls the network; "" = the fully connected network of --n_hidden
}

// Register adds the flags to c with the given default hidden layers.
func (f *TrainFlags) Register(c *Command, hidden []int, hiddenHelp string) {
	f.Hidden = append(IntList(nil), hidden...)
	fs := c.Flags
	fs.Var(&f.Hidden, "n_hidden", hiddenHelp)
	fs.IntVar(&f.Epochs, "epochs", 500, "training epochs (full batch: one gradient step each)")
	fs.Float64Var(&f.LearningRate, "learning_rate", 0.2, "gradient-descent step size")
	fs.Float64Var(&f.LearningRate, "lr", 0.2, "short for --learning_rate")
	fs.StringVar(&f.Init, "initial_params", "he", "initialisation: he, gaussian or samson")
	fs.Uint64Var(&f.Seed, "seed", 0, "random seed: the same seed gives the same numbers")
	fs.IntVar(&f.BatchSize, "batch_size", 0, "images per gradient step; 0 = full batch (all 60,000)")
	fs.StringVar(&f.Data, "data", "", "`DIR` with the four MNIST-format files (default: the embedded MNIST)")
	fs.StringVar(&f.Save, "save", "", "write the trained model to `FILE`")
	fs.IntVar(&f.EvalEvery, "eval_every", 0, "also print test accuracy every `N` epochs (0 = only at the end)")
}

// Validate checks the values and returns a UsageError for the first bad one.
func (f *TrainFlags) Validate(maxHidden int) error {
	if len(f.Hidden) == 0 {
		return Usagef("--n_hidden needs at least one layer size, e.g. --n_hidden 32 16")
	}
	if maxHidden > 0 && len(f.Hidden) > maxHidden {
		return Usagef("--n_hidden %v: this network has exactly %d hidden layer(s)", f.Hidden.String(), maxHidden)
	}
	for _, h := range f.Hidden {
		if h < 1 || h > core.MaxLayerSize {
			return Usagef("--n_hidden %d: each hidden layer needs 1 to %d neurons", h, core.MaxLayerSize)
		}
	}
	if f.Epochs < 1 {
		return Usagef("--epochs %d: want 1 or more", f.Epochs)
	}
	if !(f.LearningRate > 0) || math.IsInf(f.LearningRate, 0) {
		return Usagef("--learning_rate %g: want a positive number such as 0.2", f.LearningRate)
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
	batch := "full batch"
	if f.BatchSize > 0 && f.BatchSize < images {
		batch = fmt.Sprintf("mini-batches of %d", f.BatchSize)
	}
	arch := f.Arch
	if arch == "" {
		arch = core.SizesString(f.Sizes(inputs))
	}
	return fmt.Sprintf("Training %s on %d images: %s, %d epochs, learning rate %g, %s init, seed %d",
		arch, images, batch, f.Epochs, f.LearningRate, f.Init, f.Seed)
}

// LoadData loads the training and test sets: the embedded MNIST, or the
// --data folder. A bad folder is a usage error.
func (f *TrainFlags) LoadData() (train, test *core.Dataset, err error) {
	if f.Data == "" {
		return core.LoadMNIST(data.FS)
	}
	st, err := os.Stat(f.Data)
	if err != nil {
		return nil, nil, Usagef("--data %s: %v", f.Data, strings.TrimPrefix(err.Error(), "stat "+f.Data+": "))
	}
	if !st.IsDir() {
		return nil, nil, Usagef("--data %s is not a folder; give the folder holding the four MNIST files", f.Data)
	}
	train, test, err = core.LoadMNIST(os.DirFS(f.Data))
	if err != nil {
		return nil, nil, Usagef("--data %s: %v", f.Data, err)
	}
	return train, test, nil
}
