package core

import (
	"slices"
	"unsafe"

	"digits/core/internal/kernel"
)

// fastEngine is the trainer's arithmetic through the vector kernels of
// package kernel, on all the CPUs. It computes the reference's numbers bit
// for bit: every sample's activations and dZ alike, and every gradient
// element as one running sum over the batch's samples in sample order,
// whichever CPU computes it and however the batch is cut into blocks.
//
// A batch is cut into blocks of consecutive samples, handled one after
// the other. In each block:
//
//  1. forward: the first layer from each sample's non-zero pixels alone,
//     Z = b + Σ_{k: X_k ≠ 0} X_k·Wᵀ[k] (kernel.SpAxpy: about 80% of the
//     pixels are blank); the other layers as dense products over the
//     block, Z = b + A·Wᵀ (kernel.Gemm); at the output, the loss and
//     dZ[L] = A[L] - y (samples shared among the CPUs);
//  2. for l = L, ..., 1, the gradient of layer l: dWᵀ += Aᵀ·dZ, a sum over
//     the block's samples in order (rows of dWᵀ shared among the CPUs), by
//     kernel.Gemm, or for the first layer over the non-zero pixels only
//     (the column view, or ScatterAxpy for narrow layers); and
//     dZ[l-1] = (dZ·W) ⊙ [A[l-1] > 0] (samples shared among the CPUs).
//
// Adding a zero term never changes a sum here (sums start at +0 or at a
// bias and never become -0; the weights are finite), so the sparse and the
// dense products give the same bits as the reference's loops over every
// term.
//
// The engine owns its copy of the weights, in the two layouts its loops
// read: W row-major as the network has it (backprop's dA = dZ·W) and Wᵀ
// input-major (the forward pass and the gradient). begin compares the
// network's weights with that copy, bit for bit, and loads them again if
// anything differs, so that no edit between two calls can go unnoticed;
// end writes the copy back if a step changed it.
type fastEngine struct {
	net    *Network // the network it trains
	loaded bool     // the copy was loaded from net at least once
	sizes  []int
	block  int // samples per block

	w, wT, b [][]float32 // the weights: W[l], Wᵀ[l] (wT[l][k*out+j] = W[l][j*in+k]), b[l]
	w0Behind bool        // w[0] is behind wT[0]: only end needs it, so it is written there
	stepped  bool        // a step changed the weights since begin

	gT, gB  [][]float32 // Σ dWᵀ and Σ db over the batch so far, laid out like wT and b
	touched []bool      // rows k of gT[0] that got a term in this batch

	// Scratch of one block of samples.
	act, dz  [][]float32 // [l]: block × sizes[l+1], A[l+1] and dZ[l+1]
	loss     []float64   // per sample
	ok       []bool      // per sample
	nzIdx    []int32     // block × sizes[0]: each sample's non-zero pixels
	nzVal    []float32   // and their values
	nzCnt    []int       // how many for each sample
	colCount []int32     // [k]: the samples whose pixel k is not zero (see columns)
	colRow   []int32     // column k's samples at [k*block, k*block+colCount[k])
	colVal   []float32   // and their pixel values
	bounds   []int       // split of the pixels among the parts
	sums     [][]float32 // [w]: worker w's buffer for a share of db
	rows     [][]float32 // [w]: worker w's buffer for a row of dWᵀ[0] (gradientColumns' step)
}

// fastBlockMax is the largest block: big enough that a row of dWᵀ loaded
// into registers collects many samples before it is stored back, small
// enough that the block's activations and column view stay in the CPU's
// caches. The size changes only the speed, never the results.
const fastBlockMax = 128

// fastBlock is the block size for batches of b samples of a network of
// the given sizes. Narrow networks (hidden layers under 128 neurons) do
// little work per sample, so they take blocks four times larger: fewer
// times per batch that the CPUs wait for each other. No result depends on
// the block size.
func fastBlock(b int, sizes []int) int {
	most := fastBlockMax
	if slices.Max(sizes[1:]) < 128 {
		most *= 4
	}
	return max(1, min(b, most))
}

