package core

import "fmt"

// Activations runs the forward pass of Forward and keeps every layer's
// output, for looking inside the network: acts[l-1] is A[l] for
// l = 1, ..., L, that is the hidden layers' ReLU outputs in order, then the
// output's probabilities. It computes exactly Forward's sums in Forward's
// order, so acts[L-1] is Forward(x) bit for bit.
func (n *Network) Activations(x []float32) ([][]float32, error) {
	if len(x) != n.Inputs() {
		return nil, fmt.Errorf("network takes %d inputs, got %d", n.Inputs(), len(x))
	}
	acts := make([][]float32, n.Layers())
	a := x
	for l := range n.W {
		z := make([]float32, n.Sizes[l+1])
		n.affine(l, a, z) // Z = W·A + b
		if l == n.Layers()-1 {
			softmax(z) // A = softmax(Z)
		} else {
			relu(z) // A = ReLU(Z)
		}
		acts[l] = z
		a = z
	}
	return acts, nil
}
