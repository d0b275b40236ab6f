package main

import (
	"time"

	"digits/wasm/app"
)

// The views under the tabs beside the pad: the curves, the confusion
// matrix, the weights. Their state lives in package app; here it is kept
// up to date and clicked.

// updateViews brings the weights view's snapshots up to date while it is
// shown; hidden, it costs nothing.
func (g *Game) updateViews() {
	if g.views.Shown() != app.WeightsView {
		return
	}
	net := g.live.net
	g.weights.Update(time.Now(), net, g.s)
	g.inside.Update(&g.pred, net, g.s)
}

// grid is what the sample grid under the pad shows.
func (g *Game) grid() app.SampleGrid {
	return app.Grid(&g.filter, g.s.Reading(), g.s.Test(), g.lay.NumSamples())
}

// pointerDownInView handles a click inside the view: a confusion matrix
// cell shows its digits in the sample grid (the same cell again, the
// first test digits); the weights view's switch shows the weights or their
// change since training began.
func (g *Game) pointerDownInView(x, y float64) {
	switch g.views.Shown() {
	case app.ConfusionView:
		if g.s.Reading() == nil {
			return
		}
		if t, guess, ok := g.lay.ConfusionAt(x, y); ok {
			g.filter.Select(t, guess)
		}
	case app.WeightsView:
		if i := g.lay.WeightsModeAt(x, y); i >= 0 {
			g.weights.ShowChange(i == 1)
		}
	}
}
