package app

import "slices"

// Point is one measurement of the curves: after Epoch epochs (fractional
// between epochs), the loss and accuracy on a fixed sample of training
// images and the accuracy on test images (a sample between epochs, all
// 10,000 at each epoch's end, where Full is set).
type Point struct {
	Epoch    float64
	Loss     float64
	TrainAcc float64
	TestAcc  float64
	Full     bool
}

// Curves is the history the charts draw: the points measured so far,
// oldest first. It holds only what the screen shows, whoever measured it.
type Curves struct {
	points []Point
}

// Add appends a point.
func (c *Curves) Add(p Point) { c.points = append(c.points, p) }

// Points returns a copy of the history.
func (c *Curves) Points() []Point { return slices.Clone(c.points) }

// Len is the number of points.
func (c *Curves) Len() int { return len(c.points) }

// Reset forgets every point, for a fresh network.
func (c *Curves) Reset() { c.points = nil }

// ticksPerEpoch is how many curve points are measured per epoch: enough
// for a smooth curve, few enough that measuring them costs about a tenth
// of the training time (quickTrain and quickTest images each).
const ticksPerEpoch = 10

// Ticks says when the next curve point is due: every tenth of an epoch,
// but not more often than once per step (batch), and at each epoch's end.
// Measuring a point is also when the pad and the sample digits follow the
// network: re-classifying them after every step would cost too much.
type Ticks struct {
	every int // images between points
	last  int // images trained at the last point
}

// NewTicks plans the points for training n images per epoch in batches of
// batch (0 = full batch).
func NewTicks(batch, n int) Ticks {
	return Ticks{every: max(batch, n/ticksPerEpoch, 1)}
}

// Due reports whether a point is due now that seen images were trained on
// in all (epochDone: an epoch just ended), and if so counts from here.
func (t *Ticks) Due(seen int, epochDone bool) bool {
	if !epochDone && seen-t.last < t.every {
		return false
	}
	t.last = seen
	return true
}
