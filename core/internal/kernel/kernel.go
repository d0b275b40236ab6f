// Package kernel holds the one loop that fast training is made of, in a
// portable Go version and, on amd64 CPUs with AVX-512, in assembly.
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
// hidden activations and of their gradients.
package kernel

// SpAxpy computes y[j] += Σ_t val[t]·w[idx[t]·stride+j] for j < len(y),
// summing in the order of t. The caller guarantees len(val) ≥ len(idx) and
// idx[t]·stride + len(y) ≤ len(w) for every t (the Go version checks it;
// the assembly trusts it).
func SpAxpy(y, w []float32, stride int, idx []int32, val []float32) {
	if len(y) == 0 || len(idx) == 0 {
		return
	}
	if useAVX512 {
		val = val[:len(idx)]
		spAxpyAVX512(y, w, stride, idx, val)
		return
	}
	SpAxpyGo(y, w, stride, idx, val)
}

// SpAxpyGo is the portable version of SpAxpy, used in WebAssembly and on
// CPUs without AVX-512, and as the reference the assembly is tested
// against.
//
// It takes the rows four at a time: each y[j] is loaded once, gets its
// four terms in the order of t, and is stored once, instead of a load and
// a store per term. Go does not vectorise, so this and the unrolling by 4
// along j (fewer loop branches and bounds checks) are what pays: about
// 1.6× faster natively and 1.2× in WebAssembly than one row per pass,
// with the same operations on each element in the same order. Every
// float32(...) forbids fusing a multiply and an add into one FMA, which
// rounds once instead of twice.
func SpAxpyGo(y, w []float32, stride int, idx []int32, val []float32) {
	n := len(y)
	y = y[:n:n]
	val = val[:len(idx)]
	t := 0
	for ; t+4 <= len(idx); t += 4 {
		v0, v1, v2, v3 := val[t], val[t+1], val[t+2], val[t+3]
		w0 := w[int(idx[t])*stride:][:n:n]
		w1 := w[int(idx[t+1])*stride:][:n:n]
		w2 := w[int(idx[t+2])*stride:][:n:n]
		w3 := w[int(idx[t+3])*stride:][:n:n]
		j := 0
		for ; j+4 <= n; j += 4 {
			o := y[j : j+4 : j+4]
			r0, r1 := w0[j:j+4:j+4], w1[j:j+4:j+4]
			r2, r3 := w2[j:j+4:j+4], w3[j:j+4:j+4]
			s0, s1, s2, s3 := o[0], o[1], o[2], o[3]
			s0 += float32(v0 * r0[0])
			s1 += float32(v0 * r0[1])
			s2 += float32(v0 * r0[2])
			s3 += float32(v0 * r0[3])
			s0 += float32(v1 * r1[0])
			s1 += float32(v1 * r1[1])
			s2 += float32(v1 * r1[2])
			s3 += float32(v1 * r1[3])
			s0 += float32(v2 * r2[0])
			s1 += float32(v2 * r2[1])
			s2 += float32(v2 * r2[2])
			s3 += float32(v2 * r2[3])
			s0 += float32(v3 * r3[0])
			s1 += float32(v3 * r3[1])
			s2 += float32(v3 * r3[2])
			s3 += float32(v3 * r3[3])
			o[0], o[1], o[2], o[3] = s0, s1, s2, s3
		}
		for ; j < n; j++ {
			s := y[j]
			s += float32(v0 * w0[j])
			s += float32(v1 * w1[j])
			s += float32(v2 * w2[j])
			s += float32(v3 * w3[j])
			y[j] = s
		}
	}
	// The last rows (fewer than 4; Axpy's single row) one at a time,
	// unrolled by 8.
	for ; t < len(idx); t++ {
		axpy8(val[t], w[int(idx[t])*stride:][:n:n], y)
	}
}

// axpy8 computes y[j] += v·x[j] for j < len(x), unrolled by 8: the one-row
// loop of SpAxpyGo's last rows and of ScatterAxpyGo.
func axpy8(v float32, x, y []float32) {
	n := len(x)
	y = y[:n:n]
	j := 0
	for ; j+8 <= n; j += 8 {
		r := x[j : j+8 : j+8]
		o := y[j : j+8 : j+8]
		o[0] += float32(v * r[0])
		o[1] += float32(v * r[1])
		o[2] += float32(v * r[2])
		o[3] += float32(v * r[3])
		o[4] += float32(v * r[4])
		o[5] += float32(v * r[5])
		o[6] += float32(v * r[6])
		o[7] += float32(v * r[7])
	}
	for ; j < n; j++ {
		y[j] += float32(v * x[j])
	}
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
	if useAVX512 {
		val = val[:len(idx)]
		scatterAxpyAVX512(y, stride, idx, val, x)
		return
	}
	ScatterAxpyGo(y, stride, idx, val, x)
}

// ScatterAxpyGo is the portable version of ScatterAxpy.
func ScatterAxpyGo(y []float32, stride int, idx []int32, val []float32, x []float32) {
	n := len(x)
	val = val[:len(idx)]
	for t, k := range idx {
		axpy8(val[t], x, y[int(k)*stride:][:n])
	}
}

// Axpy computes y[j] += a·x[j] for j < len(x): SpAxpy with one row.
func Axpy(a float32, x, y []float32) {
	if len(x) == 0 {
		return
	}
	SpAxpy(y[:len(x)], x, 0, zeroIdx[:], []float32{a})
}

var zeroIdx = [1]int32{0}

// Accelerated reports whether the assembly version is in use.
func Accelerated() bool { return useAVX512 }

// SetAccelerated turns the assembly off (false) or back on if the CPU has
// it, so that tests and benchmarks can compare both on one machine. It
// returns the previous setting. Not safe to call while kernels run.
func SetAccelerated(on bool) (was bool) {
	was = useAVX512
	useAVX512 = on && hasAVX512
	return was
}
