package main

import (
	"fmt"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/core"
	"digits/wasm/app"
)

// drawAll draws the whole app for one frame.
func (g *Game) drawAll(screen *ebiten.Image, st app.Status) {
	screen.Fill(colBg)
	g.drawHeader(screen, st)
	g.drawPad(screen)
	g.drawPrediction(screen)
	g.drawSamples(screen)
	g.drawPanel(screen, st)
	g.drawView(screen, st)
	l := &g.lay
	if l.Portrait { // too narrow for the keys in one line
		for i, ln := range app.KeyLines(true) {
			g.text(screen, ln, 12, false, l.Footer.X+l.Footer.W/2, l.Footer.Y+(2+16*float64(i))*l.Scale, center, colDim)
		}
	} else {
		g.text(screen, app.KeyLines(false)[0], 12.5, false, l.Footer.X+l.Footer.W/2, l.Footer.Y+8*l.Scale, center, colDim)
	}
	g.ui.endRedraw()
}

func (g *Game) drawHeader(dst *ebiten.Image, st app.Status) {
	l := &g.lay
	s := l.Scale
	x, y := l.Pad.X, l.Header.Y+14*s
	w := g.text(dst, "digits", 28, true, x, y, left, colText)
	if !l.Portrait { // no room beside the status in a narrow window
		g.text(dst, "a neural network reads your handwriting, and learns to, right here", 15, false, x+w+14*s, y+11*s, left, colDim)
	}
	hd := app.Header(st)
	g.text(dst, hd.Text, 14, false, l.Header.X+l.Header.W-24*s, y+12*s, right, toneColour(hd.Tone))
	if tl, ok := app.TrainerLine(st); ok {
		g.text(dst, tl.Text, 11.5, false, l.Header.X+l.Header.W-24*s, y+29*s, right, toneColour(tl.Tone))
	}
	line(dst, l.Header.X, l.Header.Y+l.Header.H, l.Header.X+l.Header.W, l.Header.Y+l.Header.H, 1*s, colLine)
}

func (g *Game) drawPad(dst *ebiten.Image) {
	l := &g.lay
	s := l.Scale
	g.ui.updateInk(g.ink)
	drawImage(dst, g.ui.inkImg, l.Pad, false)
	stroke(dst, l.Pad.Inset(-1.5*s), 3*s, colLine)
	if g.ink.Empty() {
		g.text(dst, "draw a digit here", 22, false, l.Pad.X+l.Pad.W/2, l.Pad.Y+l.Pad.H/2-14*s, center, color.RGBA{0x94, 0xa3, 0xb8, 0xff})
		g.text(dst, "with the mouse or a finger", 15, false, l.Pad.X+l.Pad.W/2, l.Pad.Y+l.Pad.H/2+16*s, center, color.RGBA{0xb0, 0xbc, 0xcc, 0xff})
	}
	g.button(dst, app.Clear, "Clear  (C)", false, colAccent)
	// Beside it: what became of the last file or export, or a hint.
	nr := l.Notice
	ln, ok := g.noticeLine()
	if !ok {
		g.text(dst, "or click a test digit below, or drop a model file or a picture", 12.5, false, nr.X, nr.Y+5*s, left, colDim)
		g.text(dst, "of a digit on the page", 12.5, false, nr.X, nr.Y+23*s, left, colDim)
		return
	}
	// Five lines of small type hold the longest messages (five bad
	// settings in the URL); window.digits.notice has the whole text.
	const size, lines, step = 11, 5, 12.5
	measure := func(str string) float64 { return g.ui.measure(str, size*s, false) }
	for i, part := range app.Wrap(ln.Text, nr.W, lines, measure) {
		g.text(dst, part, size, false, nr.X, nr.Y+float64(i)*step*s, left, toneColour(ln.Tone))
	}
}

