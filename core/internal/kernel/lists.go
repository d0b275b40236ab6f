package kernel

import (
	"encoding/binary"
	"fmt"
	"math"
)

// NonZeros lists the non-zero entries of v for the sparse kernels:
//
//	for q < len(v) with v[q] ≠ ±0, in order:   idx[c] = base + off[q],   val[c] = v[q],   c++
//
// and returns their number c. off says where entry q's row is (a
// convolution's window offsets, say), base is added to each. The values
// are copied bit for bit. The entries of idx and val from c up to
// len(v) may be overwritten. The caller guarantees len(idx), len(val) and
// len(off) ≥ len(v); NonZeros panics if not, a bug in the caller.
//
// It is the list that SpAxpy and ScatterAxpy take, built in the kernel
// because Go's WebAssembly backend makes this loop (a load, two stores
// and a count per entry) several times slower than the module does.
func NonZeros(idx []int32, val, v []float32, off []int32, base int32) int {
	if len(idx) < len(v) || len(val) < len(v) || len(off) < len(v) {
		panic(fmt.Sprintf("kernel.NonZeros: %d values but room for %d indices and %d values, %d offsets",
			len(v), len(idx), len(val), len(off)))
	}
	if len(v) == 0 {
		return 0
	}
	if useFast {
		return nonZerosFast(idx, val, v, off, base)
	}
	return NonZerosGo(idx, val, v, off, base)
}

// NonZerosGo is the portable version of NonZeros. Every entry is written
// and the count grows only past the non-zero ones: no branch for the
// data to mispredict.
func NonZerosGo(idx []int32, val, v []float32, off []int32, base int32) int {
	n := len(v)
	idx, val, off = idx[:n:n], val[:n:n], off[:n:n]
	c := 0
	for q, a := range v {
		idx[c], val[c] = base+off[q], a
		b := math.Float32bits(a) << 1 // ±0 → 0
		c += int((b | -b) >> 31)
	}
	return c
}

// PixelNonZeros lists the pixels of an image that are not blank, with
// their values as network inputs:
//
//	for k < len(img) with img[k] ≠ 0, in order:   idx[c] = k,   val[c] = float32(img[k]) / 255,   c++
//
// and returns their number c: the list SpAxpy takes for a network's first
// layer. The entries of idx and val from c up to len(img) may be
// overwritten. The caller guarantees len(idx), len(val) ≥ len(img);
// PixelNonZeros panics if not, a bug in the caller.
func PixelNonZeros(idx []int32, val []float32, img []byte) int {
	if len(idx) < len(img) || len(val) < len(img) {
		panic(fmt.Sprintf("kernel.PixelNonZeros: %d pixels but room for %d indices and %d values",
			len(img), len(idx), len(val)))
	}
	if len(img) == 0 {
		return 0
	}
	if useFast {
		return pixelNonZerosFast(idx, val, img)
	}
	return PixelNonZerosGo(idx, val, img)
}

// PixelNonZerosGo is the portable version of PixelNonZeros.
func PixelNonZerosGo(idx []int32, val []float32, img []byte) int {
	return pixelNonZerosFrom(idx, val, img, 0, 0)
}

// pixelNonZerosFrom is PixelNonZerosGo for the pixels from k on, c of them
// already listed. Eight blank pixels at a time are skipped with one 64-bit
// comparison; otherwise every pixel is written and the count grows only
// past the non-zero ones, without a branch for the data to mispredict.
func pixelNonZerosFrom(idx []int32, val []float32, img []byte, k, c int) int {
	n := len(img)
	idx, val = idx[:n:n], val[:n:n]
	for ; k+8 <= n; k += 8 {
		if binary.LittleEndian.Uint64(img[k:]) == 0 {
			continue
		}
		for j, p := range img[k : k+8] {
			idx[c], val[c] = int32(k+j), pixelValue[p]
			c += int((uint32(p) + 255) >> 8) // 1 if p > 0
		}
	}
	for ; k < n; k++ {
		p := img[k]
		idx[c], val[c] = int32(k), pixelValue[p]
		c += int((uint32(p) + 255) >> 8)
	}
	return c
}

// pixelValue[p] = float32(p) / 255, looked up: a division per pixel was a
// quarter of the time of a small network.
var pixelValue = func() (v [256]float32) {
	for p := range v {
		v[p] = float32(p) / 255
	}
	return v
}()

