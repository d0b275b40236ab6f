package main

import (
	"bytes"
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"digits/wasm/app"
)

// The palette: a dark page, paper-white pad, sky-blue accent.
var (
	colBg     = color.RGBA{0x0b, 0x10, 0x20, 0xff}
	colPanel  = color.RGBA{0x13, 0x1b, 0x2e, 0xff}
	colLine   = color.RGBA{0x26, 0x32, 0x4d, 0xff}
	colText   = color.RGBA{0xe2, 0xe8, 0xf0, 0xff}
	colDim    = color.RGBA{0x8b, 0x9b, 0xb4, 0xff}
	colAccent = color.RGBA{0x38, 0xbd, 0xf8, 0xff}
	colViolet = color.RGBA{0xa7, 0x8b, 0xfa, 0xff}
	colGood   = color.RGBA{0x4a, 0xde, 0x80, 0xff}
	colBad    = color.RGBA{0xf8, 0x71, 0x71, 0xff}
	colWarn   = color.RGBA{0xfb, 0xbf, 0x24, 0xff}
	colPaper  = color.RGBA{0xf8, 0xfa, 0xfc, 0xff}
	colButton = color.RGBA{0x1e, 0x29, 0x42, 0xff}
	colOn     = color.RGBA{0x0c, 0x4a, 0x6e, 0xff}
	colOff    = color.RGBA{0x56, 0x64, 0x80, 0xff} // a label of a button that does nothing now
)

// ui holds what drawing needs beyond the layout: fonts and images.
type ui struct {
	regular, bold *text.GoTextFaceSource
	inkImg        *ebiten.Image // the pad's ink, InkSize² pixels
	inkPix        []byte
	inkShown      shown                  // the ink revision inkImg holds
	seenImg       *ebiten.Image          // the 28×28 input the network sees
	seenShown     shown                  // the prediction revision seenImg holds
	samples       map[int]*textEntry     // test images by index (sampleImage)
	views         viewImages             // the confusion and weights views' pictures (render_views.go)
	conv          convImages             // the weights view's pictures of a convolutional network (render_conv.go)
	texts         map[textKey]*textEntry // rendered strings (text)
	redraw        int                    // counts redraws, for evicting texts
}

func newUI() (*ui, error) {
	r, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		return nil, err
	}
	b, err := text.NewGoTextFaceSource(bytes.NewReader(gobold.TTF))
	if err != nil {
		return nil, err
	}
	u := &ui{regular: r, bold: b, texts: map[textKey]*textEntry{}, samples: map[int]*textEntry{}}
	u.inkImg = ebiten.NewImage(app.InkSize, app.InkSize)
	u.inkPix = make([]byte, 4*app.InkSize*app.InkSize)
	u.seenImg = ebiten.NewImage(28, 28)
	return u, nil
}

// shown remembers which revision of some state an image holds.
type shown struct {
	rev   app.Rev
	valid bool
}

// stale reports whether the image must be made anew for revision r, and
// if so takes it as made.
func (s *shown) stale(r app.Rev) bool {
	if s.valid && s.rev == r {
		return false
	}
	s.rev, s.valid = r, true
	return true
}

// updateSeen shows the 784 inputs the prediction was made from as MNIST
// shows them: white ink on black.
func (u *ui) updateSeen(p *app.Prediction) {
	if !u.seenShown.stale(p.Rev()) {
		return
	}
	pix := make([]byte, 4*28*28)
	for i, v := range p.Input() {
		c := byte(max(0, min(255, v*255)))
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = c, c, c, 0xff
	}
	u.seenImg.WritePixels(pix)
}

// updateInk copies the ink into its image when it changed: dark ink
// blended onto the paper colour.
func (u *ui) updateInk(k *app.Ink) {
	if !u.inkShown.stale(k.Rev()) {
		return
	}
	const ir, ig, ib = 0x0f, 0x17, 0x2a
	for i, a := range k.A {
		p := u.inkPix[4*i : 4*i+4]
		p[0] = byte(float32(colPaper.R)*(1-a) + ir*a)
		p[1] = byte(float32(colPaper.G)*(1-a) + ig*a)
		p[2] = byte(float32(colPaper.B)*(1-a) + ib*a)
		p[3] = 0xff
	}
	u.inkImg.WritePixels(u.inkPix)
}

// sampleImage returns (and makes once) the picture of test image i. Like
// the strings, pictures not drawn in the last two redraws are freed: the
// grid may show any of the 10,000 test digits.
func (u *ui) sampleImage(i int, img []byte) *ebiten.Image {
	if e, ok := u.samples[i]; ok {
		e.used = u.redraw
		return e.im
	}
	pix := make([]byte, 4*len(img))
	for j, c := range img {
		pix[4*j], pix[4*j+1], pix[4*j+2], pix[4*j+3] = c, c, c, 0xff
	}
	im := ebiten.NewImage(28, 28)
	im.WritePixels(pix)
	u.samples[i] = &textEntry{im: im, used: u.redraw}
	return im
}

// Drawing helpers in screen pixels.

type align int

const (
	left align = iota
	center
	right
)

