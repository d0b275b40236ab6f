package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// pixelNonZeros writes
//
//	func pixelNonZerosAVX512(idx []int32, val []float32, img []byte) int
//
// for the first len(img) rounded down to 16 bytes; the caller does the
// rest. 16 pixels at a time: VPMOVZXBD widens them to 16 integers, K1
// marks the lanes that are not zero, and a blank group of 16 (most of an
// MNIST image is blank paper) costs nothing more. Otherwise VCVTDQ2PS and
// VDIVPS by 255 compute float32(p) / 255, one correctly rounded division
// as Go's, so the same bits; VPCOMPRESSD packs the marked lanes' indices
// and VCOMPRESSPS their values into the low lanes, both stored whole at
// the cursors, which move on by the number of marked lanes (as in
// nonZeros; a whole store never runs ahead of the pixels read).
//
// Registers: DI idx cursor, R9 idx start, SI val cursor, DX img, CX bytes
// left, Z30 the indices of the current 16 pixels, Z29 16 in every lane,
// Z31 255.0 in every lane.
func pixelNonZeros() {
	TEXT("pixelNonZerosAVX512", NOSPLIT, "func(idx []int32, val []float32, img []byte) int")
	Pragma("noescape")
	Load(Param("idx").Base(), RDI)
	MOVQ(RDI, R9)
	Load(Param("val").Base(), RSI)
	Load(Param("img").Base(), RDX)
	Load(Param("img").Len(), RCX)

	// Z30 = 0, 1, ..., 15: the bytes 0..15 widened.
	MOVQ(U64(0x0706050403020100), RAX)
	VMOVQ(RAX, X1) // X1, not X30: plain AVX, without AVX-512's VL and DQ
	MOVQ(U64(0x0f0e0d0c0b0a0908), RAX)
	VPINSRQ(U8(1), RAX, X1, X1)
	VPMOVZXBD(X1, Z30)
	MOVL(U32(16), EAX)
	VPBROADCASTD(EAX, Z29)
	MOVL(U32(0x437f0000), EAX) // 255.0 as float32 bits
	VPBROADCASTD(EAX, Z31)

	Label("group")
	CMPQ(RCX, U8(16))
	JLT(LabelRef("done"))
	VPMOVZXBD(Mem{Base: RDX}, Z0)
	VPTESTMD(Z0, Z0, K1)
	KORTESTW(K1, K1)
	JEQ(LabelRef("next"))
	VCVTDQ2PS(Z0, Z0)
	VDIVPS(Z31, Z0, Z0) // Z0 = Z0 / 255
	packStore(Z30, Z0, false)
	Label("next")
	VPADDD(Z29, Z30, Z30)
	ADDQ(U8(16), RDX)
	SUBQ(U8(16), RCX)
	JMP(LabelRef("group"))

	Label("done")
	SUBQ(R9, RDI)
	SHRQ(U8(2), RDI)
	Store(RDI, ReturnIndex(0))
	VZEROUPPER()
	RET()
}
