package core

import "digits/core/internal/kernel"

// KernelName says which kernels the fast path runs on: "avx512" (amd64
// assembly), "wasm-simd128" or "wasm-scalar" (the WebAssembly modules the
// host supplies), or "go" (the portable Go loops; DIGITS_KERNEL=go
// selects them). Every one gives the same bits.
func KernelName() string { return kernel.Name() }
