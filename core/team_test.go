package core

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// checkForParts runs forParts once and checks that every part ran exactly
// once, on a worker below numWorkers, and that part p ran on worker
// p mod workers (the assignment the engines' scratch space relies on).
func checkForParts(t *testing.T, parts int) {
	t.Helper()
	workers := numWorkers(parts)
	runs := make([]atomic.Int32, parts)
	wrong := atomic.Int32{}
	forParts(parts, func(w, p int) {
		if w != p%workers {
			wrong.Add(1)
		}
		runs[p].Add(1)
	})
	if wrong.Load() != 0 {
		t.Errorf("forParts(%d): %d parts ran on a worker other than p mod %d", parts, wrong.Load(), workers)
	}
	for p := range runs {
		if n := runs[p].Load(); n != 1 {
			t.Errorf("forParts(%d): part %d ran %d times, want once", parts, p, n)
			return
		}
	}
}

// TestForPartsTeam: the team of helpers runs every part once, whatever
// the number of CPUs, the number of parts, and after its helpers have
// gone to sleep.
func TestForPartsTeam(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		for _, parts := range []int{1, 2, 3, 7, 64} {
			for range 100 {
				checkForParts(t, parts)
			}
		}
		time.Sleep(3 * spinTime) // the helpers sleep now: the next call must wake them
		checkForParts(t, 5)
	}
}

// TestForPartsConcurrent: calls from several goroutines at once (one gets
// the team, the others start goroutines of their own) and calls from
// inside a part all complete, each running its own parts once.
func TestForPartsConcurrent(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				checkForParts(t, 6)
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			var inner atomic.Int32
			forParts(3, func(_, _ int) {
				forParts(4, func(_, _ int) { inner.Add(1) })
			})
			if n := inner.Load(); n != 12 {
				t.Errorf("nested forParts ran %d inner parts, want 12", n)
			}
		}
	})
	wg.Wait()
}
