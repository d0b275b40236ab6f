package training

import (
	"digits/cmd/internal/cli"
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
	Hidden       cli.IntList
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
	Arch         string // --arch: "mlp" (of --n_hidden) or "lenet5"; "" for a command without the flag
}

// The networks --arch names.
const (
	ArchMLP    = "mlp"
	ArchLeNet5 = "lenet5"
)

// Register adds the flags to c with the given default hidden layers, and
// --arch too if f.Arch is set (to its default) beforehand.
func (f *TrainFlags) Register(c *cli.Command, hidden []int, hiddenHelp string) {
	f.Hidden = append(cli.IntList(nil), hidden...)
	c.Group("The network:")
	if f.Arch != "" {
		c.StringVar(&f.Arch, "arch", f.Arch, "the network: mlp (fully connected, of --n_hidden) or lenet5 (LeCun's convolutional network)")
	}
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

// Validate checks the values and returns a cli.UsageError for the first bad
// one; maxLayers > 0 limits the number of hidden layers.
func (f *TrainFlags) Validate(maxLayers int) error {
	if f.Arch != "" && f.Arch != ArchMLP && f.Arch != ArchLeNet5 {
		return cli.Usagef("--arch %s: want mlp (fully connected) or lenet5", f.Arch)
	}
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
		return cli.Usagef("--initial_params %s: want he, gaussian or samson", f.Init)
	}
	if f.BatchSize < 0 {
		return cli.Usagef("--batch_size %d: want 0 (full batch) or a positive number", f.BatchSize)
	}
	if f.EvalEvery < 0 {
		return cli.Usagef("--eval_every %d: want 0 or more", f.EvalEvery)
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
		return cli.Usagef("--%s %s: the file name must end in %s", flag, path, ext)
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return cli.Usagef("--%s %s: cannot write there: %v", flag, path, err)
	}
	f.Close()
	if errors.Is(statErr, fs.ErrNotExist) {
		os.Remove(path)
	}
	return nil
}

// CheckHidden checks --n_hidden: at least one layer (at most maxLayers if
// that is > 0), each of 1 to core.MaxLayerSize neurons.
func CheckHidden(hidden cli.IntList, maxLayers int) error {
	if len(hidden) == 0 {
		return cli.Usagef("--n_hidden needs at least one layer size, e.g. --n_hidden 32 16")
	}
	if maxLayers > 0 && len(hidden) > maxLayers {
		return cli.Usagef("--n_hidden %v: this network has exactly %d hidden layer(s)", hidden.String(), maxLayers)
	}
	for _, h := range hidden {
		if h < 1 || h > core.MaxLayerSize {
			return cli.Usagef("--n_hidden %d: each hidden layer needs 1 to %d neurons", h, core.MaxLayerSize)
		}
	}
	return nil
}

// CheckEpochs checks --epochs.
func CheckEpochs(epochs int) error {
	if epochs < 1 {
		return cli.Usagef("--epochs %d: want 1 or more", epochs)
	}
	return nil
}

// CheckLearningRate checks --learning_rate: positive and finite.
func CheckLearningRate(rate float64) error {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return cli.Usagef("--learning_rate %g: want a positive number such as 0.2", rate)
	}
	return nil
}

// Sizes is the whole architecture for inputs pixels and ten classes.
func (f *TrainFlags) Sizes(inputs int) []int {
	s := []int{inputs}
	s = append(s, f.Hidden...)
	return append(s, 10)
}

// Describe summarises the run of net in one line.
func (f *TrainFlags) Describe(net core.Model, images int) string {
	return fmt.Sprintf("Training %s on %d images: %s, %d epochs, learning rate %g, %s init, seed %d",
		f.netName(net), images, f.batchName(images), f.Epochs, f.LearningRate, f.Init, f.Seed)
}

// netName names the network: its sizes for a fully connected one
// ("784-32-16-10"), "LeNet-5 (its layers)" for LeNet-5.
func (f *TrainFlags) netName(net core.Model) string {
	if f.Arch == ArchLeNet5 {
		return "LeNet-5 (" + net.String() + ")"
	}
	return net.String()
}

// NewNetwork makes the network the flags ask for, for images like d's:
// --arch's, initialised with --initial_params from --seed.
func (f *TrainFlags) NewNetwork(d *core.Dataset) (core.Model, error) {
	if f.Arch == ArchLeNet5 {
		if d.Rows != 28 || d.Cols != 28 {
			return nil, cli.Usagef("--arch lenet5 reads 28×28 images, but --data %s holds %d×%d ones", f.Data, d.Rows, d.Cols)
		}
		return core.NewLeNet5(core.Init(f.Init), f.Seed)
	}
	return core.NewInitialized(f.Sizes(d.Size()), core.Init(f.Init), f.Seed)
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
	return cli.LoadMNIST(f.Data)
}
