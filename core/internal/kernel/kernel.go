// Package kernel holds the loops that fast training is made of, in a
// portable Go version and in faster versions for two machines: AVX-512
// assembly on amd64 CPUs that have it (written by the avo program in
// asm/), and a WebAssembly module of SIMD128 code in the browser and Node
// (wasm/simd128.wat, with wasm/scalar.wat for browsers without SIMD128).
// Name says which runs.
//
// SpAxpy adds a weighted sum of rows of a matrix to a vector:
//
//	y[j] += val[0]·w[idx[0]·stride + j]
//	y[j] += val[1]·w[idx[1]·stride + j]   ... for t = 0, 1, ..., in this order.
//
// Every element y[j] is its own running sum, updated in the order of t, one
// rounded float32 product then one rounded float32 addition at a time. No
// sum is split or reassociated, so the assembly (16 elements at a time, a
// VMULPS then a VADDPS, never a fused multiply-add) and the Go loop compute
// the same bits: training gives the same weights natively and in
// WebAssembly.
//
// With the list idx/val holding only the non-zero entries of a sparse
// vector, SpAxpy is a sparse matrix-vector product. That is why the kernel
// pays: MNIST pixels are about 80% zeros, and ReLU zeroes about half of the
// hidden activations and of their gradients. ScatterAxpy is its transpose,
// Axpy its one-row case, and Gemm (gemm.go) the dense product of a layer,
// register-blocked, with the same bits on every element.
//
// For convolutions (LeNet-5) there are also NonZeros, which makes the
// lists these take, GatherPatches and AddPatches (lists.go), which copy a
// convolution's windows out of its input (im2col) and add errors back
// into them, and MaxPool2 (pool.go): moves, comparisons and single
// additions, which Go's WebAssembly backend makes slow.
package kernel

// SpAxpy computes y[j] += Σ_t val[t]·w[idx[t]·stride+j] for j < len(y),
// summing in the order of t. The caller guarantees len(val) ≥ len(idx) and
// idx[t]·stride + len(y) ≤ len(w) for every t (the Go version checks it;
// the assembly and the WebAssembly module trust it).
func SpAxpy(y, w []float32, stride int, idx []int32, val []float32) {
	if len(y) == 0 || len(idx) == 0 {
		return
	}
	if useFast {
		val = val[:len(idx)]
		spAxpyFast(y, w, stride, idx, val)
		return
	}
	SpAxpyGo(y, w, stride, idx, val)
}

// SpStep adds a times a sparse sum of rows to y,
//
//	y[j] += a·g[j],   g[j] = Σ_t val[t]·w[idx[t]·stride+j]   for j < len(y),
//
// with g summed from +0 in the order of t and rounded to float32 before it
// is scaled: exactly SpAxpy into a cleared g, then Axpy(a, g, y); with
// no rows (len(idx) = 0), y is left as it is. It is
// one row of a gradient step, W -= (learning_rate/m)·Σ dW, taken as soon
// as the row's sum is known. The assembly keeps g in registers; the other
// versions form it in g, which must hold len(y) floats. The caller
// guarantees what SpAxpy asks.
func SpStep(y []float32, a float32, g, w []float32, stride int, idx []int32, val []float32) {
	if len(y) == 0 || len(idx) == 0 {
		return
	}
	if useFast && hasStep {
		spStepFast(y, a, w, stride, idx, val[:len(idx)])
		return
	}
	g = g[:len(y)]
	clear(g)
	SpAxpy(g, w, stride, idx, val)
	Axpy(a, g, y)
}

// ScatterAxpy is the other way round: it adds val[t]·x to row idx[t] of
// y, for t = 0, 1, ... in order:
//
//	y[idx[t]·stride + j] += val[t]·x[j]   for j < len(x).
//
// Every element of y gets the same rounded operations as with SpAxpy, in
// the order of t. The caller guarantees idx[t]·stride + len(x) ≤ len(y).
// It pays when x is short: x stays in registers and no column view of the
// sparse inputs has to be built (fasttrain.go).
func ScatterAxpy(y []float32, stride int, idx []int32, val []float32, x []float32) {
	if len(x) == 0 || len(idx) == 0 {
		return
	}
	if useFast {
		val = val[:len(idx)]
		scatterAxpyFast(y, stride, idx, val, x)
		return
	}
	ScatterAxpyGo(y, stride, idx, val, x)
}

// Axpy computes y[j] += a·x[j] for j < len(x): SpAxpy with one row.
func Axpy(a float32, x, y []float32) {
	if len(x) == 0 {
		return
	}
	y = y[:len(x)]
	if useFast {
		axpyFast(a, x, y)
		return
	}
	axpy8(a, x, y)
}

// Name says which kernels run: "avx512", "wasm-simd128", "wasm-scalar"
// (WebAssembly without SIMD128) or "go" (the portable Go versions).
func Name() string {
	if useFast {
		return fastName
	}
	return "go"
}

// Accelerated reports whether a faster version than the portable Go one
// is in use (assembly, or the WebAssembly module).
func Accelerated() bool { return useFast }

// SetAccelerated turns the faster version off (false) or back on if this
// machine has it, so that tests and benchmarks can compare both on one
// machine. It returns the previous setting. Not safe to call while
// kernels run.
func SetAccelerated(on bool) (was bool) {
	was = useFast
	useFast = on && hasFast
	return was
}
