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

	"digits/cmd/internal/clitest"
)

// The page for file:// carries the module gzipped and base64-encoded, and
// decoding it gives the module back; the served page carries none.
func TestPages(t *testing.T) {
	dir := t.TempDir()
	mod := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{1, 2, 3}, 5000)...)
	wasm := filepath.Join(dir, "app.wasm")
	os.WriteFile(wasm, mod, 0o644)
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
	r := clitest.Exec(run, "--wasm", wasm, "--src", "../../web/src", "--out", dir, "-wasm_exec", execJS)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, name := range []string{"index.html", "app.html", "app.wasm.gz", "wasm_exec.js"} {
		if !strings.Contains(r.Stdout, filepath.Join(dir, name)+" ") {
			t.Errorf("stdout does not list %s:\n%s", name, r.Stdout)
		}
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
	r := clitest.Exec(run, "--wasm", bad, "--src", "../../web/src", "--out", dir)
	if r.Code != 1 || r.Stderr != "webpage: "+bad+" is not a WebAssembly module\n" {
		t.Errorf("exit %d, stderr %q; want 1 and 'not a WebAssembly module'", r.Code, r.Stderr)
	}
	r = clitest.Exec(run, "--wasm", filepath.Join(dir, "missing.wasm"), "--src", "../../web/src", "--out", dir)
	if r.Code != 1 || !strings.Contains(r.Stderr, "build it first") {
		t.Errorf("exit %d, stderr %q; want 1 and a hint to build first", r.Code, r.Stderr)
	}
}

func TestWebpageBadFlags(t *testing.T) {
	clitest.BadUsage(t, "webpage", run, []string{"--bogus"}, "flag provided but not defined: -bogus")
	clitest.BadUsage(t, "webpage", run, []string{"web"}, `unexpected argument "web"`)
	clitest.BadUsage(t, "webpage", run, []string{"--out"}, "flag needs an argument: -out")
	clitest.Help(t, "webpage", run, "wasm", "src", "out", "wasm_exec")
}
