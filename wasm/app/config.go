package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"digits/core"
)

// Config is what the training panel sets: the architecture, for a fully
// connected one its hidden layers (the input 784 and the output 10 are
// implied), which preset they come from, learning rate, batch size (0 =
// full batch, one step per epoch as the numpy scripts do),
// initialisation and the seed. The same Config always trains the same
// network.
type Config struct {
	Arch   Arch
	Hidden []int  // MLP's hidden layers; nil for LeNet-5, whose layers are fixed
	Preset Preset // the preset the architecture was picked from, or CustomSizes
	Rate   float32
	Batch  int
	Init   core.Init
	Seed   uint64
}

// Arch is a kind of network the panel trains: fully connected (MLP, the
// zero value) or LeNet-5, as cmd/train's --arch names them.
type Arch uint8

const (
	MLP    Arch = iota // fully connected, of Config.Hidden
	LeNet5             // core.NewLeNet5
)

// String is the architecture's name in the URL and for cmd/train's
// --arch: "mlp" or "lenet5".
func (a Arch) String() string {
	if a == LeNet5 {
		return "lenet5"
	}
	return "mlp"
}

// ParseArch reads an architecture's name as String writes it ("" is
// mlp, as in a Settings message from an older page).
func ParseArch(s string) (Arch, error) {
	switch s {
	case "mlp", "":
		return MLP, nil
	case "lenet5":
		return LeNet5, nil
	}
	return MLP, fmt.Errorf("%q: want mlp or lenet5", s)
}

// Name is the network's name as the panel shows it: "784-300-100-10" or
// "LeNet-5".
func (c Config) Name() string {
	if c.Arch == LeNet5 {
		return LeNet5Name
	}
	return core.SizesString(c.Sizes())
}

// LeNet5Name is how the app names LeNet-5.
const LeNet5Name = "LeNet-5"

// NewModel makes the untrained network of c with core's seeded
// initialisation, the same bits as cmd/train makes from the same settings.
func (c Config) NewModel() (core.Model, error) {
	if c.Arch == LeNet5 {
		return core.NewLeNet5(c.Init, c.Seed)
	}
	return core.NewInitialized(c.Sizes(), c.Init, c.Seed)
}

// Preset names one of the architectures one click away on the panel.
type Preset int

const (
	SeedPreset    Preset = iota // the seed's 784-32-16-10
	LeCunPreset                 // LeCun et al. 1998's 784-300-100-10
	DefaultPreset               // the pretrained default model's shape
	LeNetPreset                 // LeNet-5, convolutional
	NumPresets                  // how many presets there are

	// CustomSizes marks hidden sizes typed into the panel's field rather
	// than picked from a preset.
	CustomSizes = NumPresets
)

// Architecture is a preset's kind of network, its hidden layers and where
// they come from.
type Architecture struct {
	Arch   Arch
	Hidden []int  // for MLP
	Origin string // "seed", "LeCun", "default"; "" for LeNet-5
}

// Label is how the panel's button names it, e.g. "300-100 (LeCun)",
// "LeNet-5".
func (a Architecture) Label() string {
	if a.Arch == LeNet5 {
		return LeNet5Name
	}
	return HiddenLabel(a.Hidden) + " (" + a.Origin + ")"
}

// HiddenLabel writes hidden sizes as the panel shows them: "300-100", or
// "no hidden layer".
func HiddenLabel(hidden []int) string {
	if len(hidden) == 0 {
		return "no hidden layer"
	}
	return core.SizesString(hidden)
}

// The two presets that do not depend on the pretrained model.
var (
	seedArchitecture  = Architecture{Hidden: []int{32, 16}, Origin: "seed"}
	lecunArchitecture = Architecture{Hidden: []int{300, 100}, Origin: "LeCun"}
)

// Presets lists the architectures one click away: the seed's and LeCun's,
// the shape of the pretrained model the pad starts with, and LeNet-5.
func Presets(pretrained *core.Network) [NumPresets]Architecture {
	return [NumPresets]Architecture{
		SeedPreset:    {Hidden: slices.Clone(seedArchitecture.Hidden), Origin: seedArchitecture.Origin},
		LeCunPreset:   {Hidden: slices.Clone(lecunArchitecture.Hidden), Origin: lecunArchitecture.Origin},
		DefaultPreset: {Hidden: slices.Clone(pretrained.Sizes[1 : len(pretrained.Sizes)-1]), Origin: "default"},
		LeNetPreset:   {Arch: LeNet5},
	}
}

