package e2e

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"digits/core"
)

// trainerStats is what window.digits.stats() says of the trainer and of
// memory.
type trainerStats struct {
	Trainer         string
	TrainerKernel   string
	TrainerNote     string
	TrainerError    string
	TrainerHeapMB   float64
	TrainerWasmMB   float64
	WasmMB          float64
	HeapMB          float64
	TrainedImages   float64
	ImagesPerSecond float64
	Checksum        string
	Pretrained      bool
	Network         string
	MaxReportMs     float64
}

func statsOf(t *testing.T, ctx context.Context) trainerStats {
	t.Helper()
	st, err := chromedp.Run(ctx, chromedp.Evaluate[trainerStats](`window.digits.stats()`))
	if err != nil {
		t.Fatalf("stats(): %v", err)
	}
	return st
}

// poll waits for a JavaScript condition, failing the test with what after
// limit.
func poll(t *testing.T, ctx context.Context, cond string, limit time.Duration, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(limit))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
}

// waitTrainer waits until the trainer said hello and checks where it runs.
func waitTrainer(t *testing.T, ctx context.Context, label, where string) trainerStats {
	t.Helper()
	poll(t, ctx, `window.digits.stats().trainer !== "" || window.digits.stats().trainerError !== ""`, 2*time.Minute, "the trainer never said hello")
	st := statsOf(t, ctx)
	if st.Trainer != where || st.TrainerError != "" {
		t.Fatalf("%s: the trainer runs in %q (%s), error %q; want %q", label, st.Trainer, st.TrainerNote, st.TrainerError, where)
	}
	t.Logf("%s: the trainer runs in the %s (kernels %s, page's %s) %s", label, st.Trainer, st.TrainerKernel, st.Network, st.TrainerNote)
	return st
}

// rafFrames runs a requestAnimationFrame loop in the page for d and
// returns its frame rate and longest gap between frames: what a person
// sees, whatever the app thinks of its own frames.
func rafFrames(t *testing.T, ctx context.Context, d time.Duration) (fps, maxGap float64) {
	t.Helper()
	js := fmt.Sprintf(`new Promise(done => { const ts = []; const end = performance.now() + %d;
		const tick = t => { ts.push(t); if (t < end) requestAnimationFrame(tick); else done(ts); };
		requestAnimationFrame(tick); })`, d.Milliseconds())
	ts, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](js, chromedp.EvalAwaitPromise))
	if err != nil || len(ts) < 2 {
		t.Errorf("requestAnimationFrame loop: %v (%d frames)", err, len(ts))
		return 0, 0
	}
	for i := 1; i < len(ts); i++ {
		maxGap = math.Max(maxGap, ts[i]-ts[i-1])
	}
	return float64(len(ts)-1) / ((ts[len(ts)-1] - ts[0]) / 1000), maxGap
}

// pauseStops pauses training and checks that the trainer stops within half
// a second: the images trained stay where they were half a second after
// pause().
func pauseStops(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	eval(t, ctx, `window.digits.pause()`)
	if tr, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.digits.training`)); tr {
		t.Errorf("%s: training is still true right after pause()", label)
	}
	time.Sleep(500 * time.Millisecond)
	a := statsOf(t, ctx).TrainedImages
	time.Sleep(time.Second)
	if b := statsOf(t, ctx).TrainedImages; b != a {
		t.Errorf("%s: half a second after pause() the trainer is still training: %v images, a second later %v", label, a, b)
	}
}

// resetReturns resets and waits until the pad uses the pretrained model
// again (its checksum is pretrained).
func resetReturns(t *testing.T, ctx context.Context, pretrained string) {
	t.Helper()
	eval(t, ctx, `window.digits.reset()`)
	poll(t, ctx, fmt.Sprintf(`(() => { const s = window.digits.stats(); return s.pretrained && s.checksum === %q && window.digits.epoch === 0 && window.digits.testAccuracy === null && !window.digits.training; })()`, pretrained),
		10*time.Second, "reset() did not return to the pretrained model")
}

// logLatency logs how long the trainer took to carry out the last command
// (stats().commandMs): from the app sending it to its answer arriving.
func logLatency(t *testing.T, ctx context.Context, label, what string) {
	t.Helper()
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.digits.stats().commandMs`))
	if err == nil {
		t.Logf("MEASURE %s: the trainer answered %s after %.0f ms", label, what, ms)
	}
}

// pageMemory is the page's JavaScript heap after a full collection, in MB.
func pageMemory(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		t.Logf("collect garbage: %v", err)
	}
	u, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		t.Logf("heap usage: %v", err)
		return 0
	}
	return u.UsedSize / 1e6
}

