package kernel

import "fmt"

// Gemm adds a matrix product to C:
//
//	C[i·ldc + j] += Σ_{t<k} A[i·ars + t·acs] · B[t·ldb + j]   for i < m, j < n.
//
// Every element of C is its own running sum: its terms are added in
// increasing t, each as a rounded float32 product then a rounded float32
// addition, exactly as the portable Go loop s += float32(a*b) does, never
// a fused multiply-add. A is addressed by a row stride ars and a column
// stride acs, so that a transposed matrix needs no copy: a row-major
// matrix of c columns has (ars, acs) = (c, 1), its transpose (1, c). B and
// C are row-major with row strides ldb and ldc.
//
// In a dense layer of samples × inputs activations A, weights W (out × in,
// row-major) and Wᵀ (in × out), with m samples in the block:
//
//	forward   Z = b + A·Wᵀ   Gemm(m, out, in, A, in, 1, Wᵀ, out, Z, out), Z filled with b first
//	backprop  dA = dZ·W      Gemm(m, in, out, dZ, out, 1, W, in, dA, in), dA zeroed first
//	gradient  dWᵀ += Aᵀ·dZ   Gemm(in, out, m, A, 1, in, dZ, out, dWᵀ, out)
//
// The gradient runs over the samples in their order, block after block,
// the same sum as adding one sample at a time. Because a zero term
// changes no sum here (sums start at +0 or at a bias, never become -0,
// and the weights are finite), these give the bits of SpAxpy and
// ScatterAxpy skipping the zero inputs, and of the reference loops.
//
// C must not overlap A or B, and ldc ≥ n. Gemm panics if a matrix is too
// short for its shape and strides: that is a bug in the caller.
func Gemm(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	if m <= 0 || n <= 0 || k <= 0 {
		return
	}
	checkGemm(m, n, k, a, ars, acs, b, ldb, c, ldc)
	if useFast {
		gemmFast(m, n, k, a, ars, acs, b, ldb, c, ldc)
		return
	}
	GemmGo(m, n, k, a, ars, acs, b, ldb, c, ldc)
}

// checkGemm panics unless every element that Gemm reads or writes is
// inside its slice: the faster versions trust their arguments.
func checkGemm(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	switch {
	case ars < 0 || acs < 0 || ldb < 0:
		panic(fmt.Sprintf("kernel.Gemm: negative stride (ars %d, acs %d, ldb %d)", ars, acs, ldb))
	case ldc < n:
		panic(fmt.Sprintf("kernel.Gemm: ldc %d < n %d: rows of C would overlap", ldc, n))
	case (m-1)*ars+(k-1)*acs >= len(a):
		panic(fmt.Sprintf("kernel.Gemm: A has %d elements, %d×%d with strides (%d, %d) needs %d",
			len(a), m, k, ars, acs, (m-1)*ars+(k-1)*acs+1))
	case (k-1)*ldb+n > len(b):
		panic(fmt.Sprintf("kernel.Gemm: B has %d elements, %d×%d with stride %d needs %d", len(b), k, n, ldb, (k-1)*ldb+n))
	case (m-1)*ldc+n > len(c):
		panic(fmt.Sprintf("kernel.Gemm: C has %d elements, %d×%d with stride %d needs %d", len(c), m, n, ldc, (m-1)*ldc+n))
	}
}

// GemmGo is the portable version of Gemm, the reference the assembly and
// the WebAssembly modules are tested against. Each row of C takes the rows
// of B four at a time, as SpAxpyGo does: C[i][j] is loaded once per four
// terms, which it gets in increasing t.
func GemmGo(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	if n <= 0 || k <= 0 {
		return
	}
	for i := range m {
		ci := c[i*ldc : i*ldc+n : i*ldc+n]
		ai := a[i*ars:]
		t := 0
		for ; t+4 <= k; t += 4 {
			axpy4(ai[t*acs], ai[(t+1)*acs], ai[(t+2)*acs], ai[(t+3)*acs],
				b[t*ldb:], b[(t+1)*ldb:], b[(t+2)*ldb:], b[(t+3)*ldb:], ci)
		}
		for ; t < k; t++ {
			axpy8(ai[t*acs], b[t*ldb:t*ldb+n], ci)
		}
	}
}
