package app

import "math"

// Ink is the draw pad's picture: W×H grey values, 0 = paper, 1 = ink, at a
// resolution of its own (ten times MNIST's 28×28), independent of how big
// the pad is on the screen. draw.PreprocessInk turns it into the 784
// inputs the network reads, the way MNIST itself was made.
type Ink struct {
	W, H  int
	A     []float32
	Brush float64 // pen radius in ink pixels
	empty bool
	rev   Rev // bumps on every change: the prediction and the screen follow it
}

// InkSize is the pad's resolution in ink pixels per side.
const InkSize = 280

// NewInk returns an empty square pad of InkSize pixels per side with a pen
// as thick, relative to the pad, as MNIST's strokes are to their 28×28
// field (about 2.5 pixels there).
func NewInk() *Ink {
	return &Ink{W: InkSize, H: InkSize, A: make([]float32, InkSize*InkSize), Brush: 11, empty: true}
}

// Empty reports whether nothing has been drawn since the last Clear.
func (k *Ink) Empty() bool { return k.empty }

// Rev changes whenever the ink does.
func (k *Ink) Rev() Rev { return k.rev }

// Clear wipes the pad. An empty pad holds no ink at all, so clearing it
// again changes nothing.
func (k *Ink) Clear() {
	if k.empty {
		return
	}
	clear(k.A)
	k.empty = true
	k.rev.Bump()
}

// Stroke draws a segment of the pen from (u0, v0) to (u1, v1), given in
// the pad's coordinates [0, 1]². Each pixel takes the pen's coverage,
// clamp(r + ½ − d, 0, 1) with d its distance to the segment: a round pen
// with a one-pixel anti-aliased edge. Ink only ever gets darker, so
// overlapping segments don't leave seams.
func (k *Ink) Stroke(u0, v0, u1, v1 float64) {
	x0, y0 := u0*float64(k.W), v0*float64(k.H)
	x1, y1 := u1*float64(k.W), v1*float64(k.H)
	r := k.Brush
	minX := max(0, int(math.Floor(math.Min(x0, x1)-r-1)))
	maxX := min(k.W-1, int(math.Ceil(math.Max(x0, x1)+r+1)))
	minY := max(0, int(math.Floor(math.Min(y0, y1)-r-1)))
	maxY := min(k.H-1, int(math.Ceil(math.Max(y0, y1)+r+1)))
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	changed := false
	for y := minY; y <= maxY; y++ {
		for x := minX; x <= maxX; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			t := 0.0
			if l2 > 0 {
				t = math.Max(0, math.Min(1, ((px-x0)*dx+(py-y0)*dy)/l2))
			}
			ex, ey := px-(x0+t*dx), py-(y0+t*dy)
			c := float32(math.Max(0, math.Min(1, r+0.5-math.Sqrt(ex*ex+ey*ey))))
			if i := y*k.W + x; c > k.A[i] {
				k.A[i] = c
				changed = true
			}
		}
	}
	if changed {
		k.empty = false
		k.rev.Bump()
	}
}

// SetImage puts a w×h byte image (an MNIST digit, 0 = paper, 255 = ink)
// on the pad, scaled up with bilinear interpolation, so that a sample
// digit can be looked at, drawn over and classified like a drawn one.
func (k *Ink) SetImage(img []byte, w, h int) {
	at := func(x, y int) float64 {
		x, y = clampInt(x, 0, w-1), clampInt(y, 0, h-1)
		return float64(img[y*w+x]) / 255
	}
	any := false
	for y := 0; y < k.H; y++ {
		sy := (float64(y)+0.5)*float64(h)/float64(k.H) - 0.5
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		for x := 0; x < k.W; x++ {
			sx := (float64(x)+0.5)*float64(w)/float64(k.W) - 0.5
			x0 := int(math.Floor(sx))
			fx := sx - float64(x0)
			v := (at(x0, y0)*(1-fx)+at(x0+1, y0)*fx)*(1-fy) + (at(x0, y0+1)*(1-fx)+at(x0+1, y0+1)*fx)*fy
			k.A[y*k.W+x] = float32(v)
			any = any || v > 0
		}
	}
	k.empty = !any
	k.rev.Bump()
}
