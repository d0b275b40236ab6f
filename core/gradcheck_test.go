package core

import (
	"fmt"
	"math"
	"testing"

	"digits/data"
)

// Gradient checks: backpropagation's dW and db against central finite
// differences,
//
//	∂loss/∂p ≈ (loss(p + h) - loss(p - h)) / 2h,
//
// computed in float64 by a separate, plain forward pass below, on a handful
// of real MNIST digits. The finite difference's own error is O(h²) plus the
// rounding of float64 (about 1e-16/h), both below 1e-9 for h = 1e-5.
// Backprop works in float32 (about 7 significant digits), so they must
// agree within gradAbsTol + gradRelTol·|gradient|: any real mistake (a
// missing term, a transposed index, a wrong sign or a forgotten 1/m) is off
// by far more.
const (
	gradH      = 1e-5
	gradAbsTol = 1e-5
	gradRelTol = 1e-3
)

// gradImages returns m test images, downsampled to side×side pixels by
// averaging blocks (side divides 28), as a small Dataset.
func gradImages(t *testing.T, m, side int) *Dataset {
	t.Helper()
	test, err := LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	block := 28 / side
	d := &Dataset{N: m, Rows: side, Cols: side, Labels: test.Labels[:m]}
	for i := range m {
		img := test.Image(i)
		for r := range side {
			for c := range side {
				sum := 0
				for y := r * block; y < (r+1)*block; y++ {
					for x := c * block; x < (c+1)*block; x++ {
						sum += int(img[y*28+x])
					}
				}
				d.Images = append(d.Images, byte(sum/(block*block)))
			}
		}
	}
	return d
}

