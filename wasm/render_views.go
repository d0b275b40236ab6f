package main

import (
	"fmt"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/wasm/app"
)

// viewImages are the pictures of the confusion and weights views, each
// remade only when the state it shows moved.
type viewImages struct {
	weights      *ebiten.Image // the grid's first-layer weights, 8×8 pictures of 28×28
	weightsShown shown         // the snapshot revision it holds
	top          *ebiten.Image // the top neurons' weights, TopShown pictures of 28×28 side by side
	topShown     shown         // the inside revision it holds
	topChange    bool          // it holds the changes since training began
	strips       []*ebiten.Image
	legend       *ebiten.Image // the diverging colour map, -1 to 1
}

// drawView draws the view tabs and the view under them.
func (g *Game) drawView(dst *ebiten.Image, st app.Status) {
	l := &g.lay
	s := l.Scale
	shownView := g.views.Shown()
	for v := range app.NumViews {
		g.button(dst, app.ViewTab(v), v.Title(), v == shownView, colAccent)
	}
	// Beside the tabs, right-aligned: what the view is about.
	last := l.Controls[app.ViewTab(app.NumViews-1)]
	rx, ty := l.View.X+l.View.W, last.Y+(last.H-15*s)/2
	switch shownView {
	case app.CurvesView:
		g.text(dst, "V  next view", 12, false, rx, ty, right, colDim)
		g.drawCharts(dst, st)
	case app.ConfusionView:
		sum := app.ConfusionSummary(g.s.Reading(), st)
		g.text(dst, sum.Text, 12, false, rx, ty, right, toneColour(sum.Tone))
		g.drawConfusion(dst, st)
	case app.WeightsView:
		change := g.weights.Layer().Change
		can := g.s.CanShowChange()
		g.buttonAt(dst, l.WeightsMode(0), "weights", !change, colAccent, colText)
		var tc color.Color = colText
		if !can {
			tc = colOff // nothing to compare with: the pretrained model's start is not known
		}
		g.buttonAt(dst, l.WeightsMode(1), "change", change, colAccent, tc)
		g.drawLegend(dst, l.WeightsMode(0).X-12*s, last.Y+last.H/2)
		g.drawWeights(dst)
	}
}

// drawConfusion draws the confusion matrix as a heat map: right answers
// on the diagonal in blue, misreadings in orange, lighter for more, the
// counts written in, and each digit's accuracy beside its row.
func (g *Game) drawConfusion(dst *ebiten.Image, st app.Status) {
	l := &g.lay
	s, t := l.Scale, l.ViewText()
	v := l.View
	r := g.s.Reading()
	g.vtext(dst, "Rows: the true digit · columns: the network's guess · click a cell for its digits", 12, false, v.X, v.Y, left, colDim)
	if r == nil {
		g.vtext(dst, app.ConfusionEmpty(st), 13, false, v.X+v.W/2, v.Y+v.H/2-9*s*t, center, colLine)
		return
	}
	c := &r.Confusion
	maxOff := 1
	for y := range 10 {
		for x := range 10 {
			if x != y {
				maxOff = max(maxOff, c[y][x])
			}
		}
	}
	cell := l.ConfusionCell(0, 0)
	size := math.Min(0.42*cell.H, 0.34*cell.W) / s / t // vtext multiplies by t
	for d := range 10 {
		col := l.ConfusionCell(0, d)
		g.vtext(dst, fmt.Sprint(d), size, true, col.X+col.W/2, col.Y-size*1.4*s*t, center, colDim)
		row := l.ConfusionCell(d, 0)
		g.vtext(dst, fmt.Sprint(d), size, true, row.X-8*s, row.Y+(row.H-size*1.25*s*t)/2, right, colDim)
	}
	sy, sg, selected := g.filter.Cell()
	for y := range 10 {
		for x := range 10 {
			n := c[y][x]
			rc := l.ConfusionCell(y, x)
			box := rc.Inset(1 * s)
			var bg color.RGBA
			switch {
			case x == y:
				bg = app.Diverging(-(0.45 + 0.55*c.Recall(y))) // blue: read right
			case n > 0:
				bg = app.Diverging(0.2 + 0.8*math.Sqrt(float64(n)/float64(maxOff))) // orange: misread
			default:
				bg = colPanel
			}
			fill(dst, box, bg)
			if selected && sy == y && sg == x {
				stroke(dst, box.Inset(-1*s), 2.5*s, colText)
			}
			if lab := app.CountLabel(n); lab != "" {
				tc := colText
				if app.Lightness(bg) > 0.62 {
					tc = colBg
				}
				g.vtext(dst, lab, size*0.95, x == y, box.X+box.W/2, box.Y+(box.H-size*0.95*1.25*s*t)/2, center, tc)
			}
		}
	}
	// Accuracy per digit: bars from lo to 100%, so that 97% and 99% differ.
	lo := 1.0
	for y := range 10 {
		lo = math.Min(lo, c.Recall(y))
	}
	lo = math.Max(0, math.Floor(lo*10-0.2)/10)
	head := l.RecallBar(0)
	g.vtext(dst, fmt.Sprintf("right, per digit (bars from %.0f%%)", 100*lo), size*0.9, false, head.X, head.Y-size*1.4*s*t, left, colDim)
	for y := range 10 {
		b := l.RecallBar(y)
		rec := c.Recall(y)
		textW := 46 * s * t
		bar := app.Rect{X: b.X, Y: b.Y + b.H*0.25, W: b.W - textW, H: b.H * 0.5}
		fill(dst, bar, colButton)
		f := (rec - lo) / (1 - lo)
		if !math.IsNaN(f) {
			fill(dst, app.Rect{X: bar.X, Y: bar.Y, W: bar.W * math.Max(0, math.Min(1, f)), H: bar.H}, app.Diverging(-0.8))
		}
		g.vtext(dst, app.Percent(rec), size*0.95, false, b.X+b.W, b.Y+(b.H-size*0.95*1.25*s*t)/2, right, colText)
	}
}

