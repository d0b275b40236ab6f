package assets

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"digits/core"
	"digits/core/draw"
	"digits/data"
)

// redraw draws MNIST digit src the way a person would on a 280×280 draw
// pad or a sheet of paper: scaled up (3 to 9 times), with hard-edged
// strokes of a pen as wide as MNIST's or up to one MNIST pixel wider,
// anywhere on the canvas, dark on light or light on dark, in grey or in
// colour, or with opaque ink on a transparent background. style picks
// the look; rng the size, pen and place.
func redraw(src []byte, style int, rng *rand.Rand) image.Image {
	const side = 280
	scale := 3 + 6*rng.Float64()
	pen := int(rng.Float64() * scale / 2) // extra pen radius, canvas pixels
	size := int(28*scale) + 2*pen
	x0 := rng.IntN(max(1, side-size)) // top-left corner: off-centre as it falls
	y0 := rng.IntN(max(1, side-size))

	// Hard-edged strokes: bilinear upscaling cut at half ink.
	mask := make([]bool, side*side)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= 28 || y >= 28 {
			return 0
		}
		return float64(src[y*28+x]) / 255
	}
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			u := (float64(x-x0-pen)+0.5)/scale - 0.5
			v := (float64(y-y0-pen)+0.5)/scale - 0.5
			i, j := int(math.Floor(u)), int(math.Floor(v))
			fu, fv := u-float64(i), v-float64(j)
			ink := (1-fv)*((1-fu)*at(i, j)+fu*at(i+1, j)) + fv*((1-fu)*at(i, j+1)+fu*at(i+1, j+1))
			mask[y*side+x] = ink >= 0.5
		}
	}
	// A wider pen: every pixel within pen of a stroke is ink (a round nib).
	if pen > 0 {
		wide := make([]bool, len(mask))
		for y := 0; y < side; y++ {
			for x := 0; x < side; x++ {
				if !mask[y*side+x] {
					continue
				}
				for dy := -pen; dy <= pen; dy++ {
					for dx := -pen; dx <= pen; dx++ {
						if dx*dx+dy*dy <= pen*pen && x+dx >= 0 && y+dy >= 0 && x+dx < side && y+dy < side {
							wide[(y+dy)*side+x+dx] = true
						}
					}
				}
			}
		}
		mask = wide
	}

	var inkC, paperC color.Color
	var img interface {
		image.Image
		Set(x, y int, c color.Color)
	}
	r := image.Rect(0, 0, side, side)
	switch style % 5 {
	case 0: // pencil on paper
		img, inkC, paperC = image.NewGray(r), color.Gray{30}, color.Gray{235}
	case 1: // chalk on a blackboard
		img, inkC, paperC = image.NewGray(r), color.Gray{240}, color.Gray{20}
	case 2: // blue ink on yellow paper
		img, inkC, paperC = image.NewRGBA(r), color.RGBA{30, 50, 190, 255}, color.RGBA{250, 235, 140, 255}
	case 3: // light green on dark red
		img, inkC, paperC = image.NewRGBA(r), color.RGBA{160, 255, 160, 255}, color.RGBA{90, 10, 20, 255}
	case 4: // a canvas: opaque black strokes, transparent elsewhere
		img, inkC, paperC = image.NewNRGBA(r), color.NRGBA{0, 0, 0, 255}, color.NRGBA{255, 255, 255, 0}
	}
	for i, on := range mask {
		c := paperC
		if on {
			c = inkC
		}
		img.Set(i%side, i/side, c)
	}
	return img
}

// The default model reads MNIST digits redrawn as people draw almost as
// well as the originals: at least 99% of what it gets right on them.
func TestDefaultModelReadsRedrawnDigits(t *testing.T) {
	net, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	n := 2000
	if testing.Short() {
		n = 300
	}
	rng := core.NewRand(2026)
	x := make([]float32, 784)
	var original, redrawn int
	perStyle := make([]int, 5)
	for i := range n {
		test.Pixels(i, x)
		label := int(test.Labels[i])
		if d, _ := net.Predict(x); d == label {
			original++
		}
		p, err := draw.Preprocess(redraw(test.Image(i), i, rng))
		if err != nil {
			t.Fatalf("test image %d redrawn: %v", i, err)
		}
		if d, _ := net.Predict(p); d == label {
			redrawn++
			perStyle[i%5]++
		}
	}
	t.Logf("%d test digits: %d right as in MNIST, %d right redrawn (per style %v of %d)", n, original, redrawn, perStyle, n/5)
	if float64(redrawn) < 0.99*float64(original) {
		t.Errorf("redrawn digits: %d right, want at least 99%% of the %d right as in MNIST (%.0f)", redrawn, original, math.Ceil(0.99*float64(original)))
	}
}
