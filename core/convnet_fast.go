package core

import (
	"math"

	"digits/core/internal/kernel"
)

// convFastEngine is the trainer's arithmetic for a ConvNet on all the
// CPUs, through the fast path of convnet_pass.go and the vector kernels of
// package kernel. It computes the reference's numbers (convnet_backprop.go)
// bit for bit: every value of every sample alike, and every gradient
// element as one running sum over the batch's samples in sample order,
// whichever CPU computes it and however the batch is cut into blocks.
//
// A batch is cut into blocks of consecutive samples, handled one after
// the other. In each block:
//
//  1. every sample on its own (samples shared among the CPUs): the
//     forward pass, the loss and dZ at the output, and the errors d[l]
//     back to the first layer; the weights do not change within a batch,
//     so one sample's errors need nothing from another's;
//  2. the weight gradients (rows shared among the CPUs), each element
//     one running sum over the block's samples in order, the terms the
//     reference adds sample after sample. Row j of a fully connected
//     layer's dW adds dZ[i][j]·A[i] over the samples i with dZ[i][j] ≠ 0.
//     A convolution's dW[o][c] (K×K weights) adds, for every sample i and
//     position p = (y, x) with dZ[i][o][p] ≠ 0 (about one in eight after
//     max pooling and ReLU), in order, dZ[i][o][p] times the K×K window of
//     Apad[i][c] at (y, x). Kept Apad's width wide, K rows of Wp with the
//     columns between them thrown away, that window is a run of Apad, and
//     the whole sum one kernel.SpAxpy over the (i, p) with their runs'
//     offsets as row indices (the list made by kernel.NonZeros).
//
// The engine works on the network's own weights. It keeps the fully
// connected layers' weights transposed as well (input-major, for the
// sparse forward pass), renewed at every begin and every step.
type convFastEngine struct {
	net    *ConvNet
	stages []convStage
	block  int // samples per block
	store  *convStore

	wT   [][]float32 // [l]: a fully connected layer's Wᵀ (in × out)
	gW   [][]float32 // [l]: Σ dW; for a convolution, wide: [o][c][ky·Wp + kx]
	gB   [][]float32 // [l]: Σ db
	loss []float64
	ok   []bool

	workers []*convPass
	list    int // the longest list of non-zero values a worker builds
}

// convBlockMax is the largest block: enough samples that the gradient's
// rows, loaded once, collect many terms; few enough that the block's
// values stay in the CPU's caches. It changes only the speed, never the
// results.
const convBlockMax = 32

func newConvFastEngine(n *ConvNet, batch int) *convFastEngine {
	block := max(1, min(batch, convBlockMax))
	e := &convFastEngine{net: n, stages: convStages(n), block: block, loss: make([]float64, block), ok: make([]bool, block), list: block}
	e.store = newConvStore(n, e.stages, block, true)
	for _, l := range n.Layers {
		w, b := l.Params()
		var wT []float32
		switch l := l.(type) {
		case *Dense:
			wT = make([]float32, len(l.W))
		case *Conv:
			w = make([]float32, l.Filters*l.InShape.C*convSpan(l))
			e.list = max(e.list, block*l.Out().H*l.Out().W)
		}
		e.gW = append(e.gW, make([]float32, len(w)))
		e.gB = append(e.gB, make([]float32, len(b)))
		e.wT = append(e.wT, wT)
	}
	return e
}

// convSpan is the length of a K×K window of convolution c's padded input
// kept Apad's width wide: K-1 rows of Wp and K more values.
func convSpan(c *Conv) int { return (c.Size-1)*(c.InShape.W+2*c.Pad) + c.Size }

// begin renews the transposed weights: the caller may have changed the
// network's.
func (e *convFastEngine) begin() { e.transpose() }

func (e *convFastEngine) end() {}

// transpose writes Wᵀ of every fully connected layer.
func (e *convFastEngine) transpose() {
	for l, layer := range e.net.Layers {
		if d, ok := layer.(*Dense); ok {
			transposeInto(e.wT[l], d.W, d.Outputs, d.InShape.Size())
		}
	}
}

// accumulate runs the samples in blocks of up to e.block.
func (e *convFastEngine) accumulate(d *Dataset, samples []int32, t *tally) {
	for start := 0; start < len(samples); start += e.block {
		e.runBlock(d, samples[start:min(start+e.block, len(samples))], t)
	}
}

// parts is the number of parts the work of a block is split into, one per
// worker, and makes sure every worker has its scratch space.
func (e *convFastEngine) parts() int {
	p := numWorkers(maxWorkers)
	for len(e.workers) < p {
		e.workers = append(e.workers, newConvPass(e.net, e.stages, e.list))
	}
	return p
}

