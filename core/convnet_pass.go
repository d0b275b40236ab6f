package core

import (
	"math"
	"slices"

	"digits/core/internal/kernel"
)

// The fast path of a ConvNet, one sample at a time: the same numbers as
// the layers' own forward and backward (layer_*.go), computed in larger
// pieces. The layers become stages:
//
//   - a convolution is a matrix product: im2col copies the input patch
//     each output position reads, C·K·K values, into a column of a matrix
//     col (C·K·K rows, one column per position, zeros where the patch
//     overlaps the padding), and Z = b + W·col, W's rows being the
//     filters. Each Z[o][p] is b[o] + Σ_r W[o][r]·col[r][p] in the order
//     of r = (c, ky, kx), the reference's order; the padding's terms are
//     zeros, and a zero term changes no sum here (sums start at a bias or
//     at +0, never become -0, and the weights are finite);
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
// weight gradients, sums over a batch's samples, are the trainer's engine's
// (convnet_fast.go). For each convolution it also keeps the list of
// positions where some dZ is not zero and the input patches of those
// positions (the rows of colᵀ), which is all the engine needs.

// stageKind says how a stage computes.
type stageKind uint8

const (
	stageLayer    stageKind = iota // any layer without parameters, through its own forward and backward
	stageConv                      // a convolution: im2col and a matrix product
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
// d[l] of every layer, per convolution (indexed by its layer) the
// positions with errors and their input patches, per pooling stage
// (indexed by its first layer) where each maximum came from.
type convStore struct {
	count int
	size  []int // size[l]: values of a[l] per sample
	act   [][]float32
	d     [][]float32
	arg   [][]int32
	pos   [][]int32   // [l]: per sample, the positions p with some dZ[o][p] ≠ 0, in order
	npos  [][]int     // [l][i]: how many positions of sample i have errors
	patch [][]float32 // [l]: per sample, the input patch (C·K·K values) of each of those positions
}

// newConvStore allocates room for count samples; with backward false,
// nothing of the backward pass.
func newConvStore(n *ConvNet, stages []convStage, count int, backward bool) *convStore {
	L := len(n.Layers)
	st := &convStore{count: count, size: []int{n.Inputs()}}
	for _, l := range n.Layers {
		st.size = append(st.size, l.Out().Size())
	}
	st.act = make([][]float32, L+1)
	st.d = make([][]float32, L+1)
	st.patch = make([][]float32, L)
	st.arg = make([][]int32, L)
	st.pos = make([][]int32, L)
	st.npos = make([][]int, L)
	for l := range L + 1 {
		st.act[l] = make([]float32, count*st.size[l])
		if backward && l > 0 {
			st.d[l] = make([]float32, count*st.size[l])
		}
	}
	for _, s := range stages {
		switch s.kind {
		case stageConv:
			if backward {
				c := n.Layers[s.in].(*Conv)
				P := c.Out().H * c.Out().W
				st.patch[s.in] = make([]float32, count*P*c.rowLen())
				st.pos[s.in] = make([]int32, count*P)
				st.npos[s.in] = make([]int, count)
			}
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
	arg    [][]int32   // [l]: pooling stage l's sources
	pos    [][]int32   // [l]: convolution l's positions with errors
	npos   []int       // how many
	patch  [][]float32 // [l]: their input patches

	col  [][]float32 // [l]: convolution l's im2col matrix (scratch)
	offs [][]int32   // [l]: convolution l's patchOffsets
	hit  []int32     // scratch: which positions have errors
	e    []float32   // scratch: the error of one patch
	idx  []int32     // scratch: lists of non-zero values
	val  []float32
}

// newConvPass makes a pass over n's stages with scratch lists of up to
// list entries (and at least any layer's size).
func newConvPass(n *ConvNet, stages []convStage, list int) *convPass {
	L := len(n.Layers)
	s := &convPass{net: n, stages: stages,
		act: make([][]float32, L+1), d: make([][]float32, L+1),
		col: make([][]float32, L), offs: make([][]int32, L), arg: make([][]int32, L),
		pos: make([][]int32, L), npos: make([]int, L), patch: make([][]float32, L)}
	sizes, rows, positions := []int{list, n.Inputs()}, 0, 0
	for l, layer := range n.Layers {
		sizes = append(sizes, layer.Out().Size())
		if c, ok := layer.(*Conv); ok {
			P := c.Out().H * c.Out().W
			s.col[l] = make([]float32, c.rowLen()*P)
			s.offs[l] = patchOffsets(c)
			rows = max(rows, c.rowLen())
			positions = max(positions, P)
		}
	}
	s.hit = make([]int32, positions)
	s.e = make([]float32, rows)
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
		s.arg[l], s.pos[l], s.patch[l] = nil, nil, nil
		if v := st.patch[l]; v != nil {
			n := len(v) / st.count
			s.patch[l] = v[i*n : (i+1)*n]
		}
		if v := st.arg[l]; v != nil {
			n := len(v) / st.count
			s.arg[l] = v[i*n : (i+1)*n]
		}
		if v := st.pos[l]; v != nil {
			n := len(v) / st.count
			s.pos[l] = v[i*n : (i+1)*n]
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
			convForward(layer, a, z, s.col[st.in])
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

// convForward computes Z = b + W·col, col the im2col matrix of a.
func convForward(c *Conv, a, z, col []float32) {
	out := c.Out()
	P, R := out.H*out.W, c.rowLen()
	col = col[:R*P]
	im2col(c, a, col)
	for o := range c.Filters {
		fill(z[o*P:(o+1)*P], c.B[o])
	}
	gemm(c.Filters, P, R, c.W, R, 1, col, P, z, P)
}

// im2col writes the input patch of every output position of convolution
// c into the columns of col: row r = (ch·K + ky)·K + kx, column p = y·W' +
// x holds A[ch][y+ky-Pad][x+kx-Pad], or 0 where that falls on the padding.
// Row r is channel ch shifted by (ky-Pad, kx-Pad): whole runs of it are
// copied at once.
func im2col(c *Conv, a, col []float32) {
	H, W, K, pad := c.InShape.H, c.InShape.W, c.Size, c.Pad
	out := c.Out()
	P := out.H * out.W
	for ch := range c.InShape.C {
		for ky := range K {
			for kx := range K {
				r := (ch*K+ky)*K + kx
				row := col[r*P : (r+1)*P]
				x0, x1 := max(0, pad-kx), min(out.W, W+pad-kx) // x where 0 ≤ x+kx-pad < W
				for y := range out.H {
					seg := row[y*out.W : (y+1)*out.W]
					iy := y + ky - pad
					if iy < 0 || iy >= H || x0 >= x1 {
						clear(seg)
						continue
					}
					clear(seg[:x0])
					src := (ch*H+iy)*W + x0 + kx - pad
					copy(seg[x0:x1], a[src:src+x1-x0])
					clear(seg[x1:])
				}
			}
		}
	}
}

// poolForward is max pooling of a into z, recording in arg the index in a
// of each maximum; with relu, a is the input of a ReLU before the pooling,
// z gets ReLU of each maximum, and arg is -1 where ReLU passes no gradient
// (the maximum is not positive).
func poolForward(p *MaxPool, a, z []float32, arg []int32, relu bool) {
	H, W := p.InShape.H, p.InShape.W
	out := p.Out()
	for c := range out.C {
		for y := range out.H {
			k0 := (c*out.H + y) * out.W
			zs, as := z[k0:k0+out.W], arg[k0:k0+out.W]
			for x := range zs {
				var best int
				if p.Size == 2 { // the usual case, without MaxPool.argmax's loops
					i := (c*H+2*y)*W + 2*x
					best = i + max2(a[i:i+2:i+2], a[i+W:i+W+2:i+W+2], W)
				} else {
					best = p.argmax(a, c, y, x)
				}
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

// max2 returns the offset of the largest of the 2×2 window whose rows are
// r0 and r1 (row stride w): 0, 1, w or w+1, the first in row order if
// several are equal, as MaxPool.argmax. The largest value first, then the
// first place that holds it: the compiler makes conditional moves of
// this, not branches that the data would mispredict half the time.
func max2(r0, r1 []float32, w int) int {
	a, b, c, d := r0[0], r0[1], r1[0], r1[1]
	m := max(max(a, b), max(c, d))
	best := w + 1
	if c == m {
		best = w
	}
	if b == m {
		best = 1
	}
	if a == m {
		best = 0
	}
	return best
}

// backward computes the errors d[l] for l = L-1, ..., 1 from d[L], and
// every convolution's dZᵀ and positions with errors.
func (s *convPass) backward() {
	for k := len(s.stages) - 1; k >= 0; k-- {
		st := s.stages[k]
		dz, da := s.d[st.out], s.d[st.in]
		if st.in == 0 {
			da = nil // nobody needs the gradient with respect to the pixels
		}
		switch layer := s.net.Layers[st.in].(type) {
		case *Conv:
			s.convErrors(layer, st.in, s.act[st.in], dz, da)
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

// convErrors lists convolution l's positions with errors and their input
// patches, and computes dA as Conv.backward does unless da is nil:
// position by position, E = Σ_{o: dZ[o][p] ≠ 0} dZ[o][p]·W[o], then each
// pixel of the patch adds its share of E.
func (s *convPass) convErrors(c *Conv, l int, a, dz, da []float32) {
	out, R := c.Out(), c.rowLen()
	P := out.H * out.W
	hit := s.hit[:P]
	clear(hit)
	for o := range c.Filters {
		for p, v := range dz[o*P : (o+1)*P] {
			hit[p] |= int32(notZero(math.Float32bits(v)))
		}
	}
	pos := s.pos[l]
	n := 0
	for p, h := range hit {
		pos[n] = int32(p)
		n += int(h)
	}
	s.npos[l] = n
	// The patches of those positions, as rows: column p of col.
	patch, offs := s.patch[l], s.offs[l]
	for k, p := range pos[:n] {
		y, x := int(p)/out.W, int(p)%out.W
		dst := patch[k*R : (k+1)*R]
		if base, ok := interior(c, y, x); ok {
			for r, off := range offs {
				dst[r] = a[base+int(off)]
			}
			continue
		}
		patchAt(c, a, y, x, dst)
	}
	if da == nil {
		return
	}
	clear(da)
	H, W, K, pad := c.InShape.H, c.InShape.W, c.Size, c.Pad
	e := s.e[:R]
	for _, p := range pos[:n] {
		m := 0
		for o := range c.Filters {
			v := dz[o*P+int(p)]
			s.idx[m], s.val[m] = int32(o), v
			m += notZero(math.Float32bits(v))
		}
		clear(e)
		kernel.SpAxpy(e, c.W, R, s.idx[:m], s.val[:m]) // E = Σ_o dZ[o][p]·W[o]
		y, x := int(p)/out.W, int(p)%out.W
		if base, ok := interior(c, y, x); ok {
			for r, off := range offs {
				da[base+int(off)] += e[r]
			}
			continue
		}
		ky0, ky1 := max(0, pad-y), min(K, H+pad-y) // ky where 0 ≤ y+ky-pad < H
		kx0, kx1 := max(0, pad-x), min(K, W+pad-x)
		for ch := range c.InShape.C {
			for ky := ky0; ky < ky1; ky++ {
				src := e[(ch*K+ky)*K+kx0 : (ch*K+ky)*K+kx1]
				i := (ch*H+y+ky-pad)*W + x + kx0 - pad
				dst := da[i : i+len(src)]
				for k, v := range src {
					dst[k] += v
				}
			}
		}
	}
}

// patchOffsets lists where each value of a patch of convolution c lies in
// the input, relative to the patch's first value: (ch·H + ky)·W + kx for
// r = (ch·K + ky)·K + kx.
func patchOffsets(c *Conv) []int32 {
	H, W, K := c.InShape.H, c.InShape.W, c.Size
	offs := make([]int32, 0, c.rowLen())
	for ch := range c.InShape.C {
		for ky := range K {
			for kx := range K {
				offs = append(offs, int32((ch*H+ky)*W+kx))
			}
		}
	}
	return offs
}

// interior reports whether the patch of convolution c's output position
// (y, x) lies inside the input, clear of the padding, and if so where its
// first value is.
func interior(c *Conv, y, x int) (base int, ok bool) {
	iy, ix := y-c.Pad, x-c.Pad
	if iy < 0 || ix < 0 || iy+c.Size > c.InShape.H || ix+c.Size > c.InShape.W {
		return 0, false
	}
	return iy*c.InShape.W + ix, true
}

// patchAt writes the input patch of convolution c's output position
// (y, x) into dst: dst[(ch·K + ky)·K + kx] = A[ch][y+ky-Pad][x+kx-Pad], 0
// on the padding (column y·W'+x of im2col's matrix). For the positions
// clear of the padding, convErrors reads the patch through patchOffsets
// instead, faster.
func patchAt(c *Conv, a []float32, y, x int, dst []float32) {
	H, W, K, pad := c.InShape.H, c.InShape.W, c.Size, c.Pad
	for ch := range c.InShape.C {
		for ky := range K {
			seg := dst[(ch*K+ky)*K : (ch*K+ky+1)*K]
			iy := y + ky - pad
			if iy < 0 || iy >= H {
				clear(seg)
				continue
			}
			row := a[(ch*H+iy)*W : (ch*H+iy+1)*W]
			for kx := range seg {
				if ix := x + kx - pad; ix >= 0 && ix < W {
					seg[kx] = row[ix]
				} else {
					seg[kx] = 0
				}
			}
		}
	}
}

// fill sets every element of v to x.
func fill(v []float32, x float32) {
	for i := range v {
		v[i] = x
	}
}
