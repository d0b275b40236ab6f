package core

import (
	"fmt"
	"math"
	"runtime"
	"testing"
)

// Gradient checks of the convolutional layers and networks: the float32
// backward passes against central finite differences of a separate,
// plain float64 forward pass written below (as gradcheck_test.go does for
// Network). The step h is smaller than there: a LeNet-5 has thousands of
// ReLUs and max-pooling windows, and a finite difference is meaningless
// across a kink (a ReLU input crossing 0, or the maximum of a window
// changing hands), so the tests choose inputs and parameters whose kinks
// are all at least convMargin away, which is easier to find with a small
// h. Float64's rounding, about 1e-16/h, stays far below the tolerance.
const (
	convH      = 1e-7
	convMargin = 1e-5 // 100·convH
)

// margins records how close a float64 forward pass came to a kink: the
// smallest |input| of a ReLU, and the smallest gap between the largest
// value of a pooling window and another value of it that is not exactly
// equal (exact ties stay tied when a parameter moves: they come from
// identical patches of blank paper, and the reference sends the gradient
// to the first of them, as the finite difference sees it).
type margins struct{ relu, gap float64 }

func (m *margins) ok() bool { return m.relu >= convMargin && m.gap >= convMargin }

// forward64 computes layer l's output for input a in float64 with
// parameters w and b, updating m.
func forward64(l Layer, w, b, a []float64, m *margins) []float64 {
	out := l.Out()
	z := make([]float64, out.Size())
	switch l := l.(type) {
	case *Conv:
		in := l.InShape
		K := l.Size
		for o := range out.C {
			for y := range out.H {
				for x := range out.W {
					s := b[o]
					for c := range in.C {
						for ky := range K {
							for kx := range K {
								iy, ix := y+ky-l.Pad, x+kx-l.Pad
								if iy >= 0 && iy < in.H && ix >= 0 && ix < in.W {
									s += w[((o*in.C+c)*K+ky)*K+kx] * a[(c*in.H+iy)*in.W+ix]
								}
							}
						}
					}
					z[(o*out.H+y)*out.W+x] = s
				}
			}
		}
	case *MaxPool:
		in, S := l.InShape, l.Size
		for c := range out.C {
			for y := range out.H {
				for x := range out.W {
					var buf [MaxPoolSize * MaxPoolSize]float64
					vals := buf[:0]
					for dy := range S {
						for dx := range S {
							vals = append(vals, a[(c*in.H+S*y+dy)*in.W+S*x+dx])
						}
					}
					best := vals[0]
					for _, v := range vals {
						best = max(best, v)
					}
					for _, v := range vals {
						if v != best {
							m.gap = min(m.gap, best-v)
						}
					}
					z[(c*out.H+y)*out.W+x] = best
				}
			}
		}
	case *ReLU:
		for i, v := range a {
			m.relu = min(m.relu, math.Abs(v))
			z[i] = max(v, 0)
		}
	case *Dense:
		for j := range z {
			s := b[j]
			for k, v := range a {
				s += w[j*len(a)+k] * v
			}
			z[j] = s
		}
	default:
		panic(fmt.Sprintf("forward64: layer %T", l))
	}
	return z
}

// convParams64 holds float64 copies of a network's parameters.
type convParams64 struct{ w, b [][]float64 }

func newConvParams64(n *ConvNet) *convParams64 {
	p := &convParams64{}
	for _, l := range n.Layers {
		w, b := l.Params()
		p.w = append(p.w, to64([][]float32{w})[0])
		p.b = append(p.b, to64([][]float32{b})[0])
	}
	return p
}

// convLoss64 is the mean cross-entropy of n with parameters p on d, in
// float64, and how close it came to a kink.
func convLoss64(n *ConvNet, p *convParams64, d *Dataset) (loss float64, m margins) {
	m = margins{math.Inf(1), math.Inf(1)}
	for i := range d.N {
		a := make([]float64, d.Size())
		for k, v := range d.Image(i) {
			a[k] = float64(v) / 255
		}
		for l, layer := range n.Layers {
			a = forward64(layer, p.w[l], p.b[l], a, &m)
		}
		mx := a[0]
		for _, v := range a {
			mx = max(mx, v)
		}
		s := 0.0
		for _, v := range a {
			s += math.Exp(v - mx)
		}
		loss += mx + math.Log(s) - a[d.Labels[i]]
	}
	return loss / float64(d.N), m
}

// diff64 is the central finite difference of f with respect to *p.
func diff64(p *float64, f func() float64) float64 {
	old := *p
	*p = old + convH
	up := f()
	*p = old - convH
	down := f()
	*p = old
	return (up - down) / (2 * convH)
}

