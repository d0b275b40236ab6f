package kernel

// The tile of the assembly's GEMM micro-kernel (asm/gemm.go): up to
// gemmRows rows of C by gemmVectors vectors of 16 floats in registers.
const (
	gemmRows    = 4
	gemmVectors = 4
)

// gemmFast cuts C into strips of 64 columns, and each strip into tiles of
// 4 rows, for gemmTileAVX512. A strip's panel of B (k rows of 64 floats)
// is read by every tile of the strip, so it stays in the CPU's caches
// while the strip's rows of A go by. The tiles at the bottom and the
// right edge are smaller; the last vector of a row takes only the lanes
// inside C (mask).
func gemmFast(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	const strip = 16 * gemmVectors
	for j0 := 0; j0 < n; j0 += strip {
		width := min(strip, n-j0)
		vectors := (width + 15) / 16
		mask := uint16(1<<(width-16*(vectors-1)) - 1) // 1 to 16 lanes: 1<<16 - 1 wraps to 0xffff
		for i0 := 0; i0 < m; i0 += gemmRows {
			gemmTileAVX512(min(gemmRows, m-i0), vectors, k, &a[i0*ars], ars, acs, &b[j0], ldb, &c[i0*ldc+j0], ldc, mask)
		}
	}
}
