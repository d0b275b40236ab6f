package app

import (
	"testing"

	"digits/assets"
	"digits/core"
	"digits/data"
)

// The prediction follows the ink and the network, and only them: a test
// digit put on the pad is read as its label by the pretrained model; an
// empty pad is no guess; nothing is recomputed while neither changed.
func TestPrediction(t *testing.T) {
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	pre, err := assets.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	c := &counting{net: pre}
	ink := NewInk()
	p := NewPrediction()
	var net Rev
	if !p.Update(ink, net, c) || p.Digit() != -1 || p.Probs() != nil || c.calls != 0 {
		t.Fatalf("empty pad: digit %d, probabilities %v, %d predictions", p.Digit(), p.Probs(), c.calls)
	}
	rev := p.Rev()
	if p.Update(ink, net, c) || p.Rev() != rev {
		t.Error("nothing changed, yet the prediction was made again")
	}
	for i := range 3 {
		ink.SetImage(test.Image(i), test.Cols, test.Rows)
		if !p.Update(ink, net, c) || p.Rev() == rev {
			t.Fatalf("test digit %d on the pad: no new prediction", i)
		}
		rev = p.Rev()
		if want := int(test.Labels[i]); p.Digit() != want || len(p.Probs()) != 10 || len(p.Input()) != 784 {
			t.Errorf("test digit %d (a %d) read as %d (%d probabilities, %d inputs)", i, want, p.Digit(), len(p.Probs()), len(p.Input()))
		}
	}
	calls := c.calls
	net.Bump()
	if !p.Update(ink, net, c) || c.calls != calls+1 {
		t.Error("the network changed but the pad was not read again")
	}
	ink.Clear()
	if !p.Update(ink, net, c) || p.Digit() != -1 {
		t.Error("a cleared pad still has a guess")
	}
}
