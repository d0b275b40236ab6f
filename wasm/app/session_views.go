package app

import (
	"fmt"
	"slices"

	"digits/core"
)

// What the session shows of the inside of the network the pad uses: the
// confusion matrix, the first layer's weights, what the network makes of
// the drawn digit. Each reads the network under the session's lock, as
// the trainer's reports may replace it from another goroutine.

// Reading is how the network the pad uses read the test digits: the
// pretrained model's once the trainer measured it, a trained network's at
// the end of its last epoch, an imported or kept one's once measured; nil
// until then (and until the app's own copy of the test digits is decoded).
// It changes only with Rev.
func (s *Session) Reading() *Reading {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.net == core.Model(s.pretrained):
		return s.pretrainedReading.Reading(s.test)
	case s.kept != nil && s.net == s.kept.model:
		return s.kept.reading.Reading(s.test)
	}
	return s.report.reading.Reading(s.test)
}

// FirstLayer is a copy of the first layer's weights of the first few
// neurons of a network, or of how much they changed since training began:
// a fully connected network's first-layer neurons (28×28 weights each),
// or a convolutional network's first filters (Conv: Side×Side each). A
// network with neither has none: Shown is 0 and Model names it.
type FirstLayer struct {
	Inputs  int       // weights per neuron: the input pixels, or a filter's Side·Side
	Side    int       // each neuron's weights are a Side×Side picture
	Neurons int       // neurons (or filters) in the layer
	W       []float32 // the first Shown neurons' weights (or changes), neuron after neuron
	Shown   int
	Conv    bool   // the pictures are convolution filters
	Change  bool   // W holds each weight minus its value before training
	Model   string // the network's architecture, when it has no such layer
}

// Weights returns neuron i's weights (i < Shown).
func (f *FirstLayer) Weights(i int) []float32 { return f.W[i*f.Inputs : (i+1)*f.Inputs] }

// FirstLayer copies the first layer's weights of up to n neurons of the
// network the pad uses, or with change, when that network was trained
// here, their change since training began: what training has learned,
// without the random starting values, which stay as they were wherever no
// digit has ink and otherwise hide the pattern for a long time.
func (s *Session) FirstLayer(n int, change bool) FirstLayer {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, in := firstWeights(s.net)
	if w == nil {
		return FirstLayer{Model: ModelName(s.net)}
	}
	out := len(w) / in
	n = min(n, out)
	_, conv := s.net.(*core.ConvNet)
	f := FirstLayer{Inputs: in, Side: squareSide(in), Neurons: out, W: slices.Clone(w[:n*in]), Shown: n, Conv: conv}
	if w0 := s.initialWeights(); change && w0 != nil {
		for i := range f.W {
			f.W[i] -= w0[i]
		}
		f.Change = true
	}
	return f
}

// CanShowChange reports whether FirstLayer can give the change since
// training began: whether the pad uses a network trained here.
func (s *Session) CanShowChange() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.startConfig()
	return ok
}

// startConfig is the settings the network the pad uses was made from,
// when it was trained here: the current run's, or those of a network kept
// from the last visit. s.mu is held.
func (s *Session) startConfig() (Config, bool) {
	if w, _ := firstWeights(s.net); w == nil {
		return Config{}, false
	}
	switch {
	case s.current != 0 && s.net != core.Model(s.pretrained):
		return s.running, true
	case s.kept != nil && s.net == s.kept.model && s.kept.rec.Trained:
		return s.kept.rec.Config, true
	}
	return Config{}, false
}

// initialWeights is the first layer's weights before training of the
// network the pad uses, or nil when it was not trained here. The trainer
// made that network from its settings with core's seeded initialisation,
// so the session makes the same one (the same bits: same seed, same
// numbers) rather than wait for the trainer's first snapshot, which a busy
// frame may skip, and which a network kept from the last visit no longer
// has; once per network, when first asked. s.mu is held.
func (s *Session) initialWeights() []float32 {
	c, ok := s.startConfig()
	if !ok {
		return nil
	}
	w, _ := firstWeights(s.net)
	if key := HashOf(c); s.initial.of != key {
		s.initial.of, s.initial.w = key, nil
		if n, err := c.NewModel(); err == nil {
			s.initial.w, _ = firstWeights(n)
		}
	}
	if len(s.initial.w) != len(w) {
		return nil
	}
	return s.initial.w
}

// Look is Look (or LookConv) for the network the pad uses; when it is
// fully connected and was trained here, the top neurons also carry their
// weights' change since training began.
func (s *Session) Look(x []float32, top int) (Inside, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.net.(*core.ConvNet); ok {
		return LookConv(c, x, top)
	}
	net, ok := s.net.(*core.Network)
	if !ok || len(net.Sizes) < 2 {
		return Inside{}, fmt.Errorf("the weights view shows fully connected and convolutional networks; this one is %s", s.net)
	}
	in, err := Look(net, x, top)
	if w0 := s.initialWeights(); err == nil && w0 != nil {
		n := net.Sizes[0]
		for k := range in.Top {
			c := &in.Top[k]
			c.Change = slices.Clone(c.Weights)
			for i, w := range w0[c.Neuron*n : (c.Neuron+1)*n] {
				c.Change[i] -= w
			}
		}
	}
	return in, err
}

// squareSide is the side of a square picture of n pixels, or 0 when n is
// not a square.
func squareSide(n int) int {
	for s := 1; s*s <= n; s++ {
		if s*s == n {
			return s
		}
	}
	return 0
}