// newFastEngine makes an engine for net and batches of batch samples.
func newFastEngine(net *Network, batch int) *fastEngine {
	n := net
	block := fastBlock(batch, n.Sizes)
	e := &fastEngine{net: n, sizes: slices.Clone(n.Sizes), block: block, loss: make([]float64, block), ok: make([]bool, block)}
	for l := range n.W {
		out := n.Sizes[l+1]
		e.w = append(e.w, make([]float32, len(n.W[l])))
		e.wT = append(e.wT, make([]float32, len(n.W[l])))
		e.b = append(e.b, make([]float32, out))
		e.gT = append(e.gT, make([]float32, len(n.W[l])))
		e.gB = append(e.gB, make([]float32, out))
		e.act = append(e.act, make([]float32, block*out))
		e.dz = append(e.dz, make([]float32, block*out))
	}
	in := n.Sizes[0]
	e.touched = make([]bool, in)
	e.nzIdx, e.nzVal, e.nzCnt = make([]int32, block*in), make([]float32, block*in), make([]int, block)
	e.colCount = make([]int32, in)
	for range maxWorkers {
		e.sums = append(e.sums, make([]float32, slices.Max(n.Sizes[1:])))
		e.rows = append(e.rows, make([]float32, n.Sizes[1]))
	}
	e.colRow, e.colVal = make([]int32, block*in), make([]float32, block*in)
	return e
}

// begin loads the network's weights unless the engine's copy is already
// equal to them, bit for bit.
func (e *fastEngine) begin() {
	n := e.net
	if e.loaded && sameBits(n.W, e.w) && sameBits(n.B, e.b) {
		return
	}
	e.loaded = true
	for l := range n.W {
		copy(e.w[l], n.W[l])
		copy(e.b[l], n.B[l])
		transposeInto(e.wT[l], n.W[l], n.Sizes[l+1], n.Sizes[l])
	}
	e.w0Behind = false
}

// end writes the weights back into the network if a step changed them.
func (e *fastEngine) end() {
	if !e.stepped {
		return
	}
	if e.w0Behind {
		transposeInto(e.w[0], e.wT[0], e.sizes[0], e.sizes[1])
		e.w0Behind = false
	}
	for l := range e.w {
		copy(e.net.W[l], e.w[l])
		copy(e.net.B[l], e.b[l])
	}
	e.stepped = false
}

// sameBits reports whether a and b hold the same float32 values bit for
// bit (a comparison of memory: NaN equals NaN, and -0 differs from +0).
func sameBits(a, b [][]float32) bool {
	if len(a) != len(b) {
		return false
	}
	for l := range a {
		if len(a[l]) != len(b[l]) {
			return false
		}
		if len(a[l]) > 0 && string(asBytes(a[l])) != string(asBytes(b[l])) {
			return false
		}
	}
	return true
}

// asBytes views v's memory as bytes.
func asBytes(v []float32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), 4*len(v))
}

// accumulate runs the samples in blocks of up to e.block.
func (e *fastEngine) accumulate(d *Dataset, samples []int32, t *tally) {
	for start := 0; start < len(samples); start += e.block {
		e.runBlock(d, samples[start:min(start+e.block, len(samples))], t, 0)
	}
}

// accumulateBatch is accumulate for a whole batch, which then steps at
// learningRate. When the batch is one block and the first layer's
// gradient goes through the column view, that layer's step is taken in
// the same pass as its gradient (gradientColumns), and step leaves it alone.
func (e *fastEngine) accumulateBatch(d *Dataset, samples []int32, t *tally, learningRate float32) {
	if len(samples) > e.block || e.sizes[1] <= scatterMax {
		e.accumulate(d, samples, t)
		return
	}
	e.runBlock(d, samples, t, learningRate/float32(len(samples)))
}

// parts is the number of parts the work of a block is split into: one per
// CPU.
func (e *fastEngine) parts() int { return numWorkers(maxWorkers) }

