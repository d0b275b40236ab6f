package kernel

import (
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
)

// The tests compare every kernel, as it runs on this machine (AVX-512
// assembly natively, the WebAssembly module under Node: SIMD128, or the
// scalar one with DIGITS_KERNEL=scalar) and as the portable Go version,
// with its plain definition: one element and one term at a time, bit for
// bit.

// versions runs f once with the faster version of the kernels (if this
// machine has one) and once with the portable Go versions.
func versions(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, fast := range []bool{true, false} {
		was := SetAccelerated(fast)
		t.Run(Name(), f)
		SetAccelerated(was)
		if !hasFast {
			break // the two are the same
		}
	}
}

// randomFloats returns n floats for a kernel's operands: mostly normal
// numbers, with zeros of both signs and subnormals, which no version may
// flush to zero. No infinities or NaNs: their bits (a NaN's sign) are not
// the same on every machine.
func randomFloats(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for j := range v {
		switch rng.IntN(20) {
		case 0:
			v[j] = 0
		case 1:
			v[j] = float32(math.Copysign(0, -1))
		case 2:
			v[j] = 1e-39 * float32(rng.IntN(5)-2) // subnormal
		default:
			v[j] = float32(rng.NormFloat64() * 3)
		}
	}
	return v
}

// shifted returns a copy of v starting off floats into a larger slice, so
// that the kernels see unaligned addresses.
func shifted(v []float32, off int) []float32 {
	return append(make([]float32, off, off+len(v)), v...)[off:]
}

// sameBits fails t unless got and want are equal bit for bit.
func sameBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d elements, want %d", what, len(got), len(want))
	}
	for j := range got {
		if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
			t.Fatalf("%s: element %d = %g (%#08x), want %g (%#08x)", what, j,
				got[j], math.Float32bits(got[j]), want[j], math.Float32bits(want[j]))
		}
	}
}

func spAxpyPlain(y, w []float32, stride int, idx []int32, val []float32) {
	for t, k := range idx {
		for j := range y {
			y[j] += float32(val[t] * w[int(k)*stride+j])
		}
	}
}

func scatterAxpyPlain(y []float32, stride int, idx []int32, val []float32, x []float32) {
	for t, k := range idx {
		for j := range x {
			y[int(k)*stride+j] += float32(val[t] * x[j])
		}
	}
}

// sparseCase is an input of SpAxpy and ScatterAxpy: a matrix of rows ×
// stride floats (at least n wide), a list of count rows (repeats allowed)
// with their values, and a vector of n floats, each at its own offset.
type sparseCase struct {
	n, stride int
	mat, vec  []float32
	idx       []int32
	val       []float32
	a         float32 // SpStep's factor
}

func newSparseCase(rng *rand.Rand, n, count int) sparseCase {
	rows := 1 + rng.IntN(30)
	stride := n + rng.IntN(5)
	c := sparseCase{n: n, stride: stride, a: randomFloats(rng, 1)[0]}
	c.mat = shifted(randomFloats(rng, (rows-1)*stride+n), rng.IntN(4))
	c.vec = shifted(randomFloats(rng, n), rng.IntN(4))
	for range count {
		c.idx = append(c.idx, int32(rng.IntN(rows)))
		c.val = append(c.val, randomFloats(rng, 1)[0])
	}
	return c
}

