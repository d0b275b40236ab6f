package app

import "math"

// The Weights view's left side for a convolutional network: groups of
// pictures one under the other, each under a label line — the first
// convolution's filters, then each convolution's feature maps of the drawn
// digit — at most convCols pictures a row, in the width the grid of a
// fully connected network's weights takes and the view's height.

// convCols is the most pictures a row of the convolutional view holds.
const convCols = 8

// ConvGroup is one group of pictures: its label's position and a grid of
// Cols columns of square cells of side Cell.
type ConvGroup struct {
	X, LabelY, Y float64 // the label line's top, the grid's top-left corner
	Cols         int
	Cell         float64
}

// At is the cell of picture i.
func (g ConvGroup) At(i int) Rect {
	return Rect{g.X + float64(i%g.Cols)*g.Cell, g.Y + float64(i/g.Cols)*g.Cell, g.Cell, g.Cell}
}

// ConvGroups places groups of counts[i] pictures: each row of a group
// shares the same width (so 6 filters get larger cells than 16 maps), as
// wide as fits the height left by the label lines.
func (l *Layout) ConvGroups(counts []int) []ConvGroup {
	s, t := l.Scale, l.ViewText()
	label := weightsTitle * s * t
	// Height per unit of width: Σ rows_i / cols_i.
	per := 0.0
	for _, n := range counts {
		cols := min(max(n, 1), convCols)
		per += float64((n+cols-1)/cols) / float64(cols)
	}
	w := l.weightsSide()
	if per > 0 {
		w = math.Min(w, (l.View.H-float64(len(counts))*label)/per)
	}
	w = math.Max(w, 0)
	out := make([]ConvGroup, len(counts))
	y := l.View.Y
	for i, n := range counts {
		cols := min(max(n, 1), convCols)
		g := ConvGroup{X: l.View.X, LabelY: y, Y: y + label, Cols: cols, Cell: w / float64(cols)}
		out[i] = g
		y = g.Y + float64((n+cols-1)/cols)*g.Cell
	}
	return out
}

// LeNetGroups is ConvGroups for LeNet-5's filters and feature maps: 6
// filters, 6 maps after the first convolution, 16 after the second. The
// page API names its cells "filter:I" and "map:C:I" (convolution C, 1 or
// 2, picture I).
func (l *Layout) LeNetGroups() []ConvGroup { return l.ConvGroups([]int{6, 6, 16}) }