// runBlock adds the gradient of the samples of one block to gT and gB,
// and their losses and correct guesses to t. If scale > 0, the block is a
// whole batch whose step is W -= scale·Σ dW: the first layer takes it at
// once (gradientColumns) instead of adding to gT[0], unless the batch's loss
// is not finite (no step will follow, see batchDiverged).
func (e *fastEngine) runBlock(d *Dataset, samples []int32, t *tally, scale float32) {
	L := len(e.w)
	m := len(samples)
	parts := e.parts()

	// 1. Forward, and dZ[L] = A[L] - onehot(y), each part for its samples.
	forParts(parts, func(_, p int) {
		i0, i1 := partRange(m, parts, p)
		e.forwardPixels(d, samples, i0, i1, L > 1)
		for l := 1; l < L; l++ {
			in, out := e.sizes[l], e.sizes[l+1]
			z := e.act[l][i0*out : i1*out]
			for i := range i1 - i0 {
				copy(z[i*out:(i+1)*out], e.b[l])
			}
			kernel.Gemm(i1-i0, out, in, e.act[l-1][i0*in:], in, 1, e.wT[l], out, z, out) // Z = b + A·Wᵀ
			if l < L-1 {
				kernel.Relu(z) // A = ReLU(Z)
			}
		}
		k := e.sizes[L]
		for i := i0; i < i1; i++ {
			y := int(d.Labels[samples[i]])
			z := e.act[L-1][i*k : (i+1)*k]
			zy := float64(z[y])
			e.loss[i] = softmax(z) - zy // -ln softmax(z)_y, as in backprop
			e.ok[i] = argmax(z) == y
			dz := e.dz[L-1][i*k : (i+1)*k]
			copy(dz, z)
			dz[y] -= 1
		}
	})
	for i := range m { // in sample order, so blocks may be of any size
		t.loss += e.loss[i]
		if e.ok[i] {
			t.correct++
		}
	}
	if !finite(t.loss) {
		scale = 0 // the trainer stops with a DivergedError (batchDiverged) and takes no step
	}

	// 2. Backward, layer by layer.
	for l := L - 1; l >= 0; l-- {
		in, out := e.sizes[l], e.sizes[l+1]
		dz := e.dz[l][:m*out]
		var bounds []int
		if l == 0 {
			bounds = e.split(parts)
		}
		forParts(parts, func(w, p int) {
			// db += dZ_i, for this part's share of the neurons j, summed
			// in the worker's own buffer: the parts of a narrow layer's
			// db share a cache line, which two CPUs writing it for every
			// sample would pass back and forth.
			j0, j1 := partRange(out, parts, p)
			db := e.sums[w][:j1-j0]
			copy(db, e.gB[l][j0:j1])
			for i := range m {
				kernel.Axpy(1, dz[i*out+j0:i*out+j1], db)
			}
			copy(e.gB[l][j0:j1], db)
			if l == 0 {
				// dWᵀ[k] += Σ_i X_ik·dZ_i for this part's pixels k; nobody
				// needs the gradient with respect to the pixels.
				if out <= scatterMax {
					e.gradientScatter(m, bounds[p], bounds[p+1])
				} else {
					e.gradientColumns(m, bounds[p], bounds[p+1], e.rows[w], scale)
				}
				return
			}
			// dWᵀ += Aᵀ·dZ for this part's rows k.
			k0, k1 := partRange(in, parts, p)
			kernel.Gemm(k1-k0, out, m, e.act[l-1][k0:], 1, in, dz, out, e.gT[l][k0*out:], out)
			// dZ[l-1] = (dZ·W) ⊙ [A[l-1] > 0] for this part's samples.
			i0, i1 := partRange(m, parts, p)
			da := e.dz[l-1][i0*in : i1*in]
			clear(da)
			kernel.Gemm(i1-i0, in, out, dz[i0*out:], out, 1, e.w[l], in, da, in)
			kernel.MaskPositive(da, e.act[l-1][i0*in:i1*in]) // dZ = dA ⊙ [A > 0]
		})
	}
}