// AddPatches adds patches of x to y, one patch at each place in base:
//
//	y[base[p] + off[r] + j] += x[(p·len(off) + r)·n + j]   for j < n, r < len(off), p < len(base)
//
// in the order of p: patches may overlap, and each element of y gets its
// terms in the order of p, one rounded float32 addition each. Patch p is
// len(off) rows of n floats, row r landing at off[r] from base[p]. In a
// convolution's backward pass it adds each output position's error E
// (C·K rows of K) into the padded dA, the columns of its K×K windows
// (col2im). The caller guarantees len(x) ≥ len(base)·len(off)·n;
// AddPatches panics if any element it would touch is outside y or x.
func AddPatches(y []float32, base, off []int32, n int, x []float32) {
	if n <= 0 || len(base) == 0 || len(off) == 0 {
		return
	}
	checkPatches(y, base, off, n, x)
	if useFast {
		addPatchesFast(y, base, off, n, x)
		return
	}
	AddPatchesGo(y, base, off, n, x)
}

// checkPatches panics unless every element AddPatches (or GatherPatches,
// x its dst) touches is inside its slice: the faster versions trust their
// arguments.
func checkPatches(y []float32, base, off []int32, n int, x []float32) {
	lo, hi := base[0], base[0]
	for _, b := range base {
		lo, hi = min(lo, b), max(hi, b)
	}
	olo, ohi := off[0], off[0]
	for _, o := range off {
		olo, ohi = min(olo, o), max(ohi, o)
	}
	switch {
	case lo < 0 || olo < 0:
		panic(fmt.Sprintf("kernel.AddPatches: negative place (base %d, offset %d)", lo, olo))
	case int(hi)+int(ohi)+n > len(y):
		panic(fmt.Sprintf("kernel.AddPatches: y has %d elements, a row reaches %d", len(y), int(hi)+int(ohi)+n))
	case len(base)*len(off)*n > len(x):
		panic(fmt.Sprintf("kernel.AddPatches: x has %d elements, %d patches of %d rows of %d need %d",
			len(x), len(base), len(off), n, len(base)*len(off)*n))
	}
}

// AddPatchesGo is the portable version of AddPatches.
func AddPatchesGo(y []float32, base, off []int32, n int, x []float32) {
	for _, b := range base {
		for _, o := range off {
			row := y[int(b)+int(o):][:n:n]
			for j, e := range x[:n:n] {
				row[j] += e
			}
			x = x[n:]
		}
	}
}

// GatherPatches is AddPatches the other way round: it copies patches of
// src into dst, one patch from each place in base,
//
//	dst[(p·len(off) + r)·n + j] = src[base[p] + off[r] + j]   for j < n, r < len(off), p < len(base),
//
// bit for bit. With a convolution's taps as base and its output rows as
// off, dst is the matrix of its shifted inputs (im2col), one row per
// weight of a filter: the convolution is then a matrix product (Gemm).
// GatherPatches panics if any element it would touch is outside src or
// dst.
func GatherPatches(dst, src []float32, base, off []int32, n int) {
	if n <= 0 || len(base) == 0 || len(off) == 0 {
		return
	}
	checkPatches(src, base, off, n, dst)
	if useFast {
		gatherPatchesFast(dst, src, base, off, n)
		return
	}
	GatherPatchesGo(dst, src, base, off, n)
}

// GatherPatchesGo is the portable version of GatherPatches.
func GatherPatchesGo(dst, src []float32, base, off []int32, n int) {
	for _, b := range base {
		for _, o := range off {
			copy(dst[:n], src[int(b)+int(o):][:n])
			dst = dst[n:]
		}
	}
}

// Columns appends sample i's non-zero pixels (idx, in increasing order,
// and their values val) to the columns of a column view: for each t in
// order, with k = idx[t] and p = k·stride + count[k],
//
//	rows[p] = i,   vals[p] = val[t],   count[k] += 1.
//
// Called for the samples of a block one after the other, it lists under
// each pixel k the samples that have it, in increasing order, with their
// values: the transpose of the samples' pixel lists, which the first
// layer's gradient sums over (see core's columns). It is a copy, so every
// version gives the same bits. The caller guarantees that every k indexes
// count, that column k has room (count[k] < stride), and that rows and
// vals hold (k+1)·stride elements for the largest k.
func Columns(count, rows []int32, vals []float32, stride int, i int32, idx []int32, val []float32) {
	if len(idx) == 0 {
		return
	}
	val = val[:len(idx)]
	if useFast {
		columnsFast(count, rows, vals, stride, i, idx, val)
		return
	}
	ColumnsGo(count, rows, vals, stride, i, idx, val)
}

// ColumnsGo is the portable version of Columns.
func ColumnsGo(count, rows []int32, vals []float32, stride int, i int32, idx []int32, val []float32) {
	val = val[:len(idx)]
	for t, k := range idx {
		p := int(k)*stride + int(count[k])
		rows[p], vals[p] = i, val[t]
		count[k]++
	}
}