// drawWeights draws the first layer's weights, and what the network makes
// of the drawn digit: its activations layer by layer and the neurons
// behind the guess.
func (g *Game) drawWeights(dst *ebiten.Image) {
	l := &g.lay
	s := l.Scale
	v := l.View
	vi := &g.ui.views
	f := g.weights.Layer()
	in, ok := g.inside.Inside()
	if f.Shown == 0 {
		return
	}
	if f.Conv {
		g.drawConvLeft(dst, f, in, ok)
		g.drawInside(dst, f, in, ok)
		return
	}
	// The grid of weight pictures, the top neurons among them outlined.
	g.vtext(dst, app.WeightsTitle(f), 12, false, v.X, v.Y, left, colDim)
	if vi.weights == nil {
		vi.weights = ebiten.NewImage(8*28, 8*28)
	}
	if vi.weightsShown.stale(g.weights.Rev()) {
		pix := make([]byte, 4*8*28*8*28)
		one := make([]byte, 4*28*28)
		for i := range min(f.Shown, 64) {
			if f.Inputs != 28*28 {
				break
			}
			app.WeightPixels(f.Weights(i), one)
			ox, oy := (i%8)*28, (i/8)*28
			for row := range 28 {
				copy(pix[4*((oy+row)*8*28+ox):], one[4*row*28:4*(row+1)*28])
			}
		}
		vi.weights.WritePixels(pix)
	}
	top := map[int]bool{}
	if ok {
		for _, c := range in.Top {
			top[c.Neuron] = true
		}
	}
	for i := range min(f.Shown, 64) {
		c := l.WeightCell(i).Inset(1.5 * s)
		sub := vi.weights.SubImage(imageRect((i%8)*28, (i/8)*28, 28, 28)).(*ebiten.Image)
		drawImage(dst, sub, c, true)
		if top[i] {
			stroke(dst, c.Inset(-1*s), 2*s, colText)
		}
	}
	g.drawInside(dst, f, in, ok)
}

