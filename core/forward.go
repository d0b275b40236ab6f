package core

import (
	"fmt"

	"digits/core/internal/mathx"
)

// Forward computes the ten output probabilities for one input x of
// n.Inputs() values in [0, 1]: A[L] = softmax(W[L]·(...ReLU(W[1]·x + b[1])...) + b[L]).
func (n *Network) Forward(x []float32) []float32 {
	if !referenceOnly {
		return n.forwardOne(x) // the same result, faster (fast.go)
	}
	a := x
	for l := range n.W {
		z := make([]float32, n.Sizes[l+1])
		n.affine(l, a, z)
		if l == n.Layers()-1 {
			softmax(z)
		} else {
			relu(z)
		}
		a = z
	}
	return a
}

// Predict returns the most probable class of x and the probabilities.
func (n *Network) Predict(x []float32) (digit int, probs []float32) {
	probs = n.Forward(x)
	return argmax(probs), probs
}

// affine computes z = W[l]·a + b[l] for one sample: z[j] = b[j] + Σ_k W[j][k]·a[k].
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

// Accuracy returns the fraction of d's images that n classifies correctly.
func (n *Network) Accuracy(d *Dataset) float64 {
	_, acc, _ := n.Evaluate(d)
	return acc
}

// Evaluate returns the mean cross-entropy loss and the accuracy of n on d.
// The work is split across CPUs in fixed blocks whose results are added
// in a fixed order, so the loss is the same for any GOMAXPROCS.
func (n *Network) Evaluate(d *Dataset) (loss, accuracy float64, err error) {
	if d.Size() != n.Inputs() {
		return 0, 0, fmt.Errorf("network takes %d inputs but images have %d pixels", n.Inputs(), d.Size())
	}
	s := newSweep(n, d.N, evalChunk)
	forward := forwardChunkFunc(n, d)
	s.run(func(ln *lane, start, end int) {
		forward(ln, identity(start, end))
	})
	loss, correct := s.totals()
	return loss / float64(d.N), float64(correct) / float64(d.N), nil
}

// PredictAll returns n's guess for every image of d.
func (n *Network) PredictAll(d *Dataset) []byte {
	out := make([]byte, d.N)
	s := newSweep(n, d.N, evalChunk)
	forward := forwardChunkFunc(n, d)
	s.run(func(ln *lane, start, end int) {
		forward(ln, identity(start, end))
		top := ln.act[n.Layers()-1]
		k := n.Outputs()
		for i := start; i < end; i++ {
			out[i] = byte(argmax(top[(i-start)*k : (i-start+1)*k]))
		}
	})
	return out
}

// identity returns the sample indices start, start+1, ..., end-1.
func identity(start, end int) []int32 {
	idx := make([]int32, end-start)
	for i := range idx {
		idx[i] = int32(start + i)
	}
	return idx
}
