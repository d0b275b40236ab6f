package draw

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"
	"slices"
	"sync"
)

// This file holds step 1 of the package documentation: from a picture to
// an ink buffer.

// maxWorkSide bounds the ink buffer made from a picture: a bigger picture
// is first shrunk by an integer factor, each buffer pixel the mean ink of
// a box of picture pixels. 1024 keeps a digit that fills a fifth of the
// picture well above the 20 pixels it ends as, and makes an 8000×8000
// photo cost one pass over its pixels.
const maxWorkSide = 1024

// Preprocess turns any picture of a handwritten digit (grey, colour, with
// or without alpha, any size) into the network's 784 inputs, as MNIST was
// made: step 1 of the package documentation here, then PreprocessInk.
//
// The paper's colour is the median colour of the picture's border, so
// dark ink on light paper, light chalk on a dark board and coloured ink
// all work: a pixel's ink is how far its colour is from the paper's,
// ||C - C_paper|| / √3, in [0, 1]. A transparent pixel is paper (it is
// composited over the paper's colour). If the border is mostly
// transparent, as on a canvas drawn on with an opaque pen, the paper is
// "transparent" and a pixel's ink is its opacity, whatever its colour.
//
// It returns an error wrapping ErrNoDigit when the picture has no ink.
func Preprocess(img image.Image) ([]float32, error) {
	ink, w, h, err := InkFromImage(img)
	if err != nil {
		return nil, err
	}
	return PreprocessInk(ink, w, h)
}

// InkFromImage finds the paper's colour from img's border and returns the
// ink buffer PreprocessInk takes, shrunk by an integer factor to at most
// maxWorkSide pixels a side.
func InkFromImage(img image.Image) (ink []float32, w, h int, err error) {
	b := img.Bounds()
	W, H := b.Dx(), b.Dy()
	if W <= 0 || H <= 0 {
		return nil, 0, 0, fmt.Errorf("%w: the image is empty (%d×%d pixels)", ErrNoDigit, max(W, 0), max(H, 0))
	}
	rowInk := inkReader(img, paperColour(img))
	f := (max(W, H) + maxWorkSide - 1) / maxWorkSide // box side
	w, h = (W+f-1)/f, (H+f-1)/f
	ink = make([]float32, w*h)
	scale := 1 / float32(f*f) // a box's mean; boxes cut by the edge count the outside as paper

	// Each goroutine owns a band of output rows, summed in a fixed order:
	// the result does not depend on the number of CPUs.
	workers := max(1, min(runtime.GOMAXPROCS(0), h, 8))
	var wg sync.WaitGroup
	for p := range workers {
		wg.Go(func() {
			buf := make([]float32, W)
			for oy := p * h / workers; oy < (p+1)*h/workers; oy++ {
				acc := ink[oy*w : (oy+1)*w]
				for y := oy * f; y < min(H, (oy+1)*f); y++ {
					rowInk(b.Min.Y+y, buf)
					for ox := range acc {
						sum := float32(0)
						for _, v := range buf[ox*f : min(W, (ox+1)*f)] {
							sum += v
						}
						acc[ox] += sum
					}
				}
				for x := range acc {
					acc[x] *= scale
				}
			}
		})
	}
	wg.Wait()
	flattenPaper(ink, w, h)
	return ink, w, h, nil
}

