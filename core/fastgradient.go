package core

import "digits/core/internal/kernel"

// Phase 2 of fastEngine.runBlock: the gradients of a block, sums over its
// samples, and the step.

// gradientTask is a task of runBlock's phase 2: the rows k0 ≤ k < k1 of
// the dWᵀ of layer l ≥ 1, or, if bias, the db of every layer.
type gradientTask struct {
	l, k0, k1 int
	bias      bool
}

// gradientTasks lists phase 2's tasks for the queue into dst, the longest
// first: each layer's rows after the first in two pieces per worker, then
// the biases. On one CPU each layer is one piece.
func (e *fastEngine) gradientTasks(dst []gradientTask, workers int) []gradientTask {
	pieces := 1
	if workers > 1 {
		pieces = 2 * workers
	}
	dst = dst[:0]
	for l := 1; l < len(e.w); l++ {
		for q := range pieces {
			k0, k1 := partRange(e.sizes[l], pieces, q)
			dst = append(dst, gradientTask{l: l, k0: k0, k1: k1})
		}
	}
	return append(dst, gradientTask{bias: true})
}

// firstLayerGradient is worker p's share of the first layer's gradient:
// dWᵀ[k] += Σ_i X_ik·dZ_i over the block's m samples in order, for its
// pixels k, and if scale > 0 the step of those rows (see
// gradientColumns). Nobody needs the gradient with respect to the pixels.
func (e *fastEngine) firstLayerGradient(m, p int, scale float32) {
	if e.sizes[1] <= scatterMax {
		e.gradientScatter(m, p)
		return
	}
	e.gradientColumns(m, p, e.rows[p], scale)
}

// gradient runs one task of phase 2: dWᵀ += Aᵀ·dZ for its rows of dWᵀ, or
// db += Σ_i dZ_i, each element a sum over the block's m samples in order.
// If scale > 0, it then steps what it summed, W -= scale·dW or b -=
// scale·db, with the float32 operations of step, and writes its rows of
// Wᵀ into W (stepRows): phase 1, the only reader of W, is over.
func (e *fastEngine) gradient(task gradientTask, m int, scale float32) {
	if task.bias {
		e.biasGradients(m, scale)
		return
	}
	l, k0, k1 := task.l, task.k0, task.k1
	in, out := e.sizes[l], e.sizes[l+1]
	kernel.Gemm(k1-k0, out, m, e.act[l-1][k0:], 1, in, e.dz[l][:m*out], out, e.gT[l][k0*out:], out) // dWᵀ += Aᵀ·dZ
	if scale > 0 {
		e.stepRows(l, k0, k1, scale)
	}
}

// biasGradients adds db += Σ_i dZ_i over the block's m samples in order,
// for every layer, and steps b -= scale·db if scale > 0.
func (e *fastEngine) biasGradients(m int, scale float32) {
	for l := range e.w {
		out := e.sizes[l+1]
		for i := range m {
			kernel.Axpy(1, e.dz[l][i*out:(i+1)*out], e.gB[l])
		}
		if scale > 0 {
			e.stepBias(l, 0, out, scale)
		}
	}
}

// columns builds the column view of the block's m samples' pixels, for
// worker p's pixels k: the samples i where X_ik ≠ 0, in increasing order,
// with the values X_ik, in colRow/colVal from k·block on, and their
// number in colCount[k]. Each worker builds the columns it then uses, so
// this runs in parallel too.
func (e *fastEngine) columns(m, p int) {
	count := e.colCount
	clear(count[e.bounds[p]:e.bounds[p+1]])
	for i := range m {
		idx, val := e.pixels(i, p)
		kernel.Columns(count, e.colRow, e.colVal, e.block, int32(i), idx, val)
	}
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
func (e *fastEngine) gradientColumns(m, p int, g []float32, scale float32) {
	out := e.sizes[1]
	e.columns(m, p)
	k0, k1 := e.bounds[p], e.bounds[p+1]
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
}

// gradientScatter adds the same sums sample by sample: for each sample i
// in order, dWᵀ[k] += X_ik·dZ_i for its non-zero X_ik with k0 ≤ k < k1.
// Each element of dWᵀ gets the same operations in the same order as in
// gradientColumns, so the same bits.
func (e *fastEngine) gradientScatter(m, p int) {
	out := e.sizes[1]
	gT, count := e.gT[0], e.colCount
	k0, k1 := e.bounds[p], e.bounds[p+1]
	clear(count[k0:k1])
	for i := range m {
		idx, val := e.pixels(i, p)
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

// step applies W -= (learning_rate/m)·Σ dW, b -= (learning_rate/m)·Σ db
// to wT and b with the same float32 operations as the reference's update,
// then copies wT into w, and zeroes the sums, unless runBlock took the
// step already (stepTaken). W is updated through its transpose because
// the sums are laid out like wT; w gets exactly the same numbers, since
// the same operation on the same value gives the same bits. Rows of W[0]
// whose gradient is zero (pixels blank in every image of the batch) are
// left alone: W + (-s·0) = W exactly. W[0] is needed row-major only by
// end, so it is copied there, once, instead of at every step. The rows are
// shared among the CPUs: every element is updated on its own, so the split
// changes nothing but the speed.
func (e *fastEngine) step(learningRate float32, m int) {
	if e.stepTaken {
		e.stepTaken = false
		return
	}
	scale := learningRate / float32(m)
	parts := e.workers()
	forParts(parts, func(_, p int) {
		for l := range e.w {
			k0, k1 := partRange(e.sizes[l], parts, p)
			e.stepRows(l, k0, k1, scale)
			j0, j1 := partRange(e.sizes[l+1], parts, p)
			e.stepBias(l, j0, j1, scale)
		}
	})
	e.w0Behind = true
	e.stepped = true
}

// stepRows applies Wᵀ[k] -= scale·dWᵀ[k] to the rows k0 ≤ k < k1 of layer
// l and zeroes their sums; for a hidden or output layer it then writes
// them into W, whose columns they are. The first layer's untouched rows
// have no gradient and are skipped.
func (e *fastEngine) stepRows(l, k0, k1 int, scale float32) {
	in, out := e.sizes[l], e.sizes[l+1]
	gT := e.gT[l]
	for k := k0; k < k1; k++ {
		if l == 0 {
			if !e.touched[k] {
				continue
			}
			e.touched[k] = false
		}
		g := gT[k*out : (k+1)*out]
		kernel.Axpy(-scale, g, e.wT[l][k*out:(k+1)*out])
		clear(g)
	}
	if l > 0 {
		transposeRows(e.w[l], e.wT[l], in, out, k0, k1)
	}
}

// stepBias applies b -= scale·db to the neurons j0 ≤ j < j1 of layer l
// and zeroes their sums.
func (e *fastEngine) stepBias(l, j0, j1 int, scale float32) {
	kernel.Axpy(-scale, e.gB[l][j0:j1], e.b[l][j0:j1])
	clear(e.gB[l][j0:j1])
}
