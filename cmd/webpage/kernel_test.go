package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// Both pages carry kernel.js and the two kernel modules, byte for byte
// the checked-in ones: without them the app fails to instantiate.
func TestPagesCarryKernel(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join(dir, "app.wasm")
	os.WriteFile(wasm, []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	execJS := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
	var out, errs bytes.Buffer
	if code := run([]string{"--wasm", wasm, "--src", "../../web/src", "--out", dir, "--wasm_exec", execJS}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	for _, page := range []string{"index.html", "app.html"} {
		html, _ := os.ReadFile(filepath.Join(dir, page))
		if !strings.Contains(string(html), "root.digitsKernel = { prepare }") {
			t.Errorf("%s lacks kernel.js", page)
		}
		for _, name := range []string{"simd128", "scalar"} {
			m := regexp.MustCompile(`<script id="kernel-` + name + `" type="application/octet-stream">([^<]*)</script>`).FindSubmatch(html)
			if m == nil {
				t.Errorf("%s has no %s kernel module", page, name)
				continue
			}
			got, err := base64.StdEncoding.DecodeString(string(m[1]))
			want, _ := os.ReadFile(filepath.Join("..", "..", "core", "internal", "kernel", "wasm", name+".wasm"))
			if err != nil || len(want) == 0 || !bytes.Equal(got, want) {
				t.Errorf("%s: the %s module differs from core/internal/kernel/wasm/%s.wasm (%v)", page, name, name, err)
			}
		}
	}
}
