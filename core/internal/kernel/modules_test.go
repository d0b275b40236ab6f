package kernel

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestModulesMatchSource checks that the checked-in WebAssembly modules
// are what wat2wasm makes of their text today, so that nobody edits a
// .wat and forgets go generate.
func TestModulesMatchSource(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no programs to run under js: the native run of this test checks the modules")
	}
	wat2wasm, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Skip("wat2wasm is not installed (Debian: apt-get install wabt): cannot check wasm/*.wasm against wasm/*.wat")
	}
	for _, name := range []string{"simd128", "scalar"} {
		out := filepath.Join(t.TempDir(), name+".wasm")
		src := filepath.Join("wasm", name+".wat")
		if msg, err := exec.Command(wat2wasm, src, "-o", out).CombinedOutput(); err != nil {
			t.Fatalf("wat2wasm %s: %v\n%s", src, err, msg)
		}
		want, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("wasm", name+".wasm"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("wasm/%s.wasm is not wat2wasm's output for %s: run go generate in core/internal/kernel", name, src)
		}
	}
}
