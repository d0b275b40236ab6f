package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// scatterAxpy writes
//
//	func scatterAxpyAVX512(y []float32, stride int, idx []int32, val []float32, x []float32)
//
// For t = 0, 1, ...: row idx[t] of y (at idx[t]·stride) += val[t]·x, one
// VMULPS then one VADDPS per 16 floats, as Go's y[j] += float32(v*x[j]).
// x is cut into strips (tiles) held in registers while every row of the
// list is loaded, updated and stored.
//
// Registers: DI y (moved with the strip), SI x strip, DX floats of x
// left, R8 stride in bytes, R9 idx, R10 val, R11 len(idx), BX t, AX row
// address, Z31 val[t] broadcast, Z24-Z27 products, Z28 a masked row, K1-K4
// masks of the last pass.
func scatterAxpy() {
	TEXT("scatterAxpyAVX512", NOSPLIT, "func(y []float32, stride int, idx []int32, val []float32, x []float32)")
	Pragma("noescape")
	Load(Param("y").Base(), RDI)
	Load(Param("stride"), R8)
	SHLQ(U8(2), R8)
	Load(Param("idx").Base(), R9)
	Load(Param("idx").Len(), R11)
	Load(Param("val").Base(), R10)
	Load(Param("x").Base(), RSI)
	Load(Param("x").Len(), RDX)

	products := []VecPhysical{Z24, Z25, Z26, Z27}
	// term adds val[t]·x to vector q of row idx[t]; masked, the lanes of
	// the row outside K(q+1) are neither read nor written.
	term := func(q int, masked bool) {
		p := products[q%4]
		dst := Mem{Base: RAX, Disp: 64 * q}
		VMULPS(zmm(q), Z31, p)
		if masked {
			VMOVUPS_Z(dst, mask(q), Z28)
			VADDPS(Z28, p, p)
			VMOVUPS(p, mask(q), dst)
		} else {
			VADDPS(dst, p, p)
			VMOVUPS(p, dst)
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
			VMOVUPS(Mem{Base: RSI, Disp: 64 * q}, zmm(q))
		}
		XORQ(RBX, RBX)
		Label(label + "loop")
		nextRow(RDI)
		for q := range tl.vectors {
			term(q, false)
		}
		loopRows(label + "loop")
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
			VMOVUPS_Z(Mem{Base: RSI, Disp: 64 * q}, mask(q), zmm(q))
		}
		Label(label + "loop")
		nextRow(RDI)
		for q := range nv {
			term(q, true)
		}
		loopRows(label + "loop")
		JMP(LabelRef("lastdone"))
	}
	Label("lastdone")
	VZEROUPPER()
	RET()
}
