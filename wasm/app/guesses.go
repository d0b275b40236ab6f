package app

import (
	"slices"

	"digits/core"
)

// Classifier reads 784 inputs and returns the digit and the ten
// probabilities: a *core.Network, or the Session's current network.
type Classifier interface {
	Predict(x []float32) (digit int, probs []float32)
}

// Guesses is the network's guess for each of the test digits shown under
// the pad. Classifying them costs one forward pass each, too much to
// repeat every frame; they change only when the network does, so they are
// kept until its revision moves.
type Guesses struct {
	digits []int
	images []int         // the test images they are for
	net    Rev           // the network revision they were made with
	test   *core.Dataset // the set they were made from
	valid  bool
}

// For returns c's guesses for test images 0..n-1 (fewer if the set is
// smaller); see ForImages.
func (g *Guesses) For(c Classifier, net Rev, test *core.Dataset, n int) []int {
	if test == nil {
		return nil
	}
	return g.ForImages(c, net, test, firstN(min(n, test.N)))
}

// ForImages returns c's guesses for the test images idx, computing them
// only if the network's revision net, the set or the images changed since
// the last call. The slice is shared with the cache: read it, don't keep
// or change it.
func (g *Guesses) ForImages(c Classifier, net Rev, test *core.Dataset, idx []int) []int {
	if test == nil {
		return nil
	}
	if g.valid && g.net == net && g.test == test && slices.Equal(g.images, idx) {
		return g.digits
	}
	g.digits = g.digits[:0]
	x := make([]float32, test.Size())
	for _, i := range idx {
		test.Pixels(i, x)
		d, _ := c.Predict(x)
		g.digits = append(g.digits, d)
	}
	g.images = slices.Clone(idx)
	g.net, g.test, g.valid = net, test, true
	return g.digits
}
