#include "textflag.h"

// func spAxpyAVX512(y, w []float32, stride int, idx []int32, val []float32)
//
// y is cut into tiles of 128, 64, 32 and 16 floats (8, 4, 2, 1 ZMM
// registers) and a masked tail of fewer than 16. Each tile is loaded into
// registers once, then for t = 0, 1, ... every register gets
//	acc = acc + (val[t] * w[idx[t]*stride + j ...])
// as a VMULPS followed by a VADDPS (two roundings, exactly as Go's
// y[j] += float32(v*w[j])), and the tile is stored back.
//
// Registers: DI y tile, DX floats of y left, SI w (moved with the tile),
// R8 stride in bytes, R9 idx, R10 val, R11 len(idx), BX t, AX row address.

// ROW loads the address of row idx[t] of the current tile into AX and
// broadcasts val[t] into Z31.
#define ROW \
	MOVLQSX (R9)(BX*4), AX \
	IMULQ   R8, AX         \
	ADDQ    SI, AX         \
	VBROADCASTSS (R10)(BX*4), Z31

#define MAC(off, acc) \
	VMULPS off(AX), Z31, Z30 \
	VADDPS Z30, acc, acc

#define MAC2(off, acc) \
	VMULPS off(AX), Z31, Z29 \
	VADDPS Z29, acc, acc

TEXT ·spAxpyAVX512(SB), NOSPLIT, $0-104
	MOVQ y_base+0(FP), DI
	MOVQ y_len+8(FP), DX
	MOVQ w_base+24(FP), SI
	MOVQ stride+48(FP), R8
	SHLQ $2, R8
	MOVQ idx_base+56(FP), R9
	MOVQ val_base+80(FP), R10
	MOVQ idx_len+64(FP), R11

tile128:
	CMPQ DX, $128
	JLT  tile64
	VMOVUPS 0(DI), Z0
	VMOVUPS 64(DI), Z1
	VMOVUPS 128(DI), Z2
	VMOVUPS 192(DI), Z3
	VMOVUPS 256(DI), Z4
	VMOVUPS 320(DI), Z5
	VMOVUPS 384(DI), Z6
	VMOVUPS 448(DI), Z7
	XORQ BX, BX

loop128:
	ROW
	MAC(0, Z0)
	MAC2(64, Z1)
	MAC(128, Z2)
	MAC2(192, Z3)
	MAC(256, Z4)
	MAC2(320, Z5)
	MAC(384, Z6)
	MAC2(448, Z7)
	INCQ BX
	CMPQ BX, R11
	JLT  loop128

	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	VMOVUPS Z4, 256(DI)
	VMOVUPS Z5, 320(DI)
	VMOVUPS Z6, 384(DI)
	VMOVUPS Z7, 448(DI)
	ADDQ $512, DI
	ADDQ $512, SI
	SUBQ $128, DX
	JMP  tile128

tile64:
	CMPQ DX, $64
	JLT  tile32
	VMOVUPS 0(DI), Z0
	VMOVUPS 64(DI), Z1
	VMOVUPS 128(DI), Z2
	VMOVUPS 192(DI), Z3
	XORQ BX, BX

loop64:
	ROW
	MAC(0, Z0)
	MAC2(64, Z1)
	MAC(128, Z2)
	MAC2(192, Z3)
	INCQ BX
	CMPQ BX, R11
	JLT  loop64

	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $64, DX

tile32:
	CMPQ DX, $32
	JLT  tile16
	VMOVUPS 0(DI), Z0
	VMOVUPS 64(DI), Z1
	XORQ BX, BX

loop32:
	ROW
	MAC(0, Z0)
	MAC2(64, Z1)
	INCQ BX
	CMPQ BX, R11
	JLT  loop32

	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	ADDQ $128, DI
	ADDQ $128, SI
	SUBQ $32, DX

tile16:
	CMPQ DX, $16
	JLT  tail
	VMOVUPS 0(DI), Z0
	XORQ BX, BX

loop16:
	ROW
	MAC(0, Z0)
	INCQ BX
	CMPQ BX, R11
	JLT  loop16

	VMOVUPS Z0, 0(DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $16, DX

tail:
	TESTQ DX, DX
	JEQ   done
	// K1 = (1 << DX) - 1: the lanes of the last partial vector. Masked
	// loads never touch memory past the mask, so no read beyond y or w.
	MOVQ DX, CX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	VMOVUPS.Z (DI), K1, Z0
	XORQ BX, BX

looptail:
	ROW
	VMOVUPS.Z (AX), K1, Z30
	VMULPS Z30, Z31, Z30
	VADDPS Z30, Z0, Z0
	INCQ BX
	CMPQ BX, R11
	JLT  looptail

	VMOVUPS Z0, K1, (DI)

done:
	VZEROUPPER
	RET
