package app

import "math"

// Confusion counts how a network reads a labelled set of digits:
// Confusion[y][g] is the number of images of the true digit y that the
// network guessed as g. The diagonal holds the right answers; row y shows
// what the y's were taken for, column g what the g guesses really were.
// It has the shape and the methods of core's confusion matrix, so that it
// can become an alias of it.
type Confusion [10][10]int

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

// Accuracy is Correct / Total, the fraction read right (NaN when empty).
func (c *Confusion) Accuracy() float64 { return ratio(c.Correct(), c.Total()) }

// Recall of digit y: of the images of y, the fraction the network called
// y, c[y][y] / Row(y), the per-digit accuracy. NaN if there are none.
func (c *Confusion) Recall(y int) float64 { return ratio(c[y][y], c.Row(y)) }

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}