// forwardPixels computes the first layer of samples i0 ≤ i < i1 of the
// block from their non-zero pixels, which it also keeps for the gradient:
// Z = b + Σ_{k: X_k ≠ 0} X_k·Wᵀ[k], then ReLU if the layer is hidden.
func (e *fastEngine) forwardPixels(d *Dataset, samples []int32, i0, i1 int, hidden bool) {
	in, out := e.sizes[0], e.sizes[1]
	for i := i0; i < i1; i++ {
		idx, val := e.nzIdx[i*in:(i+1)*in], e.nzVal[i*in:(i+1)*in]
		c := kernel.PixelNonZeros(idx, val, d.Image(int(samples[i])))
		e.nzCnt[i] = c
		z := e.act[0][i*out : (i+1)*out]
		copy(z, e.b[0])
		kernel.SpAxpy(z, e.wT[0], out, idx[:c], val[:c])
		if hidden {
			kernel.Relu(z)
		}
	}
}

// columns builds the column view of the block's m samples' pixels, for
// the pixels k0 ≤ k < k1: the samples i where X_ik ≠ 0, in increasing
// order, with the values X_ik, in colRow/colVal from k·block on, and their
// number in colCount[k]. Each part builds the columns it then uses, so
// this runs in parallel too.
func (e *fastEngine) columns(m, k0, k1 int) {
	count := e.colCount
	clear(count[k0:k1])
	for i := range m {
		idx, val := e.pixelsIn(i, k0, k1)
		kernel.Columns(count, e.colRow, e.colVal, e.block, int32(i), idx, val)
	}
}

// pixelsIn returns the entries of sample i's list of non-zero pixels
// (forwardPixels') with k0 ≤ k < k1: its pixels and their values.
func (e *fastEngine) pixelsIn(i, k0, k1 int) ([]int32, []float32) {
	in := e.sizes[0]
	idx := e.nzIdx[i*in : i*in+e.nzCnt[i]]
	lo := firstAtLeast(idx, k0)
	hi := lo + firstAtLeast(idx[lo:], k1)
	return idx[lo:hi], e.nzVal[i*in+lo : i*in+hi]
}

