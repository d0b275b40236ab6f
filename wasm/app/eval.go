package app

import (
	"math"
	"time"

	"digits/core"
)

// Digits is the number of classes, the rows and columns of a confusion
// matrix; Pixels the inputs of a network, one per pixel of a 28×28 digit.
const (
	Digits = 10
	Pixels = 28 * 28
)

// Evaluator measures a network on images From..To-1 of a dataset a part
// at a time, so that the thread it runs on can do other things between
// parts (answer commands, draw a frame): the mean cross-entropy loss and
// the accuracy, or, with Guesses set, the accuracy and the guess for
// every image (from which NewReading counts the confusion matrix). Each part goes through core's evaluation of a whole set, whose
// fast path transposes the weights once per call and then runs every
// image through the kernels; the parts grow or shrink to take about the
// call time (SetCallTime) each.
type Evaluator struct {
	Net      core.Model
	Data     *core.Dataset
	From, To int
	Guesses  bool // keep every guess (Guessed) rather than add up the loss

	pos      int
	loss     float64 // summed over the images evaluated
	correct  int
	guessed  []byte // with Guesses: the guess for each image evaluated, From on
	part     int    // images per call into core
	callTime time.Duration
}

// NewEvaluator prepares the evaluation of net on images from..to-1 of d
// (clamped to the set).
func NewEvaluator(net core.Model, d *core.Dataset, from, to int) *Evaluator {
	to = min(to, d.N)
	from = min(max(from, 0), to)
	return &Evaluator{Net: net, Data: d, From: from, To: to, pos: from, part: minChunk, callTime: defaultCallTime}
}

// SetCallTime sets what one call into core should take, about.
func (e *Evaluator) SetCallTime(d time.Duration) { e.callTime = max(d, time.Millisecond) }

// Step evaluates parts until the deadline passes (at least one part) and
// reports whether all images are done.
func (e *Evaluator) Step(deadline time.Time) bool {
	for e.pos < e.To {
		n := min(e.part, e.To-e.pos)
		d := span(e.Data, e.pos, e.pos+n)
		t0 := time.Now()
		if e.Guesses {
			guesses := e.Net.PredictAll(d)
			for i, g := range guesses {
				if g == d.Labels[i] {
					e.correct++
				}
			}
			e.guessed = append(e.guessed, guesses...)
		} else {
			loss, acc, _ := e.Net.Evaluate(d) // sizes were checked when the run or the model was made
			e.loss += loss * float64(n)
			e.correct += int(math.Round(acc * float64(n)))
		}
		e.pos += n
		if took := time.Since(t0); n == e.part {
			switch {
			case took < e.callTime/2 && e.part < maxChunk:
				e.part *= 2
			case took > 2*e.callTime && e.part > minChunk:
				e.part /= 2
			}
		}
		if !time.Now().Before(deadline) {
			break
		}
	}
	return e.pos >= e.To
}

// span is images from..to-1 of d, sharing its memory.
func span(d *core.Dataset, from, to int) *core.Dataset {
	s := d.Size()
	return &core.Dataset{N: to - from, Rows: d.Rows, Cols: d.Cols, Images: d.Images[from*s : to*s], Labels: d.Labels[from:to]}
}

// Done reports whether every image has been evaluated.
func (e *Evaluator) Done() bool { return e.pos >= e.To }

// Result is the mean loss (0 with Guesses) and the accuracy over the
// images evaluated.
func (e *Evaluator) Result() (loss, accuracy float64) {
	n := e.pos - e.From
	if n == 0 {
		return 0, 0
	}
	return e.loss / float64(n), float64(e.correct) / float64(n)
}

// Guessed is the network's guess for images From, From+1, ... as far as
// evaluated, with Guesses only: once all of a test set is done, what
// NewReading counts. The slice is the evaluator's: don't change it.
func (e *Evaluator) Guessed() []byte { return e.guessed }
