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
// the other (runBlock says how the CPUs share a block). In each block:
//
//  1. for each sample, forward: the first layer from the sample's
//     non-zero pixels alone, Z = b + Σ_{k: X_k ≠ 0} X_k·Wᵀ[k]
//     (kernel.SpAxpy: about 80% of the pixels are blank); the other
//     layers as dense products over ranges of samples, Z = b + A·Wᵀ
//     (kernel.Gemm); at the output, the loss and dZ[L] = A[L] - y; then
//     backward, dZ[l-1] = (dZ·W) ⊙ [A[l-1] > 0] for l = L, ..., 2;
//  2. for each layer, the gradient dWᵀ += Aᵀ·dZ, a sum over the block's
//     samples in order, by kernel.Gemm, or for the first layer over the
//     non-zero pixels only (the column view, or ScatterAxpy for narrow
//     layers); and db += Σ dZ.
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

	w, wT, b  [][]float32 // the weights: W[l], Wᵀ[l] (wT[l][k*out+j] = W[l][j*in+k]), b[l]
	w0Behind  bool        // w[0] is behind wT[0]: only end needs it, so it is written there
	stepped   bool        // a step changed the weights since begin
	stepTaken bool        // runBlock took the batch's step: step has nothing to do

	gT, gB  [][]float32 // Σ dWᵀ and Σ db over the batch so far, laid out like wT and b
	touched []bool      // rows k of gT[0] that got a term in this batch

	// Scratch of one block of samples.
	act, dz  [][]float32          // [l]: block × sizes[l+1], A[l+1] and dZ[l+1]
	loss     []float64            // per sample
	ok       []bool               // per sample
	nzIdx    []int32              // block × sizes[0]: each sample's non-zero pixels
	nzVal    []float32            // and their values
	nzCnt    [maxWorkers][]int    // [p][i]: how many sample i has among worker p's pixels
	colCount []int32              // [k]: the samples whose pixel k is not zero (see columns)
	colRow   []int32              // column k's samples at [k*block, k*block+colCount[k])
	colVal   []float32            // and their pixel values
	bounds   []int                // the pixels of each worker (split)
	lead     [maxWorkers]int      // [p]: pixels by which bounds[p] is moved earlier (balance)
	late     [maxWorkers]int      // [p]: samples that stage p of the pipeline had to wait for
	stage    [maxWorkers]progress // the first layer's pipeline (runBlock)
	queue    queue                // the next task of a phase
	ranges   []int                // phase 1's ranges of samples
	tasks    []gradientTask       // phase 2's tasks
	rows     [][]float32          // [w]: worker w's buffer for a row of dWᵀ[0] (gradientColumns' step)
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
	e.nzIdx, e.nzVal = make([]int32, block*in), make([]float32, block*in)
	for p := range e.nzCnt {
		e.nzCnt[p] = make([]int, block)
	}
	e.colCount = make([]int32, in)
	for range maxWorkers {
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
// gradient goes through the column view, runBlock takes the step, each
// row in the same pass as its gradient, and step has nothing left to do.
func (e *fastEngine) accumulateBatch(d *Dataset, samples []int32, t *tally, learningRate float32) {
	if len(samples) > e.block || e.sizes[1] <= scatterMax {
		e.accumulate(d, samples, t)
		return
	}
	e.runBlock(d, samples, t, learningRate/float32(len(samples)))
}

// workers is the number of CPUs that share the work of a block.
func (e *fastEngine) workers() int { return numWorkers(maxWorkers) }

// runBlock adds the gradient of the samples of one block to gT and gB,
// and their losses and correct guesses to t. The CPUs share the work in
// two phases, so that they wait for each other twice per block, and each
// owns a range of the pixels, bounds[p] ≤ k < bounds[p+1] (split), whose
// rows of Wᵀ[0] only it reads and writes: those rows, most of what the
// block reads, then stay in that CPU's own cache from block to block.
//
//  1. The first layer, as a pipeline: worker p adds the terms of its
//     pixels to each sample's Z, in sample order, once worker p-1 has
//     added its own (firstLayerStage): every Z[j] still gets its terms in
//     the order of k. Then, as the samples come out of the pipeline,
//     ranges of samples from a queue: the other layers, the loss, and dZ
//     back through the layers (forward, backward), since a sample's dZ
//     depends on that sample alone.
//  2. The gradients, sums over all the block's samples: worker p first
//     the rows of dWᵀ[0] of its pixels, then tasks from a queue: ranges
//     of rows of the other layers' dWᵀ, and the biases' db (gradient).
//
// If scale > 0, the block is a whole batch whose step is W -= scale·Σ dW,
// and phase 2 takes it too, row by row as each row's sum is complete (the
// trainer's step then has nothing left to do), unless the batch's loss is
// not finite (no step will follow, see batchDiverged).
func (e *fastEngine) runBlock(d *Dataset, samples []int32, t *tally, scale float32) {
	m := len(samples)
	workers := e.workers()
	e.split(workers)
	e.ranges = guidedRanges(e.ranges, m, workers, 4)
	e.queue.reset()
	for p := range workers {
		e.stage[p].reset()
	}
	together(workers, func(p int) {
		e.firstLayerStage(d, samples, p, workers)
		for r := e.queue.take(); r < len(e.ranges)-1; r = e.queue.take() {
			i0, i1 := e.ranges[r], e.ranges[r+1]
			e.stage[workers-1].wait(i1)
			e.forward(d, samples, i0, i1)
			e.backward(i0, i1)
		}
	})
	e.balance(m, workers)
	for i := range m { // in sample order, so blocks may be of any size
		t.loss += e.loss[i]
		if e.ok[i] {
			t.correct++
		}
	}
	if !finite(t.loss) {
		scale = 0 // the trainer stops with a DivergedError (batchDiverged) and takes no step
	}
	e.tasks = e.gradientTasks(e.tasks, workers)
	e.queue.reset()
	together(workers, func(p int) {
		e.firstLayerGradient(m, p, scale)
		for i := e.queue.take(); i < len(e.tasks); i = e.queue.take() {
			e.gradient(e.tasks[i], m, scale)
		}
	})
	if scale > 0 {
		e.stepped, e.w0Behind, e.stepTaken = true, true, true
	}
}

// firstLayerStage is stage p of the pipeline of the first layer (of
// stages, one per worker): for each sample i of the block in order, once
// stage p-1 has finished it, Z_i += Σ X_ik·Wᵀ[k] over the sample's
// non-zero pixels among the stage's own, bounds[p] ≤ k < bounds[p+1].
// Stage 0 starts Z_i at b; the last stage ends with the ReLU. Each stage
// lists the pixels it needs (listPixels), which the gradient uses too: the
// first stage one sample at a time, to get the pipeline going, the others
// all at once before they start, which puts them a few samples behind the
// stage before, so that samples that happen to be slow for it rarely make
// them wait.
func (e *fastEngine) firstLayerStage(d *Dataset, samples []int32, p, stages int) {
	out := e.sizes[1]
	if p > 0 {
		for i, s := range samples {
			e.listPixels(i, p, d.Image(int(s)))
		}
	}
	late := 0
	for i, s := range samples {
		z := e.act[0][i*out : (i+1)*out]
		if p == 0 {
			e.listPixels(i, p, d.Image(int(s)))
			copy(z, e.b[0])
		} else {
			if !e.stage[p-1].reached(i + 1) {
				late++
			}
			e.stage[p-1].wait(i + 1)
		}
		idx, val := e.pixels(i, p)
		kernel.SpAxpy(z, e.wT[0], out, idx, val) // Z += Σ X_k·Wᵀ[k]
		if p == stages-1 && len(e.w) > 1 {
			kernel.Relu(z) // A = ReLU(Z)
		}
		e.stage[p].advance(i + 1)
	}
	e.late[p] = late
}

// listPixels lists the non-zero pixels of image img, sample i of the
// block, among worker p's, and their values, for pixels.
func (e *fastEngine) listPixels(i, p int, img []byte) {
	k0, k1 := e.bounds[p], e.bounds[p+1]
	a := i*e.sizes[0] + k0
	idx, val := e.nzIdx[a:a+k1-k0], e.nzVal[a:a+k1-k0]
	c := kernel.PixelNonZeros(idx, val, img[k0:k1])
	if k0 > 0 {
		for t := range idx[:c] {
			idx[t] += int32(k0) // pixel numbers in the whole image
		}
	}
	e.nzCnt[p][i] = c
}

// forward computes the layers after the first for samples i0 ≤ i < i1
// of the block, then their losses and guesses, and dZ[L] = A[L] - onehot(y).
func (e *fastEngine) forward(d *Dataset, samples []int32, i0, i1 int) {
	L := len(e.w)
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
}

// backward computes dZ[l-1] = (dZ[l]·W[l]) ⊙ [A[l-1] > 0] for l = L, ..., 2
// and the samples i0 ≤ i < i1 of the block. Nobody needs the gradient with
// respect to the pixels, so it stops at the first layer's dZ.
func (e *fastEngine) backward(i0, i1 int) {
	for l := len(e.w) - 1; l > 0; l-- {
		in, out := e.sizes[l], e.sizes[l+1]
		da := e.dz[l-1][i0*in : i1*in]
		clear(da)
		kernel.Gemm(i1-i0, in, out, e.dz[l][i0*out:], out, 1, e.w[l], in, da, in) // dA = dZ·W
		kernel.MaskPositive(da, e.act[l-1][i0*in:i1*in])                          // dZ = dA ⊙ [A > 0]
	}
}

// pixels returns sample i's non-zero pixels among worker p's, in order,
// and their values, as firstLayerStage listed them.
func (e *fastEngine) pixels(i, p int) ([]int32, []float32) {
	a := i*e.sizes[0] + e.bounds[p]
	c := e.nzCnt[p][i]
	return e.nzIdx[a : a+c], e.nzVal[a : a+c]
}

// split cuts the pixels into p ranges, bounds[q] ≤ k < bounds[q+1], one
// per worker for both phases of a block, with about the same number of
// column entries each, judging by the previous block's counts (samples
// look alike from block to block), then moves each bound earlier by
// lead[q] (balance). It runs before the phases start, which then rewrite
// the counts. The split affects only the speed: each Z[j] gets its terms
// in the order of k, and each gradient row is computed whole by one
// worker, the same way whichever it is.
func (e *fastEngine) split(p int) {
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
	for q := 1; q < p; q++ {
		bounds[q] = max(bounds[q-1], bounds[q]-e.lead[q])
	}
	e.bounds = bounds
}

// balance moves the bounds of the pixels between the stages of the first
// layer's pipeline, for the next blocks, after one whose stage p waited
// for stage p-1 more than now and then: stage p-1 then gets fewer pixels.
// A stage that is a little slower than the one before it costs nothing,
// since the workers who finish their stage first take the ranges of
// samples that are ready; one that waits wastes its CPU. Without waits,
// the bounds drift slowly back towards an even split of the entries.
func (e *fastEngine) balance(m, workers int) {
	for p := 1; p < workers; p++ {
		if e.late[p] > m/8 {
			e.lead[p] = min(e.lead[p]+8, e.bounds[p]+e.lead[p]-e.bounds[p-1]) // at most all of stage p-1's pixels
		} else if e.lead[p] > 0 {
			e.lead[p]--
		}
	}
}
