package app

import (
	"math"
	"slices"
	"strings"
	"testing"

	"digits/core"
	"digits/wasm/protocol"
)

// arch=lenet5 selects the LeNet-5 preset with the other settings, the
// same as cmd/train --arch lenet5 with the same flags; a hidden= beside it
// is ignored with cmd/train's reason; an unknown architecture is refused
// with the default kept; hidden sizes alone never select LeNet-5.
func TestParseHashArch(t *testing.T) {
	presets := testPresets(t)
	lenet := Config{Arch: LeNet5, Preset: LeNetPreset, Rate: 0.2, Batch: 64, Init: core.InitHe, Seed: 1}
	got, problems := ParseHash("#arch=lenet5&lr=0.2&batch=64&init=he&seed=1", presets)
	if len(problems) > 0 || !got.Equal(lenet) || got.Hidden != nil {
		t.Errorf("arch=lenet5: %+v, %q", got, problems)
	}
	if h := HashOf(got); h != "arch=lenet5&lr=0.2&batch=64&init=he&seed=1" {
		t.Errorf("HashOf(LeNet-5) = %q", h)
	}
	got, problems = ParseHash("hidden=32-16&arch=lenet5&lr=0.2&batch=64&seed=1", presets)
	if !got.Equal(lenet) || len(problems) != 1 || !strings.Contains(problems[0], "hidden=32-16: hidden sizes belong to arch=mlp; LeNet-5's layers are fixed (ignored)") {
		t.Errorf("arch=lenet5 with hidden=: %+v, %q", got, problems)
	}
	got, problems = ParseHash("arch=cnn&lr=0.05", presets)
	if got.Arch != MLP || got.Rate != 0.05 || !slices.Equal(got.Hidden, DefaultConfig().Hidden) || len(problems) != 1 ||
		!strings.Contains(problems[0], "arch=cnn: unknown architecture; want mlp or lenet5 (using mlp)") {
		t.Errorf("arch=cnn: %+v, %q", got, problems)
	}
	got, problems = ParseHash("arch=mlp&hidden=none", presets)
	if len(problems) > 0 || got.Arch != MLP || got.Preset != CustomSizes || got.Hidden == nil {
		t.Errorf("arch=mlp&hidden=none: %+v, %q", got, problems)
	}
}

// The panel's presets switch the architecture; custom sizes are always
// fully connected; the architecture is part of the settings the trainer
// gets, and of what makes a fresh network.
func TestConfigArch(t *testing.T) {
	s := NewSession(pretrained(t), nil)
	s.SelectPreset(LeNetPreset)
	c := s.Config()
	if c.Arch != LeNet5 || c.Preset != LeNetPreset || c.Hidden != nil || c.Name() != "LeNet-5" {
		t.Errorf("LeNet-5 preset: %+v %q", c, c.Name())
	}
	if s.Presets()[LeNetPreset].Label() != "LeNet-5" {
		t.Errorf("LeNet-5 button: %q", s.Presets()[LeNetPreset].Label())
	}
	d := c
	d.Arch = MLP
	if c.Equal(d) || sameShape(c, d) {
		t.Error("two architectures compare equal")
	}
	for _, want := range []Config{c, DefaultConfig()} {
		got, err := configOf(decodeSettings(t, SettingsOf(want)))
		if err != nil || !sameShape(got, want) || got.Rate != want.Rate {
			t.Errorf("settings of %+v come back as %+v, %v", want, got, err)
		}
	}
	if _, err := configOf(&protocol.Settings{Arch: "vgg"}); err == nil || !strings.Contains(err.Error(), "vgg") {
		t.Errorf("an unknown architecture in the settings: %v", err)
	}
	m, err := c.NewModel()
	if err != nil || ModelName(m) != "LeNet-5" {
		t.Errorf("NewModel of LeNet-5: %v, %v", m, err)
	}
	s.SetCustomSizes([]int{50})
	if c := s.Config(); c.Arch != MLP || c.Name() != "784-50-10" {
		t.Errorf("custom sizes after LeNet-5: %+v", c)
	}
	s.SelectPreset(SeedPreset)
	if c := s.Config(); c.Arch != MLP || !slices.Equal(c.Hidden, []int{32, 16}) {
		t.Errorf("the seed's preset after LeNet-5: %+v", c)
	}
}

func decodeSettings(t *testing.T, m *protocol.Settings) *protocol.Settings {
	t.Helper()
	d, err := protocol.Decode(protocol.Encode(m))
	if err != nil {
		t.Fatal(err)
	}
	return d.(*protocol.Settings)
}

