package draw

import (
	"errors"
	"image"
	"image/color"
	"math"
	"runtime"
	"slices"
	"testing"

	"digits/core"
	"digits/data"
)

// testDigits loads MNIST's 10,000 test images from the embedded files.
func testDigits(t testing.TB) *core.Dataset {
	t.Helper()
	d, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// strokeMask redraws a 28×28 MNIST digit the way a pen on a big canvas
// would: scaled up by scale (bilinear, then cut at half ink, so the edges
// are hard), placed with its top-left corner at (x0, y0) on a w×h canvas.
func strokeMask(src []float32, w, h, x0, y0 int, scale float64) []bool {
	mask := make([]bool, w*h)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= 28 || y >= 28 {
			return 0
		}
		return float64(src[y*28+x])
	}
	for y := max(0, y0); y < min(h, y0+int(28*scale)); y++ {
		for x := max(0, x0); x < min(w, x0+int(28*scale)); x++ {
			u, v := (float64(x-x0)+0.5)/scale-0.5, (float64(y-y0)+0.5)/scale-0.5
			i, j := int(math.Floor(u)), int(math.Floor(v))
			fu, fv := u-float64(i), v-float64(j)
			ink := (1-fv)*((1-fu)*at(i, j)+fu*at(i+1, j)) + fv*((1-fu)*at(i, j+1)+fu*at(i+1, j+1))
			mask[y*w+x] = ink >= 0.5
		}
	}
	return mask
}

// paint draws mask on a fresh image of the given kind: ink where the mask
// is set, paper elsewhere.
func paint(kind string, mask []bool, w, h int, inkC, paperC color.Color) image.Image {
	var img interface {
		image.Image
		Set(x, y int, c color.Color)
	}
	r := image.Rect(0, 0, w, h)
	switch kind {
	case "gray":
		img = image.NewGray(r)
	case "rgba":
		img = image.NewRGBA(r)
	case "nrgba":
		img = image.NewNRGBA(r)
	case "rgba64":
		img = image.NewRGBA64(r)
	case "paletted":
		img = image.NewPaletted(r, color.Palette{paperC, inkC})
	default:
		panic(kind)
	}
	for i, on := range mask {
		c := paperC
		if on {
			c = inkC
		}
		img.Set(i%w, i/w, c)
	}
	return img
}

// centre returns the centre of mass of a 28×28 input.
func centre(x []float32) (cx, cy float64) {
	return (&grid{w: 28, h: 28, v: x}).centreOfMass()
}

// meanAbsDiff is the mean absolute difference of two inputs per pixel.
func meanAbsDiff(a, b []float32) float64 {
	s := 0.0
	for i := range a {
		s += math.Abs(float64(a[i] - b[i]))
	}
	return s / float64(len(a))
}

// checkInput checks what every preprocessed input must be: 784 values in
// [0, 1] reaching 1, the centre of mass on pixel 14, the ink within a
// 20×20 box (21 with a partly covered edge pixel).
func checkInput(t *testing.T, name string, x []float32) {
	t.Helper()
	if len(x) != 784 {
		t.Fatalf("%s: %d values, want 784", name, len(x))
	}
	top := float32(0)
	for _, v := range x {
		if !(v >= 0 && v <= 1) {
			t.Fatalf("%s: value %v outside [0, 1]", name, v)
		}
		top = max(top, v)
	}
	if top != 1 {
		t.Errorf("%s: strongest ink %v, want 1", name, top)
	}
	g := &grid{w: 28, h: 28, v: x}
	x0, y0, x1, y1 := g.bounds()
	spills := x0 == 0 || y0 == 0 || x1 == 28 || y1 == 28 // a lopsided digit loses its tip, as in MNIST
	if cx, cy := centre(x); !spills && (math.Abs(cx-comTarget) > 0.02 || math.Abs(cy-comTarget) > 0.02) {
		t.Errorf("%s: centre of mass (%.3f, %.3f), want (%.1f, %.1f)", name, cx, cy, comTarget, comTarget)
	}
	if x1-x0 > BoxSide+1 || y1-y0 > BoxSide+1 || max(x1-x0, y1-y0) < BoxSide {
		t.Errorf("%s: ink box %d×%d, want the longer side %d", name, x1-x0, y1-y0, BoxSide)
	}
}

// MNIST's own digits are already what Preprocess makes: they must come
// out nearly unchanged.
func TestPreprocessKeepsMNIST(t *testing.T) {
	d := testDigits(t)
	x := make([]float32, 784)
	total := 0.0
	const n = 500
	for i := range n {
		d.Pixels(i, x)
		p, err := PreprocessInk(x, 28, 28)
		if err != nil {
			t.Fatalf("test image %d: %v", i, err)
		}
		checkInput(t, "mnist", p)
		total += meanAbsDiff(p, x)
	}
	// A plain MNIST digit has about 0.13 ink per pixel on average; the
	// differences come from re-cutting the faint edge and re-scaling.
	if mean := total / n; mean > 0.04 {
		t.Errorf("preprocessed MNIST differs from the original by %.3f per pixel, want ≤ 0.04", mean)
	}
}

