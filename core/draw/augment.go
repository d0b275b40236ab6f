package draw

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"digits/core"
	"digits/core/internal/mathx"
)

// This file redraws MNIST digits with random distortions; the package
// documentation says why.

// augmentScale is the resolution of the canvas a digit is redrawn on,
// in canvas pixels per MNIST pixel: 2 lets strokes thicken or thin by
// half a pixel.
const augmentScale = 2

// augmentField is the side of the canvas in MNIST pixels: room for the
// 20-pixel digit rotated, sheared and enlarged.
const augmentField = 40

// Distortion is one random redrawing of a digit.
type Distortion struct {
	Rotate    float64 // radians, clockwise on screen (image y points down)
	Scale     float64 // overall size factor
	Aspect    float64 // width/height factor: >1 wider
	Shear     float64 // horizontal shift per unit of height: slant
	DX, DY    float64 // shift in MNIST pixels
	Thicken   int     // pen change in canvas pixels per side: -1 thinner, 0, 1, 2, 3 thicker
	HardEdges bool    // cut the ink at one half, as a drawing pad's pen does
	Unchanged bool    // no distortion: only redrawn and preprocessed
}

// RandomDistortion draws a distortion: rotation within ±15°, size ±15%,
// aspect ratio ±20%, slant ±0.3, shift ±2 pixels, and pen width from one
// canvas pixel thinner to three thicker (half an MNIST pixel each). One
// image in eight is left undistorted so the network still sees MNIST as
// it is.
func RandomDistortion(rng *rand.Rand) Distortion {
	u := func(a float64) float64 { return (2*rng.Float64() - 1) * a }
	d := Distortion{
		Rotate: u(15 * math.Pi / 180),
		Scale:  1 + u(0.15),
		Aspect: mathx.Exp(u(0.2)), // mathx: the same bits natively and in WebAssembly
		Shear:  u(0.3),
		DX:     u(2),
		DY:     u(2),
	}
	// Pen width: thinner 20%, same 35%, thicker by 1, 2, 3: 25%, 13%, 7%.
	switch p := rng.Float64(); {
	case p < 0.20:
		d.Thicken = -1
	case p < 0.55:
		d.Thicken = 0
	case p < 0.80:
		d.Thicken = 1
	case p < 0.93:
		d.Thicken = 2
	default:
		d.Thicken = 3
	}
	d.HardEdges = rng.Float64() < 0.3
	if rng.Float64() < 0.125 {
		d = Distortion{Unchanged: true}
	}
	return d
}

// Apply redraws the 28×28 digit src (bytes, 0 paper to 255 ink) with the
// distortion and preprocesses it into dst (784 values in [0, 1]).
//
// The canvas pixel centred at p (in MNIST pixels, relative to the
// canvas's centre) shows the source point q = A⁻¹(p - t) + c, where A
// is rotation·shear·scale, t the shift and c the source's centre; the
// source is read with bilinear interpolation.
func (d Distortion) Apply(src []byte, dst []float32) error {
	if len(src) != 28*28 || len(dst) != 28*28 {
		return fmt.Errorf("augment: images of %d and %d pixels, want 784 (28×28)", len(src), len(dst))
	}
	const side = augmentField * augmentScale
	canvas := make([]float32, side*side)
	// A = R(θ)·Shear·diag(sx, sy); invert the 2×2 matrix once.
	sx, sy := 1.0, 1.0
	var a, b, c, e float64 = 1, 0, 0, 1 // A = [a b; c e]
	if !d.Unchanged {
		sx, sy = d.Scale*math.Sqrt(d.Aspect), d.Scale/math.Sqrt(d.Aspect)
		cos, sin := math.Cos(d.Rotate), math.Sin(d.Rotate)
		// Shear [1 k; 0 1] then scale: S = [sx k·sy; 0 sy]; A = R·S.
		a, b = cos*sx, cos*d.Shear*sy-sin*sy
		c, e = sin*sx, sin*d.Shear*sy+cos*sy
	}
	det := a*e - b*c
	ia, ib, ic, ie := e/det, -b/det, -c/det, a/det
	at := func(x, y int) float32 {
		if x < 0 || y < 0 || x >= 28 || y >= 28 {
			return 0
		}
		return float32(src[y*28+x]) / 255
	}
	// Only canvas pixels inside the image of the source square can show
	// ink: map its corners forward, p = A(q - c) + t, and scan their box.
	cx0, cy0, cx1, cy1 := side, side, 0, 0
	for _, q := range [4][2]float64{{-1, -1}, {29, -1}, {-1, 29}, {29, 29}} {
		px := a*(q[0]-14) + b*(q[1]-14) + d.DX + augmentField/2
		py := c*(q[0]-14) + e*(q[1]-14) + d.DY + augmentField/2
		cx0, cx1 = min(cx0, int(px*augmentScale)-1), max(cx1, int(px*augmentScale)+2)
		cy0, cy1 = min(cy0, int(py*augmentScale)-1), max(cy1, int(py*augmentScale)+2)
	}
	for y := max(0, cy0); y < min(side, cy1); y++ {
		for x := max(0, cx0); x < min(side, cx1); x++ {
			px := (float64(x)+0.5)/augmentScale - augmentField/2 - d.DX
			py := (float64(y)+0.5)/augmentScale - augmentField/2 - d.DY
			// Source point, pixel i centred on i: MNIST's centre of mass is pixel 14.
			u := ia*px + ib*py + 14
			v := ic*px + ie*py + 14
			i, j := int(math.Floor(u)), int(math.Floor(v))
			fu, fv := float32(u-float64(i)), float32(v-float64(j))
			canvas[y*side+x] = (1-fv)*((1-fu)*at(i, j)+fu*at(i+1, j)) + fv*((1-fu)*at(i, j+1)+fu*at(i+1, j+1))
		}
	}
	for range max(d.Thicken, -d.Thicken) {
		canvas = morph(canvas, side, d.Thicken > 0)
	}
	if d.HardEdges {
		for i, v := range canvas {
			canvas[i] = 0
			if v >= 0.5 {
				canvas[i] = 1
			}
		}
	}
	x, err := PreprocessInk(canvas, side, side)
	if err != nil {
		return fmt.Errorf("augment: %w", err)
	}
	copy(dst, x)
	return nil
}