func (g *Game) drawPrediction(dst *ebiten.Image) {
	l := &g.lay
	s := l.Scale
	p := &g.pred
	digit, probs := p.Digit(), p.Probs()
	// The big digit.
	gr := l.Guess
	fill(dst, gr, colPanel)
	stroke(dst, gr, 1*s, colLine)
	g.text(dst, "guess", 12, false, gr.X+8*s, gr.Y+5*s, left, colDim)
	if digit >= 0 {
		g.text(dst, fmt.Sprint(digit), 84, true, gr.X+gr.W/2, gr.Y+8*s, center, colAccent)
		g.text(dst, fmt.Sprintf("%.0f%% sure", 100*probs[digit]), 12, false, gr.X+gr.W/2, gr.Y+gr.H-19*s, center, colDim)
	} else {
		g.text(dst, "–", 72, true, gr.X+gr.W/2, gr.Y+16*s, center, colLine)
	}
	// What the network sees.
	sr := l.Seen
	g.text(dst, "what it sees (28×28)", 12, false, sr.X+sr.W/2, sr.Y-19*s, center, colDim)
	if digit >= 0 {
		g.ui.updateSeen(p)
		drawImage(dst, g.ui.seenImg, sr, true)
	} else {
		fill(dst, sr, color.Black)
	}
	stroke(dst, sr.Inset(-1*s), 1*s, colLine)
	g.button(dst, app.Export, "Export  (X)", false, colAccent)
	g.button(dst, app.Import, "Import  (O)", false, colAccent)
	// Ten probability bars.
	br := l.Bars
	rowH := br.H / 10
	for d := 0; d < 10; d++ {
		y := br.Y + float64(d)*rowH
		g.text(dst, fmt.Sprint(d), 15, true, br.X+6*s, y+(rowH-19*s)/2, left, colText)
		bar := app.Rect{X: br.X + 26*s, Y: y + rowH*0.2, W: br.W - 26*s - 46*s, H: rowH * 0.6}
		fill(dst, bar, colPanel)
		if digit >= 0 {
			v := float64(probs[d])
			c := colViolet
			if d == digit {
				c = colAccent
			}
			fill(dst, app.Rect{X: bar.X, Y: bar.Y, W: bar.W * v, H: bar.H}, c)
			g.text(dst, fmt.Sprintf("%.0f%%", 100*v), 12, false, br.X+br.W, y+(rowH-15*s)/2, right, colDim)
		}
	}
}

func (g *Game) drawSamples(dst *ebiten.Image) {
	l := &g.lay
	s := l.Scale
	grid := g.grid()
	g.text(dst, grid.Caption.Text, 13, false, l.Samples.X, l.Samples.Y-22*s, left, toneColour(grid.Caption.Tone))
	if _, _, on := g.filter.Cell(); on {
		g.button(dst, app.AllSamples, "All test digits  (Esc)", false, colAccent)
	}
	test := g.s.Test()
	guesses := g.guesses.ForImages(g.s, g.live.net, test, grid.Indices)
	for i := 0; i < l.NumSamples(); i++ {
		r := l.SampleCell(i)
		if i >= len(grid.Indices) {
			if !grid.Filtered { // a cell's digits end where they end
				fill(dst, r, colPanel)
			}
			continue
		}
		k := grid.Indices[i]
		im := g.ui.sampleImage(k, test.Image(k))
		img := app.Rect{X: r.X, Y: r.Y, W: r.H * 0.78, H: r.H * 0.78}
		img.X = r.X + (r.W-img.W)/2
		drawImage(dst, im, img, false)
		if i < len(guesses) {
			ok := guesses[i] == int(test.Labels[k])
			c := colGood
			if !ok {
				c = colBad
				stroke(dst, img.Inset(-1.5*s), 2.5*s, colBad)
			}
			g.text(dst, fmt.Sprint(guesses[i]), 12, !ok, r.X+r.W/2, img.Y+img.H+1*s, center, c)
		}
	}
	if test == nil {
		g.text(dst, "decoding the test digits…", 15, false, l.Samples.X+l.Samples.W/2, l.Samples.Y+l.Samples.H/2-10*s, center, colDim)
	}
}

