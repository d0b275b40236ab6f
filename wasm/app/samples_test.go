package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"digits/core"
)

// The sample grid shows the first test digits, or after a click on a
// confusion cell the test digits of that true digit that the network
// read as that guess (the pretrained model's real misreadings); the same
// cell again, or Clear, goes back. Each change moves the revision.
func TestSampleGrid(t *testing.T) {
	test, net := testSet(t), pretrained(t)
	r, err := NewReading(test, net.PredictAll(test))
	if err != nil {
		t.Fatal(err)
	}
	var f SampleFilter
	plain := Grid(&f, r, test, 28)
	if plain.Filtered || !slices.Equal(plain.Indices, firstN(28)) || !strings.HasPrefix(plain.Caption.Text, "Test digits") {
		t.Fatalf("unfiltered grid: %+v", plain)
	}
	// The most frequent misreading of the pretrained model.
	wy, wg := 0, 1
	for y := range 10 {
		for g := range 10 {
			if y != g && r.Confusion[y][g] > r.Confusion[wy][wg] {
				wy, wg = y, g
			}
		}
	}
	rev := f.Rev()
	f.Select(wy, wg)
	if f.Rev() == rev {
		t.Error("selecting a cell did not move the revision")
	}
	grid := Grid(&f, r, test, 28)
	n := r.Confusion[wy][wg]
	if !grid.Filtered || len(grid.Indices) != min(n, 28) || grid.Caption.Tone != Accent {
		t.Fatalf("cell %d→%d (%d digits): grid %+v", wy, wg, n, grid)
	}
	x := make([]float32, 784)
	for _, i := range grid.Indices {
		test.Pixels(i, x)
		if d, _ := net.Predict(x); int(test.Labels[i]) != wy || d != wg {
			t.Errorf("the grid shows image %d, a %d read as %d; want %ds read as %d", i, test.Labels[i], d, wy, wg)
		}
	}
	if want := "read as"; !strings.Contains(grid.Caption.Text, want) {
		t.Errorf("caption %q", grid.Caption.Text)
	}
	// A diagonal cell has more digits than the grid: the first ones.
	f.Select(3, 3)
	diag := Grid(&f, r, test, 28)
	if len(diag.Indices) != 28 || !strings.HasPrefix(diag.Caption.Text, "3s read right: the first 28 of ") {
		t.Errorf("the 3s read right: %d digits, caption %q", len(diag.Indices), diag.Caption.Text)
	}
	// An empty cell says so.
	for y := range 10 {
		for g := range 10 {
			if r.Confusion[y][g] == 0 {
				f.Select(y, g)
				if e := Grid(&f, r, test, 28); len(e.Indices) != 0 || !strings.Contains(e.Caption.Text, "none of the 10,000") {
					t.Errorf("empty cell %d→%d: %+v", y, g, e)
				}
			}
		}
	}
	// No reading yet (a network in its first epoch): the first digits, and
	// the caption says why.
	f.Select(4, 9)
	if g := Grid(&f, nil, test, 28); g.Filtered || len(g.Indices) != 28 || g.Caption.Tone != Warn {
		t.Errorf("without a reading: %+v", g)
	}
	rev = f.Rev()
	f.Select(4, 9)
	if _, _, on := f.Cell(); on || f.Rev() == rev {
		t.Error("selecting the selected cell again did not go back to the first digits")
	}
	rev = f.Rev()
	f.Clear()
	if f.Rev() != rev {
		t.Error("clearing an unfiltered grid moved the revision")
	}
	if g := Grid(&f, r, nil, 28); len(g.Indices) != 0 {
		t.Error("a grid before the test digits are decoded")
	}
}

// The guesses under a filtered grid are the network's for those images.
func TestGuessesForImages(t *testing.T) {
	test, net := testSet(t), pretrained(t)
	c := &counting{net: net}
	var g Guesses
	idx := []int{8, 247, 9999}
	got := slices.Clone(g.ForImages(c, 0, test, idx))
	x := make([]float32, 784)
	for k, i := range idx {
		test.Pixels(i, x)
		if d, _ := net.Predict(x); got[k] != d {
			t.Errorf("image %d: guess %d, the network says %d", i, got[k], d)
		}
	}
	g.ForImages(c, 0, test, idx)
	g.ForImages(c, 0, test, []int{8, 247, 9998})
	if c.calls != 6 {
		t.Errorf("%d predictions, want 3 and 3 more for other images", c.calls)
	}
}

// The views cycle, have their names, and move their revision only when
// another one is shown.
func TestViews(t *testing.T) {
	var v Views
	if v.Shown() != CurvesView {
		t.Fatal("the first view is not the curves")
	}
	seen := []string{}
	for range NumViews {
		seen = append(seen, v.Shown().String())
		rev := v.Rev()
		v.Next()
		if v.Rev() == rev {
			t.Error("Next did not move the revision")
		}
	}
	if !slices.Equal(seen, []string{"curves", "confusion", "weights"}) || v.Shown() != CurvesView {
		t.Errorf("views cycled through %v, back to %v", seen, v.Shown())
	}
	for _, name := range seen {
		w, ok := ViewNamed(name)
		rev := v.Rev()
		v.Show(w)
		if !ok || w.String() != name || (w == CurvesView) != (v.Rev() == rev) {
			t.Errorf("ViewNamed(%q) = %v, %v", name, w, ok)
		}
	}
	if _, ok := ViewNamed("Weights"); ok {
		t.Error("view names are lower case")
	}
	rev := v.Rev()
	v.Show(NumViews)
	v.Show(-1)
	if v.Rev() != rev {
		t.Error("showing a view that does not exist moved the revision")
	}
}

