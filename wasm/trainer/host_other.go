//go:build !js

package main

import (
	"fmt"
	"os"
)

func serve() {
	fmt.Fprintln(os.Stderr, "trainer: this program is the web page's Web Worker; build it with GOOS=js GOARCH=wasm (make wasm). The desktop app trains on a goroutine of its own: go run ./wasm")
	os.Exit(2)
}
