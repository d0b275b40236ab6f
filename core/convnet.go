package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// A convolutional network is a list of layers, each turning the output of
// the one before into its own, and a softmax with the cross-entropy loss
// at the end (layer_softmax.go). Between layers the values of one sample
// are a stack of C images of H×W, stored channel after channel, row after
// row: value (c, y, x) is at index (c·H + y)·W + x. A fully connected
// layer reads such a stack as one long vector of C·H·W inputs, in that
// order, and its output is a stack of 1×1 images.
//
// The layers, each with its forward pass and backpropagation written out
// in a file of its own: layer_conv.go (convolution), layer_relu.go,
// layer_maxpool.go (max pooling), layer_dense.go (fully connected).
// lenet5.go puts them together as LeNet-5.

// Shape is the shape of a layer's input or output for one sample: C
// channels (feature maps) of H rows and W columns.
type Shape struct{ C, H, W int }

// Size is the number of values, C·H·W.
func (s Shape) Size() int { return s.C * s.H * s.W }

func (s Shape) String() string { return fmt.Sprintf("%d×%d×%d", s.C, s.H, s.W) }

// A Layer is one stage of a ConvNet.
type Layer interface {
	In() Shape  // the shape of its input A
	Out() Shape // the shape of its output Z
	// Params returns the layer's weights and biases (nil for a layer
	// without parameters), the arrays themselves, not copies.
	Params() (w, b []float32)
	// String describes the layer: "conv 6@5×5 pad 2", "relu", ...
	String() string

	// forward computes the output z of one sample from its input a.
	forward(a, z []float32)
	// backward is given a sample's input a and dz = ∂loss/∂z. It adds
	// the sample's ∂loss/∂W and ∂loss/∂b to dW and dB (nil for a layer
	// without parameters) and writes da = ∂loss/∂a unless da is nil (the
	// first layer: nobody needs the gradient with respect to the pixels).
	backward(a, dz, da, dW, dB []float32)
}

// ConvNet is a network of layers, the first reading the pixels and the
// last giving one score per class, turned into probabilities by softmax.
type ConvNet struct {
	Layers []Layer
}

// MaxConvLayers bounds the layers of a ConvNet, and MaxLayerValues the
// values of one sample between two layers (4 MB), so that a typo or a
// corrupt model file is an error, not an attempt to allocate gigabytes.
const (
	MaxConvLayers  = 32
	MaxLayerValues = 1 << 20
)

// checkShape checks that every dimension of s is at least 1 and that it
// holds at most MaxLayerValues values.
func checkShape(what string, s Shape) error {
	if s.C < 1 || s.H < 1 || s.W < 1 || s.C > MaxLayerValues || s.H > MaxLayerValues || s.W > MaxLayerValues ||
		s.C*s.H > MaxLayerValues || s.Size() > MaxLayerValues {
		return fmt.Errorf("%s %s: every dimension must be at least 1, and it may hold at most %d values", what, s, MaxLayerValues)
	}
	return nil
}

// NewConvNet checks that each layer's input has the shape of the previous
// layer's output and makes a network of them.
func NewConvNet(layers ...Layer) (*ConvNet, error) {
	if len(layers) == 0 || len(layers) > MaxConvLayers {
		return nil, fmt.Errorf("a convolutional network needs 1 to %d layers, got %d", MaxConvLayers, len(layers))
	}
	for l := 1; l < len(layers); l++ {
		if out, in := layers[l-1].Out(), layers[l].In(); out != in {
			return nil, fmt.Errorf("layer %d (%s) gives %s values, but layer %d (%s) takes %s", l, layers[l-1], out, l+1, layers[l], in)
		}
	}
	return &ConvNet{Layers: layers}, nil
}

// Inputs is the number of input pixels; Outputs the number of classes.
func (n *ConvNet) Inputs() int  { return n.Layers[0].In().Size() }
func (n *ConvNet) Outputs() int { return n.Layers[len(n.Layers)-1].Out().Size() }

// NumParams counts weights and biases.
func (n *ConvNet) NumParams() int {
	c := 0
	for _, l := range n.Layers {
		w, b := l.Params()
		c += len(w) + len(b)
	}
	return c
}

