package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// kernelPackage is the Go package whose WebAssembly modules the app
// imports (see web/src/kernel.js): the page carries both, the SIMD128 one
// and the scalar one for browsers without SIMD128.
const kernelPackage = "digits/core/internal/kernel"

// kernelModules returns the two modules, base64-encoded for the page,
// read from the kernel package's folder, which go list finds from
// anywhere inside this module.
func kernelModules() (simd128, scalar string, err error) {
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", kernelPackage).Output()
	if err != nil {
		return "", "", fmt.Errorf("go list %s: %v (run webpage inside the digits module)", kernelPackage, err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "wasm")
	read := func(name string) (string, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "", err
		}
		if len(b) < 8 || string(b[:4]) != "\x00asm" {
			return "", fmt.Errorf("%s is not a WebAssembly module (go generate %s makes it)", filepath.Join(dir, name), kernelPackage)
		}
		return base64.StdEncoding.EncodeToString(b), nil
	}
	if simd128, err = read("simd128.wasm"); err != nil {
		return "", "", err
	}
	if scalar, err = read("scalar.wasm"); err != nil {
		return "", "", err
	}
	return simd128, scalar, nil
}
