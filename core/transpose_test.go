package core

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestTransposeRows: transposeRows of any row range writes exactly those
// columns of the transpose, for shapes around the tile size.
func TestTransposeRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, shape := range [][2]int{{1, 1}, {3, 7}, {31, 33}, {64, 64}, {100, 10}, {300, 100}, {784, 300}} {
		rows, cols := shape[0], shape[1]
		src := make([]float32, rows*cols)
		for i := range src {
			src[i] = rng.Float32()
		}
		r0, r1 := rng.IntN(rows), rows
		r0, r1 = min(r0, r1), max(r0, r1)
		dst := make([]float32, rows*cols)
		transposeRows(dst, src, rows, cols, r0, r1)
		for j := range rows {
			for k := range cols {
				want := float32(0)
				if j >= r0 && j < r1 {
					want = src[j*cols+k]
				}
				if dst[k*rows+j] != want {
					t.Fatalf("%d×%d rows %d to %d: dst[%d][%d] = %g, want %g", rows, cols, r0, r1, k, j, dst[k*rows+j], want)
				}
			}
		}
	}
}

// BenchmarkTranspose: the copies of Wᵀ into W that each mini-batch step
// makes for the hidden layers of 784-300-100-10.
func BenchmarkTranspose(b *testing.B) {
	for _, shape := range [][2]int{{300, 100}, {784, 300}} {
		rows, cols := shape[0], shape[1]
		src, dst := make([]float32, rows*cols), make([]float32, rows*cols)
		b.Run(fmt.Sprintf("%dx%d", rows, cols), func(b *testing.B) {
			for b.Loop() {
				transposeInto(dst, src, rows, cols)
			}
			b.ReportMetric(float64(rows*cols)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gfloats/s")
		})
	}
}
