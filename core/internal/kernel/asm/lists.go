package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// packStore packs the lanes K1 marks of the indices in idx and the values
// in val into the low lanes (VPCOMPRESSD, VCOMPRESSPS, into Z3 and Z4),
// stores both whole at the cursors DI and SI (under the mask K2 if last),
// and moves the cursors on by the number of marked lanes. Uses AX.
func packStore(idx, val VecPhysical, last bool) {
	VPCOMPRESSD_Z(idx, K1, Z3)
	VCOMPRESSPS_Z(val, K1, Z4)
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
		packStore(Z2, Z0, last)
	}

	lanes(K2, func(last bool) {
		if last {
			VMOVUPS_Z(Mem{Base: RDX}, K2, Z0)
			VMOVDQU32_Z(Mem{Base: R8}, K2, Z2)
		} else {
			VMOVUPS(Mem{Base: RDX}, Z0)
			VMOVDQU32(Mem{Base: R8}, Z2)
		}
		pass(last)
	}, func() {
		ADDQ(U8(64), RDX)
		ADDQ(U8(64), R8)
	})

	Label("done")
	SUBQ(R9, RDI)
	SHRQ(U8(2), RDI)
	Store(RDI, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// gatherPatches writes
//
//	func gatherPatchesAVX512(dst, src []float32, base, off []int32, n int)
//
// For each patch p and row r in order: dst[(p·len(off) + r)·n + j] =
// src[base[p] + off[r] + j] for j < n, 16 floats at a time, the last
// n mod 16 under the mask K1 (a masked load reads nothing outside it, a
// masked store writes nothing outside it). The floats are moved as they
// are.
//
// Registers: DI src, SI base cursor, R12 its end, R8 off, R9 its end, R10
// dst, R13 bytes of whole vectors per row, DX bytes of the rest, AX the
// patch's place, BX off cursor, R11 the row's place, CX end of the row's
// whole vectors in dst.
func gatherPatches() {
	TEXT("gatherPatchesAVX512", NOSPLIT, "func(dst, src []float32, base, off []int32, n int)")
	Pragma("noescape")
	Load(Param("src").Base(), RDI)
	Load(Param("base").Base(), RSI)
	Load(Param("base").Len(), R12)
	LEAQ(Mem{Base: RSI, Index: R12, Scale: 4}, R12)
	Load(Param("off").Base(), R8)
	Load(Param("off").Len(), R9)
	LEAQ(Mem{Base: R8, Index: R9, Scale: 4}, R9)
	Load(Param("dst").Base(), R10)
	Load(Param("n"), RCX)
	MOVQ(RCX, R13)
	SHRQ(U8(4), R13)
	SHLQ(U8(6), R13)
	ANDQ(U8(15), RCX)
	MOVQ(RCX, RDX)
	SHLQ(U8(2), RDX)
	MOVQ(U32(1), RAX)
	SHLQ(CL, RAX)
	DECQ(RAX)
	KMOVW(EAX, K1)

	Label("patch")
	MOVLQSX(Mem{Base: RSI}, RAX)
	LEAQ(Mem{Base: RDI, Index: RAX, Scale: 4}, RAX)
	MOVQ(R8, RBX)
	Label("row")
	MOVLQSX(Mem{Base: RBX}, R11)
	LEAQ(Mem{Base: RAX, Index: R11, Scale: 4}, R11)
	LEAQ(Mem{Base: R10, Index: R13, Scale: 1}, RCX)
	Label("vec")
	CMPQ(R10, RCX)
	JAE(LabelRef("tail"))
	VMOVUPS(Mem{Base: R11}, Z0)
	VMOVUPS(Z0, Mem{Base: R10})
	ADDQ(U8(64), R10)
	ADDQ(U8(64), R11)
	JMP(LabelRef("vec"))
	Label("tail")
	TESTQ(RDX, RDX)
	JEQ(LabelRef("next"))
	VMOVUPS_Z(Mem{Base: R11}, K1, Z0)
	VMOVUPS(Z0, K1, Mem{Base: R10})
	ADDQ(RDX, R10)
	Label("next")
	ADDQ(U8(4), RBX)
	CMPQ(RBX, R9)
	JLT(LabelRef("row"))
	ADDQ(U8(4), RSI)
	CMPQ(RSI, R12)
	JLT(LabelRef("patch"))
	VZEROUPPER()
	RET()
}
