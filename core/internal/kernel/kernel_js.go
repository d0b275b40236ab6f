//go:build js

package kernel

import (
	"os"
	"unsafe"
)

// In WebAssembly the kernels are a small module of their own, written in
// WebAssembly text (wasm/simd128.wat, and wasm/scalar.wat for browsers
// without SIMD128), since Go's WebAssembly backend emits scalar code only.
// The host instantiates it with Go's memory and supplies its functions as
// the imports below (web/src/kernel.js): a pointer is a byte offset into
// that memory, a length or stride a count of floats. Every call crosses
// JavaScript (tens of nanoseconds), so the kernels take whole lists of
// rows, never one row.

//go:wasmimport kernel kind
func wasmKind() int32

//go:wasmimport kernel axpy
//go:noescape
func wasmAxpy(a float32, x, y unsafe.Pointer, n int32)

//go:wasmimport kernel spaxpy
//go:noescape
func wasmSpAxpy(y unsafe.Pointer, n int32, w unsafe.Pointer, stride int32, idx unsafe.Pointer, cnt int32, val unsafe.Pointer)

//go:wasmimport kernel scatteraxpy
//go:noescape
func wasmScatterAxpy(y unsafe.Pointer, stride int32, idx unsafe.Pointer, cnt int32, val unsafe.Pointer, x unsafe.Pointer, n int32)

// hasFast is true: every host supplies the module (a missing import fails
// when the program is instantiated, before any Go runs).
const hasFast = true

// fastName is the module's name, asked of the module itself: the host
// picks SIMD128 when the browser has it.
var fastName = func() string {
	if wasmKind() == 1 {
		return "wasm-simd128"
	}
	return "wasm-scalar"
}()

var useFast = os.Getenv("DIGITS_KERNEL") != "go"

func axpyFast(a float32, x, y []float32) {
	wasmAxpy(a, unsafe.Pointer(&x[0]), unsafe.Pointer(&y[0]), int32(len(x)))
}

func spAxpyFast(y, w []float32, stride int, idx []int32, val []float32) {
	wasmSpAxpy(unsafe.Pointer(&y[0]), int32(len(y)), unsafe.Pointer(&w[0]), int32(stride),
		unsafe.Pointer(&idx[0]), int32(len(idx)), unsafe.Pointer(&val[0]))
}

func scatterAxpyFast(y []float32, stride int, idx []int32, val []float32, x []float32) {
	wasmScatterAxpy(unsafe.Pointer(&y[0]), int32(stride), unsafe.Pointer(&idx[0]), int32(len(idx)),
		unsafe.Pointer(&val[0]), unsafe.Pointer(&x[0]), int32(len(x)))
}

//go:wasmimport kernel gemm
//go:noescape
func wasmGemm(m, n, k int32, a unsafe.Pointer, ars, acs int32, b unsafe.Pointer, ldb int32, c unsafe.Pointer, ldc int32)

func gemmFast(m, n, k int, a []float32, ars, acs int, b []float32, ldb int, c []float32, ldc int) {
	wasmGemm(int32(m), int32(n), int32(k), unsafe.Pointer(&a[0]), int32(ars), int32(acs),
		unsafe.Pointer(&b[0]), int32(ldb), unsafe.Pointer(&c[0]), int32(ldc))
}

//go:wasmimport kernel nonzeros
//go:noescape
func wasmNonZeros(idx, val, v unsafe.Pointer, n int32, off unsafe.Pointer, base int32) int32

func nonZerosFast(idx []int32, val, v []float32, off []int32, base int32) int {
	return int(wasmNonZeros(unsafe.Pointer(&idx[0]), unsafe.Pointer(&val[0]), unsafe.Pointer(&v[0]), int32(len(v)),
		unsafe.Pointer(&off[0]), base))
}

//go:wasmimport kernel addpatches
//go:noescape
func wasmAddPatches(y, base unsafe.Pointer, cnt int32, off unsafe.Pointer, rows, n int32, x unsafe.Pointer)

