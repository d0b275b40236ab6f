package kernel

// The assembly is written by the avo program in asm/, a module of its own
// so that avo is no dependency of digits: `go generate` in this folder
// runs it (it needs the module proxy the first time, for avo).
//
//go:generate go run -C asm . -out ../kernel_amd64.s -stubs ../stubs_amd64.go -pkg kernel
