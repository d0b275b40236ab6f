// Package e2e tests the app as people get it: the page built by make wasm
// in headless Chromium, served by cmd/serve and opened from disk, and the
// desktop program in an X window. They need Debian's chromium, xvfb,
// x11-utils and imagemagick, so they run only with DIGITS_E2E=1 (make
// app-test); plain go test skips them with a message.
//
// Figures (time to ready, stroke to prediction, training speed, frame
// rate) are logged with t.Log, never asserted: run with -v to see them.
// Screenshots go to out/ at the repository's root.
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// need skips the test unless the end-to-end tests were asked for.
func need(t *testing.T) {
	t.Helper()
	if os.Getenv("DIGITS_E2E") == "" {
		t.Skip("end-to-end test: set DIGITS_E2E=1 (make app-test) with chromium, xvfb, x11-utils and imagemagick installed")
	}
}

// root is the repository's root folder.
func root(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// outDir makes and returns the folder for screenshots.
func outDir(t *testing.T) string {
	t.Helper()
	d := filepath.Join(root(t), "out")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}
