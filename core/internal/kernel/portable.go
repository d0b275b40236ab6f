package kernel

// SpAxpyGo is the portable version of SpAxpy, used on CPUs without
// AVX-512 (and where DIGITS_KERNEL=go), and the reference the assembly
// and the WebAssembly modules are tested against.
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
		axpy4(v0, v1, v2, v3, w0, w1, w2, w3, y)
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

// axpy4 computes y[j] += v0·w0[j] + v1·w1[j] + v2·w2[j] + v3·w3[j] for
// j < len(y), the four terms added one at a time in this order: four rows
// of SpAxpyGo and of GemmGo. Every w must be at least as long as y.
func axpy4(v0, v1, v2, v3 float32, w0, w1, w2, w3, y []float32) {
	n := len(y)
	w0, w1, w2, w3 = w0[:n:n], w1[:n:n], w2[:n:n], w3[:n:n]
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

// ScatterAxpyGo is the portable version of ScatterAxpy.
func ScatterAxpyGo(y []float32, stride int, idx []int32, val []float32, x []float32) {
	n := len(x)
	val = val[:len(idx)]
	for t, k := range idx {
		axpy8(val[t], x, y[int(k)*stride:][:n])
	}
}
