package app

import (
	"fmt"
	"math"
)

// Where the confusion matrix and the weights go inside Layout.View. They
// are computed from the view's rectangle, so they fit the landscape and
// the portrait arrangements alike.

// Confusion matrix: a caption line, a line of column labels (the
// guesses), then ten rows of ten cells, each row headed by its true digit,
// and beside the matrix the per-digit accuracy as bars.
const (
	confHeader = 40  // design units: the caption's and the column labels' lines
	confLabel  = 30  // the row labels' column
	confGap    = 14  // between the matrix and the accuracy bars
	confRecall = 150 // the accuracy bars' column, at most
)

// ViewText is how much larger than elsewhere the views' words are: the
// tall view of a phone held upright has room for larger ones, where the
// canvas is scaled down most.
func (l *Layout) ViewText() float64 {
	return math.Max(1, math.Min(1.3, l.View.H/l.Scale/280))
}

// ConfusionCell is the cell of the true digit y guessed as g.
func (l *Layout) ConfusionCell(y, g int) Rect {
	x0, y0, cw, ch := l.confusionGrid()
	return Rect{x0 + float64(g)*cw, y0 + float64(y)*ch, cw, ch}
}

// ConfusionAt is the cell under (x, y), if any.
func (l *Layout) ConfusionAt(x, y float64) (trueDigit, guess int, ok bool) {
	x0, y0, cw, ch := l.confusionGrid()
	if x < x0 || y < y0 || x >= x0+10*cw || y >= y0+10*ch {
		return 0, 0, false
	}
	return min(int((y-y0)/ch), 9), min(int((x-x0)/cw), 9), true
}

// RecallBar is the room for digit y's accuracy bar and its percentage.
func (l *Layout) RecallBar(y int) Rect {
	x0, y0, cw, ch := l.confusionGrid()
	x := x0 + 10*cw + confGap*l.Scale
	return Rect{x, y0 + float64(y)*ch, math.Min(l.View.X+l.View.W-x, confRecall*l.Scale*l.ViewText()), ch}
}

// confusionGrid is the matrix's top-left corner and its cells' size:
// rows share the view's height, columns the width left by the labels and
// the bars, cells no taller than wide and at most 1.8 times wider.
func (l *Layout) confusionGrid() (x0, y0, cw, ch float64) {
	s, v := l.Scale, l.View
	t := l.ViewText()
	x0, y0 = v.X+confLabel*s*t, v.Y+confHeader*s*t
	ch = (v.Y + v.H - y0) / 10
	cw = (v.X + v.W - x0 - (confGap+confRecall*t)*s) / 10
	ch = math.Min(ch, cw)
	cw = math.Min(cw, 1.8*ch)
	return x0, y0, cw, ch
}

// Weights view: an 8×8 grid of the first-layer neurons' weight pictures
// on the left, under a title line; on the right the drawn digit's
// activations, one strip per hidden layer, and the neurons behind the
// guess.
const (
	weightsTitle = 20 // design units: the title line over the grid
	weightsGap   = 18 // between the grid and the right column
	weightsCols  = 8  // the grid is weightsCols × weightsCols pictures
)

// WeightCell is the cell of the grid's picture i (0 ≤ i < ShownNeurons).
func (l *Layout) WeightCell(i int) Rect {
	side := l.weightsSide()
	c := side / weightsCols
	return Rect{l.View.X + float64(i%weightsCols)*c, l.View.Y + weightsTitle*l.Scale*l.ViewText() + float64(i/weightsCols)*c, c, c}
}

// WeightsMode is segment i of the weights view's switch at the right end
// of the tab row: 0 shows the weights, 1 their change since training
// began.
func (l *Layout) WeightsMode(i int) Rect {
	tab := l.Controls[TabCurves]
	w := modeW * l.Scale
	return Rect{l.View.X + l.View.W - float64(2-i)*w, tab.Y, w, tab.H}
}

// WeightsModeAt is the switch's segment under (x, y), or -1.
func (l *Layout) WeightsModeAt(x, y float64) int {
	for i := range 2 {
		if l.WeightsMode(i).Contains(x, y) {
			return i
		}
	}
	return -1
}

// modeW is the width of a segment of the weights view's switch.
const modeW = 66

// WeightsRight is the column beside the grid.
func (l *Layout) WeightsRight() Rect {
	x := l.View.X + l.weightsSide() + weightsGap*l.Scale
	return Rect{x, l.View.Y, l.View.X + l.View.W - x, l.View.H}
}

// weightsSide is the grid's side: the view's height under the title, but
// at most a little over half its width.
func (l *Layout) weightsSide() float64 {
	return math.Min(l.View.H-weightsTitle*l.Scale*l.ViewText(), l.View.W*0.55)
}

