package main

import (
	"fmt"
	"image/color"
	"math"
	"strings"

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
	g.drawCharts(screen, st)
	l := &g.lay
	g.text(screen, "Keys:  C clear  ·  Space train/pause  ·  T train  ·  P pause  ·  R reset  ·  1 2 3 presets  ·  E custom sizes  ·  [ ] learning rate  ·  B batch  ·  I init",
		12.5, false, l.Footer.X+l.Footer.W/2, l.Footer.Y+8*l.Scale, center, colDim)
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
	var msg string
	c := colDim
	switch {
	case st.Pretrained && st.TestAcc >= 0:
		msg = fmt.Sprintf("pretrained %s · %.2f%% on the 10,000 MNIST test digits", st.NetName, 100*st.TestAcc)
	case st.Pretrained:
		msg = fmt.Sprintf("pretrained %s", st.NetName)
	default:
		msg = fmt.Sprintf("the pad uses the network being trained (%s)", st.NetName)
		c = colAccent
	}
	g.text(dst, msg, 14, false, l.Header.X+l.Header.W-24*s, y+12*s, right, c)
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
	cr := l.Controls[app.Clear]
	g.text(dst, "or click a test digit below", 13, false, cr.X+cr.W+14*s, cr.Y+12*s, left, colDim)
}

