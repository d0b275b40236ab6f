package kernel

// The assembly is written by the avo program in asm/, a module of its own
// so that avo is no dependency of digits: `go generate` in this folder
// runs it (it needs the module proxy the first time, for avo).
//
//go:generate go run -C asm . -out ../kernel_amd64.s -stubs ../stubs_amd64.go -pkg kernel

// The WebAssembly modules are assembled from their text by wat2wasm
// (Debian's wabt); the binaries are checked in, so that a build needs
// nothing but Go, and TestModulesMatchSource checks they are up to date.
//
//go:generate wat2wasm wasm/simd128.wat -o wasm/simd128.wasm
//go:generate wat2wasm wasm/scalar.wat -o wasm/scalar.wasm