// initGradConvNet gives n He-initialised weights and biases uniform in
// [-0.1, 0.1) (non-zero, so that the biases matter and blank paper is not
// exactly at a ReLU's kink), trying seeds from seed on until the float64
// forward pass on d keeps clear of every kink.
func initGradConvNet(t *testing.T, n *ConvNet, d *Dataset, seed uint64) {
	t.Helper()
	for s := seed; s < seed+50; s++ {
		rng := NewRand(s)
		if err := n.Initialize(InitHe, rng); err != nil {
			t.Fatal(err)
		}
		for _, l := range n.Layers {
			_, b := l.Params()
			for i := range b {
				b[i] = float32(0.2*rng.Float64() - 0.1)
			}
		}
		if _, m := convLoss64(n, newConvParams64(n), d); m.ok() {
			return
		}
	}
	t.Fatalf("no seed from %d to %d keeps the network %v clear of ReLU and pooling kinks on these images", seed, seed+49, n)
}

// convFiniteDiff returns the finite-difference gradient of the mean loss
// for every bias and for the weights w[l][i] with i%every == 0 (all of
// them with every = 1).
func convFiniteDiff(n *ConvNet, d *Dataset, every int) (gw, gb [][]float64, checked [][]bool) {
	p := newConvParams64(n)
	loss := func() float64 { l, _ := convLoss64(n, p, d); return l }
	for l := range n.Layers {
		gw = append(gw, make([]float64, len(p.w[l])))
		gb = append(gb, make([]float64, len(p.b[l])))
		checked = append(checked, make([]bool, len(p.w[l])))
		for i := range p.w[l] {
			if i%every == 0 {
				gw[l][i] = diff64(&p.w[l][i], loss)
				checked[l][i] = true
			}
		}
		for j := range p.b[l] {
			gb[l][j] = diff64(&p.b[l][j], loss)
		}
	}
	return gw, gb, checked
}

// smallConvNet has every kind of layer and path on 14×14 inputs: a padded
// convolution of several filters, max pooling of an odd size (7 → 3 would
// drop a row; 5 → 2 here does), a convolution over several channels
// without padding, ReLU alone and before pooling, and fully connected
// layers.
func smallConvNet(t *testing.T) *ConvNet {
	t.Helper()
	b := &convBuilder{shape: Shape{1, 14, 14}}
	b.conv(3, 5, 2) // 3×14×14
	b.relu()
	b.maxPool(2)    // 3×7×7
	b.conv(4, 3, 0) // 4×5×5
	b.relu()
	b.maxPool(2) // 4×2×2
	b.dense(8)
	b.relu()
	b.dense(10)
	n, err := b.build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkConvGradient compares a gradient laid out like n's parameters with
// the finite differences.
func checkConvGradient(t *testing.T, n *ConvNet, gw, gb [][]float32, fw, fb [][]float64, checked [][]bool) {
	t.Helper()
	count := 0
	for l, layer := range n.Layers {
		if len(gb[l]) == 0 {
			continue
		}
		var c []bool
		if checked != nil {
			c = checked[l]
		}
		count += compareGrad(t, fmt.Sprintf("dW of layer %d (%s)", l+1, layer), gw[l], fw[l], c)
		count += compareGrad(t, fmt.Sprintf("db of layer %d (%s)", l+1, layer), gb[l], fb[l], nil)
	}
	t.Logf("%d values agree", count)
}

// The reference backpropagation of convnet_backprop.go on a small network:
// backprop for every sample, gradient = the sum over the samples / m.
func TestConvGradientCheckReference(t *testing.T) {
	d := gradImages(t, 6, 14)
	n := smallConvNet(t)
	initGradConvNet(t, n, d, 1)
	fw, fb, _ := convFiniteDiff(n, d, 1)
	g, s := newConvGradient(n), newConvActivations(n)
	for i := range d.N {
		d.Pixels(i, s.a[0])
		n.backprop(s, int(d.Labels[i]), g)
	}
	for l := range g.W {
		for i := range g.W[l] {
			g.W[l][i] /= float32(d.N)
		}
		for j := range g.B[l] {
			g.B[l][j] /= float32(d.N)
		}
	}
	checkConvGradient(t, n, g.W, g.B, fw, fb, nil)
}

// convStepGradient recovers the gradient a trainer used from one
// full-batch step with learning rate 1: W_after = W - 1·dW.
func convStepGradient(before, after *ConvNet) (gw, gb [][]float32) {
	for l := range before.Layers {
		w0, b0 := before.Layers[l].Params()
		w1, b1 := after.Layers[l].Params()
		w, b := make([]float32, len(w0)), make([]float32, len(b0))
		for i := range w {
			w[i] = w0[i] - w1[i]
		}
		for j := range b {
			b[j] = b0[j] - b1[j]
		}
		gw, gb = append(gw, w), append(gb, b)
	}
	return gw, gb
}

// The trainer's engines, fast and reference, on the small network and on
// LeNet-5 itself (28×28 digits; every 211th weight and every bias).
func TestConvGradientCheckTrainers(t *testing.T) {
	lenet, err := newLeNet5()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		net   *ConvNet
		d     *Dataset
		every int
	}{
		{"small", smallConvNet(t), gradImages(t, 6, 14), 1},
		{"LeNet-5", lenet, gradImages(t, 3, 28), 211},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "LeNet-5" && runtime.GOOS == "js" {
				t.Skip("minutes in WebAssembly; the same code as natively (TestConvDeterminism checks the bits)")
			}
			initGradConvNet(t, tc.net, tc.d, 1)
			fw, fb, checked := convFiniteDiff(tc.net, tc.d, tc.every)
			for _, opts := range [][]TrainerOption{nil, {WithReference()}} {
				after := tc.net.Clone()
				tr, err := NewTrainer(after, tc.d, 1, 0, 1, opts...)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tr.RunEpoch(); err != nil {
					t.Fatal(err)
				}
				gw, gb := convStepGradient(tc.net, after)
				checkConvGradient(t, tc.net, gw, gb, fw, fb, checked)
			}
		})
	}
}

