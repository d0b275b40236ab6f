package app

import (
	"slices"
	"testing"

	"digits/assets"
	"digits/core"
	"digits/data"
)

// counting passes predictions through to a real network and counts them.
type counting struct {
	net   *core.Network
	calls int
}

func (c *counting) Predict(x []float32) (int, []float32) {
	c.calls++
	return c.net.Predict(x)
}

// The sample digits' guesses are the network's own, computed once per
// network revision: the pretrained model reads the first test digits
// (almost all right), and a fresh network's guesses replace them when the
// revision moves.
func TestGuesses(t *testing.T) {
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	pre, err := assets.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	var g Guesses
	if got := g.For(pre, 0, nil, 28); got != nil {
		t.Errorf("guesses without a test set: %v", got)
	}
	c := &counting{net: pre}
	var rev Rev
	got := slices.Clone(g.For(c, rev, test, 28))
	right := 0
	x := make([]float32, test.Size())
	for i, d := range got {
		test.Pixels(i, x)
		if want, _ := pre.Predict(x); d != want {
			t.Errorf("guess %d is %d, the network says %d", i, d, want)
		}
		if d == int(test.Labels[i]) {
			right++
		}
	}
	if len(got) != 28 || right < 26 {
		t.Errorf("%d guesses, %d right; want 28 guesses from the pretrained model, nearly all right", len(got), right)
	}
	g.For(c, rev, test, 28)
	if c.calls != 28 {
		t.Errorf("%d predictions for two calls at the same revision, want 28", c.calls)
	}
	g.For(c, rev, test, 42) // a taller grid (portrait)
	if c.calls != 28+42 {
		t.Errorf("a new count did not recompute: %d predictions", c.calls)
	}

	fresh, _ := core.NewInitialized([]int{784, 10}, core.InitSamson, 1)
	c.net = fresh
	rev.Bump()
	again := g.For(c, rev, test, 28)
	for i, d := range again {
		test.Pixels(i, x)
		if want, _ := fresh.Predict(x); d != want {
			t.Fatalf("after the revision moved, guess %d is %d, the new network says %d", i, d, want)
		}
	}
	if slices.Equal(again, got) {
		t.Error("an untrained network guesses exactly like the pretrained one")
	}
}