func (g *Game) drawPanel(dst *ebiten.Image, st app.Status) {
	l := &g.lay
	s := l.Scale
	fill(dst, l.Panel, colPanel)
	stroke(dst, l.Panel, 1*s, colLine)
	cfg := g.s.Config()
	x := l.Controls[app.Preset1].X
	top := l.Controls[app.Preset1].Y
	g.text(dst, "Train a network from scratch", 18, true, x, top-30*s, left, colText)

	for p, a := range g.s.Presets() {
		p := app.Preset(p)
		g.button(dst, app.PresetButton(p), app.PresetLabel(p, a), cfg.Preset == p, colAccent)
	}
	f := &g.field
	g.button(dst, app.Custom, app.CustomLabel(cfg, f), cfg.Preset == app.CustomSizes || f.Editing(), colAccent)
	if f.Editing() {
		hint := app.FieldHint(f)
		r := l.Controls[app.Custom]
		g.text(dst, hint.Text, 11, false, r.X+r.W, r.Y+r.H+1*s, right, toneColour(hint.Tone))
	}

	// Learning rate and batch size steppers.
	rd, ru := l.Controls[app.RateDown], l.Controls[app.RateUp]
	g.text(dst, "learning rate", 13, false, x, rd.Y+7*s, left, colDim)
	g.button(dst, app.RateDown, "−", false, colAccent)
	g.button(dst, app.RateUp, "+", false, colAccent)
	g.text(dst, fmt.Sprint(cfg.Rate), 15, true, (rd.X+rd.W+ru.X)/2, rd.Y+5*s, center, colText)
	bd, bu := l.Controls[app.BatchDown], l.Controls[app.BatchUp]
	g.text(dst, "batch", 13, false, bd.X-8*s, bd.Y+7*s, right, colDim)
	g.button(dst, app.BatchDown, "−", false, colAccent)
	g.button(dst, app.BatchUp, "+", false, colAccent)
	g.text(dst, app.BatchLabel(cfg.Batch), 15, true, (bd.X+bd.W+bu.X)/2, bd.Y+5*s, center, colText)
	sd := l.Controls[app.Seed]
	g.text(dst, "seed", 13, false, sd.X-8*s, sd.Y+7*s, right, colDim)
	g.button(dst, app.Seed, app.SeedLabel(cfg, &g.seed), g.seed.Editing(), colAccent)
	if g.seed.Editing() {
		hint := app.SeedHint(&g.seed)
		g.text(dst, hint.Text, 10.5, false, sd.X+sd.W, sd.Y+sd.H-1*s, right, toneColour(hint.Tone))
	}

	ih := l.Controls[app.InitHe]
	g.text(dst, "initial weights", 13, false, x, ih.Y+7*s, left, colDim)
	for i, in := range core.Inits {
		g.button(dst, app.InitButton(i), string(in), cfg.Init == in, colViolet)
	}

	training := st.Phase == app.Training || st.Phase == app.Waiting
	g.button(dst, app.Train, "Train  (T)", training, colGood)
	g.button(dst, app.Pause, "Pause  (P)", st.Phase == app.Paused, colWarn)
	g.button(dst, app.Reset, "Reset  (R)", false, colAccent)

	// Status lines.
	sr := l.Stats
	for i, ln := range app.StatusLines(st) {
		g.text(dst, ln.Text, 14, i == 0, sr.X, sr.Y+float64(i)*21*s, left, toneColour(ln.Tone))
	}
}

// toneColour is the palette's colour for a role of text.
func toneColour(t app.Tone) color.Color {
	switch t {
	case app.Dim:
		return colDim
	case app.Accent:
		return colAccent
	case app.Bad:
		return colBad
	case app.Warn:
		return colWarn
	default:
		return colText
	}
}
