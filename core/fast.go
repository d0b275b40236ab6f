package core

import (
	"math"
	"slices"

	"digits/core/internal/kernel"
)

// The fast path computes exactly what the reference loops of forward.go
// and backprop.go compute, with two changes of method.
//
// Sparse inputs. Z = W·A + b needs only the inputs that are not zero:
// about 19% of MNIST's pixels, and about half of the hidden activations
// after ReLU. With the weights stored input-major (Wᵀ, one row per input
// k), Z is b plus a weighted sum of the rows of the non-zero inputs,
//
//	Z = b + Σ_{k: A[k] ≠ 0} A[k]·Wᵀ[k]
//
// which is kernel.SpAxpy. Each Z[j] still adds the products in the order
// of k, so it has the same bits as the reference's dot product: skipping a
// zero term changes nothing (s + 0 = s, and no partial sum here can be
// -0, whose sign would flip). Evaluate and PredictAll therefore give the
// reference's results bit for bit.
//
// Vector kernels. kernel.SpAxpy runs 16 floats at a time in AVX-512
// assembly when the CPU has it, 4 at a time in a WebAssembly SIMD128
// module in the browser, and as an unrolled Go loop elsewhere; all give
// the same bits, see package kernel.

// transposeInto writes the rows×cols row-major matrix src into dst as
// cols×rows: dst[k*rows+j] = src[j*cols+k].
func transposeInto(dst, src []float32, rows, cols int) {
	transposeRows(dst, src, rows, cols, 0, rows)
}

// transposeRows is transposeInto for the rows r0 ≤ j < r1 of src only,
// which become the columns r0 to r1-1 of dst. Four rows of src are read
// side by side, so that each store into dst writes four neighbouring
// floats: twice as fast as one float per store, or as 32×32 tiles.
func transposeRows(dst, src []float32, rows, cols, r0, r1 int) {
	j := r0
	for ; j+4 <= r1; j += 4 { // four rows of src at once: four floats in a row of dst
		s0 := src[j*cols : (j+1)*cols]
		s1 := src[(j+1)*cols : (j+2)*cols]
		s2 := src[(j+2)*cols : (j+3)*cols]
		s3 := src[(j+3)*cols : (j+4)*cols]
		for k := range s0 {
			d := dst[k*rows+j : k*rows+j+4 : k*rows+j+4]
			d[0], d[1], d[2], d[3] = s0[k], s1[k], s2[k], s3[k]
		}
	}
	for ; j < r1; j++ {
		for k, v := range src[j*cols : (j+1)*cols] {
			dst[k*rows+j] = v
		}
	}
}

// transposed returns Wᵀ of every layer of n, input-major.
func transposed(n *Network) [][]float32 {
	wT := make([][]float32, len(n.W))
	for l := range n.W {
		wT[l] = make([]float32, len(n.W[l]))
		transposeInto(wT[l], n.W[l], n.Sizes[l+1], n.Sizes[l])
	}
	return wT
}

// nonZero writes the indices and values of v's non-zero entries into idx
// and val (each at least len(v) long) and returns how many there are.
// Without a branch on the data: ReLU makes about half the entries zero in
// a random pattern, which a branch would mispredict half the time.
func nonZero(v []float32, idx []int32, val []float32) int {
	c := 0
	idx, val = idx[:len(v)], val[:len(v)]
	for k, a := range v {
		idx[c], val[c] = int32(k), a // always written, kept only if a ≠ 0
		c += notZero(math.Float32bits(a))
	}
	return c
}

// notZero is 1 if the float with bits b is not ±0, else 0.
func notZero(b uint32) int { return int((b<<1 | -(b << 1)) >> 31) }

// reluNonZero is relu then nonZero in one pass, without branches. It also
// turns -0 into +0, which changes nothing downstream: a zero activation
// contributes nothing either way, and the mask of backprop is A > 0.
func reluNonZero(z []float32, idx []int32, val []float32) int {
	c := 0
	idx, val = idx[:len(z)], val[:len(z)]
	for k, a := range z {
		b := math.Float32bits(a)
		b &^= uint32(int32(b) >> 31) // negative → +0: ReLU
		a = math.Float32frombits(b)
		z[k] = a
		idx[c], val[c] = int32(k), a
		c += notZero(b)
	}
	return c
}

// sparseSample is one sample's way through the network: in[l] holds the
// non-zero inputs of layer l (in[0] the pixels) as index and value lists
// with cnt[l] entries, act[l] the activations A[l+1] it produces.
type sparseSample struct {
	idx [][]int32
	val [][]float32
	cnt []int
	act [][]float32
}

// newSparseSample allocates room for one sample of a network with the
// given layer sizes.
func newSparseSample(sizes []int) *sparseSample {
	layers := len(sizes) - 1
	s := &sparseSample{cnt: make([]int, layers)}
	for l := range layers {
		s.idx = append(s.idx, make([]int32, sizes[l]))
		s.val = append(s.val, make([]float32, sizes[l]))
		s.act = append(s.act, make([]float32, sizes[l+1]))
	}
	return s
}

// forward runs image img through n (wT its transposed weights, biases from
// n.B) and leaves the probabilities in s.act[L-1]. It returns the
// cross-entropy loss for label y and the guess, as backprop computes them.
func (s *sparseSample) forward(n *Network, wT [][]float32, img []byte, y int) (loss float64, guess int) {
	return s.forwardWith(n.Sizes, wT, n.B, img, y)
}

// forwardWith is forward with the biases b given apart from the network
// (the fast engine keeps its own copy of the weights).
func (s *sparseSample) forwardWith(sizes []int, wT, b [][]float32, img []byte, y int) (loss float64, guess int) {
	s.cnt[0] = kernel.PixelNonZeros(s.idx[0], s.val[0], img) // X = pixel / 255, blank pixels left out
	last := len(wT) - 1
	for l := range wT {
		out := sizes[l+1]
		z := s.act[l]
		copy(z, b[l])
		c := s.cnt[l]
		kernel.SpAxpy(z, wT[l], out, s.idx[l][:c], s.val[l][:c]) // Z = b + Σ A[k]·Wᵀ[k]
		if l < last {
			s.cnt[l+1] = reluNonZero(z, s.idx[l+1], s.val[l+1]) // A = ReLU(Z)
			continue
		}
		zy := float64(z[y])
		loss = softmax(z) - zy // -ln softmax(z)_y, see backprop
		guess = argmax(z)
	}
	return loss, guess
}

// forwardSparse is Forward for one input x through the row-major weights,
// skipping the zero inputs: z[j] = b[j] + Σ_{k: x[k] ≠ 0} W[j][k]·x[k],
// the same sums as affine in the same order, so the same bits. For one
// image there is no batch to amortise a transposed copy of W over, and
// skipping the ~80% zero pixels is what pays.
func (n *Network) forwardSparse(x []float32) []float32 {
	idx := make([]int32, slices.Max(n.Sizes))
	val := make([]float32, slices.Max(n.Sizes))
	c := nonZero(x, idx, val)
	var z []float32
	for l := range n.W {
		in, out := n.Sizes[l], n.Sizes[l+1]
		z = make([]float32, out)
		w := n.W[l]
		for j := range z {
			row := w[j*in : (j+1)*in]
			sum := n.B[l][j]
			for t, k := range idx[:c] {
				sum += float32(row[k] * val[t]) // no FMA: see affine
			}
			z[j] = sum
		}
		if l == n.Layers()-1 {
			softmax(z)
			break
		}
		c = reluNonZero(z, idx, val)
	}
	return z
}
