package core

import (
	"math"
	"runtime"
	"sync"

	"digits/core/internal/kernel"
)

// fastTrainer computes a batch's gradient with the sparse kernels and
// applies the step. It gives the reference's per-sample activations and
// dZ bit for bit; only the order in which the gradient sums are added up
// differs (see below), so its weights agree with the reference's to a few
// float32 roundings per step (fast_test.go measures it), not bit for bit.
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
// Every gradient element is therefore one running sum over the batch's
// samples in batch order, whichever CPU computes it and however the batch
// is cut into blocks: the same bits for any GOMAXPROCS, any Work budget
// and, the kernels being bit-identical, in WebAssembly.
// The reference instead keeps eight partial sums (lanes.go) and adds
// them at the end. The fast path needs no per-lane copy of the gradient,
// which matters for mini-batches: adding up eight copies of a 784×300
// gradient would cost more than the batch's 64 samples.
type fastTrainer struct {
	net   *Network
	block int         // samples per block
	wT    [][]float32 // Wᵀ[l], input-major: wT[l][k*out+j] = W[l][j*in+k]
	gT    [][]float32 // Σ dWᵀ over the batch so far, input-major like wT
	gB    [][]float32 // Σ db over the batch so far
	fresh bool        // wT equals the transposed Net.W
	stamp uint64      // fingerprint of Net.W when wT was last made equal to it
	where []*float32  // &Net.W[l][0] then: a new matrix is a new Network's
	// Inside RunEpoch nobody else looks at Net, so W[0], the largest
	// matrix and the only one the fast path does not read, is written
	// back from wT[0] once at the end (flush) instead of at every step.
	deferW0 bool
	staleW0 bool   // Net.W[0] is behind wT[0]
	touched []bool // rows k of gT[0] that got a term in this batch

	// Scratch of one block of samples.
	act, dz  [][]float32 // [l]: block × Sizes[l+1], A[l+1] and dZ[l+1]
	nzIdx    [][]int32   // [l]: block × Sizes[l], non-zero inputs of layer l, per sample
	nzVal    [][]float32
	nzCnt    [][]int   // [l][i]: how many for sample i
	loss     []float64 // per sample
	ok       []bool    // per sample
	colCount [][]int32 // [l][k]: entries of column k of layer l's inputs (see columns)
	colRow   []int32   // column k's samples at [k*block, k*block+colCount[l][k])
	colVal   []float32 // and their values
	bounds   []int     // split of the current layer's inputs among workers
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

// fastBlock is the block size for batches of b samples of network n.
// Narrow networks (hidden layers under 128 neurons) do little work per
// sample, so they take blocks four times larger: fewer times per batch
// that the CPUs wait for each other (measured on 784-32-16-10: 5% less
// CPU time). No result depends on the block size.
func fastBlock(b int, n *Network) int {
	most := fastBlockMax
	if maxSize(&Network{Sizes: n.Sizes[1:]}) < 128 {
		most *= 4
	}
	return max(1, min(b, most))
}

func newFastTrainer(n *Network, block int) *fastTrainer {
	f := &fastTrainer{net: n, block: block, loss: make([]float64, block), ok: make([]bool, block)}
	maxIn := 0
	for l := range n.W {
		in, out := n.Sizes[l], n.Sizes[l+1]
		maxIn = max(maxIn, in)
		f.wT = append(f.wT, make([]float32, len(n.W[l])))
		f.gT = append(f.gT, make([]float32, len(n.W[l])))
		f.gB = append(f.gB, make([]float32, out))
		f.act = append(f.act, make([]float32, block*out))
		f.dz = append(f.dz, make([]float32, block*out))
		f.nzIdx = append(f.nzIdx, make([]int32, block*in))
		f.nzVal = append(f.nzVal, make([]float32, block*in))
		f.nzCnt = append(f.nzCnt, make([]int, block))
	}
	f.touched = make([]bool, n.Sizes[0])
	for l := range n.W {
		f.colCount = append(f.colCount, make([]int32, n.Sizes[l]))
	}
	f.colRow = make([]int32, block*maxIn)
	f.colVal = make([]float32, block*maxIn)
	return f
}

// load copies Net's weights into wT, unless they are known to be there.
func (f *fastTrainer) load() {
	if f.fresh {
		return
	}
	n := f.net
	for l := range n.W {
		transposeInto(f.wT[l], n.W[l], n.Sizes[l+1], n.Sizes[l])
	}
	f.fresh = true
	f.stamp, f.where = stamp(n), f.where[:0]
	for _, w := range n.W {
		f.where = append(f.where, &w[0])
	}
}

// changed reports whether Net.W may no longer be what wT was made from.
func (f *fastTrainer) changed() bool {
	for l, w := range f.net.W {
		if l >= len(f.where) || &w[0] != f.where[l] {
			return true
		}
	}
	return f.stamp != stamp(f.net)
}

// stamp is a cheap fingerprint of Net's weights: 64 values spread over
// each matrix (changed also compares where the matrices live).
//
// Between Work calls (the app calls Work every frame, a step or less at a
// time) the trainer keeps wT rather than transposing all of W again at
// every step, which would double the cost of a mini-batch step. If the
// fingerprint changed, someone replaced or re-initialised the weights,
// and wT is made again. Editing a few weights in place between Work calls
// could go unnoticed (nothing in the project does); RunEpoch re-reads the
// weights at every call anyway.
func stamp(n *Network) uint64 {
	h := uint64(14695981039346656037)
	mix := func(v uint64) { h = (h ^ v) * 1099511628211 }
	for _, w := range n.W {
		mix(uint64(len(w)))
		for i := range 64 {
			mix(uint64(math.Float32bits(w[(i*7919)%len(w)])))
		}
	}
	return h
}

// reset zeroes the gradient sums at the start of a batch. Of gT[0] only
// the rows touched by the last batch are not zero already.
func (f *fastTrainer) reset() {
	out := f.net.Sizes[1]
	for k, t := range f.touched {
		if t {
			clear(f.gT[0][k*out : (k+1)*out])
			f.touched[k] = false
		}
	}
	for l := range f.gT {
		if l > 0 {
			clear(f.gT[l])
		}
		clear(f.gB[l])
	}
}

// flush writes W[0] back from wT[0] if it is behind.
func (f *fastTrainer) flush() {
	if f.staleW0 {
		n := f.net
		transposeInto(n.W[0], f.wT[0], n.Sizes[0], n.Sizes[1])
		f.staleW0 = false
	}
}

// procs is the number of workers: the CPUs Go may use, at most 8.
func (f *fastTrainer) procs() int { return min(runtime.GOMAXPROCS(0), 8) }

// parallel calls fn(w, p) for w = 0..p-1 on p = procs() goroutines. fn
// must split its work so that the result does not depend on p.
func (f *fastTrainer) parallel(fn func(w, p int)) {
	p := f.procs()
	for len(f.workers) < p {
		f.workers = append(f.workers, &fastWorker{
			s:   newSparseSample(f.net),
			idx: make([]int32, maxSize(f.net)),
			val: make([]float32, maxSize(f.net)),
		})
	}
	if p == 1 {
		fn(0, 1)
		return
	}
	var wg sync.WaitGroup
	for w := range p {
		wg.Go(func() { fn(w, p) })
	}
	wg.Wait()
}

func maxSize(n *Network) int {
	m := 0
	for _, s := range n.Sizes {
		m = max(m, s)
	}
	return m
}

// runBlock adds the gradient of the samples of one block to gT and gB,
// their loss to *loss and their correct guesses to *correct.
func (f *fastTrainer) runBlock(d *Dataset, samples []int32, loss *float64, correct *int) {
	n := f.net
	L := n.Layers()
	m := len(samples)
	k := n.Outputs()

	// 1. Forward, and dZ[L] = A[L] - onehot(y).
	f.parallel(func(w, p int) {
		wk := f.workers[w]
		// view points a sample's lists into the block's storage, so that
		// the backward pass finds them.
		view := func(s *sparseSample, i int) {
			for l := range n.W {
				in, out := n.Sizes[l], n.Sizes[l+1]
				s.idx[l] = f.nzIdx[l][i*in : (i+1)*in]
				s.val[l] = f.nzVal[l][i*in : (i+1)*in]
				s.act[l] = f.act[l][i*out : (i+1)*out]
			}
		}
		done := func(s *sparseSample, i, y int) {
			for l := range n.W {
				f.nzCnt[l][i] = s.cnt[l]
			}
			dz := f.dz[L-1][i*k : (i+1)*k]
			copy(dz, s.act[L-1])
			dz[y] -= 1
		}
		for i := m * w / p; i < m*(w+1)/p; i++ {
			view(wk.s, i)
			y := int(d.Labels[samples[i]])
			f.loss[i], f.ok[i] = wk.s.forward(n, f.wT, d.Image(int(samples[i])), y)
			done(wk.s, i, y)
		}
	})
	for i := range m { // in sample order, so blocks may be of any size
		*loss += f.loss[i]
		if f.ok[i] {
			*correct++
		}
	}

	// 2. Backward, layer by layer.
	for l := L - 1; l >= 0; l-- {
		in, out := n.Sizes[l], n.Sizes[l+1]
		dz := f.dz[l][:m*out]
		bounds := f.split(l, f.procs())
		f.parallel(func(w, p int) {
			// db += dZ_i, for this worker's share of the neurons j.
			j0, j1 := out*w/p, out*(w+1)/p
			for i := range m {
				kernel.Axpy(1, dz[i*out+j0:i*out+j1], f.gB[l][j0:j1])
			}
			// dWᵀ[k] += Σ_i A_ik·dZ_i for this worker's rows k.
			k0, k1 := bounds[w], bounds[w+1]
			if out <= scatterMax {
				f.gradientScatter(l, m, k0, k1)
			} else {
				f.gradientColumns(l, m, k0, k1)
			}
			if l == 0 {
				return // nobody needs the gradient with respect to the pixels
			}
			// dZ[l-1]_i = (Σ_j dZ_ij·W[j]) ⊙ [A[l-1]_i > 0], as backwardChunk.
			wk := f.workers[w]
			for i := m * w / p; i < m*(w+1)/p; i++ {
				c := nonZero(dz[i*out:(i+1)*out], wk.idx, wk.val)
				da := f.dz[l-1][i*in : (i+1)*in]
				clear(da)
				kernel.SpAxpy(da, n.W[l], in, wk.idx[:c], wk.val[:c])
				maskPositive(da, f.act[l-1][i*in:(i+1)*in])
			}
		})
	}
}

// columns builds the column view of layer l's inputs over the block's m
// samples, for the inputs k0 ≤ k < k1: the samples i where A_ik ≠ 0, in
// increasing order, with the values A_ik, in colRow/colVal from k·block
// on, and their number in colCount[l][k]. Each worker builds the columns
// it then uses, so this runs in parallel too.
func (f *fastTrainer) columns(l, m, k0, k1 int) {
	in := f.net.Sizes[l]
	count := f.colCount[l]
	clear(count[k0:k1])
	for i := range m {
		c := f.nzCnt[l][i]
		idx := f.nzIdx[l][i*in : i*in+c]
		val := f.nzVal[l][i*in : i*in+c]
		for t := firstAtLeast(idx, k0); t < len(idx) && int(idx[t]) < k1; t++ {
			k := idx[t]
			pos := int(k)*f.block + int(count[k])
			f.colRow[pos], f.colVal[pos] = int32(i), val[t]
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
func (f *fastTrainer) gradientColumns(l, m, k0, k1 int) {
	out := f.net.Sizes[l+1]
	f.columns(l, m, k0, k1)
	gT, count, dz := f.gT[l], f.colCount[l], f.dz[l][:m*out]
	for k := k0; k < k1; k++ {
		if c := int(count[k]); c > 0 {
			if l == 0 {
				f.touched[k] = true
			}
			a := k * f.block
			kernel.SpAxpy(gT[k*out:(k+1)*out], dz, out, f.colRow[a:a+c], f.colVal[a:a+c])
		}
	}
}

// gradientScatter adds the same sums sample by sample: for each sample i
// in order, dWᵀ[k] += A_ik·dZ_i for its non-zero A_ik with k0 ≤ k < k1.
// Each element of dWᵀ gets the same operations in the same order as in
// gradientColumns, so the same bits.
func (f *fastTrainer) gradientScatter(l, m, k0, k1 int) {
	in, out := f.net.Sizes[l], f.net.Sizes[l+1]
	gT, count := f.gT[l], f.colCount[l]
	clear(count[k0:k1])
	for i := range m {
		c := f.nzCnt[l][i]
		idx := f.nzIdx[l][i*in : i*in+c]
		lo := firstAtLeast(idx, k0)
		hi := lo + firstAtLeast(idx[lo:], k1)
		if lo == hi {
			continue
		}
		kernel.ScatterAxpy(gT, out, idx[lo:hi], f.nzVal[l][i*in+lo:i*in+hi], f.dz[l][i*out:(i+1)*out])
		for _, k := range idx[lo:hi] {
			count[k]++ // for split and touched
		}
	}
	if l == 0 {
		for k := k0; k < k1; k++ {
			if count[k] > 0 {
				f.touched[k] = true
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
func (f *fastTrainer) split(l, p int) []int {
	count := f.colCount[l]
	total := 0
	for _, c := range count {
		total += int(c) + 1 // + 1: a row costs a little even when empty
	}
	bounds := append(f.bounds[:0], 0)
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
	f.bounds = bounds
	return bounds
}

// update applies the step W -= (learning_rate/m)·Σ dW, b -= (learning_rate/m)·Σ db
// to both Net's W and wT, with the same float32 operations as the
// reference's update, so the two copies stay equal. Rows of W[0] whose
// gradient is zero (pixels that are blank in every image of the batch)
// are left alone: W + (-s·0) = W exactly.
func (f *fastTrainer) update(lr float32, m int) {
	n := f.net
	scale := lr / float32(m)
	for l := range n.W {
		in, out := n.Sizes[l], n.Sizes[l+1]
		gT, w := f.gT[l], n.W[l]
		for k := range in {
			if l == 0 && !f.touched[k] {
				continue
			}
			kernel.Axpy(-scale, gT[k*out:(k+1)*out], f.wT[l][k*out:(k+1)*out])
			if l == 0 && f.deferW0 {
				f.staleW0 = true
				continue
			}
			g := gT[k*out : (k+1)*out]
			for j, v := range g {
				w[j*in+k] += float32(-scale * v)
			}
		}
		kernel.Axpy(-scale, f.gB[l], n.B[l])
	}
	if !f.deferW0 {
		f.stamp = stamp(n)
	}
}

// workFast is Work's fast path. It counts its budget in the reference's
// chunks (chunkSize(b) images) and does maxChunks of them, at least one,
// in blocks of up to fastBlockMax images. Once the batch is complete it
// returns its summed loss and correct count with done = true; the caller
// then takes the step (fastTrainer.update).
//
// How the batch is cut into blocks does not change any result: every sum
// runs over the samples in batch order whatever the blocks are, so Work
// with a small budget gives the same weights as RunEpoch.
func (t *Trainer) workFast(b int, batch []int32, maxChunks int) (done bool, loss float64, ok int) {
	bs := fastBlock(b, t.Net)
	if t.fast == nil || t.fast.block != bs || t.fast.net != t.Net {
		t.fast = newFastTrainer(t.Net, bs)
	}
	f := t.fast
	f.deferW0 = t.inEpoch
	if t.next == 0 {
		if !t.inEpoch && f.changed() {
			f.fresh = false // Net was changed between calls
		}
		f.load()
		f.reset()
		t.batchLoss, t.batchOK = 0, 0
	}
	cs := chunkSize(b)
	chunks := (len(batch) + cs - 1) / cs
	c1 := min(chunks, t.next+max(1, maxChunks))
	end := min(c1*cs, len(batch))
	for start := t.next * cs; start < end; start += bs {
		f.runBlock(t.Data, batch[start:min(start+bs, end)], &t.batchLoss, &t.batchOK)
	}
	t.next = c1
	return t.next == chunks, t.batchLoss, t.batchOK
}
