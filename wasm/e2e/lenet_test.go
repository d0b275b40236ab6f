package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// lenetHash is the settings of the LeNet-5 run the page and cmd/train
// must agree on.
const lenetHash = "arch=lenet5&lr=0.2&batch=64&init=he&seed=1"

// TestE2ELeNet trains LeNet-5 in the page from settings in the URL: the
// panel and window.digits.settings say LeNet-5, one epoch of train(1)
// gives exportModel() equal byte for byte to what cmd/train --arch lenet5
// saves with the same flags, and the weights view draws the first
// convolution's 6 filters in the diverging colour map and a test digit's
// feature maps; then the same in a 412×915 portrait viewport, for the
// screenshots.
func TestE2ELeNet(t *testing.T) {
	need(t)
	dir := root(t)
	if _, err := os.Stat(filepath.Join(dir, "web", "app.html")); err != nil {
		t.Fatalf("web/app.html is missing: run make wasm first")
	}
	want := cmdTrainLeNet(t)
	url := serve(t, filepath.Join(dir, "web"))
	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
	defer cancel()
	openPage(t, ctx, url+"#"+lenetHash)
	type settings struct {
		Arch         string
		Hidden       []int
		LearningRate float64
		BatchSize    int
		Init         string
		Seed         float64
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[settings](`window.digits.settings`))
	if err != nil || s.Arch != "lenet5" || len(s.Hidden) != 0 || s.LearningRate != 0.2 || s.BatchSize != 64 || s.Init != "he" || s.Seed != 1 {
		t.Fatalf("window.digits.settings = %+v, %v", s, err)
	}
	poll(t, ctx, `window.digits.dataReady`, 5*time.Minute, "the training images were never decoded")

	t0 := time.Now()
	eval(t, ctx, `window.digits.train(1)`)
	poll(t, ctx, `window.digits.training && window.digits.stats().network === "LeNet-5"`, time.Minute, "train(1) does not train LeNet-5")
	poll(t, ctx, `window.digits.stats().trainedImages >= 30000`, 15*time.Minute, "LeNet-5 never got half way through its first epoch")
	mid := statsOf(t, ctx)
	t.Logf("MEASURE LeNet-5 in the %s, half way through the first epoch: %.0f images/s", mid.Trainer, mid.ImagesPerSecond)
	poll(t, ctx, `window.digits.epoch === 1 && window.digits.training === false && window.digits.testAccuracy !== null`, 15*time.Minute, "train(1) did not finish one epoch of LeNet-5 and pause")
	st := statsOf(t, ctx)
	acc, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.digits.testAccuracy`))
	t.Logf("MEASURE LeNet-5 train(1) (batch 64, rate 0.2, he, seed 1): %v, test accuracy %.2f%%, %.0f images/s", time.Since(t0).Round(100*time.Millisecond), 100*acc, st.ImagesPerSecond)
	if st.Network != "LeNet-5" || st.TrainedImages != 60000 || acc < 0.95 {
		t.Errorf("after train(1): network %q trained on %v images, test accuracy %v", st.Network, st.TrainedImages, acc)
	}
	ints, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`Array.from(window.digits.exportModel())`))
	if err != nil {
		t.Fatalf("exportModel(): %v", err)
	}
	got := make([]byte, len(ints))
	for i, v := range ints {
		got[i] = byte(v)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("exportModel() after train(1) (%d bytes) differs from cmd/train --arch lenet5 --save (%d bytes)", len(got), len(want))
	}
	checkConfusionDiagonal(t, ctx)

	clickNamed(t, ctx, "tab:weights")
	clickNamed(t, ctx, "sample:0") // a 7 on the pad: its feature maps
	waitFor(t, ctx, `window.digits.view === "weights" && window.digits.prediction.digit === 7`, "the weights view with test digit 0 on the pad")
	time.Sleep(1500 * time.Millisecond)
	shot := screenshotter(t, ctx, "lenet")
	shot("weights")
	img := capture(t, ctx)
	for i := range 6 {
		blue, orange := colourShares(img, namedRect(t, ctx, fmt.Sprintf("filter:%d", i)))
		if blue < 0.05 || orange < 0.05 {
			t.Errorf("filter %d: %.0f%% blue, %.0f%% orange pixels; want both signs drawn in the diverging map", i, 100*blue, 100*orange)
		}
	}
	lit := 0
	for i := range 16 {
		if bright(img, namedRect(t, ctx, fmt.Sprintf("map:2:%d", i))) > 0.01 {
			lit++
		}
	}
	if lit < 4 {
		t.Errorf("only %d of the 16 feature maps of conv 2 show a firing neuron for a drawn 7", lit)
	}

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(412, 915, chromedp.EmulatePortrait)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	shot("portrait-weights")
}

// cmdTrainLeNet runs cmd/train --arch lenet5 with lenetHash's settings for
// one epoch and returns the model file it saves.
func cmdTrainLeNet(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	bin, model := filepath.Join(dir, "train"), filepath.Join(dir, "lenet5.model")
	if out, err := exec.Command("go", "build", "-o", bin, "digits/cmd/train").CombinedOutput(); err != nil {
		t.Fatalf("build cmd/train: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--arch", "lenet5", "--learning_rate", "0.2", "--batch_size", "64",
		"--initial_params", "he", "--seed", "1", "--epochs", "1", "--save", model).CombinedOutput()
	if err != nil {
		t.Fatalf("cmd/train: %v\n%s", err, out)
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkConfusionDiagonal checks that confusion() is the trained
// network's: its diagonal over 10,000 is testAccuracy.
func checkConfusionDiagonal(t *testing.T, ctx context.Context) {
	t.Helper()
	m := confusion(t, ctx)
	acc, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.digits.testAccuracy`))
	diag := 0
	for d := range 10 {
		diag += m[d][d]
	}
	if float64(diag)/10000 != acc {
		t.Errorf("confusion() diagonal %d/10000, testAccuracy %v", diag, acc)
	}
}

// capture is a screenshot of the page, decoded; at the tests' device
// pixel ratio of 1 its pixels are CSS pixels.
func capture(t *testing.T, ctx context.Context) image.Image {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func namedRect(t *testing.T, ctx context.Context, name string) rect {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[*rect](fmt.Sprintf(`window.digits.rect(%q)`, name)))
	if err != nil || r == nil || r.Width < 4 {
		t.Fatalf("rect(%q) = %+v, %v", name, r, err)
	}
	return *r
}

// colourShares is the share of the pixels inside r (a little in from its
// edges) that are clearly blue and clearly orange.
func colourShares(img image.Image, r rect) (blue, orange float64) {
	n := 0
	eachPixel(img, r, func(red, green, b int) {
		n++
		switch {
		case b > red+40:
			blue++
		case red > b+40 && green > b:
			orange++
		}
	})
	if n == 0 {
		return 0, 0
	}
	return blue / float64(n), orange / float64(n)
}

// bright is the share of the pixels inside r that are light: a neuron of
// a feature map that fires.
func bright(img image.Image, r rect) float64 {
	n, lit := 0, 0
	eachPixel(img, r, func(red, green, b int) {
		n++
		if max(red, green, b) > 150 {
			lit++
		}
	})
	if n == 0 {
		return 0
	}
	return float64(lit) / float64(n)
}

func eachPixel(img image.Image, r rect, f func(red, green, b int)) {
	in := 0.15 * min(r.Width, r.Height)
	for y := int(r.Y + in); y < int(r.Y+r.Height-in); y++ {
		for x := int(r.X + in); x < int(r.X+r.Width-in); x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			f(int(cr>>8), int(cg>>8), int(cb>>8))
		}
	}
}
