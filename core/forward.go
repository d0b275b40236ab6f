package core

import (
	"digits/core/internal/mathx"
)

// The forward pass: how a network turns an image into ten probabilities.
// This is the readable reference. The fast path (fast.go) computes the
// same numbers bit for bit while skipping the inputs that are zero.

// Forward computes the output probabilities for one input x of
// n.Inputs() values in [0, 1]:
//
//	A[0] = x
//	Z[l] = W[l]·A[l-1] + b[l]    for l = 1, ..., L
//	A[l] = ReLU(Z[l])            hidden layers
//	A[L] = softmax(Z[L])         the output: one probability per class
func (n *Network) Forward(x []float32) []float32 {
	a := x
	for l := range n.W {
		z := make([]float32, n.Sizes[l+1])
		n.affine(l, a, z) // Z = W·A + b
		if l == n.Layers()-1 {
			softmax(z) // A = softmax(Z)
		} else {
			relu(z) // A = ReLU(Z)
		}
		a = z
	}
	return a
}

// Predict returns the most probable class of x and the probabilities.
// They are Forward's numbers, bit for bit, computed by the sparse forward
// pass of fast.go, which skips the zero pixels (about 80% of a digit).
func (n *Network) Predict(x []float32) (digit int, probs []float32) {
	probs = n.forwardSparse(x)
	return argmax(probs), probs
}

// affine computes z = W[l]·a + b[l] for one sample: z[j] = b[j] + Σ_k W[j][k]·a[k],
// adding the products in the order of k.
func (n *Network) affine(l int, a, z []float32) {
	cols := n.Sizes[l]
	w := n.W[l]
	for j := range z {
		row := w[j*cols : (j+1)*cols]
		sum := n.B[l][j]
		for k, v := range a {
			// float32(...) forbids fusing the multiply and the add into
			// one FMA instruction, which some CPUs would round differently.
			sum += float32(row[k] * v)
		}
		z[j] = sum
	}
}

// relu applies max(z, 0) in place.
func relu(z []float32) {
	for j, v := range z {
		if v < 0 {
			z[j] = 0
		}
	}
}

// softmax turns the scores z into probabilities in place,
//
//	softmax(z)_j = e^(z_j) / Σ_k e^(z_k) = e^(z_j - max) / Σ_k e^(z_k - max),
//
// subtracting the largest score first so that no e^z overflows (the
// tutorial's np.exp(Z) overflows to inf, then nan, for scores above 88 in
// float32). The denominator is this sample's own sum (the tutorial's
// sum(np.exp(Z)) over a batch is per-column too, but easy to get wrong).
//
// It returns log Σ_k e^(z_k), so that the cross-entropy loss
// -ln softmax(z)_y = log Σ_k e^(z_k) - z_y is computed without ever taking
// the log of a probability that rounded to zero.
func softmax(z []float32) (logSumExp float64) {
	max := z[0]
	for _, v := range z[1:] {
		if v > max {
			max = v
		}
	}
	sum := 0.0
	for j, v := range z {
		e := mathx.Exp(float64(v - max))
		z[j] = float32(e)
		sum += e
	}
	for j := range z {
		z[j] = float32(float64(z[j]) / sum)
	}
	return float64(max) + mathx.Log(sum)
}

// argmax returns the index of the largest value (the first on ties).
func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
