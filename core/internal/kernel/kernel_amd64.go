package kernel

import "os"

// hasFast is true when the CPU has AVX-512 Foundation (and POPCNT, which
// every such CPU has) and the operating system saves the 512-bit
// registers on context switches.
var hasFast = detectAVX512()

// useFast selects the assembly. DIGITS_KERNEL=go in the environment turns
// it off, to measure the portable kernels on the same machine; the results
// are the same bits either way.
var useFast = hasFast && os.Getenv("DIGITS_KERNEL") != "go"

const fastName = "avx512"

// The assembly is in kernel_amd64.s, declared in stubs_amd64.go.

func axpyFast(a float32, x, y []float32) {
	spAxpyAVX512(y, x, 0, zeroIdx[:], []float32{a})
}

var zeroIdx = [1]int32{0}

func spAxpyFast(y, w []float32, stride int, idx []int32, val []float32) {
	spAxpyAVX512(y, w, stride, idx, val)
}

// hasStep: SpStep has assembly here.
const hasStep = true

func spStepFast(y []float32, a float32, w []float32, stride int, idx []int32, val []float32) {
	spStepAVX512(y, a, w, stride, idx, val)
}

func scatterAxpyFast(y []float32, stride int, idx []int32, val []float32, x []float32) {
	scatterAxpyAVX512(y, stride, idx, val, x)
}

func nonZerosFast(idx []int32, val, v []float32, off []int32, base int32) int {
	return nonZerosAVX512(idx, val, v, off, base)
}

// pixelNonZerosFast runs the assembly on the whole groups of 16 pixels
// and the Go loop on the rest (none for MNIST's 784 = 49·16).
func pixelNonZerosFast(idx []int32, val []float32, img []byte) int {
	whole := len(img) &^ 15
	c := pixelNonZerosAVX512(idx, val, img[:whole])
	return pixelNonZerosFrom(idx, val, img, whole, c)
}

// AddPatches has no assembly: its patches overlap (a convolution's
// neighbouring windows), so a vector store is followed by a load of a
// partly overlapping vector, which the CPU cannot forward and must wait
// for; the Go loop, one float at a time, is three times faster here.
func addPatchesFast(y []float32, base, off []int32, n int, x []float32) {
	AddPatchesGo(y, base, off, n, x)
}

func maxPool2Fast(z []float32, arg []int32, a []float32, planes, h, w int, relu bool) {
	MaxPool2Go(z, arg, a, planes, h, w, relu)
}

func gatherPatchesFast(dst, src []float32, base, off []int32, n int) {
	gatherPatchesAVX512(dst, src, base, off, n)
}

// cpuid and xgetbv are two instructions in cpu_amd64.s (internal/cpu of
// the standard library does the same, but cannot be imported).
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

func detectAVX512() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, popcnt = 1 << 27, 1 << 23 // nonZerosAVX512 counts lanes with POPCNT
	if ecx1&osxsave == 0 || ecx1&popcnt == 0 {
		return false
	}
	// XCR0 bits 1, 2 (SSE, AVX state) and 5, 6, 7 (opmask, upper halves
	// of ZMM0-15, ZMM16-31) must all be enabled by the OS.
	xcr0, _ := xgetbv()
	if xcr0&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx512f = 1 << 16
	return ebx7&avx512f != 0
}

func reluFast(z []float32) { reluAVX512(z) }

func maskPositiveFast(da, a []float32) { maskPositiveAVX512(da, a) }

// Columns has no assembly: its stores go to scattered places, which
// vectors do not help, and natively Go's loop is as fast as the memory.
func columnsFast(count, rows []int32, vals []float32, stride int, i int32, idx []int32, val []float32) {
	ColumnsGo(count, rows, vals, stride, i, idx, val)
}
