package app

import (
	"math"
	"time"

	"digits/core"
)

// Evaluator measures a network on images From..To-1 of a dataset a slice
// at a time: in WebAssembly nothing may run for more than a few
// milliseconds without handing control back to the browser, and the 10,000
// test images take seconds there. It sums, per image, the cross-entropy
// loss −ln A[L]_y and whether argmax A[L] = y.
type Evaluator struct {
	Net      *core.Network
	Data     *core.Dataset
	From, To int

	pos     int
	loss    float64
	correct int
	guesses []byte // the guess for each image evaluated, From on
	x       []float32
}

// NewEvaluator prepares the evaluation of net on images from..to-1 of d
// (clamped to the set).
func NewEvaluator(net *core.Network, d *core.Dataset, from, to int) *Evaluator {
	to = min(to, d.N)
	from = min(max(from, 0), to)
	return &Evaluator{Net: net, Data: d, From: from, To: to, pos: from, x: make([]float32, d.Size()),
		guesses: make([]byte, 0, to-from)}
}

// Step evaluates images until deadline passes (at least one image) and
// reports whether all are done.
func (e *Evaluator) Step(deadline time.Time) bool {
	for e.pos < e.To {
		e.Data.Pixels(e.pos, e.x)
		y := int(e.Data.Labels[e.pos])
		digit, p := e.Net.Predict(e.x)
		// Clamp so a confident mistake costs −ln(1e-30) ≈ 69, not +Inf.
		e.loss -= math.Log(math.Max(float64(p[y]), 1e-30))
		if digit == y {
			e.correct++
		}
		e.guesses = append(e.guesses, byte(digit))
		e.pos++
		if e.pos%16 == 0 && !time.Now().Before(deadline) {
			break
		}
	}
	return e.pos >= e.To
}

// Done reports whether every image has been evaluated.
func (e *Evaluator) Done() bool { return e.pos >= e.To }

// Guesses are the network's guesses for images From, From+1, ... as far
// as evaluated: with all of a test set done, what NewReading counts.
func (e *Evaluator) Guesses() []byte { return e.guesses }

// Result is the mean loss and the accuracy over the images evaluated.
func (e *Evaluator) Result() (loss, accuracy float64) {
	n := e.pos - e.From
	if n == 0 {
		return 0, 0
	}
	return e.loss / float64(n), float64(e.correct) / float64(n)
}
