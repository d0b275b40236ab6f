//go:build js

package main

import (
	"syscall/js"

	"digits/wasm/app"
)

// The page API of the views (added to window.digits by pageInitViews):
//
//	confusion()  number[10][10], rows the true digit and columns the guess,
//	             counted over the 10,000 test digits for the network the
//	             pad uses, or null until it has read them all
//	view         the view under the tabs: "curves", "confusion" or "weights"
//	samples()    what the sample grid shows: {trueDigit, guess, indices},
//	             trueDigit and guess null for the first test digits, or a
//	             confusion matrix cell's; indices are test image numbers
//	rect(name)   the CSS-pixel rectangle {x, y, width, height} of a named
//	             part of the screen (app.Layout.Named: "pad", "tab:weights",
//	             "cell:4:9", "sample:0", ...), or null
func pageInitViews(g *Game, fn func(name string, f func(args []js.Value) any)) {
	pg.api.Set("view", g.views.Shown().String())
	fn("confusion", func([]js.Value) any { return confusionValue(g.s.Reading()) })
	fn("samples", func([]js.Value) any { return samplesValue(g) })
	fn("rect", func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return js.Null()
		}
		r, ok := g.lay.Named(args[0].String())
		if !ok {
			return js.Null()
		}
		return cssRect(g, r)
	})
}

// publishViews updates window.digits.view when another view is shown.
func publishViews(g *Game) {
	if r := g.views.Rev(); r != pg.published.views {
		pg.published.views = r
		pg.api.Set("view", g.views.Shown().String())
	}
}

func confusionValue(r *app.Reading) any {
	if r == nil {
		return js.Null()
	}
	rows := make([]any, 10)
	for y := range 10 {
		row := make([]any, 10)
		for x := range 10 {
			row[x] = r.Confusion[y][x]
		}
		rows[y] = row
	}
	return js.ValueOf(rows)
}

func samplesValue(g *Game) any {
	grid := g.grid()
	o := js.Global().Get("Object").New()
	o.Set("trueDigit", js.Null())
	o.Set("guess", js.Null())
	if y, guess, on := g.filter.Cell(); on && grid.Filtered {
		o.Set("trueDigit", y)
		o.Set("guess", guess)
	}
	idx := make([]any, len(grid.Indices))
	for i, k := range grid.Indices {
		idx[i] = k
	}
	o.Set("indices", js.ValueOf(idx))
	return o
}

// cssRect converts a rectangle from screen pixels (device pixels of the
// canvas) to CSS pixels of the page.
func cssRect(g *Game, p app.Rect) any {
	canvas := js.Global().Get("document").Call("querySelector", "canvas")
	if canvas.IsNull() || g.lay.W == 0 {
		return js.Null()
	}
	r := canvas.Call("getBoundingClientRect")
	sx := r.Get("width").Float() / g.lay.W
	sy := r.Get("height").Float() / g.lay.H
	o := js.Global().Get("Object").New()
	o.Set("x", r.Get("left").Float()+p.X*sx)
	o.Set("y", r.Get("top").Float()+p.Y*sy)
	o.Set("width", p.W*sx)
	o.Set("height", p.H*sy)
	return o
}