// Rates and Batches are the steps of the learning-rate and batch buttons.
var (
	Rates   = []float32{0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1}
	Batches = []int{0, 16, 32, 64, 128, 256, 1000}
)

// DefaultConfig is the panel's starting point: LeCun's 784-300-100-10,
// trained by mini-batch SGD (batch 32, learning rate 0.1), which passes
// 97% test accuracy in its second epoch, about a minute in a browser.
// The default model's own shape is bigger and trains about twice as
// slowly in WebAssembly.
func DefaultConfig() Config {
	return Config{Hidden: slices.Clone(lecunArchitecture.Hidden), Preset: LeCunPreset, Rate: 0.1, Batch: 32, Init: core.InitHe, Seed: 1}
}

// Equal reports whether two configurations are the same settings.
func (c Config) Equal(d Config) bool {
	return sameShape(c, d) && c.Preset == d.Preset && c.Rate == d.Rate
}

// sameShape reports whether c and d train the same network from the same
// start: everything but the learning rate, which may change mid-training.
func sameShape(c, d Config) bool {
	return c.Arch == d.Arch && slices.Equal(c.Hidden, d.Hidden) && c.Batch == d.Batch && c.Init == d.Init && c.Seed == d.Seed
}

// Sizes is an MLP's full layer list, 784 inputs and 10 outputs included.
func (c Config) Sizes() []int {
	s := append([]int{784}, c.Hidden...)
	return append(s, 10)
}

// BatchLabel writes the batch size the way the panel shows it.
func BatchLabel(b int) string {
	if b == 0 {
		return "full (60,000)"
	}
	return strconv.Itoa(b)
}

// StepRate moves the learning rate one step up (dir > 0) or down the list.
func StepRate(r float32, dir int) float32 {
	i := nearest(len(Rates), func(i int) float64 { return float64(Rates[i]) }, float64(r))
	return Rates[clampInt(i+dir, 0, len(Rates)-1)]
}

// StepBatch moves the batch size one step along Batches (full batch first).
func StepBatch(b, dir int) int {
	i := 0
	for j, v := range Batches {
		if v == b {
			i = j
		}
	}
	return Batches[clampInt(i+dir, 0, len(Batches)-1)]
}

// ParseHidden reads custom hidden sizes as typed: "128 64", "128-64",
// "128,64". Zero to four layers of 1 to 2048 neurons (bigger ones would
// train too slowly in a page to be any fun).
func ParseHidden(s string) ([]int, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '-' || r == 'x' })
	if len(f) > 4 {
		return nil, fmt.Errorf("%d hidden layers: at most 4", len(f))
	}
	out := []int{}
	for _, w := range f {
		n, err := strconv.Atoi(w)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number of neurons", w)
		}
		if n < 1 || n > 2048 {
			return nil, fmt.Errorf("%d neurons: each hidden layer needs 1 to 2048", n)
		}
		out = append(out, n)
	}
	return out, nil
}

// HiddenString writes hidden sizes as the custom field shows them.
func HiddenString(h []int) string {
	s := make([]string, len(h))
	for i, v := range h {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, " ")
}

func nearest(n int, at func(int) float64, v float64) int {
	best := 0
	for i := 1; i < n; i++ {
		if abs(at(i)-v) < abs(at(best)-v) {
			best = i
		}
	}
	return best
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

// ModelName names a network for the screen: its sizes when it is fully
// connected ("784-300-100-10"), "LeNet-5" when it has LeNet-5's layers,
// otherwise core's description of its layers.
func ModelName(m core.Model) string {
	if c, ok := m.(*core.ConvNet); ok && c.String() == lenet5Layers {
		return LeNet5Name
	}
	return m.String()
}

// lenet5Layers is core's description of LeNet-5's layers.
var lenet5Layers = func() string {
	n, err := core.NewLeNet5(core.InitHe, 0)
	if err != nil {
		return ""
	}
	return n.String()
}()