func (g *Game) drawPrediction(dst *ebiten.Image) {
	l := &g.lay
	s := l.Scale
	p := g.pred
	// The big digit.
	gr := l.Guess
	fill(dst, gr, colPanel)
	stroke(dst, gr, 1*s, colLine)
	g.text(dst, "guess", 12, false, gr.X+8*s, gr.Y+5*s, left, colDim)
	if p.Digit >= 0 {
		g.text(dst, fmt.Sprint(p.Digit), 84, true, gr.X+gr.W/2, gr.Y+8*s, center, colAccent)
		g.text(dst, fmt.Sprintf("%.0f%% sure", 100*p.Probs[p.Digit]), 12, false, gr.X+gr.W/2, gr.Y+gr.H-19*s, center, colDim)
	} else {
		g.text(dst, "–", 72, true, gr.X+gr.W/2, gr.Y+16*s, center, colLine)
	}
	// What the network sees.
	sr := l.Seen
	g.text(dst, "what it sees (28×28)", 12, false, sr.X+sr.W/2, sr.Y-19*s, center, colDim)
	if p.Digit >= 0 {
		drawImage(dst, g.ui.seenImg, sr, true)
	} else {
		fill(dst, sr, color.Black)
	}
	stroke(dst, sr.Inset(-1*s), 1*s, colLine)
	// Ten probability bars.
	br := l.Bars
	rowH := br.H / 10
	for d := 0; d < 10; d++ {
		y := br.Y + float64(d)*rowH
		g.text(dst, fmt.Sprint(d), 15, true, br.X+6*s, y+(rowH-19*s)/2, left, colText)
		bar := app.Rect{X: br.X + 26*s, Y: y + rowH*0.2, W: br.W - 26*s - 46*s, H: rowH * 0.6}
		fill(dst, bar, colPanel)
		if p.Digit >= 0 {
			v := float64(p.Probs[d])
			c := colViolet
			if d == p.Digit {
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
	g.text(dst, "Test digits with the network's guess: green right, red wrong. Click one to put it on the pad.", 13, false, l.Samples.X, l.Samples.Y-22*s, left, colDim)
	test := g.s.Test()
	n := l.NumSamples()
	guesses := g.s.Guesses(n)
	for i := 0; i < n; i++ {
		r := l.SampleCell(i)
		if test == nil || i >= test.N {
			fill(dst, r, colPanel)
			continue
		}
		im := g.ui.sampleImage(i, test.Image(i))
		img := app.Rect{X: r.X, Y: r.Y, W: r.H * 0.78, H: r.H * 0.78}
		img.X = r.X + (r.W-img.W)/2
		drawImage(dst, im, img, false)
		if i < len(guesses) {
			ok := guesses[i] == int(test.Labels[i])
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

	labels := [3]string{"32-16 (seed)", "300-100 (LeCun)", core.SizesString(g.s.Presets[2]) + " (default)"}
	for i := 0; i < 3; i++ {
		g.button(dst, app.Preset1+app.Control(i), fmt.Sprintf("%d  %s", i+1, labels[i]), cfg.PresetIdx == i, colAccent)
	}
	custom := "E  custom…"
	if g.in.editing {
		custom = g.in.field + "|"
	} else if cfg.PresetIdx == 3 {
		custom = core.SizesString(cfg.Hidden)
		if custom == "" {
			custom = "no hidden layer"
		}
	}
	g.button(dst, app.Custom, custom, cfg.PresetIdx == 3 || g.in.editing, colAccent)
	if g.in.editing {
		msg := "hidden sizes, e.g. 128 64, then Enter"
		c := colDim
		if g.in.fieldErr != "" {
			msg, c = g.in.fieldErr, colBad
		}
		r := l.Controls[app.Custom]
		g.text(dst, msg, 11, false, r.X+r.W, r.Y+r.H+1*s, right, c)
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
	g.text(dst, "[ ]   B", 11, false, bu.X+bu.W+8*s, bu.Y+9*s, left, colDim)

	ih := l.Controls[app.InitHe]
	g.text(dst, "initial weights", 13, false, x, ih.Y+7*s, left, colDim)
	for i, name := range []string{"he", "gaussian", "samson"} {
		g.button(dst, app.InitHe+app.Control(i), name, string(cfg.Init) == name, colViolet)
	}

	training := st.Phase == app.Training || st.Phase == app.Waiting
	g.button(dst, app.Train, "Train  (T)", training, colGood)
	g.button(dst, app.Pause, "Pause  (P)", st.Phase == app.Paused, colWarn)
	g.button(dst, app.Reset, "Reset  (R)", false, colAccent)

	// Status lines.
	sr := l.Stats
	lines := g.statusLines(st)
	for i, ln := range lines {
		g.text(dst, ln.s, 14, i == 0, sr.X, sr.Y+float64(i)*21*s, left, ln.c)
	}
}

type coloured struct {
	s string
	c color.Color
}

// statusLines says what the session is doing, in up to three lines.
func (g *Game) statusLines(st app.Status) []coloured {
	var out []coloured
	switch {
	case st.Err != nil && st.Phase == app.Diverged:
		return []coloured{{"Training stopped", colBad}, {st.Err.Error(), colBad}}
	case st.Err != nil:
		return []coloured{{"Could not load the training images", colBad}, {st.Err.Error(), colBad}}
	case st.Phase == app.Idle && !st.DataReady:
		out = append(out, coloured{fmt.Sprintf("Decoding the 60,000 training images… %.0f%%", 10*math.Floor(10*st.Loaded)), colDim})
		out = append(out, coloured{"Draw meanwhile: the pretrained model is ready.", colDim})
		return out
	case st.Phase == app.Idle:
		return []coloured{{"Ready: press Train to teach a fresh network, starting from random weights.", colText},
			{"Watch its guesses on the pad and the test digits improve as it learns.", colDim}}
	case st.Phase == app.Waiting:
		return []coloured{{fmt.Sprintf("Waiting for the training images… %.0f%%", 10*math.Floor(10*st.Loaded)), colWarn}}
	}
	head := fmt.Sprintf("Epoch %d  (%.1f)  ·  %s images/s  ·  784-%s-10", st.Epoch, st.EpochFrac, thousands(st.Rate), core.SizesString(st.Running.Hidden))
	switch {
	case st.Hidden:
		head += "  ·  paused while the tab is hidden"
	case st.Phase == app.Paused:
		head += "  ·  paused"
	}
	out = append(out, coloured{head, colText})
	ref := core.ComparableLeCun(st.Running.Hidden)
	if st.TestAcc >= 0 {
		out = append(out, coloured{fmt.Sprintf("Test accuracy %.2f%% (error %.2f%%)  vs  %s", 100*st.TestAcc, 100*(1-st.TestAcc), ref), colAccent})
	} else {
		out = append(out, coloured{fmt.Sprintf("Test accuracy after the first epoch  vs  %s", ref), colDim})
	}
	if st.ConfigChange {
		out = append(out, coloured{"Settings changed: Train starts a fresh network with them.", colWarn})
	}
	return out
}

// thousands writes 12345.6 as "12,346".
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
