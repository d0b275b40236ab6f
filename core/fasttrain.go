package core

import (
	"slices"
	"unsafe"

	"digits/core/internal/kernel"
)

// fastEngine is the trainer's arithmetic through the sparse kernels
// (package kernel) on all the CPUs. It computes the reference's numbers
// bit for bit: every sample's activations and dZ alike, and every gradient
// element as one running sum over the batch's samples in sample order,
// whichever CPU computes it and however the batch is cut into blocks.
//
// A batch is cut into blocks of consecutive samples, handled one after
// the other. In each block:
//
//  1. forward: every sample's activations A[l] and, at the output,
//     dZ[L] = A[L] - y (samples shared among the CPUs);
//  2. for l = L, ..., 1, the gradient of layer l,
//     dWᵀ[k] += Σ_{samples i: A[l-1]_ik ≠ 0} A[l-1]_ik·dZ[l]_i
//     (rows k shared among the CPUs; each row adds its samples in order),
//     and dZ[l-1]_i = (Σ_{j: dZ_ij ≠ 0} dZ_ij·W[j]) ⊙ [A[l-1]_i > 0]
//     (samples shared among the CPUs).
//
// The engine owns its copy of the weights, in the two layouts its loops
// read: W row-major as the network has it (backprop's dA = Σ_j dZ_j·W[j])
// and Wᵀ input-major (the forward pass Z = b + Σ_k A_k·Wᵀ[k]). begin
// compares the network's weights with that copy, bit for bit, and loads
// them again if anything differs, so that no edit between two calls can
// go unnoticed; end writes the copy back if a step changed it.
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
	nzIdx    [][]int32   // [l]: block × sizes[l], non-zero inputs of layer l, per sample
	nzVal    [][]float32
	nzCnt    [][]int   // [l][i]: how many for sample i
	loss     []float64 // per sample
	ok       []bool    // per sample
	colCount [][]int32 // [l][k]: entries of column k of layer l's inputs (see columns)
	colRow   []int32   // column k's samples at [k*block, k*block+colCount[l][k])
	colVal   []float32 // and their values
	bounds   []int     // split of the current layer's inputs among the parts
	workers  []*fastWorker
}

// fastWorker is one CPU's scratch space.
type fastWorker struct {
	s   *sparseSample
	idx []int32 // non-zero entries of one dZ row
	val []float32
}

// fastBlockMax is the largest block: big enough that a row of dWᵀ loaded
// into registers collects many samples before it is stored back, small
// enough that the block's activations and column view stay in the CPU's
// caches. Measured on the 784-300-100-10 full batch (CPU time, one core):
// 64 and 128 alike, 256 10% slower, 512 15% slower. The size changes
// only the speed, never the results.
const fastBlockMax = 128

// fastBlock is the block size for batches of b samples of a network of
// the given sizes. Narrow networks (hidden layers under 128 neurons) do
// little work per sample, so they take blocks four times larger: fewer
// times per batch that the CPUs wait for each other (measured on
// 784-32-16-10: 5% less CPU time). No result depends on the block size.
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
	maxIn := 0
	for l := range n.W {
		in, out := n.Sizes[l], n.Sizes[l+1]
		maxIn = max(maxIn, in)
		e.w = append(e.w, make([]float32, len(n.W[l])))
		e.wT = append(e.wT, make([]float32, len(n.W[l])))
		e.b = append(e.b, make([]float32, out))
		e.gT = append(e.gT, make([]float32, len(n.W[l])))
		e.gB = append(e.gB, make([]float32, out))
		e.act = append(e.act, make([]float32, block*out))
		e.dz = append(e.dz, make([]float32, block*out))
		e.nzIdx = append(e.nzIdx, make([]int32, block*in))
		e.nzVal = append(e.nzVal, make([]float32, block*in))
		e.nzCnt = append(e.nzCnt, make([]int, block))
		e.colCount = append(e.colCount, make([]int32, in))
	}
	e.touched = make([]bool, n.Sizes[0])
	e.colRow = make([]int32, block*maxIn)
	e.colVal = make([]float32, block*maxIn)
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
		e.runBlock(d, samples[start:min(start+e.block, len(samples))], t)
	}
}