// morph grows (dilate) or shrinks (erode) the ink by one pixel: each
// pixel becomes the largest or smallest value of itself and its four
// neighbours, a round pen one pixel wider or narrower on each side.
// Outside the canvas is paper. Only the ink's bounding box, grown by one
// pixel, can hold ink afterwards, so only that part is computed.
func morph(v []float32, side int, dilate bool) []float32 {
	out := make([]float32, len(v))
	x0, y0, x1, y1 := (&grid{w: side, h: side, v: v}).bounds()
	if x1 == 0 {
		return out // no ink
	}
	op := func(a, b float32) float32 { return min(a, b) }
	if dilate {
		op = func(a, b float32) float32 { return max(a, b) }
	}
	for y := max(0, y0-1); y < min(side, y1+1); y++ {
		for x := max(0, x0-1); x < min(side, x1+1); x++ {
			i := y*side + x
			m := v[i]
			m = op(m, at(v, x > 0, i-1))
			m = op(m, at(v, x < side-1, i+1))
			m = op(m, at(v, y > 0, i-side))
			m = op(m, at(v, y < side-1, i+side))
			out[i] = m
		}
	}
	return out
}

// at returns v[i] if inside, else 0 (paper).
func at(v []float32, inside bool, i int) float32 {
	if inside {
		return v[i]
	}
	return 0
}

// AugmentDataset returns a copy of d (28×28 images) with every image
// redrawn by its own random distortion, labels shared with d. Image i's
// distortion comes from a generator seeded with (seed, i), so the result
// is the same for any number of CPUs and on every platform; pass a
// different seed each epoch for fresh distortions. An image the
// distortion would erase entirely (an eroded faint stroke) is kept
// undistorted.
func AugmentDataset(d *core.Dataset, seed uint64) (*core.Dataset, error) {
	if d.Rows != 28 || d.Cols != 28 {
		return nil, fmt.Errorf("augment: images are %d×%d, want 28×28", d.Rows, d.Cols)
	}
	out := &core.Dataset{N: d.N, Rows: 28, Cols: 28, Images: make([]byte, len(d.Images)), Labels: d.Labels}
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for p := range workers {
		wg.Go(func() {
			x := make([]float32, 784)
			for i := p; i < d.N; i += workers {
				rng := rand.New(rand.NewPCG(seed, uint64(i)))
				err := RandomDistortion(rng).Apply(d.Image(i), x)
				if err != nil {
					err = Distortion{Unchanged: true}.Apply(d.Image(i), x)
				}
				if err != nil {
					errs[p] = fmt.Errorf("image %d: %w", i, err)
					return
				}
				img := out.Images[i*784 : (i+1)*784]
				for j, v := range x {
					img[j] = byte(v*255 + 0.5)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
