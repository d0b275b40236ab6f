package draw

import (
	"errors"
	"fmt"
	"math"
)

// This file holds steps 2 to 6 of the package documentation: from an ink
// buffer to the network's input.

// InputSide is the side of the network's input image: 28 pixels.
const InputSide = 28

// BoxSide is the side of the box the digit is scaled to fit: 20 pixels.
const BoxSide = 20

// comTarget is where the centre of mass goes, in both directions, with
// pixel i covering [i, i+1): the centre of pixel 14. Measured on MNIST's
// test set, the mean centre of mass is (14.50, 14.49): LeCun put it on
// the pixel of index 14, the "centre" of an even-sized field.
const comTarget = 14.5

const (
	// minInk: a picture whose strongest ink differs from the paper by less
	// than this (on a 0–1 scale) is blank, whatever its noise.
	minInk = 0.1
	// noiseLevel: after normalising, ink below this fraction of the
	// strongest is noise (paper texture, JPEG ringing, shading).
	noiseLevel = 0.2
	// speckFraction: a connected blob with less ink than this fraction of
	// the biggest blob's is a speck, not part of the digit.
	speckFraction = 0.03
	// minStroke and maxStroke: the range of pen widths, in pixels of the
	// 28×28 field, that the network is shown. Measured as strokeWidth
	// does on MNIST's test digits: 5% are below 1.3 pixels, half below
	// 2.0, 95% below 3.1. A digit drawn with a hair-thin pen is thickened
	// to 2, one drawn small with a fat brush (strokes a third of its
	// height) thinned to 3.
	minStroke = 2
	maxStroke = 3
)

// ErrNoDigit is returned (wrapped) when a picture has no ink at all: an
// empty draw pad, a blank page. Callers test it with errors.Is and show
// "no digit" instead of a guess.
var ErrNoDigit = errors.New("no digit: the picture has no ink")

// PreprocessInk turns an ink buffer of w×h values, row-major, 0 for paper
// and 1 for full ink (anti-aliased values in between), into the 784
// values in [0, 1] that the network takes, laid out like MNIST: steps 2
// to 6 of the package documentation. The draw pad calls it directly;
// Preprocess calls it for any image.Image.
//
// It returns an error wrapping ErrNoDigit when there is no ink.
func PreprocessInk(ink []float32, w, h int) ([]float32, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("%w: the ink buffer is empty (%d×%d)", ErrNoDigit, w, h)
	}
	if len(ink) != w*h {
		return nil, fmt.Errorf("ink buffer has %d values for %d×%d pixels; it needs width×height = %d", len(ink), w, h, w*h)
	}
	peak := float32(0)
	for i, v := range ink {
		if v != v || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("ink value %d (x=%d, y=%d) is %v; ink must be finite, 0 for paper to 1 for ink", i, i%w, i/w, v)
		}
		peak = max(peak, v)
	}
	if peak < minInk {
		return nil, fmt.Errorf("%w (the strongest ink is %.3f, below %.1f)", ErrNoDigit, peak, minInk)
	}

	// 2. Normalise and drop faint noise. Work on a copy: the caller's
	// buffer is the draw pad's, it must not change under it.
	g := &grid{w: w, h: h, v: make([]float32, len(ink))}
	for i, v := range ink {
		if v = v / peak; v >= noiseLevel {
			g.v[i] = v
		}
	}
	g.dropSpecks()

	// 3. Crop.
	x0, y0, x1, y1 := g.bounds()
	g = g.crop(x0, y0, x1, y1)

	// 4. Bring the pen's width into MNIST's range. s maps input pixels
	// to output pixels.
	s := BoxSide / float64(max(g.w, g.h))
	switch width := g.strokeWidth(); {
	case width*s < minStroke:
		if r := int(math.Round((minStroke/s - width) / 2)); r >= 1 {
			g = g.dilate(r)
		}
	case width*s > maxStroke:
		// A digit drawn small with a fat brush: its strokes would be a
		// third of its height, wider than any MNIST digit's.
		if r := int(math.Round((width - maxStroke/s) / 2)); r >= 1 {
			if e := g.erode(r); e.any() {
				g = e.crop(e.bounds())
			}
		}
	}
	s = BoxSide / float64(max(g.w, g.h))

	// 5 and 6. Scale and centre, in one resampling.
	cx, cy := g.centreOfMass()
	out := make([]float32, InputSide*InputSide)
	// Averaging over whole output pixels moves the centre of mass by up
	// to a tenth of a pixel, depending on where the strokes fall between
	// pixels: measure where it landed and resample with the error
	// corrected, until it is within a hundredth of a pixel. (A digit
	// reaching past the field loses its tip, and its centre can't be
	// fixed this way: the last try stands.)
	for try := 0; ; try++ {
		clear(out)
		g.resample(out, InputSide, s, cx, cy, comTarget)
		ox, oy := (&grid{w: InputSide, h: InputSide, v: out}).centreOfMass()
		if try == 3 || math.IsNaN(ox+oy) || math.Abs(ox-comTarget)+math.Abs(oy-comTarget) < 0.01 {
			break
		}
		cx, cy = cx+(ox-comTarget)/s, cy+(oy-comTarget)/s
	}

	// The anti-aliased strokes of a shrunken thin line are grey; MNIST's
	// strokes reach full ink, so stretch the result to a maximum of 1.
	top := float32(0)
	for _, v := range out {
		top = max(top, v)
	}
	if top <= 0 {
		return nil, fmt.Errorf("%w (the ink vanished when scaled down)", ErrNoDigit)
	}
	for i := range out {
		out[i] = min(1, out[i]/top)
	}
	return out, nil
}