// parts is the number of parts the work of a block is split into: one per
// worker, so that each CPU gets one.
func (e *fastEngine) parts() int {
	p := numWorkers(maxWorkers)
	for len(e.workers) < p {
		e.workers = append(e.workers, &fastWorker{
			s:   newSparseSample(e.sizes),
			idx: make([]int32, slices.Max(e.sizes)),
			val: make([]float32, slices.Max(e.sizes)),
		})
	}
	return p
}

// runBlock adds the gradient of the samples of one block to gT and gB,
// and their losses and correct guesses to t.
func (e *fastEngine) runBlock(d *Dataset, samples []int32, t *tally) {
	L := len(e.w)
	m := len(samples)
	k := e.sizes[L]
	parts := e.parts()

	// 1. Forward, and dZ[L] = A[L] - onehot(y).
	forParts(parts, func(w, p int) {
		s := e.workers[w].s
		i0, i1 := partRange(m, parts, p)
		for i := i0; i < i1; i++ {
			// Point the sample's lists into the block's storage, so
			// that the backward pass finds them.
			for l := range L {
				in, out := e.sizes[l], e.sizes[l+1]
				s.idx[l] = e.nzIdx[l][i*in : (i+1)*in]
				s.val[l] = e.nzVal[l][i*in : (i+1)*in]
				s.act[l] = e.act[l][i*out : (i+1)*out]
			}
			y := int(d.Labels[samples[i]])
			var guess int
			e.loss[i], guess = s.forwardWith(e.sizes, e.wT, e.b, d.Image(int(samples[i])), y)
			e.ok[i] = guess == y
			for l := range L {
				e.nzCnt[l][i] = s.cnt[l]
			}
			dz := e.dz[L-1][i*k : (i+1)*k]
			copy(dz, s.act[L-1])
			dz[y] -= 1
		}
	})
	for i := range m { // in sample order, so blocks may be of any size
		t.loss += e.loss[i]
		if e.ok[i] {
			t.correct++
		}
	}

	// 2. Backward, layer by layer.
	for l := L - 1; l >= 0; l-- {
		in, out := e.sizes[l], e.sizes[l+1]
		dz := e.dz[l][:m*out]
		bounds := e.split(l, parts)
		forParts(parts, func(w, p int) {
			// db += dZ_i, for this part's share of the neurons j.
			j0, j1 := partRange(out, parts, p)
			for i := range m {
				kernel.Axpy(1, dz[i*out+j0:i*out+j1], e.gB[l][j0:j1])
			}
			// dWᵀ[k] += Σ_i A_ik·dZ_i for this part's rows k.
			k0, k1 := bounds[p], bounds[p+1]
			if out <= scatterMax {
				e.gradientScatter(l, m, k0, k1)
			} else {
				e.gradientColumns(l, m, k0, k1)
			}
			if l == 0 {
				return // nobody needs the gradient with respect to the pixels
			}
			// dZ[l-1]_i = (Σ_j dZ_ij·W[j]) ⊙ [A[l-1]_i > 0], as in backprop.
			wk := e.workers[w]
			i0, i1 := partRange(m, parts, p)
			for i := i0; i < i1; i++ {
				c := nonZero(dz[i*out:(i+1)*out], wk.idx, wk.val)
				da := e.dz[l-1][i*in : (i+1)*in]
				clear(da)
				kernel.SpAxpy(da, e.w[l], in, wk.idx[:c], wk.val[:c])
				maskPositive(da, e.act[l-1][i*in:(i+1)*in])
			}
		})
	}
}

