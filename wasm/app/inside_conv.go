package app

import (
	"fmt"
	"slices"

	"digits/core"
)

// Looking inside a convolutional network (LeNet-5) for one input: the
// feature maps each convolution finds in it, the fully connected layers'
// activations, and the feature maps the guess rests on most.
//
// After its last pooling layer a ConvNet is a fully connected ReLU
// network, linear around this input, so the guessed digit g's score
// splits exactly as for an MLP (inside.go): z_g = Σ_i p_i · u_i + β,
// where p is the input of the first fully connected layer (the pooled
// maps, flattened) and u = ∂z_g/∂p carried back through the fully
// connected layers' active neurons. Each p_i belongs to one channel k of
// the last convolution, so c_k = Σ_{i in channel k} p_i · u_i is that
// feature map's exact share of the score.

// FeatureMaps are the C maps of H×W values one convolution (after its
// ReLU) makes of the input, channel after channel.
type FeatureMaps struct {
	Conv    int // which convolution, 1 = the first
	C, H, W int
	Values  []float32
}

// Map returns channel k's H·W values.
func (f *FeatureMaps) Map(k int) []float32 { return f.Values[k*f.H*f.W : (k+1)*f.H*f.W] }

// LookConv runs x through net (core's Activations, the bits of Forward)
// and returns its feature maps (Inside.Maps), the fully connected hidden
// layers' activations (Inside.Hidden) and up to top channels of the last
// convolution that add most to the guess (Inside.Top, each with its map).
// A network whose fully connected part is not Dense and ReLU layers
// alternating has no Top.
func LookConv(net *core.ConvNet, x []float32, top int) (Inside, error) {
	if len(x) != net.Inputs() {
		return Inside{}, fmt.Errorf("%d inputs for a network of %d", len(x), net.Inputs())
	}
	acts := net.Activations(x)
	L := len(net.Layers)
	in := Inside{Guess: argmax(acts[L-1])}
	convs := 0
	for i, l := range net.Layers {
		switch l := l.(type) {
		case *core.Conv:
			convs++
			out := acts[i]
			if i+1 < L {
				if _, ok := net.Layers[i+1].(*core.ReLU); ok {
					out = acts[i+1]
				}
			}
			s := l.Out()
			in.Maps = append(in.Maps, FeatureMaps{Conv: convs, C: s.C, H: s.H, W: s.W, Values: out})
		case *core.Dense:
			if i+1 < L {
				if _, ok := net.Layers[i+1].(*core.ReLU); ok {
					in.Hidden = append(in.Hidden, acts[i+1])
				}
			}
		}
	}
	c, _, ok := ConvContributions(net, acts, in.Guess)
	if !ok || len(in.Maps) == 0 {
		return in, nil
	}
	last := &in.Maps[len(in.Maps)-1]
	if len(c) != last.C {
		return in, nil // the last convolution is not what the fully connected layers read
	}
	for _, k := range TopNeurons(c, top) {
		in.Top = append(in.Top, Contribution{Neuron: k, Value: c[k], Map: slices.Clone(last.Map(k))})
	}
	return in, nil
}

// ConvContributions splits digit d's score for the input whose layer
// outputs are acts (net.Activations) into the shares c_k of the channels
// of the first fully connected layer's input (the last convolution's
// pooled maps) and the rest, bias: Σ_k c_k + bias = z_d. It reports false
// when net does not end in fully connected layers with a ReLU between
// each two, where the split does not hold.
func ConvContributions(net *core.ConvNet, acts [][]float32, d int) (c []float64, bias float64, ok bool) {
	L := len(net.Layers)
	// The fully connected tail: Dense (ReLU Dense)*, back from the end.
	var denses []int
	for i := L - 1; i >= 0; i -= 2 {
		if _, ok := net.Layers[i].(*core.Dense); !ok {
			return nil, 0, false
		}
		denses = append(denses, i)
		if i == 0 {
			break
		}
		if _, ok := net.Layers[i-1].(*core.ReLU); !ok {
			break
		}
	}
	first := denses[len(denses)-1]
	if first == 0 {
		return nil, 0, false // no convolution before them
	}
	out := net.Layers[L-1].(*core.Dense)
	n := out.InShape.Size()
	u := make([]float64, n)
	for j := range u {
		u[j] = float64(out.W[d*n+j])
	}
	bias = float64(out.B[d])
	for _, i := range denses[1:] {
		l := net.Layers[i].(*core.Dense)
		active := acts[i+1] // its ReLU's output
		n := l.InShape.Size()
		next := make([]float64, n)
		for j := range l.Outputs {
			if active[j] <= 0 {
				continue // a silent ReLU passes nothing back
			}
			bias += u[j] * float64(l.B[j])
			for k, w := range l.W[j*n : (j+1)*n] {
				next[k] += u[j] * float64(w)
			}
		}
		u = next
	}
	p := acts[first-1]
	shape := net.Layers[first].In()
	c = make([]float64, shape.C)
	per := shape.H * shape.W
	for i, v := range p {
		c[i/per] += float64(v) * u[i]
	}
	return c, bias, true
}

// firstWeights is the first layer's weights of m, neuron after neuron (a
// fully connected network's first layer, or a first convolution's
// filters over one input channel), or nil for any other network.
func firstWeights(m core.Model) (w []float32, inputs int) {
	switch n := m.(type) {
	case *core.Network:
		if len(n.Sizes) > 1 {
			return n.W[0], n.Sizes[0]
		}
	case *core.ConvNet:
		if c, ok := n.Layers[0].(*core.Conv); ok && c.InShape.C == 1 {
			return c.W, c.Size * c.Size
		}
	}
	return nil, 0
}
