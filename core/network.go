package core

import "fmt"

// Network is a fully connected feed-forward network: Sizes[0] inputs
// (784 pixels), hidden layers of Sizes[1..L-1] ReLU neurons, and a softmax
// output layer of Sizes[L] neurons (the ten digits), trained with the
// cross-entropy loss.
//
// Layer l (1 ≤ l ≤ L) has a weight matrix W[l-1] of Sizes[l] rows and
// Sizes[l-1] columns, row-major, and a bias vector B[l-1] of Sizes[l]:
//
//	Z[l] = W[l]·A[l-1] + b[l]      A[0] = X, the pixels in [0, 1]
//	A[l] = ReLU(Z[l]) = max(Z, 0)  for hidden layers
//	A[L] = softmax(Z[L])           the ten probabilities
//
// This is the notation of the numpy tutorials, where a batch is a matrix
// with one column per sample. Here a batch is stored one sample per row
// (sample-major), so each sample's vector is contiguous in memory.
type Network struct {
	Sizes []int       // neurons per layer, input first: [784 32 16 10]
	W     [][]float32 // W[l][j*Sizes[l]+k]: weight from neuron k of layer l to neuron j of layer l+1
	B     [][]float32 // B[l][j]: bias of neuron j of layer l+1
}

// MaxLayerSize bounds every layer so that a typo (--n_hidden 3000000)
// is an error, not an attempt to allocate gigabytes.
const MaxLayerSize = 1 << 14

// CheckSizes validates a layer list: at least an input and an output
// layer, every size between 1 and MaxLayerSize.
func CheckSizes(sizes []int) error {
	if len(sizes) < 2 {
		return fmt.Errorf("a network needs at least an input and an output layer, got sizes %v", sizes)
	}
	for i, s := range sizes {
		if s < 1 || s > MaxLayerSize {
			return fmt.Errorf("layer %d has %d neurons; each layer needs 1 to %d", i, s, MaxLayerSize)
		}
	}
	return nil
}

// NewNetwork allocates a network of the given sizes with all weights and
// biases zero. Use Initialize (init.go) to give it starting values.
func NewNetwork(sizes []int) (*Network, error) {
	if err := CheckSizes(sizes); err != nil {
		return nil, err
	}
	n := &Network{Sizes: append([]int(nil), sizes...)}
	for l := 0; l+1 < len(sizes); l++ {
		n.W = append(n.W, make([]float32, sizes[l+1]*sizes[l]))
		n.B = append(n.B, make([]float32, sizes[l+1]))
	}
	return n, nil
}

// Layers is the number of weight layers L (hidden layers + the output).
func (n *Network) Layers() int { return len(n.W) }

// Inputs is the number of input pixels; Outputs the number of classes.
func (n *Network) Inputs() int  { return n.Sizes[0] }
func (n *Network) Outputs() int { return n.Sizes[len(n.Sizes)-1] }

// NumParams counts weights and biases.
func (n *Network) NumParams() int {
	c := 0
	for l := range n.W {
		c += len(n.W[l]) + len(n.B[l])
	}
	return c
}

// Clone returns a deep copy of n.
func (n *Network) Clone() *Network {
	c := &Network{Sizes: append([]int(nil), n.Sizes...)}
	for l := range n.W {
		c.W = append(c.W, append([]float32(nil), n.W[l]...))
		c.B = append(c.B, append([]float32(nil), n.B[l]...))
	}
	return c
}

// Checksum is a 64-bit FNV-1a hash of the sizes and of every weight's and
// bias's bits: two networks with the same checksum are, for all practical
// purposes, bit-identical. Determinism tests compare it across runs,
// GOMAXPROCS values and platforms.
func (n *Network) Checksum() uint64 {
	h := newFNV()
	for _, s := range n.Sizes {
		h.mix(uint32(s))
	}
	for l := range n.W {
		h.floats(n.W[l])
		h.floats(n.B[l])
	}
	return h.sum
}

// String describes the architecture, e.g. "784-32-16-10".
func (n *Network) String() string { return SizesString(n.Sizes) }

// SizesString writes layer sizes the way the README tables do: 784-32-16-10.
func SizesString(sizes []int) string {
	s := ""
	for i, v := range sizes {
		if i > 0 {
			s += "-"
		}
		s += fmt.Sprint(v)
	}
	return s
}
