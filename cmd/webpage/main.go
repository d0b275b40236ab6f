// Command webpage builds the app's web page from the WebAssembly module
// (make wasm runs it).
//
// Usage:
//
//	GOOS=js GOARCH=wasm go build -o web/app.wasm ./wasm
//	go run ./cmd/webpage [flags]
//	go run ./cmd/webpage --wasm web/app.wasm --out web
//
// Flags (one dash or two):
//
//	--wasm FILE        the module built from ./wasm (default web/app.wasm)
//	--src DIR          page.html, loader.js, kernel.js and style.css (default web/src)
//	--out DIR          where the pages go (default web)
//	--wasm_exec FILE   Go's wasm_exec.js (default: $(go env GOROOT)/lib/wasm/wasm_exec.js)
//
// It writes, into --out:
//
//	index.html     the whole app in one file: the module gzipped and
//	               base64-encoded inside the page, so that opening the file
//	               from disk works (browsers refuse fetch() on file://)
//	app.html       a small page that streams app.wasm over http (make serve)
//	app.wasm.gz    the module gzipped, which cmd/serve sends to browsers
//	wasm_exec.js   Go's JavaScript support, from the Go that runs this
//	               command, which must be the one that built the module
//
// and lists them with their sizes. The page's parts are in web/src: page.html (a text/template), loader.js,
// kernel.js and style.css. Both pages carry the training kernels' two
// small WebAssembly modules (core/internal/kernel/wasm), which the app
// imports.
// Exit status: 0 built; 1 a file missing or not a WebAssembly module; 2 a
// bad command line.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"

	"digits/cmd/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("webpage", "")
	var wasm, src, out, execJS string
	cmd.StringVar(&wasm, "wasm", "web/app.wasm", "the WebAssembly `FILE` built from ./wasm")
	cmd.StringVar(&src, "src", "web/src", "`DIR` with page.html, loader.js, kernel.js and style.css")
	cmd.StringVar(&out, "out", "web", "`DIR` to write the pages into")
	cmd.StringVar(&execJS, "wasm_exec", "", "wasm_exec.js `FILE` to use (default: $(go env GOROOT)/lib/wasm/wasm_exec.js)")
	err := cmd.Parse(args)
	if err == nil {
		err = build(wasm, src, out, execJS, stdout)
	}
	return cmd.Exit(stderr, err)
}

// build writes the pages into out and lists them on stdout.
func build(wasmPath, src, out, execJS string, stdout io.Writer) error {
	mod, err := os.ReadFile(wasmPath)
	if err != nil {
		return fmt.Errorf("%w (build it first: GOOS=js GOARCH=wasm go build -o %s ./wasm)", err, wasmPath)
	}
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return fmt.Errorf("%s is not a WebAssembly module", wasmPath)
	}
	if execJS == "" {
		root, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return fmt.Errorf("go env GOROOT: %w (pass --wasm_exec)", err)
		}
		execJS = filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec.js")
	}
	support, err := os.ReadFile(execJS)
	if err != nil {
		return err
	}
	read := func(name string) (string, error) {
		b, err := os.ReadFile(filepath.Join(src, name))
		return string(b), err
	}
	page, err := read("page.html")
	if err != nil {
		return err
	}
	loader, err := read("loader.js")
	if err != nil {
		return err
	}
	style, err := read("style.css")
	if err != nil {
		return err
	}
	kernelJS, err := read("kernel.js")
	if err != nil {
		return err
	}
	simd128, scalar, err := kernelModules()
	if err != nil {
		return err
	}
	tmpl, err := template.New("page").Parse(page)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(src, "page.html"), err)
	}

	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(mod)
	if err := zw.Close(); err != nil {
		return err
	}
	write := func(name string, data []byte) error {
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-14s %6.1f MB\n", p, float64(len(data))/1e6)
		return nil
	}
	render := func(name, mode, payload string) error {
		var b bytes.Buffer
		m, _ := json.Marshal(mode)
		err := tmpl.Execute(&b, map[string]any{
			"Style": style, "Loader": loader, "WasmExec": string(support),
			"Kernel": kernelJS, "KernelSIMD128": simd128, "KernelScalar": scalar,
			"Mode": string(m), "WasmSize": len(mod), "Payload": payload,
		})
		if err != nil {
			return err
		}
		return write(name, b.Bytes())
	}
	if err := render("index.html", "inline", base64.StdEncoding.EncodeToString(gz.Bytes())); err != nil {
		return err
	}
	if err := render("app.html", "fetch", ""); err != nil {
		return err
	}
	if err := write("app.wasm.gz", gz.Bytes()); err != nil {
		return err
	}
	return write("wasm_exec.js", support)
}
