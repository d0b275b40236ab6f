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
	rev   Rev      // bumps on every change: the prediction and the screen follow it
	pic   *picture // a picture put on the pad and not drawn over since
}

// picture is the ink of a picture at its own size (draw.InkFromImage),
// which the network reads exactly as cmd/classify does, while the pad
// shows it scaled to fit.
type picture struct {
	ink  []float32
	w, h int
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
	k.empty, k.pic = true, nil
	k.rev.Bump()
}

// Source is what the network reads: the pad's own ink, or a picture put
// on it with SetPicture at the picture's own size until drawn over.
func (k *Ink) Source() (ink []float32, w, h int) {
	if p := k.pic; p != nil {
		return p.ink, p.w, p.h
	}
	return k.A, k.W, k.H
}

// SetPicture puts a picture's ink (w×h, from draw.InkFromImage) on the
// pad: shown scaled to fit the pad with its proportions kept, and read as
// it is (Source) until something is drawn over it.
func (k *Ink) SetPicture(ink []float32, w, h int) {
	k.pic = &picture{ink: ink, w: w, h: h}
	// Each pad pixel takes the mean ink of the picture's pixels under it
	// (at least the nearest one), the picture centred on the pad.
	s := float64(max(w, h)) / float64(max(k.W, k.H))
	ox, oy := (float64(k.W)*s-float64(w))/2, (float64(k.H)*s-float64(h))/2
	any := false
	for y := range k.H {
		y0, y1 := cover(float64(y)*s-oy, s, h)
		for x := range k.W {
			v := float32(0)
			if x0, x1 := cover(float64(x)*s-ox, s, w); x1 > x0 && y1 > y0 {
				sum := float32(0)
				for py := y0; py < y1; py++ {
					for _, c := range ink[py*w+x0 : py*w+x1] {
						sum += c
					}
				}
				v = sum / float32((x1-x0)*(y1-y0))
			}
			k.A[y*k.W+x] = v
			any = any || v > 0
		}
	}
	k.empty = !any
	k.rev.Bump()
}

// cover is the picture pixels [lo, hi) a pad pixel starting at picture
// coordinate from and s wide covers, at least one, within 0..n.
func cover(from, s float64, n int) (lo, hi int) {
	lo = int(math.Floor(from))
	hi = max(int(math.Ceil(from+s)), lo+1)
	return max(lo, 0), min(hi, n)
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
		k.empty, k.pic = false, nil
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
	k.empty, k.pic = !any, nil
	k.rev.Bump()
}