// The weights snapshot follows the network's revision, but not more
// often than WeightsEvery; each snapshot is a copy of the first layer.
func TestWeightsSnapshot(t *testing.T) {
	net := pretrained(t)
	s := NewSession(net, nil)
	var w WeightsSnapshot
	t0 := time.Unix(1000, 0)
	if !w.Update(t0, 0, s) {
		t.Fatal("no first snapshot")
	}
	f := w.Layer()
	if f.Shown != ShownNeurons || f.Neurons != 512 || f.Inputs != 784 || !slices.Equal(f.Weights(63), net.W[0][63*784:64*784]) {
		t.Fatalf("snapshot of %d of %d neurons of %d inputs", f.Shown, f.Neurons, f.Inputs)
	}
	rev := w.Rev()
	if w.Update(t0.Add(time.Hour), 0, s) || w.Rev() != rev {
		t.Error("a new snapshot though the network did not change")
	}
	if w.Update(t0.Add(WeightsEvery/2), 1, s) {
		t.Error("a new snapshot sooner than WeightsEvery")
	}
	if !w.Update(t0.Add(WeightsEvery), 1, s) || w.Rev() == rev {
		t.Error("no new snapshot WeightsEvery after the network changed")
	}
	net.W[0][0]++ // the snapshot is a copy
	if w.Layer().W[0] == net.W[0][0] {
		t.Error("the snapshot shares the network's memory")
	}
	if w.Layer().Change || s.CanShowChange() {
		t.Error("the pretrained model's change since its start, which is not known")
	}
}

// For a network trained here, the weights view can show the change of
// the weights since training began: exactly the weights minus the
// network's starting ones (which the session makes itself from the run's
// settings, the same bits as the trainer's), from the snapshot right
// after the switch.
func TestWeightsChange(t *testing.T) {
	train, test := loadAll(t)
	s := NewSession(pretrained(t), nil)
	lb := newLoopback(t, s)
	lb.setData(train.Subset(3000), test)
	cfg := s.Config()
	cfg.Hidden = []int{40}
	s.SetConfig(cfg)
	s.Train()
	start, err := core.NewInitialized(cfg.Sizes(), cfg.Init, cfg.Seed)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		lb.step(5 * time.Millisecond)
	}
	w := NewWeightsSnapshot()
	t0 := time.Unix(1000, 0)
	w.Update(t0, s.NetRev(), s)
	f := w.Layer()
	if !s.CanShowChange() || !w.ShowsChange() || !f.Change || f.Shown != 40 {
		t.Fatalf("a network in training: change %v (can %v), %d neurons", f.Change, s.CanShowChange(), f.Shown)
	}
	s.Pause()
	lb.deliver() // the network as it stopped
	net := s.FirstLayer(40, false)
	change := s.FirstLayer(40, true)
	moved := 0
	for i, d := range change.W {
		if d != net.W[i]-start.W[0][i] {
			t.Fatalf("weight %d: change %v, want %v − %v", i, d, net.W[i], start.W[0][i])
		}
		if d != 0 {
			moved++
		}
	}
	if moved == 0 {
		t.Error("training changed no weight")
	}
	// The neurons behind a guess carry their change too.
	x := make([]float32, 784)
	test.Pixels(0, x)
	in, err := s.Look(x, TopShown)
	if err != nil || len(in.Top) == 0 {
		t.Fatalf("Look: %d top neurons, %v", len(in.Top), err)
	}
	for _, c := range in.Top {
		for i, d := range c.Change {
			if d != c.Weights[i]-start.W[0][c.Neuron*784+i] {
				t.Fatalf("top neuron %d, weight %d: change %v, want %v", c.Neuron, i, d, c.Weights[i]-start.W[0][c.Neuron*784+i])
			}
		}
	}
	rev := w.Rev()
	w.ShowChange(false)
	if w.Rev() == rev || !w.Update(t0.Add(time.Millisecond), s.NetRev(), s) || w.Layer().Change {
		t.Error("switching to the weights did not take a snapshot of the weights at once")
	}
}

// What the weights view shows of the drawn digit follows the prediction
// and the network, and agrees with the prediction's guess.
func TestInsideView(t *testing.T) {
	test, net := testSet(t), pretrained(t)
	s := NewSession(net, nil)
	ink := NewInk()
	p := NewPrediction()
	var v InsideView
	p.Update(ink, 0, s)
	if !v.Update(&p, 0, s) {
		t.Fatal("no first look")
	}
	if _, ok := v.Inside(); ok {
		t.Error("something to look at on an empty pad")
	}
	rev := v.Rev()
	if v.Update(&p, 0, s) || v.Rev() != rev {
		t.Error("looked again with nothing changed")
	}
	ink.SetImage(test.Image(0), test.Cols, test.Rows)
	p.Update(ink, 0, s)
	if !v.Update(&p, 0, s) || v.Rev() == rev {
		t.Fatal("a digit on the pad: no new look")
	}
	in, ok := v.Inside()
	if !ok || in.Guess != p.Digit() || len(in.Hidden) != 2 || len(in.Top) != TopShown {
		t.Errorf("look at test digit 0: guess %d (prediction %d), %d strips, %d top neurons", in.Guess, p.Digit(), len(in.Hidden), len(in.Top))
	}
	rev = v.Rev()
	if !v.Update(&p, 1, s) || v.Rev() == rev {
		t.Error("the network changed: no new look")
	}
}
