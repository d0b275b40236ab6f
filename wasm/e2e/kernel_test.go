package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2EKernels checks that the page supplies the training kernels the
// app imports, in both of its modes: served, Chromium gets the SIMD128
// module; from disk with ?kernel=scalar, the scalar module that browsers
// without SIMD128 get. Each time the app must become ready, say which
// kernels run, and train.
func TestE2EKernels(t *testing.T) {
	need(t)
	dir := root(t)
	page := filepath.Join(dir, "web", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("%s is missing: run make wasm first", page)
	}
	t.Run("served", func(t *testing.T) {
		kernelTrains(t, serve(t, filepath.Join(dir, "web")), "wasm-simd128")
	})
	t.Run("file-scalar", func(t *testing.T) {
		kernelTrains(t, "file://"+page+"?kernel=scalar", "wasm-scalar")
	})
}

// kernelTrains opens url, checks that the loader and the app both name
// the kernel want, trains for a few seconds and checks that images went
// through.
func kernelTrains(t *testing.T, url, want string) {
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(window.digits && (window.digits.ready || !!window.digits.error)) || false`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		t.Fatalf("the page did not become ready: %v", err)
	}
	if msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.error || ""`)); msg != "" {
		t.Fatalf("the page says: %s", msg)
	}
	loader, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.kernel`))
	app, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.stats().kernel`))
	if loader != want || app != want {
		t.Errorf("kernel: the loader loaded %q, the app runs %q; want %q", loader, app, want)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.digits.train()`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.digits.training && window.digits.stats().imagesPerSecond > 0`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		t.Fatalf("training did not start with the %s kernels: %v", want, err)
	}
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.digits.resetStats()`))
	time.Sleep(5 * time.Second)
	logStats(t, ctx, want+" kernels", "5 s of training (default preset)")
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.digits.pause()`))
}
