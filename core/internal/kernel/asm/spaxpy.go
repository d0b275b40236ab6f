package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// tile is a pass over a strip of the vector kept in registers: vectors
// ZMM registers of 16 floats each, repeated while at least that many
// floats are left (loop) or done once.
type tile struct {
	vectors int
	loop    bool
}

// tiles are the strips of 256, 128 and 64 floats; fewer than 64 go to a
// last pass under masks (tail).
var tiles = []tile{{16, true}, {8, true}, {4, false}}

// tailMasks sets K1..K4 to the lanes of vectors 0..3 that lie inside the
// n < 64 floats left (n in DX, n > 0): the bits of (1 << n) - 1, 16 per
// mask. Masked loads never touch memory outside the mask, so nothing past
// the end of a slice is read. Then it jumps to the pass for
// ceil(n/16) vectors, label+"1" .. label+"4". It uses AX and CX and
// clears BX (t).
func tailMasks(label string) {
	MOVQ(RDX, RCX)
	MOVQ(U32(1), RAX)
	SHLQ(CL, RAX)
	DECQ(RAX)
	KMOVW(EAX, K1)
	SHRQ(U8(16), RAX)
	KMOVW(EAX, K2)
	SHRQ(U8(16), RAX)
	KMOVW(EAX, K3)
	SHRQ(U8(16), RAX)
	KMOVW(EAX, K4)
	XORQ(RBX, RBX)
	CMPQ(RDX, U8(16))
	JLE(LabelRef(label + "1"))
	CMPQ(RDX, U8(32))
	JLE(LabelRef(label + "2"))
	CMPQ(RDX, U8(48))
	JLE(LabelRef(label + "3"))
	JMP(LabelRef(label + "4"))
}

// nextRow points AX at row idx[t] of the current strip (base + idx[t] ·
// stride bytes, base the strip's start in the matrix) and broadcasts
// val[t] into Z31. Registers: R9 idx, R10 val, R8 stride in bytes, BX t.
func nextRow(base Register) {
	MOVLQSX(Mem{Base: R9, Index: RBX, Scale: 4}, RAX)
	IMULQ(R8, RAX)
	ADDQ(base, RAX)
	VBROADCASTSS(Mem{Base: R10, Index: RBX, Scale: 4}, Z31)
}

// loopRows closes the loop over t that starts at label.
func loopRows(label string) {
	INCQ(RBX)
	CMPQ(RBX, R11)
	JLT(LabelRef(label))
}

// spAxpy writes
//
//	func spAxpyAVX512(y, w []float32, stride int, idx []int32, val []float32)
//
// y[j] += Σ_t val[t]·w[idx[t]·stride + j]. y is cut into strips (tiles);
// each strip is loaded into registers once, then for t = 0, 1, ... every
// register gets acc = acc + (val[t] · w[idx[t]·stride + j ...]), a VMULPS
// then a VADDPS, and the strip is stored back.
//
// Registers: DI y strip, DX floats of y left, SI w (moved with the
// strip), R8 stride in bytes, R9 idx, R10 val, R11 len(idx), BX t, AX row
// address, Z31 val[t] broadcast, Z28-Z29 products, K1-K4 masks of the
// last pass.
func spAxpy() {
	TEXT("spAxpyAVX512", NOSPLIT, "func(y, w []float32, stride int, idx []int32, val []float32)")
	Pragma("noescape")
	Load(Param("y").Base(), RDI)
	Load(Param("y").Len(), RDX)
	Load(Param("w").Base(), RSI)
	sparseRows(false)
}

// spStep writes
//
//	func spStepAVX512(y []float32, a float32, w []float32, stride int, idx []int32, val []float32)
//
// y[j] += a·g[j] with g[j] = Σ_t val[t]·w[idx[t]·stride + j] summed from
// +0: spAxpy into registers that start at zero instead of y, then one
// VMULPS by a and one VADDPS of y per register, as Axpy would do with g
// stored. Z30 holds a.
func spStep() {
	TEXT("spStepAVX512", NOSPLIT, "func(y []float32, a float32, w []float32, stride int, idx []int32, val []float32)")
	Pragma("noescape")
	Load(Param("y").Base(), RDI)
	Load(Param("y").Len(), RDX)
	Load(Param("w").Base(), RSI)
	a, err := Param("a").Resolve()
	if err != nil {
		panic(err)
	}
	VBROADCASTSS(a.Addr, Z30)
	sparseRows(true)
}