// columns builds the column view of layer l's inputs over the block's m
// samples, for the inputs k0 ≤ k < k1: the samples i where A_ik ≠ 0, in
// increasing order, with the values A_ik, in colRow/colVal from k·block
// on, and their number in colCount[l][k]. Each worker builds the columns
// it then uses, so this runs in parallel too.
func (e *fastEngine) columns(l, m, k0, k1 int) {
	in := e.sizes[l]
	count := e.colCount[l]
	clear(count[k0:k1])
	for i := range m {
		c := e.nzCnt[l][i]
		idx := e.nzIdx[l][i*in : i*in+c]
		val := e.nzVal[l][i*in : i*in+c]
		for t := firstAtLeast(idx, k0); t < len(idx) && int(idx[t]) < k1; t++ {
			k := idx[t]
			pos := int(k)*e.block + int(count[k])
			e.colRow[pos], e.colVal[pos] = int32(i), val[t]
			count[k]++
		}
	}
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

// scatterMax is the widest layer whose weight gradient is added sample by
// sample (gradientScatter) rather than through the column view
// (gradientColumns). For a narrow layer a row of dZ fits in a few
// registers and building the column view would cost more than the sums.
const scatterMax = 64

// gradientColumns adds dWᵀ[k] += Σ_i A_ik·dZ_i for the rows k0 ≤ k < k1
// of layer l, row by row: the row stays in registers while the column
// view brings it the samples that have A_ik ≠ 0.
func (e *fastEngine) gradientColumns(l, m, k0, k1 int) {
	out := e.sizes[l+1]
	e.columns(l, m, k0, k1)
	gT, count, dz := e.gT[l], e.colCount[l], e.dz[l][:m*out]
	for k := k0; k < k1; k++ {
		if c := int(count[k]); c > 0 {
			if l == 0 {
				e.touched[k] = true
			}
			a := k * e.block
			kernel.SpAxpy(gT[k*out:(k+1)*out], dz, out, e.colRow[a:a+c], e.colVal[a:a+c])
		}
	}
}

// gradientScatter adds the same sums sample by sample: for each sample i
// in order, dWᵀ[k] += A_ik·dZ_i for its non-zero A_ik with k0 ≤ k < k1.
// Each element of dWᵀ gets the same operations in the same order as in
// gradientColumns, so the same bits.
func (e *fastEngine) gradientScatter(l, m, k0, k1 int) {
	in, out := e.sizes[l], e.sizes[l+1]
	gT, count := e.gT[l], e.colCount[l]
	clear(count[k0:k1])
	for i := range m {
		c := e.nzCnt[l][i]
		idx := e.nzIdx[l][i*in : i*in+c]
		lo := firstAtLeast(idx, k0)
		hi := lo + firstAtLeast(idx[lo:], k1)
		if lo == hi {
			continue
		}
		kernel.ScatterAxpy(gT, out, idx[lo:hi], e.nzVal[l][i*in+lo:i*in+hi], e.dz[l][i*out:(i+1)*out])
		for _, k := range idx[lo:hi] {
			count[k]++ // for split and touched
		}
	}
	if l == 0 {
		for k := k0; k < k1; k++ {
			if count[k] > 0 {
				e.touched[k] = true
			}
		}
	}
}

// split cuts the inputs of layer l into p ranges [bounds[w], bounds[w+1])
// with about the same number of column entries each, judging by the
// previous block's counts (samples look alike from block to block). It
// runs before the workers start, which then rewrite the counts. The split
// affects only the speed: each gradient row is computed whole by one
// worker, the same way whichever it is.
func (e *fastEngine) split(l, p int) []int {
	count := e.colCount[l]
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
// to wT, w and b with the same float32 operations as the reference's
// update, and zeroes the sums. Rows of W[0] whose gradient is zero (pixels
// blank in every image of the batch) are left alone: W + (-s·0) = W
// exactly. W[0] is needed row-major only by end, so it is brought up to
// date there, once, instead of at every step.
func (e *fastEngine) step(learningRate float32, m int) {
	scale := learningRate / float32(m)
	for l := range e.w {
		in, out := e.sizes[l], e.sizes[l+1]
		gT, w := e.gT[l], e.w[l]
		for k := range in {
			if l == 0 && !e.touched[k] {
				continue
			}
			g := gT[k*out : (k+1)*out]
			kernel.Axpy(-scale, g, e.wT[l][k*out:(k+1)*out])
			if l == 0 {
				clear(g)
				e.touched[k] = false
				continue
			}
			for j, v := range g {
				w[j*in+k] += float32(-scale * v)
			}
		}
		if l > 0 {
			clear(gT)
		}
		kernel.Axpy(-scale, e.gB[l], e.b[l])
		clear(e.gB[l])
	}
	e.w0Behind = true
	e.stepped = true
}
