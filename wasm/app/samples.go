package app

import (
	"fmt"

	"digits/core"
)

// SampleFilter is what the grid of test digits under the pad shows: the
// first test digits, or those of one cell of the confusion matrix (the
// digits y that the network read as g).
type SampleFilter struct {
	y, g int
	on   bool
	rev  Rev
}

// Select shows the digits y read as g; selecting the cell already shown
// goes back to the first test digits.
func (f *SampleFilter) Select(y, g int) {
	if f.on && f.y == y && f.g == g {
		f.Clear()
		return
	}
	f.y, f.g, f.on = y, g, true
	f.rev.Bump()
}

// Clear goes back to the first test digits.
func (f *SampleFilter) Clear() {
	if f.on {
		f.on = false
		f.rev.Bump()
	}
}

// Cell is the selected cell, if any.
func (f *SampleFilter) Cell() (y, g int, ok bool) { return f.y, f.g, f.on }

// Rev changes whenever the selection does.
func (f *SampleFilter) Rev() Rev { return f.rev }

// SampleGrid is the test digits the grid shows and the line above it.
type SampleGrid struct {
	Indices  []int // test images, in grid order
	Caption  Line
	Filtered bool // a confusion cell's digits, not the first ones
}

// Grid decides what a grid of n cells shows: the digits of the filter's
// cell in reading r, or the first test digits when no cell is selected or
// there is no reading yet (a network in its first epoch).
func Grid(f *SampleFilter, r *Reading, test *core.Dataset, n int) SampleGrid {
	y, g, on := f.Cell()
	if test == nil {
		return SampleGrid{Caption: Line{"Test digits with the network's guess: green right, red wrong.", Dim}}
	}
	if !on || r == nil {
		sg := SampleGrid{Indices: firstN(min(n, test.N)),
			Caption: Line{"Test digits with the network's guess: green right, red wrong. Click one to put it on the pad.", Dim}}
		if on {
			sg.Caption = Line{fmt.Sprintf("%ds read as %d: known after the first epoch. Meanwhile, the first test digits:", y, g), Warn}
		}
		return sg
	}
	count := r.Confusion[y][g]
	idx := r.Cell(y, g, n)
	what := fmt.Sprintf("%ds read as %d", y, g)
	if y == g {
		what = fmt.Sprintf("%ds read right", y)
	}
	var text string
	switch {
	case count == 0:
		text = fmt.Sprintf("%s: none of the %s test digits.", what, Thousands(float64(test.N)))
	case count > len(idx):
		text = fmt.Sprintf("%s: the first %d of %s. Click one to put it on the pad.", what, len(idx), Thousands(float64(count)))
	default:
		text = fmt.Sprintf("%s: all %d. Click one to put it on the pad.", what, count)
	}
	if count == 1 {
		text = what + ": this one. Click it to put it on the pad."
	}
	return SampleGrid{Indices: idx, Caption: Line{text, Accent}, Filtered: true}
}

func firstN(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
