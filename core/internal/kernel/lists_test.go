package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

func nonZerosPlain(idx []int32, val, v []float32, off []int32, base int32) int {
	c := 0
	for q, a := range v {
		if a != 0 {
			idx[c], val[c] = base+off[q], a
			c++
		}
	}
	return c
}

func addPatchesPlain(y []float32, base, off []int32, n int, x []float32) {
	for p, b := range base {
		for r, o := range off {
			for j := range n {
				y[int(b)+int(o)+j] += x[(p*len(off)+r)*n+j]
			}
		}
	}
}

// sparseFloats returns n floats of which about one in every `every` is
// not zero (the others +0 or -0), as in a gradient after max pooling.
func sparseFloats(rng *rand.Rand, n, every int) []float32 {
	v := randomFloats(rng, n)
	for j := range v {
		if rng.IntN(every) != 0 {
			v[j] = float32(math.Copysign(0, float64(rng.IntN(2)*2-1)))
		}
	}
	return v
}

// checkNonZeros runs NonZeros on n values against its definition.
func checkNonZeros(t *testing.T, rng *rand.Rand, n, every int) {
	t.Helper()
	v := shifted(sparseFloats(rng, n, every), rng.IntN(4))
	off := make([]int32, n)
	for q := range off {
		off[q] = int32(rng.IntN(1000))
	}
	base := int32(rng.IntN(100))
	// Room for exactly n entries, then sentinels that must stay.
	const sentinel = -7
	idxRoom, valRoom := make([]int32, n+20), make([]float32, n+20)
	for k := n; k < n+20; k++ {
		idxRoom[k], valRoom[k] = sentinel, sentinel
	}
	idx, val := idxRoom[:n:n], valRoom[:n:n]
	wantIdx, wantVal := make([]int32, n), make([]float32, n)
	c := NonZeros(idx, val, v, off, base)
	want := nonZerosPlain(wantIdx, wantVal, v, off, base)
	for k := n; k < n+20; k++ {
		if idxRoom[k] != sentinel || valRoom[k] != sentinel {
			t.Fatalf("NonZeros of %d values wrote past the end of idx or val (entry %d)", n, k)
		}
	}
	if c != want {
		t.Fatalf("NonZeros of %d values: %d entries, want %d", n, c, want)
	}
	for k := range c {
		if idx[k] != wantIdx[k] {
			t.Fatalf("NonZeros of %d values: idx[%d] = %d, want %d", n, k, idx[k], wantIdx[k])
		}
	}
	sameBits(t, "NonZeros", val[:c], wantVal[:c])
}

// checkAddPatches runs AddPatches with count patches of rows rows of n
// floats at random places (overlapping) against its definition.
func checkAddPatches(t *testing.T, rng *rand.Rand, count, rows, n int) {
	t.Helper()
	base, off := make([]int32, count), make([]int32, rows)
	for p := range base {
		base[p] = int32(rng.IntN(40))
	}
	for r := range off {
		off[r] = int32(rng.IntN(60))
	}
	x := shifted(randomFloats(rng, count*rows*n), rng.IntN(4))
	y := shifted(randomFloats(rng, 100+n), rng.IntN(4))
	want := append([]float32(nil), y...)
	AddPatches(y, base, off, n, x)
	addPatchesPlain(want, base, off, n, x)
	sameBits(t, "AddPatches", y, want)
}

// checkGatherPatches runs GatherPatches like checkAddPatches.
func checkGatherPatches(t *testing.T, rng *rand.Rand, count, rows, n int) {
	t.Helper()
	base, off := make([]int32, count), make([]int32, rows)
	for p := range base {
		base[p] = int32(rng.IntN(40))
	}
	for r := range off {
		off[r] = int32(rng.IntN(60))
	}
	src := shifted(randomFloats(rng, 100+n), rng.IntN(4))
	dst := shifted(randomFloats(rng, count*rows*n+3), rng.IntN(4))
	want := append([]float32(nil), dst...)
	for p, b := range base {
		for r, o := range off {
			for j := range n {
				want[(p*rows+r)*n+j] = src[int(b)+int(o)+j]
			}
		}
	}
	GatherPatches(dst, src, base, off, n)
	sameBits(t, "GatherPatches", dst, want)
}

