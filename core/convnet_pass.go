package core

import (
	"slices"

	"digits/core/internal/kernel"
)

// The fast path of a ConvNet, one sample at a time: the same numbers as
// the layers' own forward and backward (layer_*.go), computed in larger
// pieces. The layers become stages:
//
//   - a convolution is a matrix product: with the input padded with zeros
//     into Apad (C × H+2·Pad × W+2·Pad), the shifted inputs
//     X[t][y·W' + x] = Apad[c][y+ky][x+kx], one row per tap
//     t = (c, ky, kx) (im2col, kernel.GatherPatches), and then
//
//     Z[o][p] = b[o] + Σ_t W[o][t]·X[t][p],
//
//     kernel.Gemm over all filters and positions at once. Each Z[o][p]
//     gets b[o] and then its terms in the order of t = (c, ky, kx), the
//     reference's; the padding's terms are zeros, and a zero term changes
//     no sum here (sums start at a bias or at +0, never become -0, and the
//     weights are finite);
//   - a fully connected layer runs over its non-zero inputs only, as
//     fast.go does for Network;
//   - a ReLU followed by max pooling is done in one pass: the largest of
//     a window's inputs Z, then ReLU of it, which is the pooled ReLU
//     (ReLU keeps the order of values). When the window's largest Z is
//     positive, it is the one the reference's pooling picks and the
//     gradient goes to it; when it is not, ReLU passes no gradient to any
//     of the window's inputs, as in the reference;
//   - max pooling remembers which input each maximum came from, for the
//     backward pass.
//
// The backward pass computes the errors d[l] = ∂loss/∂a[l] only; the
// weight gradients, sums over a batch's samples, are the trainer's
// engine's (convnet_fast.go), which reads the convolutions' padded inputs
// Apad and their errors.

// stageKind says how a stage computes.
type stageKind uint8

const (
	stageLayer    stageKind = iota // any layer without parameters, through its own forward and backward
	stageConv                      // a convolution: weighted sums of shifted inputs
	stageDense                     // a fully connected layer over its non-zero inputs
	stagePool                      // max pooling, remembering where each maximum came from
	stageReLUPool                  // ReLU and the max pooling after it, in one pass
)

// convStage is one stage: layer in (and in+1 for stageReLUPool) turning
// a[in] into a[out].
type convStage struct {
	kind    stageKind
	in, out int
}

// convStages makes the stages of n's layers.
func convStages(n *ConvNet) []convStage {
	var st []convStage
	for l := 0; l < len(n.Layers); l++ {
		switch n.Layers[l].(type) {
		case *Conv:
			st = append(st, convStage{stageConv, l, l + 1})
		case *Dense:
			st = append(st, convStage{stageDense, l, l + 1})
		case *MaxPool:
			st = append(st, convStage{stagePool, l, l + 1})
		case *ReLU:
			if l+1 < len(n.Layers) {
				if _, ok := n.Layers[l+1].(*MaxPool); ok {
					st = append(st, convStage{stageReLUPool, l, l + 2})
					l++
					continue
				}
			}
			st = append(st, convStage{stageLayer, l, l + 1})
		default:
			st = append(st, convStage{stageLayer, l, l + 1})
		}
	}
	return st
}

// convStore holds the values of count samples on the fast path: a[l] and
// d[l] of every layer, per convolution (indexed by its layer) its padded
// input Apad, and per pooling stage (indexed by its first layer) where
// each maximum came from.
type convStore struct {
	count int
	size  []int // size[l]: values of a[l] per sample
	act   [][]float32
	d     [][]float32
	apad  [][]float32
	arg   [][]int32
}

// newConvStore allocates room for count samples; with backward false,
// no errors d.
func newConvStore(n *ConvNet, stages []convStage, count int, backward bool) *convStore {
	L := len(n.Layers)
	st := &convStore{count: count, size: []int{n.Inputs()}}
	for _, l := range n.Layers {
		st.size = append(st.size, l.Out().Size())
	}
	st.act = make([][]float32, L+1)
	st.d = make([][]float32, L+1)
	st.apad = make([][]float32, L)
	st.arg = make([][]int32, L)
	for l := range L + 1 {
		st.act[l] = make([]float32, count*st.size[l])
		if backward && l > 0 {
			st.d[l] = make([]float32, count*st.size[l])
		}
	}
	for _, s := range stages {
		switch s.kind {
		case stageConv:
			st.apad[s.in] = make([]float32, count*paddedLen(n.Layers[s.in].(*Conv)))
		case stagePool, stageReLUPool:
			st.arg[s.in] = make([]int32, count*st.size[s.out])
		}
	}
	return st
}

