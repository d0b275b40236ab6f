package app

import "testing"

// A report changes, as the screen shows it, when the progress crosses a
// tenth of an epoch, the speed moves by a whole image per second, the
// epoch ends or a point arrives; not for progress within a tenth.
func TestReportTake(t *testing.T) {
	r := NewReport()
	for i, c := range []struct {
		p       Progress
		changed bool
	}{
		{Progress{EpochFrac: 0.01}, false},
		{Progress{EpochFrac: 0.09, Rate: 0.3}, false},
		{Progress{EpochFrac: 0.10, Rate: 0.3}, true},
		{Progress{EpochFrac: 0.15, Rate: 2400.2}, true},
		{Progress{EpochFrac: 0.19, Rate: 2400.4}, false},
		{Progress{EpochFrac: 0.19, Rate: 2400.4, Points: []Point{{Epoch: 0.1, TestAcc: 0.8}}}, true},
		{Progress{Epoch: 1, EpochFrac: 1, Rate: 2400.4}, true},
		{Progress{Epoch: 1, EpochFrac: 1, Rate: 2400.4, Points: []Point{{Epoch: 1, TestAcc: 0.93, Full: true}}}, true},
	} {
		if got := r.Take(c.p); got != c.changed {
			t.Errorf("step %d (%+v): changed %v, want %v", i, c.p, got, c.changed)
		}
	}
	if r.curves.Len() != 2 || r.testAcc != 0.93 || r.epoch != 1 {
		t.Errorf("report after the steps: %d points, test accuracy %v, epoch %d", r.curves.Len(), r.testAcc, r.epoch)
	}
}