// TestNonZeros checks NonZeros for every length around the vector width,
// dense and sparse, with zeros of both signs.
func TestNonZeros(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for n := 0; n <= 70; n++ {
			for _, every := range []int{1, 2, 8, 1000} {
				checkNonZeros(t, rng, n, every)
			}
		}
	})
}

// checkPixelNonZeros runs PixelNonZeros on an image of n pixels, about one
// in every `every` not blank, starting at a random byte (any alignment),
// against its definition: float32(p) / 255 computed here, not looked up.
func checkPixelNonZeros(t *testing.T, rng *rand.Rand, n, every int) {
	t.Helper()
	start := rng.IntN(16)
	img := make([]byte, start+n)[start:]
	for k := range img {
		if rng.IntN(every) == 0 {
			img[k] = byte(1 + rng.IntN(255))
		}
	}
	const sentinel = -7
	idxRoom, valRoom := make([]int32, n+20), make([]float32, n+20)
	for k := range idxRoom {
		idxRoom[k], valRoom[k] = sentinel, sentinel
	}
	idx, val := idxRoom[:n:n], valRoom[:n:n]
	c := PixelNonZeros(idx, val, img)
	var wantIdx []int32
	var wantVal []float32
	for k, p := range img {
		if p != 0 {
			wantIdx = append(wantIdx, int32(k))
			wantVal = append(wantVal, float32(p)/255)
		}
	}
	for k := n; k < n+20; k++ {
		if idxRoom[k] != sentinel || valRoom[k] != sentinel {
			t.Fatalf("PixelNonZeros of %d pixels wrote past the end of idx or val (entry %d)", n, k)
		}
	}
	if c != len(wantIdx) {
		t.Fatalf("PixelNonZeros of %d pixels: %d entries, want %d", n, c, len(wantIdx))
	}
	for k := range c {
		if idx[k] != wantIdx[k] {
			t.Fatalf("PixelNonZeros of %d pixels: idx[%d] = %d, want %d", n, k, idx[k], wantIdx[k])
		}
	}
	sameBits(t, "PixelNonZeros", val[:c], wantVal)
}

// TestPixelNonZeros checks PixelNonZeros on lengths around the vector
// width, blank and full images, and every byte value.
func TestPixelNonZeros(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		for n := 0; n <= 70; n++ {
			for _, every := range []int{1, 2, 8, 1000} {
				checkPixelNonZeros(t, rng, n, every)
			}
		}
		checkPixelNonZeros(t, rng, 784, 5)
		all := make([]byte, 256) // every value, each at its own index
		for p := range all {
			all[p] = byte(p)
		}
		idx, val := make([]int32, 256), make([]float32, 256)
		if c := PixelNonZeros(idx, val, all); c != 255 {
			t.Fatalf("PixelNonZeros of the bytes 0..255: %d entries, want 255", c)
		}
		for k := range 255 {
			if p := k + 1; idx[k] != int32(p) || val[k] != float32(p)/255 {
				t.Fatalf("PixelNonZeros: entry %d = (%d, %g), want (%d, %g)", k, idx[k], val[k], p, float32(p)/255)
			}
		}
	})
}

// TestAddPatches checks AddPatches and GatherPatches for rows around the vector width and
// overlapping patches.
func TestAddPatches(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for n := 0; n <= 20; n++ {
			for _, count := range []int{0, 1, 2, 5} {
				for _, rows := range []int{1, 3, 7} {
					checkAddPatches(t, rng, count, rows, n)
					checkGatherPatches(t, rng, count, rows, n)
				}
			}
		}
	})
}

