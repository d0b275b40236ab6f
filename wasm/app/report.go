package app

import "math"

// Report is what the screen shows of a run, as its Progress told it: the
// curves, the epoch and the progress within it, the training speed and
// the last full test accuracy. Whoever trains, here or on another thread,
// the screen reads only this.
type Report struct {
	curves    Curves
	epoch     int
	epochFrac float64
	rate      float64
	testAcc   float64 // on all test images after the last epoch; -1 = not yet

	reading *Reading // of all test images after the last epoch, or nil
}

// NewReport is the report of a run that has not started.
func NewReport() Report { return Report{testAcc: -1} }

// Take brings the report up to date with p and reports whether anything
// changed as the screen shows it: the epoch, its tenths, the images per
// second to the unit, a curve point.
func (r *Report) Take(p Progress) (changed bool) {
	changed = p.Epoch != r.epoch || tenths(p.EpochFrac) != tenths(r.epochFrac) ||
		math.Round(p.Rate) != math.Round(r.rate) || len(p.Points) > 0 || p.Reading != nil
	r.epoch, r.epochFrac, r.rate = p.Epoch, p.EpochFrac, p.Rate
	if p.Reading != nil {
		r.reading = p.Reading
	}
	for _, pt := range p.Points {
		r.curves.Add(pt)
		if pt.Full {
			r.testAcc = pt.TestAcc
		}
	}
	return changed
}

// tenths is a fraction as the screen shows it: whole tenths, rounded down
// (loading progress in steps of 10%, training progress to 0.1 epoch).
func tenths(f float64) int { return int(math.Floor(10 * f)) }