// Inside LeNet-5 for a test digit: the feature maps are the outputs of
// each convolution's ReLU, the fully connected layers' activations are
// the strips, the maps' shares of the guessed digit's score add up to it
// exactly, and the top maps are the largest shares, largest first.
func TestLookConv(t *testing.T) {
	test := testSet(t)
	net := trainedLeNet(t)
	x := make([]float32, Pixels)
	for _, i := range []int{0, 1, 7, 42} {
		test.Pixels(i, x)
		in, err := LookConv(net, x, TopShown)
		if err != nil {
			t.Fatal(err)
		}
		acts := net.Activations(x)
		if d, _ := net.Predict(x); in.Guess != d {
			t.Errorf("image %d: guess %d, Predict %d", i, in.Guess, d)
		}
		if len(in.Maps) != 2 || in.Maps[0].C != 6 || in.Maps[0].H != 28 || in.Maps[1].C != 16 || in.Maps[1].H != 10 ||
			!slices.Equal(in.Maps[0].Values, acts[1]) || !slices.Equal(in.Maps[1].Values, acts[4]) {
			t.Fatalf("image %d: feature maps %+v", i, in.Maps)
		}
		if len(in.Hidden) != 2 || !slices.Equal(in.Hidden[0], acts[7]) || !slices.Equal(in.Hidden[1], acts[9]) {
			t.Errorf("image %d: fully connected strips of %d layers", i, len(in.Hidden))
		}
		c, bias, ok := ConvContributions(net, acts, in.Guess)
		sum := bias
		for _, v := range c {
			sum += v
		}
		z := float64(acts[len(acts)-1][in.Guess])
		if !ok || len(c) != 16 || math.Abs(sum-z) > 1e-4*math.Max(1, math.Abs(z)) {
			t.Errorf("image %d: the maps' shares add up to %v, the score is %v", i, sum, z)
		}
		if len(in.Top) == 0 || len(in.Top) > TopShown {
			t.Fatalf("image %d: %d top maps", i, len(in.Top))
		}
		for k, top := range in.Top {
			if top.Value != c[top.Neuron] || top.Value <= 0 || (k > 0 && top.Value > in.Top[k-1].Value) ||
				!slices.Equal(top.Map, in.Maps[1].Map(top.Neuron)) {
				t.Errorf("image %d: top map %d = %+v", i, k, top)
			}
		}
		for j, v := range c {
			if v > in.Top[len(in.Top)-1].Value && !slices.ContainsFunc(in.Top, func(t Contribution) bool { return t.Neuron == j }) {
				t.Errorf("image %d: map %d adds %v, more than a top map, but is not among them", i, j, v)
			}
		}
	}
	if _, err := LookConv(net, x[:100], TopShown); err == nil {
		t.Error("100 inputs: no error")
	}
}

// trainedLeNet is LeNet-5 after a few hundred steps on MNIST: enough that
// its maps and shares are those of a network that reads digits.
func trainedLeNet(t *testing.T) *core.ConvNet {
	t.Helper()
	train, _ := loadAll(t)
	net, err := core.NewLeNet5(core.InitHe, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := core.NewTrainer(net, train.Subset(2000), 0.1, 32, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	return net
}

// The convolutional weights view fits its groups of pictures in the view,
// one under the other, in landscape and portrait: the 6 filters and the 6
// first maps larger than the 16 second maps; the page API names them.
func TestConvLayout(t *testing.T) {
	for _, sz := range [][2]float64{{1280, 720}, {1280, 800}, {412 * 2.625, 915 * 2.625}, {800, 457}} {
		l := NewLayout(sz[0], sz[1])
		gs := l.LeNetGroups()
		v := l.View
		counts := []int{6, 6, 16}
		bottom := v.Y
		for i, g := range gs {
			first, last := g.At(0), g.At(counts[i]-1)
			if g.LabelY < bottom-0.01 || first.Y < g.LabelY || first.X < v.X-0.01 || first.X+float64(g.Cols)*g.Cell > l.WeightsRight().X ||
				last.Y+last.H > v.Y+v.H+0.01 || g.Cell < 8 {
				t.Errorf("%v: group %d %+v does not fit in the view %+v under the one before (bottom %v)", sz, i, g, v, bottom)
			}
			bottom = last.Y + last.H
		}
		if !(gs[0].Cell > gs[2].Cell) || gs[0].Cell != gs[1].Cell {
			t.Errorf("%v: cells of %v, %v, %v", sz, gs[0].Cell, gs[1].Cell, gs[2].Cell)
		}
		if r, ok := l.Named("filter:5"); !ok || r != gs[0].At(5) {
			t.Errorf("%v: filter:5 = %+v", sz, r)
		}
		if r, ok := l.Named("map:2:15"); !ok || r != gs[2].At(15) {
			t.Errorf("%v: map:2:15 = %+v", sz, r)
		}
		for _, bad := range []string{"filter:6", "map:1:6", "map:3:0", "map:2:16"} {
			if _, ok := l.Named(bad); ok {
				t.Errorf("%v: %s is named", sz, bad)
			}
		}
	}
}
