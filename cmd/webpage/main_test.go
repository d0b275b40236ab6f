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

// The page for file:// carries both modules gzipped and base64-encoded,
// and decoding them gives the modules back; the served page carries none,
// and cmd/serve gets both gzipped. Both pages carry the scripts the
// trainer's Web Worker is made of, under the ids the loader reads.
func TestPages(t *testing.T) {
	dir := t.TempDir()
	mod := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{1, 2, 3}, 5000)...)
	trainer := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{4, 5}, 7000)...)
	wasm, trainerWasm := filepath.Join(dir, "app.wasm"), filepath.Join(dir, "trainer.wasm")
	os.WriteFile(wasm, mod, 0o644)
	os.WriteFile(trainerWasm, trainer, 0o644)
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
	r := clitest.Exec(run, "--wasm", wasm, "--trainer", trainerWasm, "--src", "../../web/src", "--out", dir, "-wasm_exec", execJS)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, name := range []string{"index.html", "app.html", "app.wasm.gz", "trainer.wasm.gz", "wasm_exec.js"} {
		if !strings.Contains(r.Stdout, filepath.Join(dir, name)+" ") {
			t.Errorf("stdout does not list %s:\n%s", name, r.Stdout)
		}
	}
	page, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for id, want := range map[string][]byte{"wasm-gz": mod, "trainer-gz": trainer} {
		m := regexp.MustCompile(`<script id="` + id + `" type="application/octet-stream">([^<]*)</script>`).FindSubmatch(page)
		if m == nil {
			t.Fatalf("index.html has no inline %s", id)
		}
		gz, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if got := gunzip(t, gz); !bytes.Equal(got, want) {
			t.Errorf("the inline %s differs from its module", id)
		}
	}
	for name, want := range map[string][]byte{"app.wasm.gz": mod, "trainer.wasm.gz": trainer} {
		gz, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(gunzip(t, gz), want) {
			t.Errorf("%s: %v, or not the module gzipped", name, err)
		}
	}
	for _, want := range []string{`const DIGITS_MODE = "inline"`, "globalThis.Go", `id="digits-live"`, "aria-live",
		`<script id="wasm-exec-js">`, `<script id="kernel-js">`, `<script id="worker-js">`, "root.digitsTrainerBoot = boot", "root.digitsTrainerStart"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	served, _ := os.ReadFile(filepath.Join(dir, "app.html"))
	if !strings.Contains(string(served), `const DIGITS_MODE = "fetch"`) || strings.Contains(string(served), `<script id="wasm-gz"`) ||
		strings.Contains(string(served), `<script id="trainer-gz"`) || !strings.Contains(string(served), `<script id="worker-js">`) {
		t.Error("app.html should fetch the modules, carry neither inline, and carry the worker's scripts")
	}
}

func gunzip(t *testing.T, gz []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRejectsNonWasm(t *testing.T) {
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "app.wasm"), filepath.Join(dir, "good.wasm")
	os.WriteFile(bad, []byte("not wasm"), 0o644)
	os.WriteFile(good, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	r := clitest.Exec(run, "--wasm", bad, "--trainer", good, "--src", "../../web/src", "--out", dir)
	if r.Code != 1 || r.Stderr != "webpage: "+bad+" is not a WebAssembly module\n" {
		t.Errorf("exit %d, stderr %q; want 1 and 'not a WebAssembly module'", r.Code, r.Stderr)
	}
	r = clitest.Exec(run, "--wasm", good, "--trainer", bad, "--src", "../../web/src", "--out", dir)
	if r.Code != 1 || r.Stderr != "webpage: "+bad+" is not a WebAssembly module\n" {
		t.Errorf("a bad trainer: exit %d, stderr %q; want 1 and 'not a WebAssembly module'", r.Code, r.Stderr)
	}
	r = clitest.Exec(run, "--wasm", filepath.Join(dir, "missing.wasm"), "--trainer", good, "--src", "../../web/src", "--out", dir)
	if r.Code != 1 || !strings.Contains(r.Stderr, "build it first") {
		t.Errorf("exit %d, stderr %q; want 1 and a hint to build first", r.Code, r.Stderr)
	}
	r = clitest.Exec(run, "--wasm", good, "--trainer", filepath.Join(dir, "missing.wasm"), "--src", "../../web/src", "--out", dir)
	if r.Code != 1 || !strings.Contains(r.Stderr, "./wasm/trainer") {
		t.Errorf("a missing trainer: exit %d, stderr %q; want 1 and a hint to build ./wasm/trainer", r.Code, r.Stderr)
	}
}

func TestWebpageBadFlags(t *testing.T) {
	clitest.BadUsage(t, "webpage", run, []string{"--bogus"}, "flag provided but not defined: -bogus")
	clitest.BadUsage(t, "webpage", run, []string{"web"}, `unexpected argument "web"`)
	clitest.BadUsage(t, "webpage", run, []string{"--out"}, "flag needs an argument: -out")
	clitest.Help(t, "webpage", run, "wasm", "trainer", "src", "out", "wasm_exec")
}
