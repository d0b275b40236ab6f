package app

import (
	"testing"

	"digits/wasm/protocol"
)

// A report changes, as the screen shows it, when the progress crosses a
// tenth of an epoch, the speed moves by a whole image per second, the
// epoch ends or a point arrives; not for progress within a tenth. The
// test accuracy comes from the full test at an epoch's end.
func TestReportTake(t *testing.T) {
	r := NewReport()
	const n = 1000
	for i, c := range []struct {
		p       protocol.Progress
		changed bool
	}{
		{protocol.Progress{Seen: 10, PerEpoch: n}, false},
		{protocol.Progress{Seen: 90, PerEpoch: n, Rate: 0.3}, false},
		{protocol.Progress{Seen: 100, PerEpoch: n, Rate: 0.3}, true},
		{protocol.Progress{Seen: 150, PerEpoch: n, Rate: 2400.2}, true},
		{protocol.Progress{Seen: 190, PerEpoch: n, Rate: 2400.4}, false},
		{protocol.Progress{Seen: 190, PerEpoch: n, Rate: 2400.4, Points: []Point{{Epoch: 0.1, TestAcc: 0.8}}}, true},
		{protocol.Progress{Epoch: 1, Seen: n, PerEpoch: n, Rate: 2400.4}, true},
		{protocol.Progress{Epoch: 1, Seen: n, PerEpoch: n, Rate: 2400.4, Points: []Point{{Epoch: 1, TestAcc: 0.93, Full: true}}}, true},
	} {
		if got := r.Take(&c.p); got != c.changed {
			t.Errorf("step %d (%+v): changed %v, want %v", i, c.p, got, c.changed)
		}
	}
	if r.curves.Len() != 2 || r.testAcc != -1 || r.epoch != 1 || r.epochFrac != 1 {
		t.Errorf("report after the steps: %d points, test accuracy %v, epoch %d (%v)", r.curves.Len(), r.testAcc, r.epoch, r.epochFrac)
	}
	r.TakeTest(&protocol.TestResult{Run: 1, Epoch: 1, Accuracy: 0.93})
	if r.testAcc != 0.93 {
		t.Errorf("test accuracy %v after the full test, want 0.93", r.testAcc)
	}
}
