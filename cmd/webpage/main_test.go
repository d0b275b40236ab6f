package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// The page for file:// carries the module gzipped and base64-encoded, and
// decoding it gives the module back; the served page carries none.
func TestPages(t *testing.T) {
	dir := t.TempDir()
	mod := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{1, 2, 3}, 5000)...)
	wasm := filepath.Join(dir, "app.wasm")
	os.WriteFile(wasm, mod, 0o644)
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
	if err := run(wasm, "../../web/src", dir, execJS); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	m := regexp.MustCompile(`<script id="wasm-gz" type="application/octet-stream">([^<]*)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatal("index.html has no inline module")
	}
	gz, err := base64.StdEncoding.DecodeString(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, mod) {
		t.Error("the inline module differs from app.wasm")
	}
	for _, want := range []string{`const DIGITS_MODE = "inline"`, "globalThis.Go", `id="digits-live"`, "aria-live"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	served, _ := os.ReadFile(filepath.Join(dir, "app.html"))
	if !strings.Contains(string(served), `const DIGITS_MODE = "fetch"`) || strings.Contains(string(served), `<script id="wasm-gz"`) {
		t.Error("app.html should fetch app.wasm and carry no inline module")
	}
}

func TestRejectsNonWasm(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "app.wasm")
	os.WriteFile(bad, []byte("not wasm"), 0o644)
	err := run(bad, "../../web/src", dir, "")
	if err == nil || !strings.Contains(err.Error(), "not a WebAssembly module") {
		t.Errorf("error %v, want 'not a WebAssembly module'", err)
	}
	if err := run(filepath.Join(dir, "missing.wasm"), "../../web/src", dir, ""); err == nil || !strings.Contains(err.Error(), "build it first") {
		t.Errorf("error %v, want a hint to build first", err)
	}
}