// The same drawing must give (almost) the same input whatever its
// position, size, polarity, colours and image type.
func TestPreprocessInvariance(t *testing.T) {
	d := testDigits(t)
	src := make([]float32, 784)
	black, white := color.Gray{0}, color.Gray{255}
	cases := []struct {
		name         string
		kind         string
		w, h, x0, y0 int
		scale        float64
		ink, paper   color.Color
	}{
		{"black on white, centred", "gray", 280, 280, 0, 0, 10, black, white},
		{"white on black, off-centre", "gray", 280, 280, 150, 120, 4, white, black},
		{"small in a corner", "rgba", 280, 280, 5, 200, 2.5, black, white},
		{"blue ink on yellow paper", "nrgba", 300, 200, 60, 10, 6, color.NRGBA{20, 40, 200, 255}, color.NRGBA{250, 240, 150, 255}},
		{"opaque ink on transparent", "nrgba", 280, 280, 40, 30, 7, color.NRGBA{0, 0, 0, 255}, color.NRGBA{0, 0, 0, 0}},
		{"white ink on transparent", "rgba", 280, 280, 40, 30, 7, color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 0}},
		{"16-bit", "rgba64", 200, 400, 10, 100, 6, color.RGBA64{0x1000, 0x1000, 0x1000, 0xffff}, color.RGBA64{0xe000, 0xe000, 0xe000, 0xffff}},
		{"paletted (GIF)", "paletted", 280, 280, 20, 20, 8, color.RGBA{200, 0, 0, 255}, color.RGBA{255, 255, 255, 255}},
	}
	for _, i := range []int{0, 1, 2, 3, 4, 7, 8, 11} { // digits 7 2 1 0 4 9 5 6
		d.Pixels(i, src)
		var ref []float32
		for _, c := range cases {
			mask := strokeMask(src, c.w, c.h, c.x0, c.y0, c.scale)
			x, err := Preprocess(paint(c.kind, mask, c.w, c.h, c.ink, c.paper))
			if err != nil {
				t.Fatalf("image %d, %s: %v", i, c.name, err)
			}
			checkInput(t, c.name, x)
			if ref == nil {
				ref = x
				continue
			}
			// The small and the big drawings differ in their jagged
			// edges, so allow some difference, but far less than two
			// different digits have (about 0.15 to 0.25 per pixel).
			if diff := meanAbsDiff(ref, x); diff > 0.05 {
				t.Errorf("image %d, %s: differs from %q by %.3f per pixel, want ≤ 0.05", i, c.name, cases[0].name, diff)
			}
		}
	}
}

// Pictures without ink are "no digit", never a guess.
func TestPreprocessNoDigit(t *testing.T) {
	noisy := image.NewGray(image.Rect(0, 0, 200, 150))
	rng := core.NewRand(1)
	for i := range noisy.Pix {
		noisy.Pix[i] = uint8(230 + rng.IntN(20)) // paper texture, ±4%
	}
	cases := map[string]image.Image{
		"1×1 white":       image.NewGray(image.Rect(0, 0, 1, 1)),
		"0×0":             image.NewRGBA(image.Rect(0, 0, 0, 0)),
		"blank white":     paint("gray", make([]bool, 100*80), 100, 80, color.Black, color.White),
		"all transparent": image.NewNRGBA(image.Rect(0, 0, 64, 64)),
		"noisy paper":     noisy,
		"2×1 uniform":     paint("rgba", make([]bool, 2), 2, 1, color.Black, color.RGBA{10, 200, 30, 255}),
	}
	for name, img := range cases {
		x, err := Preprocess(img)
		if !errors.Is(err, ErrNoDigit) {
			t.Errorf("%s: got %v, %v; want an error wrapping ErrNoDigit", name, x != nil, err)
		}
	}
	if _, err := PreprocessInk(make([]float32, 280*280), 280, 280); !errors.Is(err, ErrNoDigit) {
		t.Errorf("empty draw pad: got %v, want ErrNoDigit", err)
	}
}

// Tiny pictures with ink are handled, not rejected or crashed on: even
// one dark pixel is a (very round) digit.
func TestPreprocessTiny(t *testing.T) {
	for _, size := range []image.Rectangle{image.Rect(0, 0, 3, 3), image.Rect(5, 7, 9, 9), image.Rect(0, 0, 1, 40)} {
		img := image.NewGray(size)
		for i := range img.Pix {
			img.Pix[i] = 255
		}
		c := size.Min.Add(size.Size().Div(2))
		img.SetGray(c.X, c.Y, color.Gray{0})
		x, err := Preprocess(img)
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		checkInput(t, size.String(), x)
	}
}

