package main

import (
	"github.com/hajimehoshi/ebiten/v2"

	"digits/wasm/app"
)

// convImages are the pictures of the weights view for a convolutional
// network, each remade only when what it shows moved.
type convImages struct {
	filters      *ebiten.Image // the first convolution's filters side by side
	filtersShown shown         // the snapshot revision it holds
	maps         []*ebiten.Image
	mapsShown    shown // the inside revision they hold
}

// drawConvLeft draws the weights view's left side for a convolutional
// network: its first convolution's filters (or their change since the
// start) in the diverging colour map, and for the drawn digit each
// convolution's feature maps after its ReLU, brighter where they fire.
func (g *Game) drawConvLeft(dst *ebiten.Image, f *app.FirstLayer, in *app.Inside, ok bool) {
	l := &g.lay
	s := l.Scale
	ci := &g.ui.conv
	counts := []int{f.Shown}
	if ok {
		for _, m := range in.Maps {
			counts = append(counts, m.C)
		}
	}
	groups := l.ConvGroups(counts)
	fg := groups[0]
	g.vtext(dst, app.FiltersTitle(f), 12, false, fg.X, fg.LabelY, left, colDim)
	side := f.Side
	if ci.filters == nil || ci.filters.Bounds().Dx() != f.Shown*side || ci.filters.Bounds().Dy() != side {
		if ci.filters != nil {
			ci.filters.Deallocate()
		}
		ci.filters = ebiten.NewImage(f.Shown*side, side)
		ci.filtersShown = shown{}
	}
	if ci.filtersShown.stale(g.weights.Rev()) {
		ci.filters.WritePixels(tile(f.Shown, side, side, func(i int, one []byte) { app.WeightPixels(f.Weights(i), one) }))
	}
	for i := range f.Shown {
		sub := ci.filters.SubImage(imageRect(i*side, 0, side, side)).(*ebiten.Image)
		drawImage(dst, sub, fg.At(i).Inset(2*s), true)
	}
	if !ok {
		g.vtext(dst, "Draw a digit, or click a test digit, to see its feature maps.", 12.5, false, fg.X, fg.At(0).Y+fg.Cell+14*s, left, colDim)
		return
	}
	for len(ci.maps) < len(in.Maps) {
		ci.maps = append(ci.maps, nil)
	}
	remake := ci.mapsShown.stale(g.inside.Rev())
	for k := range in.Maps {
		m := &in.Maps[k]
		gr := groups[k+1]
		g.vtext(dst, app.MapsTitle(m), 12, false, gr.X, gr.LabelY, left, colDim)
		im := ci.maps[k]
		if im == nil || im.Bounds().Dx() != m.C*m.W || im.Bounds().Dy() != m.H {
			if im != nil {
				im.Deallocate()
			}
			im = ebiten.NewImage(m.C*m.W, m.H)
			ci.maps[k] = im
			remake = true
		}
		if remake {
			im.WritePixels(tile(m.C, m.W, m.H, func(i int, one []byte) { app.ActivationPixels(m.Map(i), one, colPanel) }))
		}
		for i := range m.C {
			sub := im.SubImage(imageRect(i*m.W, 0, m.W, m.H)).(*ebiten.Image)
			drawImage(dst, sub, gr.At(i).Inset(1.5*s), true)
		}
	}
}

// tile lays n pictures of w×h pixels side by side in one RGBA image,
// each made by draw into a buffer of 4·w·h bytes.
func tile(n, w, h int, draw func(i int, one []byte)) []byte {
	pix := make([]byte, 4*n*w*h)
	one := make([]byte, 4*w*h)
	for i := range n {
		draw(i, one)
		for row := range h {
			copy(pix[4*(row*n*w+i*w):], one[4*row*w:4*(row+1)*w])
		}
	}
	return pix
}