// flattenPaper removes uneven lighting from a photo's ink buffer. Paper
// in a shadow differs from the border's colour and would count as ink,
// and the digit's bounding box would take in the whole shadow. The
// paper's own "ink" varies slowly across the picture while strokes are
// narrow, so a morphological opening with a window far wider than any
// stroke (the minimum, then the maximum, over half the picture's smaller
// side) keeps the paper's level and loses the strokes; subtracting it
// leaves the strokes on clean paper. It is computed on blocks of a sixth
// of the smaller side and interpolated between block centres, which is
// cheap. On evenly lit paper the opening is zero and nothing changes.
func flattenPaper(ink []float32, w, h int) {
	k := min(w, h) / 6 // block side
	if k < 4 {
		return // too small a picture to tell shading from strokes
	}
	bw, bh := (w+k-1)/k, (h+k-1)/k
	// Per block, the least ink: its paper's level.
	lo := make([]float32, bw*bh)
	for i := range lo {
		lo[i] = math.MaxFloat32
	}
	for y := range h {
		for x, v := range ink[y*w : (y+1)*w] {
			b := (y/k)*bw + x/k
			lo[b] = min(lo[b], v)
		}
	}
	// Opening over 3×3 blocks: erode (min), then dilate (max).
	near := func(src []float32, pick func(a, b float32) float32) []float32 {
		out := make([]float32, len(src))
		for by := range bh {
			for bx := range bw {
				m := src[by*bw+bx]
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						if x, y := bx+dx, by+dy; x >= 0 && y >= 0 && x < bw && y < bh {
							m = pick(m, src[y*bw+x])
						}
					}
				}
				out[by*bw+bx] = m
			}
		}
		return out
	}
	level := near(near(lo, func(a, b float32) float32 { return min(a, b) }), func(a, b float32) float32 { return max(a, b) })
	flat := true
	for _, v := range level {
		flat = flat && v == 0
	}
	if flat {
		return
	}
	// Subtract the level, interpolated bilinearly between block centres.
	at := func(bx, by int) float32 { return level[min(max(by, 0), bh-1)*bw+min(max(bx, 0), bw-1)] }
	for y := range h {
		fy := (float32(y)+0.5)/float32(k) - 0.5
		by := int(math.Floor(float64(fy)))
		ty := fy - float32(by)
		for x := range w {
			fx := (float32(x)+0.5)/float32(k) - 0.5
			bx := int(math.Floor(float64(fx)))
			tx := fx - float32(bx)
			l := (1-ty)*((1-tx)*at(bx, by)+tx*at(bx+1, by)) + ty*((1-tx)*at(bx, by+1)+tx*at(bx+1, by+1))
			ink[y*w+x] = max(0, ink[y*w+x]-l)
		}
	}
}

// paper is the background: a colour in [0, 1] per channel, or transparent.
type paper struct {
	r, g, b     float32
	transparent bool
}

// paperColour returns the median colour of img's border pixels, or
// transparent if most of the border is more than half transparent.
func paperColour(img image.Image) paper {
	b := img.Bounds()
	var rs, gs, bs []float32
	nClear := 0
	add := func(x, y int) {
		r, g, bl, a := img.At(x, y).RGBA() // premultiplied, 0 to 0xffff
		if a < 0x8000 {
			nClear++
			return
		}
		fa := float32(a)
		rs, gs, bs = append(rs, float32(r)/fa), append(gs, float32(g)/fa), append(bs, float32(bl)/fa)
	}
	for x := b.Min.X; x < b.Max.X; x++ {
		add(x, b.Min.Y)
		if b.Dy() > 1 {
			add(x, b.Max.Y-1)
		}
	}
	for y := b.Min.Y + 1; y < b.Max.Y-1; y++ {
		add(b.Min.X, y)
		if b.Dx() > 1 {
			add(b.Max.X-1, y)
		}
	}
	if nClear > len(rs) {
		return paper{transparent: true}
	}
	median := func(v []float32) float32 {
		slices.Sort(v)
		return v[len(v)/2]
	}
	return paper{r: median(rs), g: median(gs), b: median(bs)}
}

// ink returns the ink of a pixel with premultiplied colour (r, g, b) and
// opacity a, all in [0, 1]: composited over the paper, its colour is
// C' = C_premul + (1-a)·C_paper, so C' - C_paper = C_premul - a·C_paper.
func (p paper) ink(r, g, b, a float32) float32 {
	if p.transparent {
		return a
	}
	dr, dg, db := r-a*p.r, g-a*p.g, b-a*p.b
	return float32(math.Sqrt(float64(dr*dr+dg*dg+db*db) / 3))
}