// A digit with dust around it reads like the clean digit, and a hair-thin
// pen line on a big picture is thickened to a visible stroke.
func TestPreprocessSpecksAndThinLines(t *testing.T) {
	d := testDigits(t)
	src := make([]float32, 784)
	d.Pixels(0, src)
	const w, h = 400, 400
	mask := strokeMask(src, w, h, 60, 60, 10)
	clean, err := Preprocess(paint("gray", mask, w, h, color.Black, color.White))
	if err != nil {
		t.Fatal(err)
	}
	dusty := slices.Clone(mask)
	for _, p := range [][2]int{{5, 5}, {390, 10}, {200, 395}, {380, 380}} {
		dusty[p[1]*w+p[0]] = true
		dusty[p[1]*w+p[0]+1] = true
	}
	x, err := Preprocess(paint("gray", dusty, w, h, color.Black, color.White))
	if err != nil {
		t.Fatal(err)
	}
	if diff := meanAbsDiff(clean, x); diff != 0 {
		t.Errorf("specks changed the input by %.4f per pixel, want 0", diff)
	}

	// An "L" drawn with a 1-pixel line, 600 pixels tall.
	img := image.NewGray(image.Rect(0, 0, 1000, 1000))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 200; y < 800; y++ {
		img.SetGray(300, y, color.Gray{0})
	}
	for x := 300; x < 600; x++ {
		img.SetGray(x, 799, color.Gray{0})
	}
	x, err = Preprocess(img)
	if err != nil {
		t.Fatal(err)
	}
	checkInput(t, "thin L", x)
	if width := (&grid{w: 28, h: 28, v: x}).strokeWidth(); width < 1.2 {
		t.Errorf("thin line came out %.2f pixels wide, want ≥ 1.2", width)
	}
}

// Bad ink buffers get clear errors.
func TestPreprocessInkErrors(t *testing.T) {
	nan := make([]float32, 16)
	nan[5] = float32(math.NaN())
	for name, c := range map[string]struct {
		ink  []float32
		w, h int
	}{
		"short":    {make([]float32, 10), 4, 4},
		"negative": {make([]float32, 16), -4, -4},
		"NaN":      {nan, 4, 4},
	} {
		if _, err := PreprocessInk(c.ink, c.w, c.h); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Preprocess gives the same numbers for any number of CPUs, and a huge
// picture (shrunk by boxes first) reads like a small one.
func TestPreprocessHugeAndDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a 6000×6000 picture")
	}
	d := testDigits(t)
	src := make([]float32, 784)
	d.Pixels(1, src)
	const side = 6000
	mask := strokeMask(src, side, side, 500, 900, 150)
	img := paint("gray", mask, side, side, color.Black, color.White)
	small, err := Preprocess(paint("gray", strokeMask(src, 280, 280, 0, 0, 10), 280, 280, color.Black, color.White))
	if err != nil {
		t.Fatal(err)
	}
	var got [][]float32
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		x, err := Preprocess(img)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		checkInput(t, "huge", x)
		got = append(got, x)
	}
	for _, x := range got[1:] {
		if !slices.Equal(x, got[0]) {
			t.Errorf("results differ between GOMAXPROCS 1, 2 and 3")
		}
	}
	if diff := meanAbsDiff(small, got[0]); diff > 0.05 {
		t.Errorf("huge picture differs from a small one by %.3f per pixel, want ≤ 0.05", diff)
	}
}

// A photo of a digit on paper lit from one side: the shadow is paper,
// not ink, and the digit reads as it would on evenly lit paper.
func TestPreprocessUnevenLight(t *testing.T) {
	d := testDigits(t)
	src := make([]float32, 784)
	const w, h = 600, 400
	for i := range 10 {
		d.Pixels(i, src)
		mask := strokeMask(src, w, h, 200, 60, 10)
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		rng := core.NewRand(uint64(i))
		for y := range h {
			for x := range w {
				// Paper from 245 in the top-left corner down to 165 in the
				// bottom-right, ink about 70, both with some grain.
				p := 245 - 80*float64(x+y)/float64(w+h) + float64(rng.IntN(10))
				if mask[y*w+x] {
					p = 60 + float64(rng.IntN(20))
				}
				img.SetRGBA(x, y, color.RGBA{uint8(p), uint8(p), uint8(p * 0.95), 255})
			}
		}
		x, err := Preprocess(img)
		if err != nil {
			t.Fatalf("test image %d: %v", i, err)
		}
		checkInput(t, "uneven light", x)
		clean, err := PreprocessInk(src, 28, 28)
		if err != nil {
			t.Fatal(err)
		}
		if diff := meanAbsDiff(clean, x); diff > 0.06 {
			t.Errorf("test image %d under uneven light differs from the clean digit by %.3f per pixel, want ≤ 0.06", i, diff)
		}
	}
}
