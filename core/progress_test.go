package core

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestTogether: together runs every worker once and all of them at the
// same time, which a pipeline needs: each worker here waits until every
// other one has started, which would never happen if they ran one after
// the other. It holds with more workers than CPUs, and when another
// goroutine holds the team (goroutines of its own).
func TestTogether(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		for _, workers := range []int{1, 2, 3, 5} {
			var started progress
			started.reset()
			var count atomic.Int32
			runs := make([]atomic.Int32, workers)
			together(workers, func(w int) {
				runs[w].Add(1)
				started.advance(int(count.Add(1))) // counts only grow: each advance passes a larger n
				started.wait(workers)
			})
			for w := range runs {
				if n := runs[w].Load(); n != 1 {
					t.Errorf("GOMAXPROCS=%d together(%d): worker %d ran %d times, want once", procs, workers, w, n)
				}
			}
		}
	}
	// The team is busy with another call: together must start goroutines.
	runtime.GOMAXPROCS(2)
	var inner atomic.Int32
	forParts(2, func(_, _ int) {
		var started progress
		started.reset()
		var count atomic.Int32
		together(2, func(int) {
			started.advance(int(count.Add(1)))
			started.wait(2)
			inner.Add(1)
		})
	})
	if n := inner.Load(); n != 4 {
		t.Errorf("together inside forParts ran %d workers, want 4", n)
	}
}

// TestProgressWakesSleepers: a waiter that has given up polling and gone
// to sleep is woken by the advance that reaches its count, and not by one
// before it; several waiters can wait at once.
func TestProgressWakesSleepers(t *testing.T) {
	var p progress
	p.reset()
	var woke [3]atomic.Bool
	var wg sync.WaitGroup
	for i, n := range []int{1, 2, 2} {
		wg.Go(func() {
			p.wait(n)
			woke[i].Store(true)
		})
	}
	time.Sleep(10 * spinTime) // long enough that all three sleep
	p.advance(1)
	for !woke[0].Load() {
		runtime.Gosched()
	}
	if woke[1].Load() || woke[2].Load() {
		t.Fatal("a waiter for 2 samples returned after 1")
	}
	p.advance(2)
	wg.Wait()
	if !p.reached(2) || p.reached(3) {
		t.Errorf("reached(2), reached(3) = %v, %v after advance(2)", p.reached(2), p.reached(3))
	}
}

// TestQueue: a queue hands out each number once, in order, whoever asks.
func TestQueue(t *testing.T) {
	var q queue
	for range 2 {
		q.reset()
		var got []int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for i := q.take(); i < 100; i = q.take() {
					mu.Lock()
					got = append(got, i)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		slices.Sort(got)
		for i, v := range got {
			if v != i {
				t.Fatalf("queue handed out %v, want 0 to 99 once each", got)
			}
		}
		if len(got) != 100 {
			t.Fatalf("queue handed out %d numbers, want 100", len(got))
		}
	}
}

// TestGuidedRanges: the ranges cover [0, n) in order without gaps, each
// at least least items long but the last, none longer than the one
// before it, and one worker gets a single range.
func TestGuidedRanges(t *testing.T) {
	if got := guidedRanges(nil, 64, 1, 4); !slices.Equal(got, []int{0, 64}) {
		t.Errorf("one worker: %v, want [0 64]", got)
	}
	want := []int{0, 16, 28, 37, 43, 48, 52, 56, 60, 64}
	if got := guidedRanges(nil, 64, 2, 4); !slices.Equal(got, want) {
		t.Errorf("64 samples, 2 workers, at least 4: %v, want %v", got, want)
	}
	for _, workers := range []int{2, 3, 8} {
		for _, least := range []int{1, 2, 4} {
			for n := range 300 {
				b := guidedRanges(nil, n, workers, least)
				if b[0] != 0 || b[len(b)-1] != n {
					t.Fatalf("guidedRanges(%d, %d, %d) = %v: not from 0 to n", n, workers, least, b)
				}
				for r := 1; r < len(b); r++ {
					size := b[r] - b[r-1]
					if size <= 0 || (r < len(b)-1 && size < least) || (r > 1 && size > b[r-1]-b[r-2]) {
						t.Fatalf("guidedRanges(%d, %d, %d) = %v: range %d is %d long", n, workers, least, b, r-1, size)
					}
				}
			}
		}
	}
}
