package core

import (
	"math"

	"digits/core/internal/kernel"
)

// gemm adds a matrix product to C:
//
//	C[i·ldc + j] += Σ_{t<k} A[i·ars + t·acs] · B[t·ldb + j]   for i < m, j < n,
//
// every element of C its own running sum, its terms added in increasing t,
// each a rounded float32 product then a rounded float32 addition. A is
// addressed by a row stride ars and a column stride acs (a transposed
// matrix needs no copy), B and C are row-major with row strides ldb and
// ldc. Each row of C is a weighted sum of rows of B, which is what
// kernel.SpAxpy computes, over the non-zero entries of A's row: a zero
// term changes no sum here (sums start at a bias or at +0, never become
// -0, and the weights are finite).
func gemm(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	const chunk = 64
	var idx [chunk]int32
	var val [chunk]float32
	for i := range m {
		ci := c[i*ldc : i*ldc+n]
		for t0 := 0; t0 < k; t0 += chunk {
			cnt := 0
			for t := t0; t < min(t0+chunk, k); t++ {
				v := a[i*ars+t*acs]
				idx[cnt], val[cnt] = int32(t), v // always written, kept only if v ≠ 0
				cnt += notZero(math.Float32bits(v))
			}
			kernel.SpAxpy(ci, b, ldb, idx[:cnt], val[:cnt])
		}
	}
}
