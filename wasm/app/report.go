package app

import (
	"math"

	"digits/wasm/protocol"
)

// Report is what the screen shows of a run, as the trainer reported it:
// the curves, the epoch and the progress within it, the training speed,
// the last epoch's statistics and the last full test. Wherever the
// training runs, the screen reads only this.
type Report struct {
	curves    Curves
	epoch     int
	seen      int64
	epochFrac float64
	rate      float64
	training  bool // the trainer said it trains
	last      protocol.EpochEnd
	testAcc   float64 // on all test images after the last epoch; -1 = not yet
	reading   Guessed // how that test read every image
}

// NewReport is the report of a run that has not started.
func NewReport() Report { return Report{testAcc: -1} }

// Take brings the report up to date with p and reports whether anything
// changed as the screen shows it: the epoch, its tenths, the images per
// second to the unit, a curve point.
func (r *Report) Take(p *protocol.Progress) (changed bool) {
	frac := 0.0
	if p.PerEpoch > 0 {
		frac = float64(p.Seen) / float64(p.PerEpoch)
	}
	changed = p.Epoch != r.epoch || tenths(frac) != tenths(r.epochFrac) ||
		math.Round(p.Rate) != math.Round(r.rate) || len(p.Points) > 0
	r.epoch, r.seen, r.epochFrac, r.rate, r.training = p.Epoch, p.Seen, frac, p.Rate, p.Training
	for _, pt := range p.Points {
		r.curves.Add(pt)
	}
	return changed
}

// TakeEpoch keeps the statistics of an epoch just finished.
func (r *Report) TakeEpoch(e *protocol.EpochEnd) { r.last = *e }

// TakeTest keeps the test of the network on all test images at an
// epoch's end.
func (r *Report) TakeTest(t *protocol.TestResult) {
	r.testAcc, r.reading = t.Accuracy, Guessed{Guesses: t.Guesses}
}

// tenths is a fraction as the screen shows it: whole tenths, rounded down
// (loading progress in steps of 10%, training progress to 0.1 epoch).
func tenths(f float64) int { return int(math.Floor(10 * f)) }
