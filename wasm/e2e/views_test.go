package e2e

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"digits/assets"
	"digits/core"
	"digits/core/draw"
	"digits/data"
	"digits/wasm/app"
)

// native is what the page's pretrained model must agree with: the same
// model and test digits, read natively by core.
type native struct {
	test     *core.Dataset
	net      *core.Network
	guesses  []byte  // PredictAll's
	accuracy float64 // Evaluate's
}

func loadNative(t *testing.T) *native {
	t.Helper()
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	net, err := assets.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	_, acc, err := net.Evaluate(test)
	if err != nil {
		t.Fatal(err)
	}
	return &native{test: test, net: net, guesses: net.PredictAll(test), accuracy: acc}
}

type samples struct {
	TrueDigit *int
	Guess     *int
	Indices   []int
}

// confusionNull checks that window.digits.confusion() is null: right
// after the page is ready, before the test digits are read.
func confusionNull(t *testing.T, ctx context.Context) {
	t.Helper()
	isNull, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.digits.confusion() === null`))
	if err != nil || !isNull {
		t.Errorf("confusion() is not null when the page becomes ready (%v)", err)
	}
}

// checkPretrainedViews checks the confusion matrix of the pretrained model
// against core's own evaluation, clicks the tabs and a cell of the matrix,
// puts one of the cell's digits on the pad, and goes back to the plain
// grid, taking screenshots of each view.
func checkPretrainedViews(t *testing.T, ctx context.Context, nat *native, shot func(string)) {
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.digits.confusion() !== null`, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(3*time.Minute))); err != nil {
		shot("no-confusion")
		t.Fatalf("confusion() stayed null for the pretrained model: %v", err)
	}
	m := confusion(t, ctx)
	var labels [10]int
	for _, y := range nat.test.Labels {
		labels[y]++
	}
	diag := 0
	for y := range 10 {
		row := 0
		for g := range 10 {
			row += m[y][g]
		}
		if row != labels[y] {
			t.Errorf("confusion() row %d sums to %d; there are %d test images of %d", y, row, labels[y], y)
		}
		diag += m[y][y]
	}
	if got := float64(diag) / 10000; got != nat.accuracy {
		t.Errorf("confusion()'s diagonal gives %.4f; core's Evaluate of the same model natively %.4f", got, nat.accuracy)
	}
	var want [10][10]int
	for i, g := range nat.guesses {
		want[nat.test.Labels[i]][g]++
	}
	if m != want {
		t.Errorf("confusion() = %v, natively %v", m, want)
	}

	// The tabs.
	if v := view(t, ctx); v != "curves" {
		t.Errorf("view = %q at start, want curves", v)
	}
	clickNamed(t, ctx, "tab:confusion")
	waitFor(t, ctx, `window.digits.view === "confusion"`, "clicking the Confusion tab shows the matrix")
	shot("confusion")

	// The pretrained model's most frequent misreading: its digits in the grid.
	wy, wg := 0, 1
	for y := range 10 {
		for g := range 10 {
			if y != g && m[y][g] > m[wy][wg] {
				wy, wg = y, g
			}
		}
	}
	clickNamed(t, ctx, fmt.Sprintf("cell:%d:%d", wy, wg))
	waitFor(t, ctx, fmt.Sprintf(`window.digits.samples().trueDigit === %d && window.digits.samples().guess === %d`, wy, wg), "clicking a confusion cell shows its digits")
	s := sampleGrid(t, ctx)
	if len(s.Indices) == 0 || len(s.Indices) > m[wy][wg] {
		t.Fatalf("cell %d→%d (%d digits): the grid shows %v", wy, wg, m[wy][wg], s.Indices)
	}
	for _, i := range s.Indices {
		if int(nat.test.Labels[i]) != wy || int(nat.guesses[i]) != wg {
			t.Errorf("the grid shows test image %d, a %d read natively as %d; want %ds read as %d", i, nat.test.Labels[i], nat.guesses[i], wy, wg)
		}
	}
	t.Logf("cell %d→%d: the grid shows test images %v", wy, wg, s.Indices)

	// One of them onto the pad: the page reads it as core does natively.
	first := s.Indices[0]
	k := app.NewInk()
	k.SetImage(nat.test.Image(first), nat.test.Cols, nat.test.Rows)
	x, err := draw.PreprocessInk(k.A, k.W, k.H)
	if err != nil {
		t.Fatal(err)
	}
	digit, probs := nat.net.Predict(x)
	clickNamed(t, ctx, "sample:0")
	waitFor(t, ctx, fmt.Sprintf(`window.digits.prediction.digit === %d && Math.abs(window.digits.prediction.probabilities[%d] - %v) < 1e-6`, digit, digit, probs[digit]),
		fmt.Sprintf("test image %d on the pad is read as natively (%d, p=%.4f)", first, digit, probs[digit]))
	shot("confusion-cell")

	// Back to the first test digits: Escape, and the button.
	key(t, ctx, kb.Escape)
	waitFor(t, ctx, `window.digits.samples().trueDigit === null && window.digits.samples().indices[0] === 0`, "Escape goes back to the first test digits")
	clickNamed(t, ctx, fmt.Sprintf("cell:%d:%d", wy, wg))
	waitFor(t, ctx, fmt.Sprintf(`window.digits.samples().trueDigit === %d`, wy), "the cell again")
	clickNamed(t, ctx, "all-samples")
	waitFor(t, ctx, `window.digits.samples().trueDigit === null`, "the All test digits button goes back to the first test digits")

	clickNamed(t, ctx, "tab:weights")
	waitFor(t, ctx, `window.digits.view === "weights"`, "clicking the Weights tab shows the weights")
	time.Sleep(time.Second)
	shot("weights")
	key(t, ctx, "v")
	waitFor(t, ctx, `window.digits.view === "curves"`, "V goes from the weights to the curves")
}

