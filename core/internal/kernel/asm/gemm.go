package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The GEMM micro-kernel's largest tile: gemmRows rows of C by gemmVectors
// vectors of 16 floats, held in gemmRows·gemmVectors ZMM registers while
// all k terms are added. Each term then costs gemmVectors loads of B and
// gemmRows broadcasts of A for gemmRows·gemmVectors multiplies and adds,
// instead of a load per multiply. The Go side (gemm_amd64.go) must agree.
const (
	gemmRows    = 4
	gemmVectors = 4
)

// gemm writes
//
//	func gemmTileAVX512(rows, vectors, k int, a *float32, ars, acs int, b *float32, ldb int, c *float32, ldc int, mask uint16)
//
// one tile of Gemm: for r < rows and the floats j of vectors vectors of 16
// (the last one only in the lanes of mask),
//
//	C[r·ldc + j] += Σ_{t<k} A[r·ars + t·acs] · B[t·ldb + j],
//
// t in increasing order, a VMULPS then a VADDPS per term (k > 0). There is
// one loop per tile shape, rows 1..gemmRows by vectors 1..gemmVectors,
// chosen at the start.
//
// Registers: AX A at term t, SI ars bytes, DI acs bytes, BX B at term t,
// DX ldb bytes, CX terms left, R8 C, R9 ldc bytes, R10/R11 3·ars/3·ldc
// bytes (rows 3 and later are addressed from them), K1 the mask;
// Z0-Z15 C, Z16-Z19 B, Z20-Z23 A broadcast, Z24-Z31 products.
func gemm() {
	TEXT("gemmTileAVX512", NOSPLIT, "func(rows, vectors, k int, a *float32, ars, acs int, b *float32, ldb int, c *float32, ldc int, mask uint16)")
	Pragma("noescape")
	Load(Param("rows"), RAX)
	Load(Param("vectors"), RBX)
	Comment("Jump to the loop for this shape.")
	for r := 1; r <= gemmRows; r++ {
		for v := 1; v <= gemmVectors; v++ {
			next := fmt.Sprintf("not%dx%d", r, v)
			CMPQ(RAX, U8(r))
			JNE(LabelRef(next))
			CMPQ(RBX, U8(v))
			JEQ(LabelRef(fmt.Sprintf("tile%dx%d", r, v)))
			Label(next)
		}
	}
	RET() // no such shape: nothing to do (the Go side never asks)

	for r := 1; r <= gemmRows; r++ {
		for v := 1; v <= gemmVectors; v++ {
			gemmTile(r, v)
		}
	}
}

// gemmTile writes the loop for a tile of rows × vectors.
func gemmTile(rows, vectors int) {
	Label(fmt.Sprintf("tile%dx%d", rows, vectors))
	Load(Param("k"), RCX)
	Load(Param("a"), RAX)
	Load(Param("ars"), RSI)
	SHLQ(U8(2), RSI)
	Load(Param("acs"), RDI)
	SHLQ(U8(2), RDI)
	Load(Param("b"), RBX)
	Load(Param("ldb"), RDX)
	SHLQ(U8(2), RDX)
	Load(Param("c"), R8)
	Load(Param("ldc"), R9)
	SHLQ(U8(2), R9)
	Load(Param("mask"), R10)
	KMOVW(R10.As32(), K1)
	LEAQ(Mem{Base: RSI, Index: RSI, Scale: 2}, R10)
	LEAQ(Mem{Base: R9, Index: R9, Scale: 2}, R11)

	// row returns the address of row r of a matrix at base with a row
	// stride of s bytes (3s in s3).
	row := func(base, s, s3 Register, r, disp int) Mem {
		m := Mem{Base: base, Disp: disp}
		switch r {
		case 0:
		case 1, 2, 4:
			m.Index, m.Scale = s, uint8(r)
		case 3:
			m.Index, m.Scale = s3, 1
		case 6:
			m.Index, m.Scale = s3, 2
		default:
			panic(fmt.Sprintf("no addressing for row %d", r))
		}
		return m
	}
	acc := func(r, q int) VecPhysical { return zmm(gemmVectors*r + q) }
	last := vectors - 1 // the vector under the mask

	for r := range rows {
		for q := range vectors {
			src := row(R8, R9, R11, r, 64*q)
			if q == last {
				VMOVUPS_Z(src, K1, acc(r, q))
			} else {
				VMOVUPS(src, acc(r, q))
			}
		}
	}
	loop := fmt.Sprintf("tile%dx%dloop", rows, vectors)
	Label(loop)
	for q := range vectors {
		if q == last {
			VMOVUPS_Z(Mem{Base: RBX, Disp: 64 * q}, K1, zmm(16+q))
		} else {
			VMOVUPS(Mem{Base: RBX, Disp: 64 * q}, zmm(16+q))
		}
	}
	for r := range rows {
		VBROADCASTSS(row(RAX, RSI, R10, r, 0), zmm(20+r))
	}
	p := 0
	for r := range rows {
		for q := range vectors {
			product := zmm(24 + p%8)
			p++
			VMULPS(zmm(16+q), zmm(20+r), product)
			VADDPS(product, acc(r, q), acc(r, q))
		}
	}
	ADDQ(RDI, RAX)
	ADDQ(RDX, RBX)
	DECQ(RCX)
	JNZ(LabelRef(loop))

	for r := range rows {
		for q := range vectors {
			dst := row(R8, R9, R11, r, 64*q)
			if q == last {
				VMOVUPS(acc(r, q), K1, dst)
			} else {
				VMOVUPS(acc(r, q), dst)
			}
		}
	}
	VZEROUPPER()
	RET()
}
