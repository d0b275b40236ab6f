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
//  2. the weight gradients (rows shared among the CPUs). Element (o, r)
//     of a convolution's dW adds dZ[i][o][p]·col[i][r][p] over the
//     block's samples i and positions p in order, the terms the reference
//     adds sample after sample; here row r of dWᵀ adds col[i][r][p]·dZᵀ[i][p]
//     over the (i, p) where neither is zero (about one position in eight
//     has an error after max pooling and ReLU). Row j of a fully connected
//     layer's dW adds dZ[i][j]·A[i] over the samples i with dZ[i][j] ≠ 0.
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
	gW   [][]float32 // [l]: Σ dW
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
		e.gW = append(e.gW, make([]float32, len(w)))
		e.gB = append(e.gB, make([]float32, len(b)))
		var wT []float32
		switch l := l.(type) {
		case *Dense:
			wT = make([]float32, len(l.W))
		case *Conv:
			e.list = max(e.list, block*l.Out().H*l.Out().W)
		}
		e.wT = append(e.wT, wT)
	}
	return e
}

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
			for l, n := range st.npos {
				if n != nil {
					n[i] = s.npos[l]
				}
			}
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
//	dW[o] += Σ_i Σ_p dZ[i][o][p]·patch[i][p],   db[o] += Σ_i Σ_p dZ[i][o][p]
//
// over the block's m samples i and the positions p with errors, in order.
func (e *convFastEngine) convGradient(s *convPass, l int, c *Conv, m, parts, p int) {
	st := e.store
	out, R, O := c.Out(), c.rowLen(), c.Filters
	P := out.H * out.W
	dz, pos, patch := st.d[l+1], st.pos[l], st.patch[l]
	gW, gB := e.gW[l], e.gB[l]
	o0, o1 := partRange(O, parts, p)
	for o := o0; o < o1; o++ {
		cnt := 0
		for i := range m {
			row := dz[(i*O+o)*P : (i*O+o+1)*P]
			for k, q := range pos[i*P : i*P+st.npos[l][i]] {
				v := row[q]
				s.idx[cnt], s.val[cnt] = int32(i*P+k), v // always written, kept only if v ≠ 0
				cnt += notZero(math.Float32bits(v))
			}
		}
		kernel.SpAxpy(gW[o*R:(o+1)*R], patch, R, s.idx[:cnt], s.val[:cnt])
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
		kernel.Axpy(-scale, e.gW[l], w)
		kernel.Axpy(-scale, e.gB[l], b)
		clear(e.gW[l])
		clear(e.gB[l])
	}
	e.transpose()
}