// grid is a w×h buffer of ink values, row-major.
type grid struct {
	w, h int
	v    []float32
}

// dropSpecks erases every 8-connected blob of ink whose total ink is
// below speckFraction of the biggest blob's.
func (g *grid) dropSpecks() {
	label := make([]int32, len(g.v)) // 0 = paper or not yet visited
	var mass []float64               // mass[k-1]: total ink of blob k
	var stack []int32
	for start, v := range g.v {
		if v == 0 || label[start] != 0 {
			continue
		}
		k := int32(len(mass) + 1)
		m := 0.0
		label[start] = k
		stack = append(stack[:0], int32(start))
		for len(stack) > 0 {
			p := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			m += float64(g.v[p])
			x, y := p%g.w, p/g.w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= g.w || ny >= g.h {
						continue
					}
					q := ny*g.w + nx
					if g.v[q] != 0 && label[q] == 0 {
						label[q] = k
						stack = append(stack, int32(q))
					}
				}
			}
		}
		mass = append(mass, m)
	}
	biggest := 0.0
	for _, m := range mass {
		biggest = max(biggest, m)
	}
	for i, k := range label {
		if k != 0 && mass[k-1] < speckFraction*biggest {
			g.v[i] = 0
		}
	}
}

// bounds returns the bounding box [x0, x1) × [y0, y1) of the ink. The
// caller has made sure there is some.
func (g *grid) bounds() (x0, y0, x1, y1 int) {
	x0, y0 = g.w, g.h
	for y := 0; y < g.h; y++ {
		row := g.v[y*g.w : (y+1)*g.w]
		for x, v := range row {
			if v != 0 {
				x0, x1 = min(x0, x), max(x1, x+1)
				y0, y1 = min(y0, y), max(y1, y+1)
			}
		}
	}
	return x0, y0, x1, y1
}

// crop returns the part [x0, x1) × [y0, y1) of g.
func (g *grid) crop(x0, y0, x1, y1 int) *grid {
	c := &grid{w: x1 - x0, h: y1 - y0}
	c.v = make([]float32, c.w*c.h)
	for y := y0; y < y1; y++ {
		copy(c.v[(y-y0)*c.w:(y-y0+1)*c.w], g.v[y*g.w+x0:y*g.w+x1])
	}
	return c
}

// strokeWidth estimates the pen's width in pixels. A stroke of width t
// and length L covers an area A = t·L and has a perimeter P ≈ 2·L, so
// t ≈ 2A/P. A counts the pixels at least half inked, P the pixel edges
// between such a pixel and a paper pixel (the crop's outside is paper).
func (g *grid) strokeWidth() float64 {
	inked := func(x, y int) bool {
		return x >= 0 && y >= 0 && x < g.w && y < g.h && g.v[y*g.w+x] >= 0.5
	}
	area, perimeter := 0, 0
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			if !inked(x, y) {
				continue
			}
			area++
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				if !inked(x+d[0], y+d[1]) {
					perimeter++
				}
			}
		}
	}
	if perimeter == 0 {
		return 0
	}
	return 2 * float64(area) / float64(perimeter)
}