// loss64 is the mean cross-entropy of the network whose weights and biases
// are w and b (float64 copies of a Network's) on d, computed plainly in
// float64: Z = W·A + b, A = ReLU(Z), softmax and -ln A[y] at the end. It
// also returns the smallest |Z| of a hidden neuron: near 0, ReLU has a
// kink, and a finite difference across it would be meaningless.
func loss64(sizes []int, w, b [][]float64, d *Dataset) (loss, minAbsZ float64) {
	minAbsZ = math.Inf(1)
	L := len(sizes) - 1
	for i := range d.N {
		a := make([]float64, d.Size())
		for k, p := range d.Image(i) {
			a[k] = float64(p) / 255
		}
		for l := range L {
			z := make([]float64, sizes[l+1])
			for j := range z {
				z[j] = b[l][j]
				for k, v := range a {
					z[j] += w[l][j*sizes[l]+k] * v
				}
				if l < L-1 {
					minAbsZ = min(minAbsZ, math.Abs(z[j]))
					z[j] = max(z[j], 0)
				}
			}
			a = z
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
	return loss / float64(d.N), minAbsZ
}

func to64(v [][]float32) [][]float64 {
	out := make([][]float64, len(v))
	for l := range v {
		for _, x := range v[l] {
			out[l] = append(out[l], float64(x))
		}
	}
	return out
}

// finiteDiff returns the finite-difference gradient of loss64 for every
// weight and bias of n, or, when every > 1, for every every-th weight of
// each layer (biases always).
func finiteDiff(t *testing.T, n *Network, d *Dataset, every int) (gw, gb [][]float64, checked [][]bool) {
	w, b := to64(n.W), to64(n.B)
	_, minZ := loss64(n.Sizes, w, b, d)
	if minZ < 10*gradH {
		t.Fatalf("a hidden neuron has |Z| = %g, too close to ReLU's kink for finite differences: pick another seed", minZ)
	}
	diff := func(p *float64) float64 {
		old := *p
		*p = old + gradH
		up, _ := loss64(n.Sizes, w, b, d)
		*p = old - gradH
		down, _ := loss64(n.Sizes, w, b, d)
		*p = old
		return (up - down) / (2 * gradH)
	}
	gw, gb = make([][]float64, len(w)), make([][]float64, len(b))
	checked = make([][]bool, len(w))
	for l := range w {
		gw[l] = make([]float64, len(w[l]))
		checked[l] = make([]bool, len(w[l]))
		for i := range w[l] {
			if i%every == 0 || len(w[l]) < 1000 {
				gw[l][i] = diff(&w[l][i])
				checked[l][i] = true
			}
		}
		gb[l] = make([]float64, len(b[l]))
		for j := range b[l] {
			gb[l][j] = diff(&b[l][j])
		}
	}
	return gw, gb, checked
}

// compareGrad checks a gradient against the finite differences and
// returns how many values it compared.
func compareGrad(t *testing.T, what string, got []float32, want []float64, checked []bool) int {
	t.Helper()
	n, bad := 0, 0
	for i, fd := range want {
		if checked != nil && !checked[i] {
			continue
		}
		n++
		if math.Abs(float64(got[i])-fd) > gradAbsTol+gradRelTol*math.Abs(fd) {
			if bad++; bad <= 5 {
				t.Errorf("%s[%d]: backprop %.8g, finite differences %.8g", what, i, got[i], fd)
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d of %d values differ", what, bad, n)
	}
	return n
}

// newGradNet makes a network of the given sizes with weights and biases
// uniform in [-0.5, 0.5) (non-zero biases, so that b matters), then
// scales layer 1's weights down for wide inputs to keep Z moderate.
func newGradNet(t *testing.T, sizes []int, seed uint64) *Network {
	n, err := NewInitialized(sizes, InitSamson, seed)
	if err != nil {
		t.Fatal(err)
	}
	s := float32(math.Sqrt(16 / float64(sizes[0])))
	for i := range n.W[0] {
		n.W[0][i] *= min(1, s)
	}
	return n
}

// The reference backpropagation of backprop.go: backprop for every sample,
// gradient = the sum over the samples / m.
func TestGradientCheckReference(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		side  int
	}{
		{[]int{16, 7, 5, 10}, 4},
		{[]int{16, 9, 10}, 4},
		{[]int{49, 6, 5, 4, 10}, 7},
	} {
		t.Run(SizesString(tc.sizes), func(t *testing.T) {
			d := gradImages(t, 6, tc.side)
			n := newGradNet(t, tc.sizes, 11)
			gw, gb, _ := finiteDiff(t, n, d, 1)
			g, s := newGradient(n), newActivations(n)
			for i := range d.N {
				d.Pixels(i, s.a[0])
				n.backprop(s, int(d.Labels[i]), g)
			}
			for l := range n.W {
				for i := range g.W[l] {
					g.W[l][i] /= float32(d.N)
				}
				for j := range g.B[l] {
					g.B[l][j] /= float32(d.N)
				}
				compareGrad(t, fmt.Sprintf("dW%d", l+1), g.W[l], gw[l], nil)
				compareGrad(t, fmt.Sprintf("db%d", l+1), g.B[l], gb[l], nil)
			}
		})
	}
}

// stepGradient recovers the gradient a trainer used from one full-batch
// step with learning rate 1: W_after = W - 1·dW, so dW = W - W_after.
func stepGradient(before, after *Network) (gw, gb [][]float32) {
	for l := range before.W {
		w := make([]float32, len(before.W[l]))
		for i := range w {
			w[i] = before.W[l][i] - after.W[l][i]
		}
		b := make([]float32, len(before.B[l]))
		for j := range b {
			b[j] = before.B[l][j] - after.B[l][j]
		}
		gw, gb = append(gw, w), append(gb, b)
	}
	return gw, gb
}

// The public training paths, whatever kernels they use: Trainer (any
// size, including full 28×28 images) and the hand-written OneHidden.
func TestGradientCheckTrainers(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		side  int
		every int // check every every-th weight of large layers
	}{
		{[]int{16, 7, 5, 10}, 4, 1},
		{[]int{784, 12, 10}, 28, 16},
		{[]int{784, 9, 6, 10}, 28, 16},
	} {
		d := gradImages(t, 6, tc.side)
		n := newGradNet(t, tc.sizes, 5)
		gw, gb, checked := finiteDiff(t, n, d, tc.every)
		t.Run("Trainer "+SizesString(tc.sizes), func(t *testing.T) {
			after := n.Clone()
			tr, err := NewTrainer(after, d, 1, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.RunEpoch(); err != nil {
				t.Fatal(err)
			}
			sw, sb := stepGradient(n, after)
			for l := range n.W {
				compareGrad(t, fmt.Sprintf("dW%d", l+1), sw[l], gw[l], checked[l])
				compareGrad(t, fmt.Sprintf("db%d", l+1), sb[l], gb[l], nil)
			}
		})
		if len(tc.sizes) != 3 {
			continue
		}
		t.Run("OneHidden "+SizesString(tc.sizes), func(t *testing.T) {
			oh, err := NewOneHidden(n)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := NewOneHiddenTrainer(oh, d, 1, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.RunEpoch(); err != nil {
				t.Fatal(err)
			}
			sw, sb := stepGradient(n, oh.Network())
			for l := range n.W {
				compareGrad(t, fmt.Sprintf("dW%d", l+1), sw[l], gw[l], checked[l])
				compareGrad(t, fmt.Sprintf("db%d", l+1), sb[l], gb[l], nil)
			}
		})
	}
}
