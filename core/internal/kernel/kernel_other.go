//go:build !amd64

package kernel

const hasAVX512 = false

var useAVX512 = false

func spAxpyAVX512(y, w []float32, stride int, idx []int32, val []float32) {
	panic("unreachable: no AVX-512 on this platform")
}

func scatterAxpyAVX512(y []float32, stride int, idx []int32, val []float32, x []float32) {
	panic("unreachable: no AVX-512 on this platform")
}