// dilate returns g grown by r pixels on every side with every ink value
// replaced by the largest within a (2r+1)×(2r+1) square around it: a pen
// 2r pixels wider. Done as a row pass then a column pass.
func (g *grid) dilate(r int) *grid {
	w, h := g.w+2*r, g.h+2*r
	rows := make([]float32, w*g.h) // after the horizontal pass
	for y := 0; y < g.h; y++ {
		src := g.v[y*g.w : (y+1)*g.w]
		dst := rows[y*w : (y+1)*w]
		for x := range dst {
			// output x covers input columns x-2r .. x (input column i sits at i+r)
			m := float32(0)
			for i := max(0, x-2*r); i <= min(g.w-1, x); i++ {
				m = max(m, src[i])
			}
			dst[x] = m
		}
	}
	d := &grid{w: w, h: h, v: make([]float32, w*h)}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m := float32(0)
			for i := max(0, y-2*r); i <= min(g.h-1, y); i++ {
				m = max(m, rows[i*w+x])
			}
			d.v[y*w+x] = m
		}
	}
	return d
}

// erode returns g with every ink value replaced by the smallest within a
// (2r+1)×(2r+1) square around it (outside is paper): a pen 2r pixels
// narrower. Done as a row pass then a column pass.
func (g *grid) erode(r int) *grid {
	rows := make([]float32, len(g.v))
	for y := 0; y < g.h; y++ {
		src := g.v[y*g.w : (y+1)*g.w]
		for x := range src {
			m := src[x]
			for i := x - r; i <= x+r && m > 0; i++ {
				if i < 0 || i >= g.w {
					m = 0
				} else {
					m = min(m, src[i])
				}
			}
			rows[y*g.w+x] = m
		}
	}
	e := &grid{w: g.w, h: g.h, v: make([]float32, len(g.v))}
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			m := rows[y*g.w+x]
			for i := y - r; i <= y+r && m > 0; i++ {
				if i < 0 || i >= g.h {
					m = 0
				} else {
					m = min(m, rows[i*g.w+x])
				}
			}
			e.v[y*g.w+x] = m
		}
	}
	return e
}

// any reports whether g has any ink.
func (g *grid) any() bool {
	for _, v := range g.v {
		if v != 0 {
			return true
		}
	}
	return false
}

// centreOfMass returns the ink's centre of mass, pixel x covering [x, x+1).
func (g *grid) centreOfMass() (cx, cy float64) {
	var m, mx, my float64
	for y := 0; y < g.h; y++ {
		for x, v := range g.v[y*g.w : (y+1)*g.w] {
			m += float64(v)
			mx += float64(v) * (float64(x) + 0.5)
			my += float64(v) * (float64(y) + 0.5)
		}
	}
	return mx / m, my / m
}

// resample writes into out (side×side) the area average of g scaled by s
// with g's point (cx, cy) landing on (centre, centre):
//
//	u = centre + (x - cx)·s
//
// Output pixel i covers [i, i+1) in u, that is [cx + (i-centre)/s,
// cx + (i+1-centre)/s) in x, an area of (1/s)² input pixels; its value is
// the ink in that area divided by the area. The map is separable, so
// out = Wy · g · Wxᵀ with Wx[i][k] = s·|[k, k+1) ∩ footprint(i)|.
func (g *grid) resample(out []float32, side int, s, cx, cy, centre float64) {
	wx := footprints(side, g.w, s, cx, centre)
	wy := footprints(side, g.h, s, cy, centre)
	tmp := make([]float64, g.h*side) // tmp = g · Wxᵀ, one row per input row
	for y := 0; y < g.h; y++ {
		row := g.v[y*g.w : (y+1)*g.w]
		for i, f := range wx {
			sum := 0.0
			for k, wt := range f.w {
				sum += wt * float64(row[f.k0+k])
			}
			tmp[y*side+i] = sum
		}
	}
	for j, f := range wy {
		for i := 0; i < side; i++ {
			sum := 0.0
			for k, wt := range f.w {
				sum += wt * tmp[(f.k0+k)*side+i]
			}
			out[j*side+i] = float32(sum)
		}
	}
}

// footprint lists the weights of input pixels k0, k0+1, ... in one
// output pixel.
type footprint struct {
	k0 int
	w  []float64
}

// footprints computes, for each of the side output pixels along one axis,
// the input pixels (of n) it covers and the weight s·overlap of each.
func footprints(side, n int, s, c, centre float64) []footprint {
	fs := make([]footprint, side)
	for i := range fs {
		a := c + (float64(i)-centre)/s
		b := c + (float64(i+1)-centre)/s
		k0 := max(0, int(math.Floor(a)))
		k1 := min(n, int(math.Ceil(b)))
		fs[i].k0 = k0
		for k := k0; k < k1; k++ {
			overlap := math.Min(b, float64(k+1)) - math.Max(a, float64(k))
			fs[i].w = append(fs[i].w, s*max(0, overlap))
		}
	}
	return fs
}