// convPass computes one sample on the fast path, reading and writing its
// values in a convStore.
type convPass struct {
	net    *ConvNet
	stages []convStage
	act, d [][]float32 // the sample's a[l] and d[l]
	apad   [][]float32 // [l]: convolution l's input, padded
	arg    [][]int32   // [l]: pooling stage l's sources

	taps   [][]int32 // [l]: convolution l's taps (convTaps)
	rows   [][]int32 // [l]: where each row of convolution l's K×K windows starts (convRows)
	window [][]int32 // [l]: where output position p's window starts in Apad (convWindows)
	iota   []int32   // 0, 1, 2, ...: the offsets of a list of positions
	outRow [][]int32 // [l]: where each output row of convolution l starts in Apad: y·Wp
	col    []float32 // scratch: a convolution's shifted inputs X (im2col)
	dpad   []float32 // scratch: a convolution's dA, padded
	e      []float32 // scratch: the errors of the patches, one per output position
	idx    []int32   // scratch: lists of non-zero values
	val    []float32
}

// newConvPass makes a pass over n's stages with scratch lists of up to
// list entries (and at least any layer's size).
func newConvPass(n *ConvNet, stages []convStage, list int) *convPass {
	L := len(n.Layers)
	s := &convPass{net: n, stages: stages,
		act: make([][]float32, L+1), d: make([][]float32, L+1),
		apad: make([][]float32, L), arg: make([][]int32, L),
		taps: make([][]int32, L), rows: make([][]int32, L), window: make([][]int32, L), outRow: make([][]int32, L)}
	sizes, patches, positions, pad := []int{list, n.Inputs()}, 0, 0, 0
	for l, layer := range n.Layers {
		sizes = append(sizes, layer.Out().Size())
		if c, ok := layer.(*Conv); ok {
			s.taps[l], s.rows[l], s.window[l] = convTaps(c), convRows(c), convWindows(c)
			P := c.Out().H * c.Out().W
			patches = max(patches, P*c.rowLen())
			positions = max(positions, P)
			for y := range c.Out().H {
				s.outRow[l] = append(s.outRow[l], int32(y*(c.InShape.W+2*c.Pad)))
			}
			pad = max(pad, paddedLen(c))
		}
	}
	s.col = make([]float32, patches)
	s.dpad = make([]float32, pad)
	s.e = make([]float32, patches)
	s.iota = make([]int32, positions)
	for p := range s.iota {
		s.iota[p] = int32(p)
	}
	s.idx = make([]int32, slices.Max(sizes))
	s.val = make([]float32, slices.Max(sizes))
	return s
}

// at points the pass at sample i of st.
func (s *convPass) at(st *convStore, i int) {
	for l, size := range st.size {
		s.act[l] = st.act[l][i*size : (i+1)*size]
		if st.d[l] != nil {
			s.d[l] = st.d[l][i*size : (i+1)*size]
		}
	}
	for l := range s.arg {
		s.apad[l], s.arg[l] = nil, nil
		if v := st.apad[l]; v != nil {
			n := len(v) / st.count
			s.apad[l] = v[i*n : (i+1)*n]
		}
		if v := st.arg[l]; v != nil {
			n := len(v) / st.count
			s.arg[l] = v[i*n : (i+1)*n]
		}
	}
}

// forward runs image img through the network (wT: the fully connected
// layers' transposed weights) and returns the cross-entropy loss for label
// y; act[L] then holds the probabilities.
func (s *convPass) forward(wT [][]float32, img []byte, y int) (loss float64) {
	for k, p := range img {
		s.act[0][k] = pixelValue[p]
	}
	for _, st := range s.stages {
		a, z := s.act[st.in], s.act[st.out]
		switch layer := s.net.Layers[st.in].(type) {
		case *Conv:
			s.convForward(layer, st.in, a, z)
		case *Dense:
			// Z = b + Σ_{k: A[k] ≠ 0} A[k]·Wᵀ[k], the reference's sums
			// without their zero terms (fast.go).
			copy(z, layer.B)
			c := nonZero(a, s.idx, s.val)
			kernel.SpAxpy(z, wT[st.in], layer.Outputs, s.idx[:c], s.val[:c])
		default:
			switch st.kind {
			case stagePool:
				poolForward(layer.(*MaxPool), a, z, s.arg[st.in], false)
			case stageReLUPool:
				poolForward(s.net.Layers[st.in+1].(*MaxPool), a, z, s.arg[st.in], true)
			default:
				layer.forward(a, z)
			}
		}
	}
	return softmaxLoss(s.act[len(s.net.Layers)], y)
}

