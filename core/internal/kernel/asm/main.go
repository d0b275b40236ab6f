// Command asm writes the AVX-512 assembly of package kernel with avo
// (github.com/mmcloughlin/avo): the loops differ only in how many
// registers they use and which lanes are masked, which is tedious to
// write by hand and easy to get wrong.
//
// It is a module of its own, so that avo is no dependency of digits and
// go build ./... skips it. Run it through go generate in the kernel's
// folder, which writes kernel_amd64.s and stubs_amd64.go there:
//
//	cd core/internal/kernel && go generate
//
// Every kernel adds its terms to each output element in the order of the
// portable Go version, one VMULPS then one VADDPS per term (two roundings,
// as Go's s += float32(a*b)), never a fused multiply-add: the assembly and
// the Go code give the same bits.
package main

import . "github.com/mmcloughlin/avo/build"

func main() {
	spAxpy()
	spStep()
	scatterAxpy()
	gemm()
	nonZeros()
	gatherPatches()
	pixelNonZeros()
	relu()
	maskPositive()
	Generate()
}