// drawInside draws the weights view's right column: the drawn digit
// inside the network, each fully connected hidden layer's activations as
// a strip, and the neurons (or a convolutional network's feature maps)
// behind the guess.
func (g *Game) drawInside(dst *ebiten.Image, f *app.FirstLayer, in *app.Inside, ok bool) {
	l := &g.lay
	s, t := l.Scale, l.ViewText()
	vi := &g.ui.views
	r := l.WeightsRight()
	g.vtext(dst, "Your digit, layer by layer", 12, false, r.X, r.Y, left, colDim)
	if !ok || len(in.Hidden) == 0 {
		msg := []string{"Draw a digit, or click a test digit,", "to see what each layer makes of it."}
		if ok {
			msg = []string{"This network has no hidden layer."}
		}
		for i, m := range msg {
			g.vtext(dst, m, 12.5, false, r.X, r.Y+(32+18*float64(i))*s*t, left, colDim)
		}
		return
	}
	n := min(len(in.Hidden), 4)
	for len(vi.strips) < n {
		vi.strips = append(vi.strips, nil)
	}
	for i, acts := range in.Hidden[:n] {
		box := l.ActivationStrip(i, n)
		label := app.StripLabel(i+1, acts)
		if f.Conv {
			label = app.DenseStripLabel(i+1, acts)
		}
		g.vtext(dst, label, 11.5, false, box.X, box.Y-16*s*t, left, colDim)
		cols, rows, cell := app.StripGrid(len(acts), box.W, box.H)
		if cols == 0 {
			continue
		}
		im := vi.strips[i]
		if im == nil || im.Bounds().Dx() != cols || im.Bounds().Dy() != rows {
			if im != nil {
				im.Deallocate()
			}
			im = ebiten.NewImage(cols, rows)
			vi.strips[i] = im
		}
		pix := make([]byte, 4*cols*rows)
		app.ActivationPixels(acts, pix, colPanel)
		im.WritePixels(pix)
		drawImage(dst, im, app.Rect{X: box.X, Y: box.Y, W: float64(cols) * cell, H: float64(rows) * cell}, true)
	}

	// The neurons behind the guess.
	if len(in.Top) == 0 {
		return
	}
	t0 := l.TopCell(0)
	g.vtext(dst, app.TopTitle(in), 12, false, r.X, t0.Y-19*s*t, left, colDim)
	// The pictures: first-layer weights of side 28, or feature maps.
	side := 28
	if f.Conv && len(in.Maps) > 0 {
		side = in.Maps[len(in.Maps)-1].H
	}
	if vi.top == nil || vi.top.Bounds().Dy() != side {
		if vi.top != nil {
			vi.top.Deallocate()
		}
		vi.top = ebiten.NewImage(app.TopShown*side, side)
		vi.topShown = shown{}
	}
	if vi.topShown.stale(g.inside.Rev()) || vi.topChange != f.Change {
		vi.topChange = f.Change
		pix := make([]byte, 4*app.TopShown*side*side)
		one := make([]byte, 4*side*side)
		for k, c := range in.Top {
			w := c.Weights
			if f.Change && c.Change != nil {
				w = c.Change // as the grid shows them
			}
			switch {
			case c.Map != nil && len(c.Map) == side*side:
				app.ActivationPixels(c.Map, one, colPanel)
			case len(w) == side*side:
				app.WeightPixels(w, one)
			default:
				continue
			}
			for row := range side {
				copy(pix[4*(row*app.TopShown*side+k*side):], one[4*row*side:4*(row+1)*side])
			}
		}
		vi.top.WritePixels(pix)
	}
	for k, c := range in.Top {
		rc := l.TopCell(k)
		sub := vi.top.SubImage(imageRect(k*side, 0, side, side)).(*ebiten.Image)
		drawImage(dst, sub, rc, true)
		a, b := app.TopLabel(c)
		g.vtext(dst, a, 11.5, true, rc.X+rc.W/2, rc.Y+rc.H+2*s, center, colText)
		g.vtext(dst, b, 11, false, rc.X+rc.W/2, rc.Y+rc.H+16*s*t, center, colDim)
	}
}

// vtext is text in the views, ViewText times larger.
func (g *Game) vtext(dst *ebiten.Image, str string, size float64, bold bool, x, y float64, a align, c color.Color) float64 {
	return g.text(dst, str, size*g.lay.ViewText(), bold, x, y, a, c)
}

// drawLegend draws the weights' colour map, right-aligned at x and
// centred on y: "− [the map from -1 to 1] +".
func (g *Game) drawLegend(dst *ebiten.Image, x, y float64) {
	s := g.lay.Scale
	vi := &g.ui.views
	if vi.legend == nil {
		const n = 101
		vi.legend = ebiten.NewImage(n, 1)
		pix := make([]byte, 4*n)
		for i := range n {
			c := app.Diverging(2*float64(i)/(n-1) - 1)
			pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = c.R, c.G, c.B, 0xff
		}
		vi.legend.WritePixels(pix)
	}
	w := g.text(dst, "+", 14, true, x, y-10*s, right, app.Diverging(0.9))
	bar := app.Rect{X: x - w - 5*s - 50*s, Y: y - 5*s, W: 50 * s, H: 10 * s}
	drawImage(dst, vi.legend, bar, false)
	g.text(dst, "−", 14, true, bar.X-5*s, y-10*s, right, app.Diverging(-0.9))
}
