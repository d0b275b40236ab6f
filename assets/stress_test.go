package assets

import (
	"math"
	"testing"

	"digits/core"
	"digits/core/draw"
	"digits/data"
)

// penDraw draws MNIST digit src on a 280×280 draw pad's ink buffer: scaled
// by scale, rotated by rot (radians) and slanted by shear around its
// centre, which lands at (cx, cy); the strokes are where the upscaled
// digit's ink is at least cut (0.5 follows MNIST's strokes, 0.9 keeps
// only their cores: a thin pen), widened by a round pen of radius pen.
func penDraw(src []byte, scale, rot, shear, cut float64, pen int, cx, cy float64) []float32 {
	const side = 280
	ink := make([]float32, side*side)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= 28 || y >= 28 {
			return 0
		}
		return float64(src[y*28+x]) / 255
	}
	cos, sin := math.Cos(rot), math.Sin(rot)
	for y := range side {
		for x := range side {
			px, py := float64(x)+0.5-cx, float64(y)+0.5-cy
			qx, qy := cos*px+sin*py, -sin*px+cos*py // undo the rotation
			qx -= shear * qy                        // undo the slant
			u, v := qx/scale+14-0.5, qy/scale+14-0.5
			i, j := int(math.Floor(u)), int(math.Floor(v))
			fu, fv := u-float64(i), v-float64(j)
			if (1-fv)*((1-fu)*at(i, j)+fu*at(i+1, j))+fv*((1-fu)*at(i, j+1)+fu*at(i+1, j+1)) >= cut {
				ink[y*side+x] = 1
			}
		}
	}
	if pen == 0 {
		return ink
	}
	wide := make([]float32, len(ink))
	for y := range side {
		for x := range side {
			if ink[y*side+x] == 0 {
				continue
			}
			for dy := -pen; dy <= pen; dy++ {
				for dx := -pen; dx <= pen; dx++ {
					if dx*dx+dy*dy <= pen*pen && x+dx >= 0 && y+dy >= 0 && x+dx < side && y+dy < side {
						wide[(y+dy)*side+x+dx] = 1
					}
				}
			}
		}
	}
	return wide
}

// The ways drawn digits are notorious for being misread: off-centre,
// small, with a fat or a thin pen, tilted, slanted. Each case must be
// read nearly as well as MNIST itself. The limits sit a few points below
// what the committed model measured on these 300 digits (the comment
// after each case, in %), so they catch a real regression, not noise.
func TestDefaultModelStress(t *testing.T) {
	if testing.Short() {
		t.Skip("draws 3,300 digits")
	}
	net, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	deg := math.Pi / 180
	cases := []struct {
		name                   string
		scale, rot, shear, cut float64
		pen                    int
		cx, cy                 float64
		min                    float64
	}{
		{"centred, MNIST's pen", 8, 0, 0, 0.5, 0, 140, 140, 0.96},        // 99.0
		{"off-centre, in a corner", 4, 0, 0, 0.5, 0, 60, 215, 0.96},      // 99.0
		{"small, fat brush (radius 6)", 2, 0, 0, 0.5, 6, 140, 140, 0.86}, // 91.0
		{"small, fat brush (radius 8)", 3, 0, 0, 0.5, 8, 100, 150, 0.90}, // 95.0
		{"big, fat brush (radius 12)", 8, 0, 0, 0.5, 12, 140, 140, 0.95}, // 98.7
		{"thin pen", 9, 0, 0, 0.9, 0, 140, 140, 0.90},                    // 94.0
		{"tiny, 30 pixels high", 1.5, 0, 0, 0.5, 1, 200, 60, 0.95},       // 99.3
		{"tilted +20°", 8, 20 * deg, 0, 0.5, 0, 140, 140, 0.94},          // 98.7
		{"tilted -20°", 8, -20 * deg, 0, 0.5, 0, 140, 140, 0.94},         // 97.0
		{"slanted right", 8, 0, -0.4, 0.5, 0, 140, 140, 0.95},            // 99.0
		{"slanted left", 8, 0, 0.3, 0.5, 0, 140, 140, 0.95},              // 99.0
	}
	const n = 300
	for _, c := range cases {
		right := 0
		for i := range n {
			x, err := draw.PreprocessInk(penDraw(test.Image(i), c.scale, c.rot, c.shear, c.cut, c.pen, c.cx, c.cy), 280, 280)
			if err != nil {
				t.Fatalf("%s, test image %d: %v", c.name, i, err)
			}
			if d, _ := net.Predict(x); d == int(test.Labels[i]) {
				right++
			}
		}
		acc := float64(right) / n
		t.Logf("%-28s %5.1f%%", c.name, 100*acc)
		if acc < c.min {
			t.Errorf("%s: %.1f%% right, want ≥ %.0f%%", c.name, 100*acc, 100*c.min)
		}
	}
}