// TestListsRefuseShortSlices checks that the kernels that trust their
// arguments in their faster versions refuse, in Go, slices too short.
func TestListsRefuseShortSlices(t *testing.T) {
	mustPanic := func(what string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", what)
			}
		}()
		f()
	}
	v := []float32{1, 0, 2}
	mustPanic("NonZeros with a short idx", func() { NonZeros(make([]int32, 2), make([]float32, 3), v, make([]int32, 3), 0) })
	mustPanic("NonZeros with short offsets", func() { NonZeros(make([]int32, 3), make([]float32, 3), v, make([]int32, 2), 0) })
	y := make([]float32, 10)
	mustPanic("AddPatches past y's end", func() { AddPatches(y, []int32{0, 6}, []int32{0, 2}, 3, make([]float32, 12)) })
	mustPanic("AddPatches with a short x", func() { AddPatches(y, []int32{0}, []int32{0, 2}, 3, make([]float32, 5)) })
	mustPanic("AddPatches at a negative place", func() { AddPatches(y, []int32{-1}, []int32{0}, 3, make([]float32, 3)) })
	mustPanic("GatherPatches into a short dst", func() { GatherPatches(make([]float32, 5), y, []int32{0}, []int32{0, 2}, 3) })
	mustPanic("MaxPool2 from a short input", func() { MaxPool2(y, make([]int32, 10), y, 1, 4, 4, false) })
	mustPanic("MaxPool2 into a short arg", func() { MaxPool2(y, make([]int32, 1), make([]float32, 16), 1, 4, 4, true) })
}

// checkColumns builds the column view of m samples, each with a random
// increasing list of pixels below width, with Columns, and compares it,
// bit for bit, with the definition; the slots after each column's end
// must keep their sentinels.
func checkColumns(t *testing.T, rng *rand.Rand, m, width, every int) {
	t.Helper()
	stride := m + 1 // room for every sample, and one slot that must stay untouched
	const sentinel = -7
	count, rows, vals := make([]int32, width), make([]int32, width*stride), make([]float32, width*stride)
	wantCount, wantRows, wantVals := make([]int32, width), make([]int32, width*stride), make([]float32, width*stride)
	for p := range rows {
		rows[p], vals[p], wantRows[p], wantVals[p] = sentinel, sentinel, sentinel, sentinel
	}
	for i := range m {
		var idx []int32
		var val []float32
		for k := range width {
			if rng.IntN(every) == 0 {
				idx = append(idx, int32(k))
				val = append(val, float32(rng.NormFloat64()))
			}
		}
		Columns(count, rows, vals, stride, int32(i), idx, val)
		for t, k := range idx { // the definition, one entry at a time
			p := int(k)*stride + int(wantCount[k])
			wantRows[p], wantVals[p] = int32(i), val[t]
			wantCount[k]++
		}
	}
	for k := range width {
		if count[k] != wantCount[k] {
			t.Fatalf("Columns (m %d, width %d): count[%d] = %d, want %d", m, width, k, count[k], wantCount[k])
		}
	}
	for p := range rows {
		if rows[p] != wantRows[p] || math.Float32bits(vals[p]) != math.Float32bits(wantVals[p]) {
			t.Fatalf("Columns (m %d, width %d): slot %d (column %d) = (%d, %g), want (%d, %g)",
				m, width, p, p/stride, rows[p], vals[p], wantRows[p], wantVals[p])
		}
	}
}

// TestColumns checks Columns on blocks of up to 70 samples, from no
// pixels to all of them, and on MNIST's width.
func TestColumns(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, 16))
		for m := 0; m <= 70; m += 7 {
			for _, every := range []int{1, 2, 5, 1000} {
				checkColumns(t, rng, m, 40, every)
			}
		}
		checkColumns(t, rng, 64, 784, 5)
	})
}
