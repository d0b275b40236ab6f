package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// lanes runs body over n floats (n in CX) 16 at a time, then once more
// for the last n mod 16 under the mask k of their lanes, and goes on at
// the label "done", which the caller places. body gets whether it is that
// last pass; step advances the pointers it reads and writes through.
func lanes(k Register, body func(last bool), step func()) {
	Label("vec")
	CMPQ(RCX, U8(16))
	JLT(LabelRef("last"))
	body(false)
	step()
	SUBQ(U8(16), RCX)
	JMP(LabelRef("vec"))

	Label("last")
	TESTQ(RCX, RCX)
	JEQ(LabelRef("done"))
	MOVQ(U32(1), RAX)
	SHLQ(CL, RAX)
	DECQ(RAX)
	KMOVW(EAX, k)
	body(true)
}

// relu writes
//
//	func reluAVX512(z []float32)
//
// z[j] = z[j] &^ (z[j] >> 31 arithmetic): the sign bit spread over the
// word clears it, as ReluGo does. Integer operations, so the bits of
// every value (NaN, -0, -Inf) are the Go version's.
func relu() {
	TEXT("reluAVX512", NOSPLIT, "func(z []float32)")
	Pragma("noescape")
	Load(Param("z").Base(), RDI)
	Load(Param("z").Len(), RCX)
	lanes(K1, func(last bool) {
		if last {
			VMOVDQU32_Z(Mem{Base: RDI}, K1, Z0)
		} else {
			VMOVDQU32(Mem{Base: RDI}, Z0)
		}
		VPSRAD(U8(31), Z0, Z1)
		VPANDND(Z0, Z1, Z0) // Z0 = ^Z1 & Z0
		if last {
			VMOVDQU32(Z0, K1, Mem{Base: RDI})
		} else {
			VMOVDQU32(Z0, Mem{Base: RDI})
		}
	}, func() {
		ADDQ(U8(64), RDI)
	})
	Label("done")
	VZEROUPPER()
	RET()
}

// maskPositive writes
//
//	func maskPositiveAVX512(da, a []float32)
//
// for len(da) floats: K2 marks the lanes where a is not ±0 (its bits
// shifted left by one are not zero); da is loaded under K2 with the other
// lanes zeroed (+0) and stored back whole (under K1 in the last pass).
func maskPositive() {
	TEXT("maskPositiveAVX512", NOSPLIT, "func(da, a []float32)")
	Pragma("noescape")
	Load(Param("da").Base(), RDI)
	Load(Param("da").Len(), RCX)
	Load(Param("a").Base(), RSI)
	lanes(K1, func(last bool) {
		if last {
			VMOVDQU32_Z(Mem{Base: RSI}, K1, Z0)
		} else {
			VMOVDQU32(Mem{Base: RSI}, Z0)
		}
		VPSLLD(U8(1), Z0, Z0)
		VPTESTMD(Z0, Z0, K2)
		if last {
			KANDW(K1, K2, K2)
		}
		VMOVDQU32_Z(Mem{Base: RDI}, K2, Z1)
		if last {
			VMOVDQU32(Z1, K1, Mem{Base: RDI})
		} else {
			VMOVDQU32(Z1, Mem{Base: RDI})
		}
	}, func() {
		ADDQ(U8(64), RDI)
		ADDQ(U8(64), RSI)
	})
	Label("done")
	VZEROUPPER()
	RET()
}