// sparseRows is the body of spAxpy (step false) and spStep (step true),
// from the stride on. For a step, each strip's registers start at +0 and
// end as y + a·acc.
func sparseRows(step bool) {
	Load(Param("stride"), R8)
	SHLQ(U8(2), R8)
	Load(Param("idx").Base(), R9)
	Load(Param("val").Base(), R10)
	Load(Param("idx").Len(), R11)

	products := []VecPhysical{Z28, Z29}
	// term adds val[t]·w[...] to vector q of the strip; masked, the lanes
	// of w outside K(q+1) are not read.
	term := func(q int, masked bool) {
		p := products[q%2]
		src := Mem{Base: RAX, Disp: 64 * q}
		if masked {
			VMOVUPS_Z(src, mask(q), p)
			VMULPS(p, Z31, p)
		} else {
			VMULPS(src, Z31, p)
		}
		VADDPS(p, zmm(q), zmm(q))
	}
	// begin loads vector q of the strip, or zeroes it for a step.
	begin := func(q int, masked bool) {
		switch {
		case step:
			VPXORD(zmm(q), zmm(q), zmm(q))
		case masked:
			VMOVUPS_Z(Mem{Base: RDI, Disp: 64 * q}, mask(q), zmm(q))
		default:
			VMOVUPS(Mem{Base: RDI, Disp: 64 * q}, zmm(q))
		}
	}
	// finish stores vector q of the strip, for a step y + a·acc.
	finish := func(q int, masked bool) {
		dst := Mem{Base: RDI, Disp: 64 * q}
		if step {
			VMULPS(Z30, zmm(q), zmm(q))
			if masked {
				VMOVUPS_Z(dst, mask(q), Z28)
			} else {
				VMOVUPS(dst, Z28)
			}
			VADDPS(zmm(q), Z28, zmm(q))
		}
		if masked {
			VMOVUPS(zmm(q), mask(q), dst)
		} else {
			VMOVUPS(zmm(q), dst)
		}
	}

	for i, tl := range tiles {
		floats := 16 * tl.vectors
		label := fmt.Sprintf("tile%d", floats)
		next := "last"
		if i+1 < len(tiles) {
			next = fmt.Sprintf("tile%d", 16*tiles[i+1].vectors)
		}
		Label(label)
		CMPQ(RDX, U32(floats))
		JLT(LabelRef(next))
		for q := range tl.vectors {
			begin(q, false)
		}
		XORQ(RBX, RBX)
		Label(label + "loop")
		nextRow(RSI)
		for q := range tl.vectors {
			term(q, false)
		}
		loopRows(label + "loop")
		for q := range tl.vectors {
			finish(q, false)
		}
		ADDQ(U32(4*floats), RDI)
		ADDQ(U32(4*floats), RSI)
		SUBQ(U32(floats), RDX)
		if tl.loop {
			JMP(LabelRef(label))
		}
	}

	Label("last")
	Comment("Fewer than 64 floats left, in up to 4 vectors under masks.")
	TESTQ(RDX, RDX)
	JEQ(LabelRef("lastdone"))
	tailMasks("last")
	for nv := 1; nv <= 4; nv++ {
		label := fmt.Sprintf("last%d", nv)
		Label(label)
		for q := range nv {
			begin(q, true)
		}
		Label(label + "loop")
		nextRow(RSI)
		for q := range nv {
			term(q, true)
		}
		loopRows(label + "loop")
		for q := range nv {
			finish(q, true)
		}
		JMP(LabelRef("lastdone"))
	}
	Label("lastdone")
	VZEROUPPER()
	RET()
}
