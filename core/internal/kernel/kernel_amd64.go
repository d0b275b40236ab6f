package kernel

import "os"

// hasAVX512 is true when the CPU has AVX-512 Foundation and the operating
// system saves the 512-bit registers on context switches.
var hasAVX512 = detectAVX512()

// useAVX512 selects the assembly. DIGITS_KERNEL=go in the environment
// turns it off, to measure the portable kernel (the one WebAssembly runs)
// on the same machine; the results are the same bits either way.
var useAVX512 = hasAVX512 && os.Getenv("DIGITS_KERNEL") != "go"

// cpuid and xgetbv are two instructions in cpu_amd64.s (internal/cpu of
// the standard library does the same, but cannot be imported).
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

func detectAVX512() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave = 1 << 27
	if ecx1&osxsave == 0 {
		return false
	}
	// XCR0 bits 1, 2 (SSE, AVX state) and 5, 6, 7 (opmask, upper halves
	// of ZMM0-15, ZMM16-31) must all be enabled by the OS.
	xcr0, _ := xgetbv()
	if xcr0&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx512f = 1 << 16
	return ebx7&avx512f != 0
}