// convForward computes convolution l's output z from its input a: see
// the top of this file.
func (s *convPass) convForward(c *Conv, l int, a, z []float32) {
	H, W, pad := c.InShape.H, c.InShape.W, c.Pad
	Hp, Wp := H+2*pad, W+2*pad
	apad := s.apad[l]
	for ch := range c.InShape.C { // the padding stays zero: only the inside is ever written
		for y := range H {
			copy(apad[(ch*Hp+y+pad)*Wp+pad:][:W], a[(ch*H+y)*W:][:W])
		}
	}
	out, R := c.Out(), c.rowLen()
	P := out.H * out.W
	col := s.col[:R*P]
	kernel.GatherPatches(col, apad, s.taps[l], s.outRow[l], out.W) // X[t][y·W' + x] = Apad[taps[t] + y·Wp + x]
	for o := range c.Filters {
		fill(z[o*P:(o+1)*P], c.B[o])
	}
	kernel.Gemm(c.Filters, P, R, c.W, R, 1, col, P, z, P) // Z += W·X
}

// convTaps lists where each weight of a filter of convolution c finds its
// input in Apad, relative to the output position's own place: tap
// t = (ch·K + ky)·K + kx reads (ch·Hp + ky)·Wp + kx further on.
func convTaps(c *Conv) []int32 {
	Hp, Wp, K := c.InShape.H+2*c.Pad, c.InShape.W+2*c.Pad, c.Size
	taps := make([]int32, 0, c.rowLen())
	for ch := range c.InShape.C {
		for ky := range K {
			for kx := range K {
				taps = append(taps, int32((ch*Hp+ky)*Wp+kx))
			}
		}
	}
	return taps
}

// convRows lists where each row of a K×K window of convolution c's
// padded input starts, relative to the window's start: row (ch, ky) at
// (ch·Hp + ky)·Wp. A window is these C·K runs of K values.
func convRows(c *Conv) []int32 {
	Hp, Wp, K := c.InShape.H+2*c.Pad, c.InShape.W+2*c.Pad, c.Size
	rows := make([]int32, 0, c.InShape.C*K)
	for ch := range c.InShape.C {
		for ky := range K {
			rows = append(rows, int32((ch*Hp+ky)*Wp))
		}
	}
	return rows
}

// convWindows lists where the window of each output position p = (y, x)
// of convolution c starts in its padded input: y·Wp + x.
func convWindows(c *Conv) []int32 {
	out, Wp := c.Out(), c.InShape.W+2*c.Pad
	window := make([]int32, 0, out.H*out.W)
	for p := range out.H * out.W {
		window = append(window, int32(p/out.W*Wp+p%out.W))
	}
	return window
}

// paddedLen is the length of convolution c's padded input: C planes of
// Hp×Wp, and K-1 zeros after them, read by the last taps past the last
// row's end (in the columns that are thrown away).
func paddedLen(c *Conv) int {
	return c.InShape.C*(c.InShape.H+2*c.Pad)*(c.InShape.W+2*c.Pad) + c.Size - 1
}

// poolForward is max pooling of a into z, recording in arg the index in a
// of each maximum; with relu, a is the input of a ReLU before the pooling,
// z gets ReLU of each maximum, and arg is -1 where ReLU passes no gradient
// (the maximum is not positive). The usual 2×2 windows go to
// kernel.MaxPool2, whose choice among equal values is MaxPool.argmax's
// (the first in row order).
func poolForward(p *MaxPool, a, z []float32, arg []int32, relu bool) {
	H, W := p.InShape.H, p.InShape.W
	if p.Size == 2 {
		kernel.MaxPool2(z, arg, a, p.InShape.C, H, W, relu)
		return
	}
	out := p.Out()
	for c := range out.C {
		for y := range out.H {
			k0 := (c*out.H + y) * out.W
			zs, as := z[k0:k0+out.W], arg[k0:k0+out.W]
			for x := range zs {
				best := p.argmax(a, c, y, x)
				v := a[best]
				as[x] = int32(best)
				if relu {
					if v < 0 {
						v = 0
					}
					if !(a[best] > 0) {
						as[x] = -1
					}
				}
				zs[x] = v
			}
		}
	}
}

