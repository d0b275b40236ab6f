package app

import (
	"math"

	"digits/core"
)

// Rect is a rectangle in screen pixels: X, Y is the top-left corner.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether the point (x, y) lies inside r.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Inset shrinks r by d on every side.
func (r Rect) Inset(d float64) Rect { return Rect{r.X + d, r.Y + d, r.W - 2*d, r.H - 2*d} }

// Control names a clickable thing.
type Control int

const (
	NoControl Control = iota
	Clear
	Preset1 // the first of NumPresets preset buttons, in Preset order
	Preset2
	Preset3
	Preset4
	Custom // the custom hidden sizes field
	RateDown
	RateUp
	BatchDown
	BatchUp
	InitHe // the first of the initialisation buttons, in core.Inits order
	InitGaussian
	InitSamson
	Train
	Pause
	Reset
	TabCurves // the first of the view tabs, in View order
	TabConfusion
	TabWeights
	AllSamples // back from a confusion cell's digits to the first test digits
	Export     // download the model file of the network the pad uses
	Import     // open a model file or a picture
	Seed       // the seed field
	numControls

	numInitButtons = int(Train - InitHe)
)

// PresetButton is the button that selects preset p.
func PresetButton(p Preset) Control { return Preset1 + Control(p) }

// PresetOf is the preset that control c selects, if it is a preset button.
func PresetOf(c Control) (Preset, bool) {
	p := Preset(c - Preset1)
	return p, c >= Preset1 && p < NumPresets
}

// InitButton is the button that selects core.Inits[i].
func InitButton(i int) Control { return InitHe + Control(i) }

// InitOf is the initialisation that control c selects, if it is an
// initialisation button.
func InitOf(c Control) (core.Init, bool) {
	i := int(c - InitHe)
	if c < InitHe || i >= numInitButtons || i >= len(core.Inits) {
		return "", false
	}
	return core.Inits[i], true
}

// Layout is where everything goes for one screen size. The app is designed
// on a canvas (1280×720 for landscape windows, 720 wide and 1400 to 1600
// tall for portrait ones) that is scaled uniformly to fit the window and
// centred, so text and controls keep their proportions at any size. All rectangles are in screen
// pixels already.
type Layout struct {
	W, H     float64 // the screen
	Scale    float64 // screen pixels per design unit: multiply font sizes by it
	Portrait bool

	Header     Rect
	Pad        Rect // the square draw pad
	Guess      Rect // the big predicted digit
	Seen       Rect // the 28×28 image the network sees
	Bars       Rect // ten probability bars
	Notice     Rect // what became of a file, an export or the settings in the URL
	Samples    Rect // the grid of test digits
	SampleCols int  // grid columns
	SampleRows int  // grid rows
	Panel      Rect // the training panel
	Stats      Rect // epoch, images/s, accuracy lines
	View       Rect // under the view tabs: the curves, the confusion matrix or the weights
	LossChart  Rect // loss curve (curves view)
	AccChart   Rect // accuracy curves (curves view)
	Footer     Rect // keyboard shortcuts
	Controls   [numControls]Rect
}

// Design sizes of the two arrangements. A portrait canvas is at least
// portH tall, so that the view under the tabs has room for the confusion
// matrix, and grows up to portMaxH to fill tall phones (412×915 is
// 720×1600), the view taking the extra height.
const (
	landW, landH = 1280, 720
	portW, portH = 720, 1400
	portMaxH     = 1600
)