// firstAtLeast returns the first t with list[t] ≥ k in the sorted list
// (len(list) if none), by bisection.
func firstAtLeast(list []int32, k int) int {
	lo, hi := 0, len(list)
	for lo < hi {
		if mid := (lo + hi) / 2; int(list[mid]) < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// scatterMax is the widest first layer whose weight gradient is added
// sample by sample (gradientScatter) rather than through the column view
// (gradientColumns). For a narrow layer a row of dZ fits in a few
// registers and building the column view would cost more than the sums.
const scatterMax = 64

// gradientColumns adds dWᵀ[k] += Σ_i X_ik·dZ_i for the pixels
// k0 ≤ k < k1 of the first layer, row by row: the row stays in registers
// while the column view brings it the samples that have X_ik ≠ 0.
//
// If scale > 0, the block is a whole batch (accumulateBatch) and the
// first layer's part of step is taken in the same pass: row k's sum over
// the batch, g = Σ_i X_ik·dZ_i, is formed from +0 as in a cleared row of
// gT (in registers, or in the worker's buffer g), then Wᵀ[k] -= scale·g
// at once, the operation step would apply (kernel.SpStep). The same bits,
// without gT[0] (as large as the layer's weights, more than the CPU's own
// cache holds beside them) being written, read and cleared again at every
// step. A row without terms has no gradient: W + (-scale·0) = W exactly.
func (e *fastEngine) gradientColumns(m, k0, k1 int, g []float32, scale float32) {
	out := e.sizes[1]
	e.columns(m, k0, k1)
	count, dz := e.colCount, e.dz[0][:m*out]
	for k := k0; k < k1; k++ {
		c := int(count[k])
		if c == 0 {
			continue
		}
		a := k * e.block
		rows, vals := e.colRow[a:a+c], e.colVal[a:a+c]
		if scale > 0 {
			kernel.SpStep(e.wT[0][k*out:(k+1)*out], -scale, g, dz, out, rows, vals)
			continue
		}
		e.touched[k] = true
		kernel.SpAxpy(e.gT[0][k*out:(k+1)*out], dz, out, rows, vals)
	}
	if scale > 0 {
		e.w0Behind, e.stepped = true, true
	}
}

// gradientScatter adds the same sums sample by sample: for each sample i
// in order, dWᵀ[k] += X_ik·dZ_i for its non-zero X_ik with k0 ≤ k < k1.
// Each element of dWᵀ gets the same operations in the same order as in
// gradientColumns, so the same bits.
func (e *fastEngine) gradientScatter(m, k0, k1 int) {
	out := e.sizes[1]
	gT, count := e.gT[0], e.colCount
	clear(count[k0:k1])
	for i := range m {
		idx, val := e.pixelsIn(i, k0, k1)
		if len(idx) == 0 {
			continue
		}
		kernel.ScatterAxpy(gT, out, idx, val, e.dz[0][i*out:(i+1)*out])
		for _, k := range idx {
			count[k]++ // for split and touched
		}
	}
	for k := k0; k < k1; k++ {
		if count[k] > 0 {
			e.touched[k] = true
		}
	}
}

// split cuts the pixels into p ranges [bounds[q], bounds[q+1]) with about
// the same number of column entries each, judging by the previous block's
// counts (samples look alike from block to block). It runs before the
// parts start, which then rewrite the counts. The split affects only the
// speed: each gradient row is computed whole by one part, the same way
// whichever it is.
func (e *fastEngine) split(p int) []int {
	count := e.colCount
	total := 0
	for _, c := range count {
		total += int(c) + 1 // + 1: a row costs a little even when empty
	}
	bounds := append(e.bounds[:0], 0)
	sum := 0
	for k, c := range count {
		if len(bounds) < p && sum >= total*len(bounds)/p {
			bounds = append(bounds, k)
		}
		sum += int(c) + 1
	}
	for len(bounds) <= p {
		bounds = append(bounds, len(count))
	}
	e.bounds = bounds
	return bounds
}

// step applies W -= (learning_rate/m)·Σ dW, b -= (learning_rate/m)·Σ db
// to wT and b with the same float32 operations as the reference's update,
// then copies wT into w, and zeroes the sums. W is updated through its
// transpose because the sums are laid out like wT; w gets exactly the same
// numbers, since the same operation on the same value gives the same
// bits. Rows of W[0] whose gradient is zero (pixels blank in every image
// of the batch) are left alone: W + (-s·0) = W exactly. W[0] is needed
// row-major only by end, so it is copied there, once, instead of at every
// step. The rows are shared among the CPUs: every element is updated on
// its own, so the split changes nothing but the speed.
func (e *fastEngine) step(learningRate float32, m int) {
	scale := learningRate / float32(m)
	parts := e.parts()
	forParts(parts, func(_, p int) {
		for l := range e.w {
			in, out := e.sizes[l], e.sizes[l+1]
			gT := e.gT[l]
			k0, k1 := partRange(in, parts, p)
			for k := k0; k < k1; k++ {
				if l == 0 && !e.touched[k] {
					continue
				}
				g := gT[k*out : (k+1)*out]
				kernel.Axpy(-scale, g, e.wT[l][k*out:(k+1)*out])
				clear(g)
				if l == 0 {
					e.touched[k] = false
				}
			}
			if l > 0 {
				transposeRows(e.w[l], e.wT[l], in, out, k0, k1)
			}
			j0, j1 := partRange(out, parts, p)
			kernel.Axpy(-scale, e.gB[l][j0:j1], e.b[l][j0:j1])
			clear(e.gB[l][j0:j1])
		}
	})
	e.w0Behind = true
	e.stepped = true
}
