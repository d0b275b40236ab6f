package kernel

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func gemmPlain(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	for i := range m {
		for j := range n {
			s := c[i*ldc+j]
			for t := range k {
				s += float32(a[i*ars+t*acs] * b[t*ldb+j])
			}
			c[i*ldc+j] = s
		}
	}
}

// gemmCase is an input of Gemm: A either row-major (m × k) or the
// transpose of a row-major k × m matrix, B and C row-major with padded
// rows, each at its own offset.
type gemmCase struct {
	m, n, k, ars, acs, ldb, ldc int
	a, b, c                     []float32
}

func newGemmCase(rng *rand.Rand, m, n, k int, transposed bool) gemmCase {
	g := gemmCase{m: m, n: n, k: k, ldb: n + rng.IntN(4), ldc: n + rng.IntN(4)}
	rows, cols := m, k // the matrix A is stored as
	if transposed {
		rows, cols = k, m
	}
	ld := cols + rng.IntN(4)
	g.ars, g.acs = ld, 1
	if transposed {
		g.ars, g.acs = 1, ld
	}
	g.a = shifted(randomFloats(rng, max(0, (rows-1)*ld+cols)), rng.IntN(4))
	g.b = shifted(randomFloats(rng, max(0, (k-1)*g.ldb+n)), rng.IntN(4))
	g.c = shifted(randomFloats(rng, max(0, (m-1)*g.ldc+n)), rng.IntN(4))
	// A sum that starts at -0 and gets only zero terms stays -0 in the
	// definition; the kernels never skip a term, so they agree on it too.
	return g
}

func (g gemmCase) String() string {
	return fmt.Sprintf("m=%d n=%d k=%d A strides (%d, %d) ldb=%d ldc=%d", g.m, g.n, g.k, g.ars, g.acs, g.ldb, g.ldc)
}

// check runs Gemm and GemmGo on g against the definition.
func (g gemmCase) check(t *testing.T) {
	t.Helper()
	want := append([]float32(nil), g.c...)
	gemmPlain(g.m, g.n, g.k, g.a, g.ars, g.acs, g.b, g.ldb, want, g.ldc)
	got := append([]float32(nil), g.c...)
	Gemm(g.m, g.n, g.k, g.a, g.ars, g.acs, g.b, g.ldb, got, g.ldc)
	sameBits(t, "Gemm "+g.String(), got, want)
	got = append(got[:0], g.c...)
	GemmGo(g.m, g.n, g.k, g.a, g.ars, g.acs, g.b, g.ldb, got, g.ldc)
	sameBits(t, "GemmGo "+g.String(), got, want)
}

// TestGemm checks every tile shape and its edges: rows around the tile
// heights (4 to 8), columns around the vector widths and strips (4, 8,
// 16, 64), depths from 1, and A both ways round.
func TestGemm(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for m := 0; m <= 13; m++ {
			for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 47, 63, 64, 65, 100, 129} {
				for _, k := range []int{0, 1, 2, 3, 5, 8, 17} {
					newGemmCase(rng, m, n, k, rng.IntN(2) == 0).check(t)
				}
			}
		}
	})
}

// TestGemmLayers checks the three products of a dense layer of
// 784-300-100-10 on a block of 64 samples (see Gemm), with activations
// mostly zero like MNIST's pixels.
func TestGemmLayers(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		const m = 64
		for _, l := range [][2]int{{784, 300}, {300, 100}, {100, 10}} {
			in, out := l[0], l[1]
			act := randomFloats(rng, m*in)
			for j := range act {
				if rng.IntN(5) != 0 {
					act[j] = 0
				}
			}
			fw := gemmCase{m: m, n: out, k: in, ars: in, acs: 1, ldb: out, ldc: out,
				a: act, b: randomFloats(rng, in*out), c: randomFloats(rng, m*out)}
			bp := gemmCase{m: m, n: in, k: out, ars: out, acs: 1, ldb: in, ldc: in,
				a: randomFloats(rng, m*out), b: randomFloats(rng, out*in), c: make([]float32, m*in)}
			gr := gemmCase{m: in, n: out, k: m, ars: 1, acs: in, ldb: out, ldc: out,
				a: act, b: randomFloats(rng, m*out), c: randomFloats(rng, in*out)}
			for _, g := range []gemmCase{fw, bp, gr} {
				g.check(t)
			}
		}
	})
}

// TestGemmEqualsSparse checks what lets the fast path use the dense
// product where it used the sparse kernels: the forward product through
// Gemm has the bits of SpAxpy over the non-zero inputs only.
func TestGemmEqualsSparse(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		const m, in, out = 13, 97, 45
		act := randomFloats(rng, m*in)
		for j := range act {
			if rng.IntN(3) != 0 {
				act[j] = 0
			}
		}
		wT, bias := randomFloats(rng, in*out), randomFloats(rng, out)
		for j := range bias {
			bias[j] += 0 // a bias of -0 becomes +0, as the sums start
		}
		dense := make([]float32, m*out)
		sparse := make([]float32, m*out)
		for i := range m {
			copy(dense[i*out:], bias)
			copy(sparse[i*out:], bias)
		}
		Gemm(m, out, in, act, in, 1, wT, out, dense, out)
		for i := range m {
			var idx []int32
			var val []float32
			for k, v := range act[i*in : (i+1)*in] {
				if v != 0 {
					idx, val = append(idx, int32(k)), append(val, v)
				}
			}
			SpAxpy(sparse[i*out:(i+1)*out], wT, out, idx, val)
		}
		sameBits(t, "Gemm vs SpAxpy over the non-zero inputs", dense, sparse)
	})
}

// TestGemmRejectsShortMatrices checks that a matrix too short for its
// shape is caught before any faster version could read past it.
func TestGemmRejectsShortMatrices(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"A", func() { Gemm(2, 2, 2, make([]float32, 3), 2, 1, make([]float32, 4), 2, make([]float32, 4), 2) }, "A has 3"},
		{"Aᵀ", func() { Gemm(2, 2, 3, make([]float32, 5), 1, 2, make([]float32, 6), 2, make([]float32, 4), 2) }, "A has 5"},
		{"B", func() { Gemm(2, 2, 2, make([]float32, 4), 2, 1, make([]float32, 3), 2, make([]float32, 4), 2) }, "B has 3"},
		{"C", func() { Gemm(2, 2, 2, make([]float32, 4), 2, 1, make([]float32, 4), 2, make([]float32, 3), 2) }, "C has 3"},
		{"ldc", func() { Gemm(2, 2, 2, make([]float32, 4), 2, 1, make([]float32, 4), 2, make([]float32, 4), 1) }, "ldc 1 < n 2"},
		{"stride", func() { Gemm(2, 2, 2, make([]float32, 4), -2, 1, make([]float32, 4), 2, make([]float32, 4), 2) }, "negative stride"},
	} {
		func() {
			defer func() {
				r := recover()
				if msg, _ := r.(string); !strings.Contains(msg, tc.want) {
					t.Errorf("%s: panic %v, want one saying %q", tc.name, r, tc.want)
				}
			}()
			tc.call()
		}()
	}
}