// NewLayout arranges the app on a w×h screen.
func NewLayout(w, h float64) Layout {
	l := Layout{W: w, H: h, Portrait: h > w*1.1}
	dw, dh := float64(landW), float64(landH)
	if l.Portrait {
		dw, dh = portW, math.Min(math.Max(portW*h/w, portH), portMaxH)
	}
	l.Scale = math.Max(math.Min(w/dw, h/dh), 1e-3)
	ox, oy := (w-dw*l.Scale)/2, (h-dh*l.Scale)/2
	r := func(x, y, rw, rh float64) Rect {
		return Rect{ox + x*l.Scale, oy + y*l.Scale, rw * l.Scale, rh * l.Scale}
	}

	l.Header = r(0, 0, dw, 60)
	// The pad and the prediction beside it are the same in both arrangements.
	l.Pad = r(24, 76, 400, 400)
	// Under it, Clear and the line that says what became of a file.
	l.Controls[Clear] = r(24, 488, 124, 40)
	l.Notice = r(162, 483, 510, 62)
	l.Guess = r(444, 76, 110, 120)
	l.Seen = r(572, 96, 100, 100)
	l.Bars = r(444, 216, 228, 212)
	// Under the guess, what to do with the network that makes it.
	l.Controls[Export] = r(444, 436, 110, 40)
	l.Controls[Import] = r(562, 436, 110, 40)

	// Sample digits and the training panel: beside each other in
	// landscape, one under the other in portrait.
	var px, py, pw float64
	if l.Portrait {
		l.Samples = r(24, 564, 672, 150)
		l.SampleCols, l.SampleRows = 14, 3
		px, py, pw = 24, 736, 672
		l.Footer = r(0, dh-36, dw, 36)
	} else {
		l.Samples = r(24, 570, 648, 110)
		l.SampleCols, l.SampleRows = 14, 2
		px, py, pw = 704, 76, 552
		l.Footer = r(0, landH-34, dw, 34)
	}
	l.Panel = r(px-12, py-8, pw+24, 0)
	// Controls of the panel, row by row.
	y := py + 34
	// The presets and the custom field share the row, each as wide as its
	// label needs, about: "2  300-100 (LeCun)" more than "4  LeNet-5".
	share := [NumPresets + 1]float64{SeedPreset: 95, LeCunPreset: 125, DefaultPreset: 130, LeNetPreset: 75, NumPresets: 80}
	total := 0.0
	for _, w := range share {
		total += w
	}
	bx := px
	for p := range NumPresets + 1 {
		bw := share[p] / total * (pw - float64(NumPresets)*8)
		c := Custom
		if p < NumPresets {
			c = PresetButton(p)
		}
		l.Controls[c] = r(bx, y, bw, 34)
		bx += bw + 8
	}
	y += 46
	// Learning rate [-][+], batch size [-][+], initialisation ×3.
	sb := 30.0
	l.Controls[RateDown] = r(px+96, y, sb, 30)
	l.Controls[RateUp] = r(px+96+sb+60, y, sb, 30)
	l.Controls[BatchDown] = r(px+96+2*sb+60+70+24, y, sb, 30)
	l.Controls[BatchUp] = r(px+96+3*sb+60+70+24+56, y, sb, 30)
	l.Controls[Seed] = r(px+pw-84, y, 84, 30) // its label "seed" goes before it
	y += 42
	iw := (pw - 96 - float64(numInitButtons-1)*8) / float64(numInitButtons)
	for i := range numInitButtons {
		l.Controls[InitButton(i)] = r(px+96+float64(i)*(iw+8), y, iw, 30)
	}
	y += 44
	tw := (pw - 2*10) / 3
	for i, c := range []Control{Train, Pause, Reset} {
		l.Controls[c] = r(px+float64(i)*(tw+10), y, tw, 40)
	}
	y += 52
	l.Stats = r(px, y, pw, 64)
	y += 68
	// The view tabs, and under them the view.
	for v := range NumViews {
		l.Controls[ViewTab(v)] = r(px+float64(v)*(tabW+6), y, tabW, 28)
	}
	y += 36
	bottom := dh - 44
	l.View = r(px, y, pw, bottom-y)
	ch := (bottom - y - 12) / 2
	l.LossChart = r(px, y, pw, ch)
	l.AccChart = r(px, y+ch+12, pw, ch)
	l.Panel.H = (bottom + 8 - (py - 8)) * l.Scale
	// Back to the first test digits: at the right end of the line above
	// the sample grid.
	l.Controls[AllSamples] = Rect{l.Samples.X + l.Samples.W - 172*l.Scale, l.Samples.Y - 27*l.Scale, 172 * l.Scale, 24 * l.Scale}
	return l
}

// tabW is the width of a view tab in design units.
const tabW = 100

// ViewTab is the tab that shows view v.
func ViewTab(v View) Control { return TabCurves + Control(v) }

// ViewOf is the view that control c shows, if it is a view tab.
func ViewOf(c Control) (View, bool) {
	v := View(c - TabCurves)
	return v, c >= TabCurves && v < NumViews
}

// Hit returns the control under the point (x, y), or NoControl.
func (l *Layout) Hit(x, y float64) Control {
	for c := Control(1); c < numControls; c++ {
		if l.Controls[c].Contains(x, y) {
			return c
		}
	}
	return NoControl
}

// PadPoint maps a screen point to the pad's own coordinates in [0, 1]²;
// ok is false outside the pad. Strokes that leave the pad are clamped by
// the caller, so a digit may touch the border.
func (l *Layout) PadPoint(x, y float64) (u, v float64, ok bool) {
	u = (x - l.Pad.X) / l.Pad.W
	v = (y - l.Pad.Y) / l.Pad.H
	return u, v, l.Pad.Contains(x, y)
}

// SampleCell is the rectangle of cell i of the sample grid, row by row.
func (l *Layout) SampleCell(i int) Rect {
	cw := l.Samples.W / float64(l.SampleCols)
	chh := l.Samples.H / float64(l.SampleRows)
	c, r := i%l.SampleCols, i/l.SampleCols
	return Rect{l.Samples.X + float64(c)*cw, l.Samples.Y + float64(r)*chh, cw, chh}.Inset(2 * l.Scale)
}

// NumSamples is the number of cells of the sample grid.
func (l *Layout) NumSamples() int { return l.SampleCols * l.SampleRows }

// SampleAt returns the sample cell under (x, y), or -1.
func (l *Layout) SampleAt(x, y float64) int {
	if !l.Samples.Contains(x, y) {
		return -1
	}
	for i := 0; i < l.NumSamples(); i++ {
		if l.SampleCell(i).Contains(x, y) {
			return i
		}
	}
	return -1
}
