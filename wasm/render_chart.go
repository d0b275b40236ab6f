package main

import (
	"fmt"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/wasm/app"
)

// series is one curve of a chart.
type series struct {
	name string
	c    color.Color
	y    func(p app.Point) float64
}

// drawCharts draws the loss and the accuracies against epochs.
func (g *Game) drawCharts(dst *ebiten.Image, st app.Status) {
	h := st.History
	g.chart(dst, g.lay.LossChart, "loss by epoch (500 training digits)", h, false,
		[]series{{"train loss", colViolet, func(p app.Point) float64 { return p.Loss }}})
	g.chart(dst, g.lay.AccChart, "accuracy by epoch", h, true,
		[]series{
			{"training", colViolet, func(p app.Point) float64 { return p.TrainAcc }},
			{"test", colAccent, func(p app.Point) float64 { return p.TestAcc }},
		})
}

// chart plots the series over the history in r, epochs along x. For
// accuracy, the y axis zooms in on the range the curves reach, since the
// interesting part is between 90% and 100%.
func (g *Game) chart(dst *ebiten.Image, r app.Rect, title string, h []app.Point, percent bool, ss []series) {
	s := g.lay.Scale
	g.text(dst, title, 12.5, false, r.X, r.Y, left, colDim)
	plot := app.Rect{X: r.X + 44*s, Y: r.Y + 20*s, W: r.W - 52*s, H: r.H - 38*s}
	fill(dst, plot, colBg)
	if len(h) == 0 {
		g.text(dst, "curves appear when training starts", 13, false, plot.X+plot.W/2, plot.Y+plot.H/2-9*s, center, colLine)
		return
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range h {
		for _, se := range ss {
			v := se.y(p)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if percent {
		// Show from the last points' neighbourhood up, so late progress shows.
		last := h[len(h)-1]
		recent := math.Min(ss[0].y(last), ss[len(ss)-1].y(last))
		lo = math.Max(lo, math.Min(recent-0.1, 0.9))
		hi = math.Min(1, hi)
	} else {
		lo = 0
	}
	ya := app.NiceAxis(lo, hi, 4)
	xa := app.NiceAxis(0, math.Max(h[len(h)-1].Epoch, 1), 5)
	for _, t := range ya.Ticks() {
		y := ya.Pos(t, plot.Y+plot.H, plot.Y)
		line(dst, plot.X, y, plot.X+plot.W, y, 1*s, colLine)
		lab := fmt.Sprintf("%.3g", t)
		if percent {
			lab = fmt.Sprintf("%.4g%%", 100*t)
		}
		g.text(dst, lab, 10.5, false, plot.X-5*s, y-7*s, right, colDim)
	}
	for _, t := range xa.Ticks() {
		x := xa.Pos(t, plot.X, plot.X+plot.W)
		g.text(dst, fmt.Sprintf("%g", t), 10.5, false, x, plot.Y+plot.H+2*s, center, colDim)
	}
	lx := plot.X + plot.W
	for i := len(ss) - 1; i >= 0; i-- {
		se := ss[i]
		var px, py float64
		for j, p := range h {
			x := xa.Pos(p.Epoch, plot.X, plot.X+plot.W)
			y := ya.Pos(se.y(p), plot.Y+plot.H, plot.Y)
			if j > 0 {
				line(dst, px, py, x, y, 2*s, se.c)
			}
			px, py = x, y
		}
		// Legend at the top right, with the latest value.
		lab := fmt.Sprintf("%s %.3f", se.name, se.y(h[len(h)-1]))
		if percent {
			lab = fmt.Sprintf("%s %.2f%%", se.name, 100*se.y(h[len(h)-1]))
		}
		w := g.text(dst, lab, 12, true, lx, r.Y, right, se.c)
		lx -= w + 18*s
	}
}
