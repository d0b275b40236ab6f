package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// nonZeros writes
//
//	func nonZerosAVX512(idx []int32, val, v []float32, off []int32, base int32) int
//
// 16 values at a time: K1 marks the lanes that are not ±0 (their bits
// shifted left by one are not zero); VPCOMPRESSD packs base + off of
// those lanes into the low lanes of a register, VCOMPRESSPS their values,
// both are stored whole at the cursors, which move on by the number of
// marked lanes. (Compressing straight to memory is microcoded and many
// times slower on AMD's Zen 4.) A whole store writes 16 entries from the
// cursor, which never runs ahead of the values read, so it stays within
// the first len(v) entries. The last n < 16 values are loaded and stored
// under the mask K2 of their lanes; the lanes past the end read as zeros
// and are never marked. The values are moved, not computed: the same bits.
//
// Registers: DI idx cursor, R9 idx start, SI val cursor, DX v, CX values
// left, R8 off, Z30 base broadcast.
func nonZeros() {
	TEXT("nonZerosAVX512", NOSPLIT, "func(idx []int32, val, v []float32, off []int32, base int32) int")
	Pragma("noescape")
	Load(Param("idx").Base(), RDI)
	MOVQ(RDI, R9)
	Load(Param("val").Base(), RSI)
	Load(Param("v").Base(), RDX)
	Load(Param("v").Len(), RCX)
	Load(Param("off").Base(), R8)
	Load(Param("base"), EAX)
	VPBROADCASTD(EAX, Z30)

	// pass packs the values in Z0 (offsets in Z2) under the lanes K1,
	// stores them (under the mask K2 if last) and moves the cursors.
	pass := func(last bool) {
		VPSLLD(U8(1), Z0, Z1)
		VPTESTMD(Z1, Z1, K1)
		VPADDD(Z2, Z30, Z2)
		VPCOMPRESSD_Z(Z2, K1, Z3)
		VCOMPRESSPS_Z(Z0, K1, Z4)
		if last {
			VMOVDQU32(Z3, K2, Mem{Base: RDI})
			VMOVUPS(Z4, K2, Mem{Base: RSI})
		} else {
			VMOVDQU32(Z3, Mem{Base: RDI})
			VMOVUPS(Z4, Mem{Base: RSI})
		}
		KMOVW(K1, EAX)
		POPCNTL(EAX, EAX)
		LEAQ(Mem{Base: RDI, Index: RAX, Scale: 4}, RDI)
		LEAQ(Mem{Base: RSI, Index: RAX, Scale: 4}, RSI)
	}

	Label("vec")
	CMPQ(RCX, U8(16))
	JLT(LabelRef("last"))
	VMOVUPS(Mem{Base: RDX}, Z0)
	VMOVDQU32(Mem{Base: R8}, Z2)
	pass(false)
	ADDQ(U8(64), RDX)
	ADDQ(U8(64), R8)
	SUBQ(U8(16), RCX)
	JMP(LabelRef("vec"))

	Label("last")
	TESTQ(RCX, RCX)
	JEQ(LabelRef("done"))
	MOVQ(U32(1), RAX)
	SHLQ(CL, RAX)
	DECQ(RAX)
	KMOVW(EAX, K2)
	VMOVUPS_Z(Mem{Base: RDX}, K2, Z0)
	VMOVDQU32_Z(Mem{Base: R8}, K2, Z2)
	pass(true)

	Label("done")
	SUBQ(R9, RDI)
	SHRQ(U8(2), RDI)
	Store(RDI, ReturnIndex(0))
	VZEROUPPER()
	RET()
}