// checkTrainedConfusion checks, while a network trains past its first
// epoch, that confusion() is that network's matrix: its diagonal over
// 10,000 is testAccuracy, read in the same turn of the page's event loop.
func checkTrainedConfusion(t *testing.T, ctx context.Context) {
	type snap struct {
		Matrix [10][10]int
		Acc    float64
		Epoch  int
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[snap](`({matrix: window.digits.confusion(), acc: window.digits.testAccuracy, epoch: window.digits.epoch})`))
	if err != nil {
		t.Fatalf("confusion() after an epoch: %v", err)
	}
	diag, total := 0, 0
	for y := range 10 {
		for g := range 10 {
			total += s.Matrix[y][g]
		}
		diag += s.Matrix[y][y]
	}
	if total != 10000 || float64(diag)/10000 != s.Acc {
		t.Errorf("epoch %d: confusion() counts %d digits, %d right (%.4f); testAccuracy %.4f", s.Epoch, total, diag, float64(diag)/10000, s.Acc)
	}
	t.Logf("epoch %d: confusion() diagonal %d/10000 = testAccuracy %.4f", s.Epoch, diag, s.Acc)
}

// TestE2EPortrait is the page on a phone held upright (412×915 CSS
// pixels): the views fit, a click on a confusion cell filters the grid,
// and they are shown for the pretrained model and a network in training.
func TestE2EPortrait(t *testing.T) {
	need(t)
	dir := root(t)
	if _, err := os.Stat(filepath.Join(dir, "web", "app.html")); err != nil {
		t.Fatalf("web/app.html is missing: run make wasm first")
	}
	nat := loadNative(t)
	url := serve(t, filepath.Join(dir, "web"))
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(412, 915, chromedp.EmulatePortrait)); err != nil {
		t.Fatal(err)
	}
	shot := screenshotter(t, ctx, "portrait")
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(window.digits && (window.digits.ready || !!window.digits.error)) || false`, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		t.Fatalf("the page did not become ready: %v", err)
	}
	confusionNull(t, ctx)
	pad, err := chromedp.Run(ctx, chromedp.Evaluate[rect](`window.digits.padRect()`))
	if err != nil || pad.Width < 50 || pad.X+pad.Width > 412 {
		t.Fatalf("padRect() = %+v, %v", pad, err)
	}
	var seven [][2]float64
	for i := 0; i <= 12; i++ {
		seven = append(seven, [2]float64{0.28 + 0.44*float64(i)/12, 0.22})
	}
	for i := 1; i <= 20; i++ {
		f := float64(i) / 20
		seven = append(seven, [2]float64{0.72 - 0.26*f, 0.22 + 0.6*f})
	}
	checkDigit(t, ctx, pad, "portrait", 7, [][][2]float64{seven})
	checkPretrainedViews(t, ctx, nat, shot)

	// Training: the weights view follows the network, the matrix appears
	// at the end of the first epoch.
	clickNamed(t, ctx, "tab:weights")
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.digits.train()`))
	waitFor(t, ctx, `window.digits.training && window.digits.stats().pretrained === false`, "train() starts training")
	// Until its first epoch ends, a network in training has no matrix
	// (read in one turn of the page's event loop: the worker may finish
	// an epoch within seconds).
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.digits.testAccuracy !== null || window.digits.confusion() === null`)); err != nil || !ok {
		t.Errorf("confusion() is not null for a network in its first epoch (%v)", err)
	}
	time.Sleep(6 * time.Second)
	shot("training-weights")
	clickNamed(t, ctx, "tab:confusion")
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.digits.epoch >= 1 && window.digits.testAccuracy !== null`, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(10*time.Minute))); err != nil {
		shot("training-failed")
		t.Fatalf("no epoch finished: %v", err)
	}
	checkTrainedConfusion(t, ctx)
	time.Sleep(time.Second)
	shot("training-confusion")
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.digits.pause()`))
}

// screenshotter returns a function that saves a screenshot of the page as
// out/e2e-LABEL-NAME.png.
func screenshotter(t *testing.T, ctx context.Context, label string) func(string) {
	return func(name string) {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Errorf("screenshot: %v", err)
			return
		}
		p := filepath.Join(outDir(t), fmt.Sprintf("e2e-%s-%s.png", label, name))
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Error(err)
		}
		t.Logf("screenshot %s", p)
	}
}

func confusion(t *testing.T, ctx context.Context) [10][10]int {
	t.Helper()
	m, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](`window.digits.confusion()`))
	if err != nil || len(m) != 10 {
		t.Fatalf("confusion() = %v, %v; want 10 rows", m, err)
	}
	var c [10][10]int
	for y, row := range m {
		if len(row) != 10 {
			t.Fatalf("confusion() row %d has %d columns", y, len(row))
		}
		for g, v := range row {
			if v != math.Trunc(v) || v < 0 {
				t.Fatalf("confusion()[%d][%d] = %v, not a count", y, g, v)
			}
			c[y][g] = int(v)
		}
	}
	return c
}

func view(t *testing.T, ctx context.Context) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.digits.view`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sampleGrid(t *testing.T, ctx context.Context) samples {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[samples](`window.digits.samples()`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// clickNamed clicks the middle of a part of the screen that
// window.digits.rect(name) names.
func clickNamed(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[*rect](fmt.Sprintf(`window.digits.rect(%q)`, name)))
	if err != nil || r == nil || r.Width <= 0 {
		t.Fatalf("rect(%q) = %+v, %v", name, r, err)
	}
	x, y := r.X+r.Width/2, r.Y+r.Height/2
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // a frame or two sees the button down
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1), func(p *input.DispatchMouseEventParams) { p.Buttons = 0 })); err != nil {
		t.Fatal(err)
	}
}

// key presses and releases a key, held long enough for a frame to see it.
func key(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	for _, r := range k {
		for _, ev := range kb.Encode(r) {
			if ev.Type == input.DispatchKeyEventTypeKeyUp {
				time.Sleep(50 * time.Millisecond)
			}
			err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, input.DispatchKeyEvent, *ev)
				return err
			}))
			if err != nil {
				t.Fatalf("key %q: %v", k, err)
			}
		}
	}
}

// waitFor polls a JavaScript condition for up to 30 seconds.
func waitFor(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatalf("%s: %s is still false (%v)", what, cond, err)
	}
}