// The right column of the Weights view, top to bottom: a title line, one
// strip of activations per hidden layer (each under a label line), then a
// title line and TopShown pictures of the neurons behind the guess with
// two lines of text under each. Lines of text grow with ViewText.
const (
	stripLabel = 17 // design units: a strip's label line
	stripMax   = 64 // a strip's height, at most
	topTitle   = 20
	topText    = 30 // the two lines under a top neuron's picture
	topGap     = 10 // between the top neurons' pictures
	topMax     = 64 // a top neuron's picture, at most
)

// TopCell is the picture of the k-th neuron behind the guess.
func (l *Layout) TopCell(k int) Rect {
	r, s, t := l.WeightsRight(), l.Scale, l.ViewText()
	side := math.Min(topMax*s, (r.W-float64(TopShown-1)*topGap*s)/float64(TopShown))
	y := r.Y + r.H - topText*s*t - side
	return Rect{r.X + float64(k)*(side+topGap*s), y, side, side}
}

// ActivationStrip is the box of hidden layer i's strip (of n hidden
// layers shown): the room between the column's title and the top
// neurons' title, shared by the layers, one under the other from the top.
func (l *Layout) ActivationStrip(i, n int) Rect {
	r, s, t := l.WeightsRight(), l.Scale, l.ViewText()
	top := r.Y + weightsTitle*s*t
	bottom := l.TopCell(0).Y - topTitle*s*t - 6*s
	each := math.Min((bottom-top)/float64(max(n, 1)), (stripLabel*t+stripMax+10)*s)
	h := math.Min(each-stripLabel*s*t, stripMax*s)
	return Rect{r.X, top + float64(i)*each + stripLabel*s*t, r.W, math.Max(h, 0)}
}

// StripGrid arranges n cells in a box of w×h as a grid of square cells
// as large as fit: cols × rows ≥ n, each cell of side cell.
func StripGrid(n int, w, h float64) (cols, rows int, cell float64) {
	if n <= 0 || w <= 0 || h <= 0 {
		return 0, 0, 0
	}
	for c := 1; c <= n; c++ {
		r := (n + c - 1) / c
		if side := math.Min(w/float64(c), h/float64(r)); side > cell {
			cols, rows, cell = c, r, side
		}
	}
	return cols, rows, cell
}

// Named is the rectangle of a named part of the screen, for the page API
// (tests and embedding pages aim clicks with it): "pad", "samples",
// "sample:I" (cell I of the sample grid), "tab:curves", "tab:confusion",
// "tab:weights", "cell:Y:G" (the confusion matrix's cell of true digit Y
// guessed as G, where the confusion view would show it), "all-samples"
// (the button back to the first test digits), "weights:weights" and
// "weights:change" (the weights view's switch), "export", "import" and
// "seed" (the buttons under the pad, the panel's seed field); for
// LeNet-5, "filter:I" and "map:C:I" (see LeNetGroups).
func (l *Layout) Named(name string) (Rect, bool) {
	switch name {
	case "export":
		return l.Controls[Export], true
	case "import":
		return l.Controls[Import], true
	case "seed":
		return l.Controls[Seed], true
	case "pad":
		return l.Pad, true
	case "samples":
		return l.Samples, true
	case "all-samples":
		return l.Controls[AllSamples], true
	case "weights:weights":
		return l.WeightsMode(0), true
	case "weights:change":
		return l.WeightsMode(1), true
	}
	var a, b int
	var tab string
	switch {
	case scan(name, "sample:%d", &a) && a >= 0 && a < l.NumSamples():
		return l.SampleCell(a), true
	case scan(name, "cell:%d:%d", &a, &b) && a >= 0 && a < 10 && b >= 0 && b < 10:
		return l.ConfusionCell(a, b), true
	case scan(name, "filter:%d", &a) && a >= 0 && a < 6:
		return l.LeNetGroups()[0].At(a), true
	case scan(name, "map:%d:%d", &a, &b) && (a == 1 && b >= 0 && b < 6 || a == 2 && b >= 0 && b < 16):
		return l.LeNetGroups()[a].At(b), true
	case scan(name, "tab:%s", &tab):
		if v, ok := ViewNamed(tab); ok {
			return l.Controls[ViewTab(v)], true
		}
	}
	return Rect{}, false
}

// scan is fmt.Sscanf that must consume all of s.
func scan(s, format string, args ...any) bool {
	var rest string
	n, _ := fmt.Sscanf(s+" |", format+" %s", append(args, &rest)...)
	return n == len(args)+1 && rest == "|"
}