// runBlock adds the gradient of one block's samples to the sums, and their
// losses and correct guesses to t.
func (e *convFastEngine) runBlock(d *Dataset, samples []int32, t *tally) {
	m := len(samples)
	L := len(e.net.Layers)
	parts := e.parts()
	st := e.store

	// 1. Every sample forward and back, on its own.
	forParts(parts, func(w, p int) {
		s := e.workers[w]
		i0, i1 := partRange(m, parts, p)
		for i := i0; i < i1; i++ {
			s.at(st, i)
			y := int(d.Labels[samples[i]])
			e.loss[i] = s.forward(e.wT, d.Image(int(samples[i])), y)
			e.ok[i] = argmax(s.act[L]) == y
			softmaxLossBackward(s.act[L], y, s.d[L])
			s.backward()
		}
	})
	for i := range m { // in sample order, so blocks may be of any size
		t.loss += e.loss[i]
		if e.ok[i] {
			t.correct++
		}
	}

	// 2. The weight gradients, row by row.
	forParts(parts, func(w, p int) {
		s := e.workers[w]
		for l, layer := range e.net.Layers {
			switch layer := layer.(type) {
			case *Conv:
				e.convGradient(s, l, layer, m, parts, p)
			case *Dense:
				e.denseGradient(s, l, layer, m, parts, p)
			}
		}
	})
}

// convGradient adds this part's filters' rows of convolution l's
//
//	dW[o][c] += Σ_i Σ_{p: dZ[i][o][p] ≠ 0} dZ[i][o][p]·window(Apad[i][c], p),   db[o] += Σ_i Σ_p dZ[i][o][p]
//
// over the block's m samples i and positions p, in order, with dW kept
// wide (see convFastEngine).
func (e *convFastEngine) convGradient(s *convPass, l int, c *Conv, m, parts, p int) {
	st := e.store
	out, O, C := c.Out(), c.Filters, c.InShape.C
	P, plen, span := out.H*out.W, paddedLen(c), convSpan(c)
	plane := (c.InShape.H + 2*c.Pad) * (c.InShape.W + 2*c.Pad)
	dz, apad, window := st.d[l+1], st.apad[l], s.window[l]
	gW, gB := e.gW[l], e.gB[l]
	o0, o1 := partRange(O, parts, p)
	for o := o0; o < o1; o++ {
		cnt := 0
		for i := range m {
			cnt += kernel.NonZeros(s.idx[cnt:], s.val[cnt:], dz[(i*O+o)*P:(i*O+o+1)*P], window, int32(i*plen))
		}
		for ch := range C {
			kernel.SpAxpy(gW[(o*C+ch)*span:(o*C+ch+1)*span], apad[ch*plane:], 1, s.idx[:cnt], s.val[:cnt])
		}
		for _, v := range s.val[:cnt] {
			gB[o] += v
		}
	}
}

// denseGradient adds this part's neurons' rows of fully connected layer l's
//
//	dW[j] += Σ_{i: dZ[i][j] ≠ 0} dZ[i][j]·A[i],   db[j] += Σ_i dZ[i][j]
//
// over the block's m samples i in order.
func (e *convFastEngine) denseGradient(s *convPass, l int, f *Dense, m, parts, p int) {
	in, out := f.InShape.Size(), f.Outputs
	dz := e.store.d[l+1]
	gW, gB := e.gW[l], e.gB[l]
	j0, j1 := partRange(out, parts, p)
	for j := j0; j < j1; j++ {
		cnt := 0
		for i := range m {
			v := dz[i*out+j]
			s.idx[cnt], s.val[cnt] = int32(i), v
			cnt += notZero(math.Float32bits(v))
		}
		kernel.SpAxpy(gW[j*in:(j+1)*in], e.store.act[l], in, s.idx[:cnt], s.val[:cnt])
		for _, v := range s.val[:cnt] {
			gB[j] += v
		}
	}
}

// step applies W -= (learning_rate/m)·Σ dW, b -= (learning_rate/m)·Σ db
// with the same float32 operations as the reference's update, and zeroes
// the sums.
func (e *convFastEngine) step(learningRate float32, m int) {
	scale := learningRate / float32(m)
	for l, layer := range e.net.Layers {
		w, b := layer.Params()
		if c, ok := layer.(*Conv); ok {
			// W[o][c][ky][kx] += -scale·dW[o][c][ky·Wp + kx], from the wide sums.
			K, Wp, span := c.Size, c.InShape.W+2*c.Pad, convSpan(c)
			for f := range c.Filters * c.InShape.C {
				g := e.gW[l][f*span : (f+1)*span]
				for ky := range K {
					row := w[(f*K+ky)*K : (f*K+ky+1)*K]
					for kx := range row {
						row[kx] += float32(-scale * g[ky*Wp+kx])
					}
				}
			}
		} else {
			kernel.Axpy(-scale, e.gW[l], w)
		}
		kernel.Axpy(-scale, e.gB[l], b)
		clear(e.gW[l])
		clear(e.gB[l])
	}
	e.transpose()
}
