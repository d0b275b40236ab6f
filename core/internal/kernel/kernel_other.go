//go:build !amd64 && !js

package kernel

// On other machines only the portable Go versions run.

const hasFast = false

var useFast = false

const fastName = "go"

func axpyFast(a float32, x, y []float32) { panic("unreachable: no fast kernels on this machine") }

func spAxpyFast(y, w []float32, stride int, idx []int32, val []float32) {
	panic("unreachable: no fast kernels on this machine")
}

func scatterAxpyFast(y []float32, stride int, idx []int32, val []float32, x []float32) {
	panic("unreachable: no fast kernels on this machine")
}

func gemmFast(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	panic("unreachable: no fast kernels on this machine")
}

func nonZerosFast(idx []int32, val, v []float32, off []int32, base int32) int {
	panic("unreachable: no fast kernels on this machine")
}

func addPatchesFast(y []float32, base, off []int32, n int, x []float32) {
	panic("unreachable: no fast kernels on this machine")
}

func maxPool2Fast(z []float32, arg []int32, a []float32, planes, h, w int, relu bool) {
	panic("unreachable: no fast kernels on this machine")
}

func gatherPatchesFast(dst, src []float32, base, off []int32, n int) {
	panic("unreachable: no fast kernels on this machine")
}

func pixelNonZerosFast(idx []int32, val []float32, img []byte) int {
	panic("unreachable: no fast kernels on this machine")
}

const hasStep = false

func spStepFast(y []float32, a float32, w []float32, stride int, idx []int32, val []float32) {
	panic("unreachable: no fast kernels on this machine")
}

func reluFast(z []float32) { panic("unreachable: no fast kernels on this machine") }

func maskPositiveFast(da, a []float32) { panic("unreachable: no fast kernels on this machine") }

func columnsFast(count, rows []int32, vals []float32, stride int, i int32, idx []int32, val []float32) {
	panic("unreachable: no fast kernels on this machine")
}