// squareTables returns, for each channel, (v/255 - paper)²/3 for every
// byte v: the ink of an opaque pixel is the square root of the sum of
// its three channels' entries.
func (p paper) squareTables() *[3][256]float32 {
	var t [3][256]float32
	for c, pc := range [3]float32{p.r, p.g, p.b} {
		for v := range 256 {
			d := float32(v)/255 - pc
			t[c][v] = d * d / 3
		}
	}
	return &t
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

// inkReader returns a function that writes the ink of row y of img into
// dst (one value per column). The common image types that the PNG, JPEG
// and GIF decoders return are read straight from their pixel bytes;
// others go through the slower color interface.
func inkReader(img image.Image, p paper) func(y int, dst []float32) {
	b := img.Bounds()
	const k8, k16 = 1.0 / 255, 1.0 / 65535
	switch m := img.(type) {
	case *image.Gray:
		var lut [256]float32
		for i := range lut {
			v := float32(i) * k8
			lut[i] = p.ink(v, v, v, 1)
		}
		return func(y int, dst []float32) {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range dst {
				dst[x] = lut[row[x]]
			}
		}
	case *image.Paletted:
		lut := make([]float32, 256) // indices past the palette read as paper
		for i, c := range m.Palette {
			r, g, bl, a := c.RGBA()
			lut[i] = p.ink(float32(r)*k16, float32(g)*k16, float32(bl)*k16, float32(a)*k16)
		}
		return func(y int, dst []float32) {
			row := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range dst {
				dst[x] = lut[row[x]]
			}
		}
	case *image.RGBA, *image.NRGBA:
		// Opaque pixels, nearly all of them in a photo or a scan, take
		// the squared distance per channel from tables.
		pix, stride, premul := []byte(nil), 0, false
		if m, ok := m.(*image.RGBA); ok {
			pix, stride, premul = m.Pix, m.Stride, true
		}
		if m, ok := m.(*image.NRGBA); ok {
			pix, stride = m.Pix, m.Stride
		}
		sq := p.squareTables()
		x0 := 4 * b.Min.X
		return func(y int, dst []float32) {
			row := pix[(y-b.Min.Y)*stride+x0:]
			for x := range dst {
				q := row[4*x : 4*x+4 : 4*x+4]
				switch {
				case q[3] == 255 && !p.transparent:
					dst[x] = sqrt32(sq[0][q[0]] + sq[1][q[1]] + sq[2][q[2]])
				case premul:
					dst[x] = p.ink(float32(q[0])*k8, float32(q[1])*k8, float32(q[2])*k8, float32(q[3])*k8)
				default:
					a := float32(q[3]) * k8
					dst[x] = p.ink(float32(q[0])*k8*a, float32(q[1])*k8*a, float32(q[2])*k8*a, a)
				}
			}
		}
	case *image.YCbCr: // JPEG: opaque
		sq := p.squareTables()
		// For the usual subsamplings, a chroma sample covers 1 or 2 luma
		// samples across: step through the planes without COffset's
		// per-pixel arithmetic.
		shift := -1 // the general way
		switch m.SubsampleRatio {
		case image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio440:
			shift = 0
		case image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio422:
			shift = 1
		}
		if b.Min.X < 0 {
			shift = -1 // COffset divides negative x rounding towards zero
		}
		return func(y int, dst []float32) {
			if shift < 0 {
				for x := range dst {
					yi, ci := m.YOffset(b.Min.X+x, y), m.COffset(b.Min.X+x, y)
					r, g, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
					dst[x] = sqrt32(sq[0][r] + sq[1][g] + sq[2][bl])
				}
				return
			}
			yrow := m.Y[m.YOffset(b.Min.X, y):]
			c0 := m.COffset(b.Min.X, y)
			cb, cr := m.Cb[c0:], m.Cr[c0:]
			odd := b.Min.X & shift // an odd first pixel shares its chroma with the one before
			for x := range dst {
				ci := (x + odd) >> shift
				r, g, bl := color.YCbCrToRGB(yrow[x], cb[ci], cr[ci])
				dst[x] = sqrt32(sq[0][r] + sq[1][g] + sq[2][bl])
			}
		}
	case image.RGBA64Image: // 16-bit PNG, CMYK JPEG, ...: no allocation per pixel
		return func(y int, dst []float32) {
			for x := range dst {
				c := m.RGBA64At(b.Min.X+x, y)
				dst[x] = p.ink(float32(c.R)*k16, float32(c.G)*k16, float32(c.B)*k16, float32(c.A)*k16)
			}
		}
	default:
		return func(y int, dst []float32) {
			for x := range dst {
				r, g, bl, a := img.At(b.Min.X+x, y).RGBA()
				dst[x] = p.ink(float32(r)*k16, float32(g)*k16, float32(bl)*k16, float32(a)*k16)
			}
		}
	}
}