// Each layer on its own: for a loss L = Σ_i r_i·z_i of the layer's output
// z (random r, so dZ = r), backward's dW, db and dA against the finite
// differences of the float64 forward pass.
func TestLayerGradientCheck(t *testing.T) {
	mustConv := func(in Shape, f, k, p int) Layer {
		l, err := NewConv(in, f, k, p)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	mustPool := func(in Shape, s int) Layer {
		l, err := NewMaxPool(in, s)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	mustReLU := func(in Shape) Layer {
		l, err := NewReLU(in)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	mustDense := func(in Shape, o int) Layer {
		l, err := NewDense(in, o)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	for _, layer := range []Layer{
		mustConv(Shape{2, 7, 6}, 3, 5, 2),
		mustConv(Shape{3, 6, 5}, 2, 3, 0),
		mustConv(Shape{1, 8, 8}, 4, 5, 1),
		mustConv(Shape{2, 4, 4}, 1, 1, 0),
		mustPool(Shape{2, 6, 7}, 2),
		mustPool(Shape{1, 9, 8}, 3),
		mustReLU(Shape{2, 3, 4}),
		mustDense(Shape{3, 2, 2}, 5),
	} {
		t.Run(fmt.Sprintf("%s on %s", layer, layer.In()), func(t *testing.T) {
			rng := NewRand(3)
			uniform := func(v []float32) {
				for i := range v {
					v[i] = float32(2*rng.Float64() - 1)
				}
			}
			w, b := layer.Params()
			uniform(w)
			uniform(b)
			a := make([]float32, layer.In().Size())
			uniform(a)
			r := make([]float32, layer.Out().Size())
			uniform(r)

			dW, dB := make([]float32, len(w)), make([]float32, len(b))
			da := make([]float32, len(a))
			layer.backward(a, r, da, dW, dB)

			w64, b64, a64 := to64([][]float32{w})[0], to64([][]float32{b})[0], to64([][]float32{a})[0]
			m := margins{math.Inf(1), math.Inf(1)}
			L := func() float64 {
				z := forward64(layer, w64, b64, a64, &m)
				s := 0.0
				for i, v := range z {
					s += float64(r[i]) * v
				}
				return s
			}
			L()
			if !m.ok() {
				t.Fatalf("random input within %g of a kink (margins %+v): pick another seed", convMargin, m)
			}
			grad := func(p []float64) []float64 {
				g := make([]float64, len(p))
				for i := range p {
					g[i] = diff64(&p[i], L)
				}
				return g
			}
			n := compareGrad(t, "dW", dW, grad(w64), nil)
			n += compareGrad(t, "db", dB, grad(b64), nil)
			n += compareGrad(t, "dA", da, grad(a64), nil)
			if !m.ok() {
				t.Fatalf("a finite difference crossed a kink (margins %+v)", m)
			}
			t.Logf("%d values agree", n)

			// The forward pass agrees with the float64 one too.
			z := make([]float32, layer.Out().Size())
			layer.forward(a, z)
			want := forward64(layer, w64, b64, a64, &m)
			for i := range z {
				if math.Abs(float64(z[i])-want[i]) > 1e-5 {
					t.Fatalf("forward: z[%d] = %v, float64 %v", i, z[i], want[i])
				}
			}
		})
	}
}
