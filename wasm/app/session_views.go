package app

import (
	"slices"

	"digits/core"
)

// What the session shows of the inside of the network the pad uses: the
// confusion matrix, the first layer's weights, what the network makes of
// the drawn digit. Each reads the network under the session's lock, as
// the trainer's reports may replace it from another goroutine.

// Reading is how the network the pad uses read the test digits: the
// pretrained model's once the trainer measured it, a trained network's at
// the end of its last epoch; nil until then (and until the app's own copy
// of the test digits is decoded). It changes only with Rev.
func (s *Session) Reading() *Reading {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.net == s.pretrained {
		return s.pretrainedReading.Reading(s.test)
	}
	return s.report.reading.Reading(s.test)
}

// FirstLayer is a copy of the first layer's weights of the first few
// neurons of a network, or of how much they changed since training began.
type FirstLayer struct {
	Inputs  int       // weights per neuron: the input pixels
	Neurons int       // neurons in the layer
	W       []float32 // the first Shown neurons' weights (or changes), neuron after neuron
	Shown   int
	Change  bool // W holds each weight minus its value before training
}

// Weights returns neuron i's weights (i < Shown).
func (f *FirstLayer) Weights(i int) []float32 { return f.W[i*f.Inputs : (i+1)*f.Inputs] }

// FirstLayer copies the first layer's weights of up to n neurons of the
// network the pad uses, or with change, when that network is being
// trained here, their change since training began: what training has
// learned, without the random starting values, which stay as they were
// wherever no digit has ink and otherwise hide the pattern for a long time.
func (s *Session) FirstLayer(n int, change bool) FirstLayer {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, out := s.net.Sizes[0], s.net.Sizes[1]
	n = min(n, out)
	f := FirstLayer{Inputs: in, Neurons: out, W: slices.Clone(s.net.W[0][:n*in]), Shown: n}
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
	return s.trainedHere()
}

// trainedHere reports whether the pad uses a network of the current run.
// s.mu is held.
func (s *Session) trainedHere() bool { return s.current != 0 && s.net != s.pretrained }

// initialWeights is the first layer's weights of the current run's network
// before training, or nil when the pad does not use a network trained
// here. The trainer made that network from the run's settings with core's
// seeded initialisation, so the session makes the same one (the same bits:
// same seed, same numbers) rather than wait for the trainer's first
// snapshot, which a busy frame may skip; once per run, when first asked.
// s.mu is held.
func (s *Session) initialWeights() []float32 {
	if !s.trainedHere() {
		return nil
	}
	if s.initial.run != s.current {
		s.initial.run, s.initial.w = s.current, nil
		c := s.running
		if net, err := core.NewInitialized(c.Sizes(), c.Init, c.Seed); err == nil && slices.Equal(net.Sizes, s.net.Sizes) {
			s.initial.w = net.W[0]
		}
	}
	return s.initial.w
}

// Look is Look for the network the pad uses; when it is trained here, the
// top neurons also carry their weights' change since training began.
func (s *Session) Look(x []float32, top int) (Inside, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := Look(s.net, x, top)
	if w0 := s.initialWeights(); err == nil && w0 != nil {
		n := s.net.Sizes[0]
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

// Sizes are the layer sizes of the network the pad uses.
func (s *Session) Sizes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.net.Sizes)
}
