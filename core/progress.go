package core

import (
	"sync"
	"sync/atomic"
)

// progress counts the samples one stage of a pipeline has finished, for
// the workers that wait on them (see fastEngine.runBlock). A stage calls
// advance after each sample; a worker that needs the first n samples
// calls wait(n), which polls for a short while (spin) and then sleeps
// until an advance wakes it, so that a stage whose CPU was taken by
// another program costs its waiters nothing.
type progress struct {
	done     atomic.Int32 // samples finished
	sleepers atomic.Int32 // waiters asleep, or about to be, on cond
	mu       sync.Mutex
	cond     sync.Cond
}

// reset sets the count back to zero, before the stage starts. Nobody may
// be waiting.
func (p *progress) reset() {
	p.done.Store(0)
	p.cond.L = &p.mu
}

// advance says that the first n samples are finished.
func (p *progress) advance(n int) {
	p.done.Store(int32(n))
	// A waiter counts itself in sleepers before its last look at done,
	// and we look at sleepers after storing done: so either it sees n, or
	// we see it and wake it (under mu, which it holds until it sleeps).
	if p.sleepers.Load() > 0 {
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	}
}

// reached reports whether the first n samples are finished.
func (p *progress) reached(n int) bool { return int(p.done.Load()) >= n }

// wait returns once the first n samples are finished.
func (p *progress) wait(n int) {
	reached := func() bool { return p.reached(n) }
	if spin(reached) {
		return
	}
	p.mu.Lock()
	p.sleepers.Add(1)
	for !p.reached(n) {
		p.cond.Wait()
	}
	p.sleepers.Add(-1)
	p.mu.Unlock()
}

// queue hands out the numbers 0, 1, 2, ... of a phase's tasks to workers
// as they become free: a worker that draws quicker tasks, or starts
// earlier, simply takes more, so the workers finish within about one task
// of each other.
type queue struct{ next atomic.Int32 }

// reset starts the numbering again, before the workers start.
func (q *queue) reset() { q.next.Store(0) }

// take returns the next task number.
func (q *queue) take() int { return int(q.next.Add(1)) - 1 }
