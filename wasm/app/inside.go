package app

import (
	"cmp"
	"slices"

	"digits/core"
)

// Looking inside the network for one input: what every hidden layer does
// with it, and which neurons of the first hidden layer make the guess.
//
// A ReLU network is linear wherever no neuron switches on or off: for this
// input, with the active neurons of each hidden layer fixed, the guessed
// digit g's score (its pre-softmax output) is
//
//	z_g = Σ_j a1_j · u_j + β
//
// where a1 are the first hidden layer's activations, u = W[L]ᵀ·e_g carried
// back layer by layer through the active neurons only,
// u ← W[l]ᵀ·(u ⊙ [a_l > 0]), exactly as backpropagation carries the
// gradient ∂z_g/∂a1, and β collects the biases carried the same way. So
// c_j = a1_j · u_j is neuron j's exact share of the score: the neurons with
// the largest c_j are those whose first-layer weight pattern (a 28×28
// picture) the guess rests on most. With one hidden layer, u_j is simply
// the weight from neuron j to digit g.

// Contribution is one first-hidden-layer neuron's share of a guess, or in
// a convolutional network one feature map's (inside_conv.go).
type Contribution struct {
	Neuron  int       // index in the first hidden layer, or the channel of the last convolution
	Value   float64   // a1_j · u_j: what it adds to the guessed digit's score
	Weights []float32 // its first-layer weights, one per input pixel (a copy); nil for a feature map
	Change  []float32 // their change since training began, where known (Session.Look), else nil
	Map     []float32 // a convolutional network's feature map for the input (a copy), else nil
}

// Inside is what a network makes of one input.
type Inside struct {
	Maps   []FeatureMaps  // a convolutional network's feature maps, convolution after convolution
	Hidden [][]float32    // each fully connected hidden layer's activations, first first
	Guess  int            // the digit with the largest probability
	Top    []Contribution // the first-layer neurons (or last feature maps) adding most to Guess's score, largest first
}

// Look runs x through net (core's Activations, the bits of Forward) and
// picks the top neurons that contribute most to the guess, at most top of
// them and only those that add to its score. A network without hidden
// layers has no neurons to show: Hidden and Top are empty.
func Look(net *core.Network, x []float32, top int) (Inside, error) {
	acts, err := net.Activations(x)
	if err != nil {
		return Inside{}, err
	}
	L := len(acts)
	in := Inside{Hidden: acts[:L-1], Guess: argmax(acts[L-1])}
	if L < 2 {
		return in, nil
	}
	c, _ := Contributions(net, acts, in.Guess)
	for _, j := range TopNeurons(c, top) {
		w := net.W[0][j*net.Sizes[0] : (j+1)*net.Sizes[0]]
		in.Top = append(in.Top, Contribution{Neuron: j, Value: c[j], Weights: slices.Clone(w)})
	}
	return in, nil
}

// Contributions splits digit d's score for the input whose activations
// are acts (from net.Activations, at least one hidden layer) into the
// shares c_j of the first hidden layer's neurons and the rest, bias, from
// the biases: Σ_j c_j + bias = z_d, the score before softmax.
func Contributions(net *core.Network, acts [][]float32, d int) (c []float64, bias float64) {
	L := len(acts)
	// u = W[L]ᵀ e_d: the last layer's weights into digit d.
	u := make([]float64, net.Sizes[L-1])
	last := net.W[L-1]
	for j := range u {
		u[j] = float64(last[d*len(u)+j])
	}
	bias = float64(net.B[L-1][d])
	// Back through hidden layers L-1 .. 2, active neurons only.
	for l := L - 2; l >= 1; l-- {
		in, out := net.Sizes[l], net.Sizes[l+1]
		next := make([]float64, in)
		for j := range out {
			if acts[l][j] <= 0 {
				continue // a silent ReLU passes nothing back
			}
			bias += u[j] * float64(net.B[l][j])
			row := net.W[l][j*in : (j+1)*in]
			for k, w := range row {
				next[k] += u[j] * float64(w)
			}
		}
		u = next
	}
	c = make([]float64, len(u))
	for j, a := range acts[0] {
		c[j] = float64(a) * u[j]
	}
	return c, bias
}

// TopNeurons returns the indices of the k largest positive values of c,
// largest first (ties: the lower index first).
func TopNeurons(c []float64, k int) []int {
	var idx []int
	for j, v := range c {
		if v > 0 {
			idx = append(idx, j)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(c[b], c[a]) })
	return idx[:min(k, len(idx))]
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