// cycles trains and resets n times: each time the trainer must have
// trained (images reported) before the reset, and the page comes back to
// the pretrained model with no error. The memory of the page (JavaScript
// heap, its WebAssembly memory) and of the trainer (Go heap, WebAssembly
// memory) is logged before and after.
func cycles(t *testing.T, ctx context.Context, label string, n int, pretrained string) {
	t.Helper()
	mem := func(when string) {
		js := pageMemory(t, ctx)
		st := statsOf(t, ctx)
		t.Logf("MEASURE %s: memory %s: page JS heap %.1f MB, page wasm %.1f MB (Go heap %.1f MB), trainer wasm %.1f MB (Go heap %.1f MB)",
			label, when, js, st.WasmMB, st.HeapMB, st.TrainerWasmMB, st.TrainerHeapMB)
	}
	mem("before the cycles")
	t0 := time.Now()
	for i := range n {
		eval(t, ctx, `window.digits.train()`)
		poll(t, ctx, `window.digits.stats().trainedImages > 0 && !window.digits.stats().pretrained`, time.Minute, fmt.Sprintf("cycle %d: the trainer trained nothing", i+1))
		resetReturns(t, ctx, pretrained)
		if e := statsOf(t, ctx).TrainerError; e != "" {
			t.Fatalf("cycle %d: the trainer says %s", i+1, e)
		}
		if msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.error || ""`)); msg != "" {
			t.Fatalf("cycle %d: the page says %s", i+1, msg)
		}
	}
	t.Logf("MEASURE %s: %d train/reset cycles in %v", label, n, time.Since(t0).Round(100*time.Millisecond))
	time.Sleep(time.Second) // the trainer's acknowledgement of the last reset
	mem(fmt.Sprintf("after %d cycles", n))
}

// cmdTrainChecksum trains LeCun's 784-300-100-10 with the page's default
// settings (batch 32, rate 0.1, he, seed 1) for one epoch with cmd/train
// and returns the checksum of the model it saves.
func cmdTrainChecksum(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin, model := filepath.Join(dir, "train"), filepath.Join(dir, "one.model")
	if out, err := exec.Command("go", "build", "-o", bin, "digits/cmd/train").CombinedOutput(); err != nil {
		t.Fatalf("build cmd/train: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--n_hidden", "300", "100", "--batch_size", "32", "--learning_rate", "0.1",
		"--initial_params", "he", "--seed", "1", "--epochs", "1", "--save", model).CombinedOutput()
	if err != nil {
		t.Fatalf("cmd/train: %v\n%s", err, out)
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	net, err := core.ReadModel(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%016x", net.Checksum())
}

// trainOneEpoch trains the default settings for exactly one epoch with
// train(1) and returns the checksum of the network the pad then uses.
func trainOneEpoch(t *testing.T, ctx context.Context, label string) string {
	t.Helper()
	t0 := time.Now()
	eval(t, ctx, `window.digits.train(1)`)
	poll(t, ctx, `window.digits.epoch === 1 && window.digits.training === false && window.digits.testAccuracy !== null`, 10*time.Minute, label+": train(1) did not finish one epoch and pause")
	st := statsOf(t, ctx)
	acc, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.digits.testAccuracy`))
	t.Logf("MEASURE %s: train(1) (784-300-100-10, batch 32, rate 0.1, he, seed 1): %v, test accuracy %.2f%%, %.0f images/s, checksum %s",
		label, time.Since(t0).Round(100*time.Millisecond), 100*acc, st.ImagesPerSecond, st.Checksum)
	if st.TrainedImages != 60000 || st.Network != "784-300-100-10" || st.Pretrained {
		t.Errorf("%s: after train(1) the pad uses %s (pretrained %v) trained on %v images", label, st.Network, st.Pretrained, st.TrainedImages)
	}
	return st.Checksum
}

// TestE2EWorkerFallback opens the page with ?worker=0, the way a browser
// that refuses Web Workers gets it: the trainer runs on the page's thread
// and says so. One epoch there, one in a worker and one by cmd/train give
// the same network bit for bit.
func TestE2EWorkerFallback(t *testing.T) {
	need(t)
	dir := root(t)
	page := filepath.Join(dir, "web", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("%s is missing: run make wasm first", page)
	}
	want := cmdTrainChecksum(t)
	t.Logf("cmd/train, one epoch: checksum %s", want)
	base := serve(t, filepath.Join(dir, "web"))
	for _, c := range []struct{ label, url, where string }{
		{"worker", base, "worker"},
		{"no-worker", base + "?worker=0", "page"},
	} {
		t.Run(c.label, func(t *testing.T) {
			ctx := browser(t)
			ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
			defer cancel()
			openPage(t, ctx, c.url)
			st := waitTrainer(t, ctx, c.label, c.where)
			if c.where == "page" && !strings.Contains(st.TrainerNote, "?worker=0") {
				t.Errorf("the trainer's note %q does not say why it is not in a worker", st.TrainerNote)
			}
			poll(t, ctx, `window.digits.dataReady`, 5*time.Minute, "the training images were never decoded")
			if got := trainOneEpoch(t, ctx, c.label); got != want {
				t.Errorf("%s: one epoch gives checksum %s, cmd/train %s", c.label, got, want)
			}
			screenshot(t, ctx, "fallback-"+c.label)
		})
	}
}

// openPage navigates to url and waits until the pad is ready.
func openPage(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
	poll(t, ctx, `(window.digits && (window.digits.ready || !!window.digits.error)) || false`, 2*time.Minute, "the page did not become ready")
	if msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.error || ""`)); msg != "" {
		t.Fatalf("the page says: %s", msg)
	}
}

// screenshot keeps a screenshot in out/e2e-NAME.png.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	p := filepath.Join(outDir(t), "e2e-"+name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot %s", p)
}