// check runs SpAxpy, ScatterAxpy and Axpy on c against their definitions.
func (c sparseCase) check(t *testing.T) {
	t.Helper()
	y := append([]float32(nil), c.vec...)
	want := append([]float32(nil), c.vec...)
	SpAxpy(y, c.mat, c.stride, c.idx, c.val)
	spAxpyPlain(want, c.mat, c.stride, c.idx, c.val)
	sameBits(t, "SpAxpy", y, want)

	y = append([]float32(nil), c.mat...)
	want = append([]float32(nil), c.mat...)
	ScatterAxpy(y, c.stride, c.idx, c.val, c.vec)
	scatterAxpyPlain(want, c.stride, c.idx, c.val, c.vec)
	sameBits(t, "ScatterAxpy", y, want)

	// SpStep: y += a·g, g the sum from +0, by its definition.
	a := c.a
	y = append([]float32(nil), c.vec...)
	want = append([]float32(nil), c.vec...)
	g := make([]float32, c.n)
	spAxpyPlain(g, c.mat, c.stride, c.idx, c.val)
	for j := range want {
		if len(c.idx) > 0 { // no rows: y is left as it is
			want[j] += float32(a * g[j])
		}
	}
	SpStep(y, a, make([]float32, c.n), c.mat, c.stride, c.idx, c.val)
	sameBits(t, "SpStep", y, want)

	if len(c.val) > 0 {
		x := c.mat[:c.n]
		y = append([]float32(nil), c.vec...)
		want = append([]float32(nil), c.vec...)
		Axpy(c.val[0], x, y)
		spAxpyPlain(want, x, 0, []int32{0}, c.val[:1])
		sameBits(t, "Axpy", y, want)
	}
}

// TestSparseKernels checks SpAxpy, ScatterAxpy and Axpy for every length
// around the vector widths (4 floats in WebAssembly, 16 in AVX-512) and
// the strips (up to 256 floats), from no rows to many.
func TestSparseKernels(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for n := 0; n <= 300; n++ {
			for _, count := range []int{0, 1, 2, 3, 4, 5, 7, 40} {
				newSparseCase(rng, n, count).check(t)
			}
		}
	})
}

// TestSpAxpyGoMatchesPlain checks the unrolled Go loop, four rows per
// pass, against the definition: the same bits for every length around the
// unrolling (4 along y, 8 for the last rows) and every number of rows
// around 4.
func TestSpAxpyGoMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n <= 40; n++ {
		for count := 1; count <= 13; count++ {
			c := newSparseCase(rng, n, count)
			y := append([]float32(nil), c.vec...)
			want := append([]float32(nil), c.vec...)
			SpAxpyGo(y, c.mat, c.stride, c.idx, c.val)
			spAxpyPlain(want, c.mat, c.stride, c.idx, c.val)
			sameBits(t, "SpAxpyGo", y, want)
		}
	}
}

// TestSpAxpySums checks the sums themselves, in float64.
func TestSpAxpySums(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	y, w := randomFloats(rng, 300), randomFloats(rng, 50*310)
	var idx []int32
	var val []float32
	for range 100 {
		idx = append(idx, int32(rng.IntN(50)))
		val = append(val, float32(rng.NormFloat64()))
	}
	want := make([]float64, len(y))
	for j := range y {
		want[j] = float64(y[j])
		for tt, k := range idx {
			want[j] += float64(val[tt]) * float64(w[int(k)*310+j])
		}
	}
	SpAxpy(y, w, 310, idx, val)
	for j := range y {
		if d := math.Abs(float64(y[j]) - want[j]); d > 1e-4*(1+math.Abs(want[j])) {
			t.Fatalf("y[%d] = %g, want %g", j, y[j], want[j])
		}
	}
}

func TestAxpy(t *testing.T) {
	versions(t, func(t *testing.T) {
		x := []float32{1, 2, 3}
		y := []float32{10, 20, 30, 40}
		Axpy(-2, x, y)
		if y[0] != 8 || y[1] != 16 || y[2] != 24 || y[3] != 40 {
			t.Fatalf("Axpy: got %v", y)
		}
	})
}

// TestName checks that Name says which kernels run.
func TestName(t *testing.T) {
	want := map[string]string{"amd64": "avx512", "js": "wasm-simd128"}[runtime.GOARCH]
	if runtime.GOOS == "js" {
		want = "wasm-simd128"
		if os.Getenv("DIGITS_KERNEL") == "scalar" {
			want = "wasm-scalar" // the host was told to load the scalar module
		}
	}
	if !hasFast {
		want = "go"
	}
	was := SetAccelerated(true)
	defer SetAccelerated(was)
	if Name() != want {
		t.Errorf("Name() = %q, want %q", Name(), want)
	}
	SetAccelerated(false)
	if Name() != "go" || Accelerated() {
		t.Errorf("turned off: Name() = %q, Accelerated() = %v, want \"go\", false", Name(), Accelerated())
	}
	t.Logf("kernels here: %s", want)
}