func addPatchesFast(y []float32, base, off []int32, n int, x []float32) {
	wasmAddPatches(unsafe.Pointer(&y[0]), unsafe.Pointer(&base[0]), int32(len(base)), unsafe.Pointer(&off[0]),
		int32(len(off)), int32(n), unsafe.Pointer(&x[0]))
}

//go:wasmimport kernel maxpool2
//go:noescape
func wasmMaxPool2(z, arg, a unsafe.Pointer, planes, h, w, relu int32)

func maxPool2Fast(z []float32, arg []int32, a []float32, planes, h, w int, relu bool) {
	var r int32
	if relu {
		r = 1
	}
	wasmMaxPool2(unsafe.Pointer(&z[0]), unsafe.Pointer(&arg[0]), unsafe.Pointer(&a[0]), int32(planes), int32(h), int32(w), r)
}

//go:wasmimport kernel gatherpatches
//go:noescape
func wasmGatherPatches(dst, src, base unsafe.Pointer, cnt int32, off unsafe.Pointer, rows, n int32)

func gatherPatchesFast(dst, src []float32, base, off []int32, n int) {
	wasmGatherPatches(unsafe.Pointer(&dst[0]), unsafe.Pointer(&src[0]), unsafe.Pointer(&base[0]), int32(len(base)),
		unsafe.Pointer(&off[0]), int32(len(off)), int32(n))
}

//go:wasmimport kernel pixelnonzeros
//go:noescape
func wasmPixelNonZeros(idx, val, img unsafe.Pointer, n int32) int32

func pixelNonZerosFast(idx []int32, val []float32, img []byte) int {
	return int(wasmPixelNonZeros(unsafe.Pointer(&idx[0]), unsafe.Pointer(&val[0]), unsafe.Pointer(&img[0]),
		int32(len(img))))
}

// hasStep: the module has spstep, SpAxpy into a strip that starts at +0,
// then y += a·strip.
const hasStep = true

//go:wasmimport kernel spstep
//go:noescape
func wasmSpStep(y unsafe.Pointer, a float32, n int32, w unsafe.Pointer, stride int32, idx unsafe.Pointer, cnt int32, val unsafe.Pointer)

func spStepFast(y []float32, a float32, w []float32, stride int, idx []int32, val []float32) {
	wasmSpStep(unsafe.Pointer(&y[0]), a, int32(len(y)), unsafe.Pointer(&w[0]), int32(stride),
		unsafe.Pointer(&idx[0]), int32(len(idx)), unsafe.Pointer(&val[0]))
}

//go:wasmimport kernel relu
//go:noescape
func wasmRelu(z unsafe.Pointer, n int32)

func reluFast(z []float32) { wasmRelu(unsafe.Pointer(&z[0]), int32(len(z))) }

//go:wasmimport kernel maskpositive
//go:noescape
func wasmMaskPositive(da, a unsafe.Pointer, n int32)

func maskPositiveFast(da, a []float32) {
	wasmMaskPositive(unsafe.Pointer(&da[0]), unsafe.Pointer(&a[0]), int32(len(da)))
}

//go:wasmimport kernel columns
//go:noescape
func wasmColumns(count, rows, vals unsafe.Pointer, stride, i int32, idx unsafe.Pointer, cnt int32, val unsafe.Pointer)

// columnsFast runs Columns in the module: Go's WebAssembly code spent about
// 5% of a training step on this loop.
func columnsFast(count, rows []int32, vals []float32, stride int, i int32, idx []int32, val []float32) {
	wasmColumns(unsafe.Pointer(&count[0]), unsafe.Pointer(&rows[0]), unsafe.Pointer(&vals[0]), int32(stride), i,
		unsafe.Pointer(&idx[0]), int32(len(idx)), unsafe.Pointer(&val[0]))
}