// text draws s with its top at y, aligned on x, at size design units,
// and returns its width. Each string is rendered once into an image of its
// own and reused while it stays on screen: rasterising glyphs in Go is slow
// in WebAssembly, and ebiten's glyph cache, shared by all sizes, evicts
// glyphs that were not drawn in the last 60 ticks, which is every glyph
// when the app only redraws when something changes.
func (g *Game) text(dst *ebiten.Image, s string, size float64, bold bool, x, y float64, a align, c color.Color) float64 {
	im := g.ui.textImage(s, size*g.lay.Scale, bold)
	if im == nil {
		return 0
	}
	w := float64(im.Bounds().Dx()) - 2*textPad
	switch a {
	case center:
		x -= w / 2
	case right:
		x -= w
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(x-textPad), math.Round(y-textPad))
	op.ColorScale.ScaleWithColor(c)
	dst.DrawImage(im, op)
	return w
}

// textPad is the margin around each rendered string, for glyphs whose
// ink reaches past their advance.
const textPad = 2

type textKey struct {
	s    string
	size float64
	bold bool
}

type textEntry struct {
	im   *ebiten.Image
	used int // the redraw that last used it
}

// measure is the width of s at size pixels.
func (u *ui) measure(s string, size float64, bold bool) float64 {
	src := u.regular
	if bold {
		src = u.bold
	}
	w, _ := text.Measure(s, &text.GoTextFace{Source: src, Size: size}, 0)
	return w
}

// textImage returns s rendered in white at size pixels, from the cache.
func (u *ui) textImage(s string, size float64, bold bool) *ebiten.Image {
	if s == "" {
		return nil
	}
	k := textKey{s, size, bold}
	if e, ok := u.texts[k]; ok {
		e.used = u.redraw
		return e.im
	}
	src := u.regular
	if bold {
		src = u.bold
	}
	face := &text.GoTextFace{Source: src, Size: size}
	w, _ := text.Measure(s, face, 0)
	m := face.Metrics()
	h := m.HAscent + m.HDescent
	im := ebiten.NewImage(int(math.Ceil(w))+2*textPad, int(math.Ceil(h))+2*textPad)
	op := &text.DrawOptions{}
	op.GeoM.Translate(textPad, textPad)
	text.Draw(im, s, face, op)
	u.texts[k] = &textEntry{im: im, used: u.redraw}
	return im
}

// endRedraw frees the strings and test digits' pictures that the last
// two redraws did not use.
func (u *ui) endRedraw() {
	for k, e := range u.texts {
		if e.used < u.redraw-1 {
			e.im.Deallocate()
			delete(u.texts, k)
		}
	}
	for k, e := range u.samples {
		if e.used < u.redraw-1 {
			e.im.Deallocate()
			delete(u.samples, k)
		}
	}
	u.redraw++
}

func fill(dst *ebiten.Image, r app.Rect, c color.Color) {
	vector.DrawFilledRect(dst, float32(r.X), float32(r.Y), float32(r.W), float32(r.H), c, false)
}

func stroke(dst *ebiten.Image, r app.Rect, w float64, c color.Color) {
	vector.StrokeRect(dst, float32(r.X), float32(r.Y), float32(r.W), float32(r.H), float32(w), c, false)
}

func line(dst *ebiten.Image, x0, y0, x1, y1, w float64, c color.Color) {
	vector.StrokeLine(dst, float32(x0), float32(y0), float32(x1), float32(y1), float32(w), c, false)
}

// drawImage draws im scaled into r, with nearest-neighbour filtering when
// pixelated (to show the network's 28×28 pixels as they are).
func drawImage(dst, im *ebiten.Image, r app.Rect, pixelated bool) {
	b := im.Bounds()
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(r.W/float64(b.Dx()), r.H/float64(b.Dy()))
	op.GeoM.Translate(r.X, r.Y)
	if pixelated {
		op.Filter = ebiten.FilterNearest
	} else {
		op.Filter = ebiten.FilterLinear
	}
	dst.DrawImage(im, op)
}

// button draws a control: on marks the selected one of a group.
func (g *Game) button(dst *ebiten.Image, c app.Control, label string, on bool, accent color.Color) {
	g.buttonAt(dst, g.lay.Controls[c], label, on, accent, colText)
}

// buttonAt draws a button in r, its label in colour tc.
func (g *Game) buttonAt(dst *ebiten.Image, r app.Rect, label string, on bool, accent, tc color.Color) {
	bg := colButton
	if on {
		bg = colOn
	}
	fill(dst, r, bg)
	var bc color.Color = colLine
	if on {
		bc = accent
	}
	stroke(dst, r, 1.5*g.lay.Scale, bc)
	size := 14.0
	if r.H > 36*g.lay.Scale {
		size = 16
	}
	// A label wider than the button gets a smaller font, down to 10.
	if im := g.ui.textImage(label, size*g.lay.Scale, on); im != nil {
		room := r.W - 8*g.lay.Scale
		if w := float64(im.Bounds().Dx()) - 2*textPad; w > room && w > 0 {
			size = max(10, math.Floor(size*room/w*2)/2)
		}
	}
	g.text(dst, label, size, on, r.X+r.W/2, r.Y+(r.H-size*1.25*g.lay.Scale)/2, center, tc)
}

// imageRect is the w×h rectangle at (x, y) of an image's pixels.
func imageRect(x, y, w, h int) image.Rectangle { return image.Rect(x, y, x+w, y+h) }