// backward computes the errors d[l] for l = L-1, ..., 1 from d[L].
func (s *convPass) backward() {
	for k := len(s.stages) - 1; k >= 0; k-- {
		st := s.stages[k]
		dz, da := s.d[st.out], s.d[st.in]
		if st.in == 0 {
			da = nil // nobody needs the gradient with respect to the pixels
		}
		switch layer := s.net.Layers[st.in].(type) {
		case *Conv:
			if da != nil {
				s.convErrors(layer, st.in, dz, da)
			}
		case *Dense:
			if da == nil {
				continue
			}
			// dA = Σ_{j: dZ[j] ≠ 0} dZ[j]·W[j], in the order of j.
			clear(da)
			c := nonZero(dz, s.idx, s.val)
			kernel.SpAxpy(da, layer.W, layer.InShape.Size(), s.idx[:c], s.val[:c])
		default:
			if da == nil {
				continue
			}
			if st.kind == stageLayer {
				layer.backward(s.act[st.in], dz, da, nil, nil)
				continue
			}
			// Max pooling (and ReLU): the error goes to where the maximum
			// came from, if ReLU lets it through.
			clear(da)
			for k, i := range s.arg[st.in] {
				if i >= 0 {
					da[i] = dz[k]
				}
			}
		}
	}
}

// convErrors computes convolution l's dA as Conv.backward does: for each
// output position p, in order, the patch's error
// E[p] = Σ_{o: dZ[o][p] ≠ 0} dZ[o][p]·W[o], then each pixel of the patch
// adds its share of E[p]. Here every E[p] is made first, filter after
// filter: for each o, the positions with dZ[o][p] ≠ 0 (kernel.NonZeros)
// get dZ[o][p]·W[o] added to their E[p] (kernel.ScatterAxpy), so each
// E[p] still gets its terms in the order of o. Then kernel.AddPatches adds
// every E[p], in the order of p, to the window of p in a padded copy of
// dA (whose padding is thrown away). The positions without any error have
// E[p] = +0 throughout and add nothing: no sum here is ever -0 (each
// starts at +0), and x + (+0) = x for every other x.
func (s *convPass) convErrors(c *Conv, l int, dz, da []float32) {
	out, R := c.Out(), c.rowLen()
	P := out.H * out.W
	e := s.e[:P*R]
	clear(e)
	for o := range c.Filters {
		m := kernel.NonZeros(s.idx, s.val, dz[o*P:(o+1)*P], s.iota, 0)
		kernel.ScatterAxpy(e, R, s.idx[:m], s.val[:m], c.W[o*R:(o+1)*R]) // E[p] += dZ[o][p]·W[o]
	}
	dpad := s.dpad[:paddedLen(c)]
	clear(dpad)
	kernel.AddPatches(dpad, s.window[l], s.rows[l], c.Size, e)
	H, W, pad := c.InShape.H, c.InShape.W, c.Pad
	Wp := W + 2*pad
	for ch := range c.InShape.C {
		for y := range H {
			copy(da[(ch*H+y)*W:][:W], dpad[(ch*(H+2*pad)+y+pad)*Wp+pad:])
		}
	}
}

// fill sets every element of v to x: one element, then copies of the
// filled part doubling in length, which the runtime does in bulk (a
// memory.copy in WebAssembly, where a loop of single stores is slow).
func fill(v []float32, x float32) {
	if len(v) == 0 {
		return
	}
	v[0] = x
	for k := 1; k < len(v); k *= 2 {
		copy(v[k:], v[:k])
	}
}

// pixelValue[p] = float32(p) / 255, the input X of a pixel of value p.
var pixelValue = func() (v [256]float32) {
	for p := range v {
		v[p] = float32(p) / 255
	}
	return v
}()
