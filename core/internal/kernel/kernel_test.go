package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomCase builds y, a matrix w of rows×stride and a list of rows.
func randomCase(rng *rand.Rand, n, stride, rows, count int) (y, w []float32, idx []int32, val []float32) {
	y = make([]float32, n)
	for j := range y {
		y[j] = float32(rng.NormFloat64())
	}
	w = make([]float32, (rows-1)*stride+n)
	for j := range w {
		switch rng.IntN(20) {
		case 0:
			w[j] = 0
		case 1:
			w[j] = float32(math.Copysign(0, -1))
		case 2:
			w[j] = 1e-39 // subnormal: must not be flushed to zero
		default:
			w[j] = float32(rng.NormFloat64() * 3)
		}
	}
	for range count {
		idx = append(idx, int32(rng.IntN(rows)))
		val = append(val, float32(rng.NormFloat64()))
	}
	return y, w, idx, val
}

// TestSpAxpyMatchesGo checks that the assembly and the Go loop give the
// same bits for every tile shape: lengths around 16, 32, 64 and 128.
func TestSpAxpyMatchesGo(t *testing.T) {
	if !hasAVX512 {
		t.Skip("no AVX-512 on this CPU: only the Go version runs")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 420; n++ {
		for _, count := range []int{1, 2, 7, 40} {
			stride := n + rng.IntN(5)
			y, w, idx, val := randomCase(rng, n, stride, 30, count)
			want := append([]float32(nil), y...)
			SpAxpyGo(want, w, stride, idx, val)
			SpAxpy(y, w, stride, idx, val)
			for j := range y {
				if math.Float32bits(y[j]) != math.Float32bits(want[j]) {
					t.Fatalf("n=%d count=%d: y[%d] = %g (assembly), %g (Go)", n, count, j, y[j], want[j])
				}
			}
		}
	}
}

// TestSpAxpyGoMatchesPlain checks the unrolled Go loop, four rows per
// pass, against the definition, one row and one element at a time: the
// same bits for every length around the unrolling (4 along y, 8 for the
// last rows) and every number of rows around 4. It runs everywhere,
// WebAssembly included.
func TestSpAxpyGoMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n <= 40; n++ {
		for count := 1; count <= 13; count++ {
			stride := n + rng.IntN(5)
			y, w, idx, val := randomCase(rng, n, stride, 30, count)
			want := append([]float32(nil), y...)
			for t, k := range idx {
				for j := range want {
					want[j] += float32(val[t] * w[int(k)*stride+j])
				}
			}
			SpAxpyGo(y, w, stride, idx, val)
			for j := range y {
				if math.Float32bits(y[j]) != math.Float32bits(want[j]) {
					t.Fatalf("n=%d count=%d: y[%d] = %g, want %g", n, count, j, y[j], want[j])
				}
			}
		}
	}
}

// TestScatterAxpyMatchesSpAxpy checks that ScatterAxpy (assembly or Go)
// gives every element the bits SpAxpy gives it: y[k][j] summed over the
// t with idx[t] = k, in order.
func TestScatterAxpyMatchesSpAxpy(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := 1; n <= 300; n++ {
		for _, count := range []int{1, 5, 40} {
			rows := 20
			stride := n + rng.IntN(3)
			x, _, _, _ := randomCase(rng, n, n, 1, 0)
			y, _, _, _ := randomCase(rng, (rows-1)*stride+n, 1, 1, 0)
			var idx []int32
			var val []float32
			for range count {
				idx = append(idx, int32(rng.IntN(rows))) // repeats allowed
				val = append(val, float32(rng.NormFloat64()))
			}
			// Expected: each row k through SpAxpy with the list of its t.
			want := append([]float32(nil), y...)
			for k := range rows {
				var one []int32
				var v []float32
				for tt, kk := range idx {
					if int(kk) == k {
						one, v = append(one, 0), append(v, val[tt])
					}
				}
				SpAxpyGo(want[k*stride:k*stride+n], x, 0, one, v)
			}
			for _, accel := range []bool{true, false} {
				was := SetAccelerated(accel)
				got := append([]float32(nil), y...)
				ScatterAxpy(got, stride, idx, val, x)
				SetAccelerated(was)
				for j := range got {
					if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
						t.Fatalf("n=%d count=%d accel=%v: y[%d] = %g, want %g", n, count, accel, j, got[j], want[j])
					}
				}
			}
		}
	}
}

// TestSpAxpySums checks the Go version against the definition, in float64.
func TestSpAxpySums(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	y, w, idx, val := randomCase(rng, 300, 310, 50, 100)
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
	x := []float32{1, 2, 3}
	y := []float32{10, 20, 30, 40}
	Axpy(-2, x, y)
	if y[0] != 8 || y[1] != 16 || y[2] != 24 || y[3] != 40 {
		t.Fatalf("Axpy: got %v", y)
	}
}

// benchSpAxpy runs the shape of the first layer's forward pass: a row of
// width n (the hidden layer) for each of 150 non-zero pixels.
func benchSpAxpy(b *testing.B, n int, accel bool) {
	defer SetAccelerated(SetAccelerated(accel))
	if accel && !hasAVX512 {
		b.Skip("no AVX-512")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	y, w, idx, val := randomCase(rng, n, n, 784, 150)
	b.SetBytes(int64(4 * n * len(idx)))
	for b.Loop() {
		SpAxpy(y, w, n, idx, val)
	}
	b.ReportMetric(float64(2*n*len(idx))*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkSpAxpy300(b *testing.B)   { benchSpAxpy(b, 300, true) }
func BenchmarkSpAxpy300Go(b *testing.B) { benchSpAxpy(b, 300, false) }
func BenchmarkSpAxpy100(b *testing.B)   { benchSpAxpy(b, 100, true) }
func BenchmarkSpAxpy100Go(b *testing.B) { benchSpAxpy(b, 100, false) }
func BenchmarkSpAxpy32(b *testing.B)    { benchSpAxpy(b, 32, true) }
func BenchmarkSpAxpy32Go(b *testing.B)  { benchSpAxpy(b, 32, false) }
func BenchmarkSpAxpy10(b *testing.B)    { benchSpAxpy(b, 10, true) }
func BenchmarkSpAxpy10Go(b *testing.B)  { benchSpAxpy(b, 10, false) }