// String describes the architecture, layer by layer:
// "1×28×28 | conv 6@5×5 pad 2 | relu | maxpool 2 | ...".
func (n *ConvNet) String() string {
	parts := []string{n.Layers[0].In().String()}
	for _, l := range n.Layers {
		parts = append(parts, l.String())
	}
	return strings.Join(parts, " | ")
}

// Initialize sets every weight and bias, layer by layer, W before b, with
// values drawn from rng, as Network.Initialize does. The fan-in of a
// neuron is the number of weights it has: C·K·K for a convolution, the
// number of inputs for a fully connected layer.
func (n *ConvNet) Initialize(kind Init, rng *rand.Rand) error {
	if _, err := ParseInit(string(kind)); err != nil {
		return err
	}
	for _, l := range n.Layers {
		w, b := l.Params()
		if len(b) == 0 {
			continue
		}
		fanIn := len(w) / len(b)
		switch kind {
		case InitHe:
			scale := math.Sqrt(2 / float64(fanIn))
			for i := range w {
				w[i] = float32(normal(rng) * scale)
			}
			clear(b)
		case InitGaussian:
			for i := range w {
				w[i] = float32(normal(rng))
			}
			clear(b)
		case InitSamson:
			for i := range w {
				w[i] = float32(rng.Float64() - 0.5)
			}
			for i := range b {
				b[i] = float32(rng.Float64() - 0.5)
			}
		}
	}
	return nil
}

// Checksum is a 64-bit FNV-1a hash of the layers' kinds and shapes and of
// every weight's and bias's bits, like Network.Checksum.
func (n *ConvNet) Checksum() uint64 {
	h := newFNV()
	h.mix(uint32(len(n.Layers)))
	for _, l := range n.Layers {
		for _, b := range []byte(l.String()) {
			h.mix(uint32(b))
		}
		for _, s := range []Shape{l.In(), l.Out()} {
			h.mix(uint32(s.C))
			h.mix(uint32(s.H))
			h.mix(uint32(s.W))
		}
	}
	for _, l := range n.Layers {
		w, b := l.Params()
		h.floats(w)
		h.floats(b)
	}
	return h.sum
}

// Clone returns a deep copy of n.
func (n *ConvNet) Clone() *ConvNet {
	c := &ConvNet{}
	for _, l := range n.Layers {
		c.Layers = append(c.Layers, cloneLayer(l))
	}
	return c
}

// cloneLayer copies a layer and its parameters.
func cloneLayer(l Layer) Layer {
	switch l := l.(type) {
	case *Conv:
		c := *l
		c.W, c.B = append([]float32(nil), l.W...), append([]float32(nil), l.B...)
		return &c
	case *Dense:
		c := *l
		c.W, c.B = append([]float32(nil), l.W...), append([]float32(nil), l.B...)
		return &c
	case *MaxPool:
		c := *l
		return &c
	case *ReLU:
		c := *l
		return &c
	}
	panic(fmt.Sprintf("core: unknown layer type %T", l))
}

// Forward computes the output probabilities for one input x of
// n.Inputs() values in [0, 1]: every layer in turn, then softmax.
func (n *ConvNet) Forward(x []float32) []float32 {
	acts := n.Activations(x)
	z := acts[len(acts)-1]
	softmax(z)
	return z
}

// Activations runs x through the layers and returns every layer's output,
// the last one being the scores before softmax: the feature maps a
// picture of the network shows.
func (n *ConvNet) Activations(x []float32) [][]float32 {
	a := x
	var acts [][]float32
	for _, l := range n.Layers {
		z := make([]float32, l.Out().Size())
		l.forward(a, z)
		acts = append(acts, z)
		a = z
	}
	return acts
}

// Predict returns the most probable class of x and the probabilities.
func (n *ConvNet) Predict(x []float32) (digit int, probs []float32) {
	probs = n.Forward(x)
	return argmax(probs), probs
}

// fnv is the FNV-1a hash the checksums are made of, fed 32 bits at a time
// in little-endian byte order.
type fnv struct{ sum uint64 }

func newFNV() *fnv { return &fnv{sum: 14695981039346656037} }

func (h *fnv) mix(v uint32) {
	const prime = 1099511628211
	for i := 0; i < 4; i++ {
		h.sum ^= uint64(v >> (8 * i) & 0xff)
		h.sum *= prime
	}
}

func (h *fnv) floats(v []float32) {
	for _, x := range v {
		h.mix(math.Float32bits(x))
	}
}
