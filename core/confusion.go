package core

import (
	"fmt"
	"math"
)

// Confusion counts how a network reads a labelled set of digits:
// Confusion[y][g] is the number of images of the true digit y that the
// network guessed as g. The diagonal holds the right answers; row y shows
// what the y's were taken for, column g what the g guesses really were.
type Confusion [10][10]int

// NewConfusion runs n over every image of d (n.PredictAll) and counts.
func NewConfusion(n Model, d *Dataset) (Confusion, error) {
	var c Confusion
	if d.Size() != n.Inputs() {
		return c, fmt.Errorf("network takes %d inputs but images have %d pixels", n.Inputs(), d.Size())
	}
	if n.Outputs() != 10 {
		return c, fmt.Errorf("network has %d outputs, a confusion matrix needs 10 (one per digit)", n.Outputs())
	}
	for i, guess := range n.PredictAll(d) {
		c[d.Labels[i]][guess]++
	}
	return c, nil
}

// Total is the number of images counted.
func (c *Confusion) Total() int {
	t := 0
	for y := range c {
		t += c.Row(y)
	}
	return t
}

// Correct is the number of images read right: the diagonal's sum.
func (c *Confusion) Correct() int {
	ok := 0
	for y := range c {
		ok += c[y][y]
	}
	return ok
}

// Row is the number of images of the true digit y.
func (c *Confusion) Row(y int) int {
	s := 0
	for _, v := range c[y] {
		s += v
	}
	return s
}

// Column is the number of times the network guessed g.
func (c *Confusion) Column(g int) int {
	s := 0
	for y := range c {
		s += c[y][g]
	}
	return s
}

// Accuracy is Correct / Total, the fraction read right (NaN when empty).
func (c *Confusion) Accuracy() float64 { return ratio(c.Correct(), c.Total()) }

// Precision of digit g: of the images the network called g, the fraction
// that are g, c[g][g] / Column(g). NaN if it never guessed g.
func (c *Confusion) Precision(g int) float64 { return ratio(c[g][g], c.Column(g)) }

// Recall of digit y: of the images of y, the fraction the network called
// y, c[y][y] / Row(y) (the per-class accuracy). NaN if there are none.
func (c *Confusion) Recall(y int) float64 { return ratio(c[y][y], c.Row(y)) }

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}
