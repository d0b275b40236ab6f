package app

import "slices"

// What the session shows of the inside of the network the pad uses: the
// confusion matrix, the first layer's weights, what the network makes of
// the drawn digit. Each reads the network under the session's lock, as
// training may change it from another goroutine.

// Reading is how the network the pad uses read the test digits: the
// pretrained model's once measured, a trained network's at the end of its
// last epoch; nil until then. It changes only with Rev.
func (s *Session) Reading() *Reading {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.net == s.pretrained {
		return s.pretrainedReading
	}
	return s.report.reading
}

// FirstLayer is a copy of the first layer's weights of the first few
// neurons of a network.
type FirstLayer struct {
	Inputs  int       // weights per neuron: the input pixels
	Neurons int       // neurons in the layer
	W       []float32 // the first Shown neurons' weights, neuron after neuron
	Shown   int
}

// Weights returns neuron i's weights (i < Shown).
func (f *FirstLayer) Weights(i int) []float32 { return f.W[i*f.Inputs : (i+1)*f.Inputs] }

// FirstLayer copies the first layer's weights of up to n neurons of the
// network the pad uses.
func (s *Session) FirstLayer(n int) FirstLayer {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, out := s.net.Sizes[0], s.net.Sizes[1]
	n = min(n, out)
	return FirstLayer{Inputs: in, Neurons: out, W: slices.Clone(s.net.W[0][:n*in]), Shown: n}
}

// Look is Look for the network the pad uses.
func (s *Session) Look(x []float32, top int) (Inside, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Look(s.net, x, top)
}

// Sizes are the layer sizes of the network the pad uses.
func (s *Session) Sizes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.net.Sizes)
}
