package app

import "testing"

func TestCurves(t *testing.T) {
	var c Curves
	c.Add(Point{Epoch: 0, Loss: 2.3})
	c.Add(Point{Epoch: 0.1, Loss: 1.1})
	p := c.Points()
	if len(p) != 2 || c.Len() != 2 || p[1].Loss != 1.1 {
		t.Fatalf("Points = %+v", p)
	}
	p[0].Loss = 99
	if c.Points()[0].Loss != 2.3 {
		t.Error("Points shares its slice with the history")
	}
	c.Reset()
	if c.Len() != 0 || len(c.Points()) != 0 {
		t.Error("Reset kept points")
	}
}

// A point every tenth of an epoch with mini-batches, never more than one
// per batch, and one at every epoch's end (the only ones with full batch,
// whose single step covers the whole epoch).
func TestTicks(t *testing.T) {
	count := func(batch, n, epochs int) int {
		tk := NewTicks(batch, n)
		b := effectiveBatchForTest(batch, n)
		points := 0
		for e := range epochs {
			for seen := b; seen <= n; seen += b {
				if tk.Due(e*n+seen, seen == n) {
					points++
				}
			}
		}
		return points
	}
	for _, c := range []struct{ batch, n, epochs, want int }{
		{32, 60000, 2, 20},   // a point every 6,016 images: 9 and the epoch's end, twice
		{1000, 60000, 1, 10}, // exactly every 6,000
		{0, 60000, 3, 3},     // full batch: one step, one point, per epoch
		{5000, 20000, 1, 4},  // batches bigger than a tenth: one point per batch
	} {
		if got := count(c.batch, c.n, c.epochs); got != c.want {
			t.Errorf("batch %d, %d images, %d epochs: %d points, want %d", c.batch, c.n, c.epochs, got, c.want)
		}
	}
}

func effectiveBatchForTest(batch, n int) int {
	if batch <= 0 || batch > n {
		return n
	}
	return batch
}
