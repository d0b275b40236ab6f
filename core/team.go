package core

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A team of helper goroutines that stay alive between calls of forParts.
//
// Mini-batch training calls forParts (together) twice per batch of 64
// samples, every 150 to 250 µs. Starting goroutines for each call and
// waking a sleeping thread to run them costs tens of µs each time: two
// CPUs used to train only 1.1 times as fast as one. A team's helpers instead spin for
// a short while after their part, watching for the next call, and the
// calling goroutine runs worker 0's parts itself, so a call costs an
// atomic store and a few loads. A helper that waits longer than spinTime
// goes to sleep on a channel (an idle trainer burns no CPU), and the next
// call wakes it.
//
// Which goroutine runs which part still changes nothing but the speed:
// part p goes to worker p mod workers, as before, and every part is
// computed whole by one worker.

// spinTime is how long a waiting goroutine polls before it sleeps: longer
// than the usual gaps between the calls of one batch and than the time one
// worker waits for the other to finish a part, but short, because on a
// busy machine the goroutine it waits for may have lost its CPU to
// another program, and polling then only takes CPU from both (under a
// load of 4, polling for 500 µs made training slower than no team at all;
// 50 µs made it faster).
const spinTime = 50 * time.Microsecond

// spin polls done until it reports true, for at most spinTime, and
// reports whether it did. Every 256 polls it lets other goroutines run
// (runtime.Gosched): a program that draws while it trains (the desktop
// app) must not wait for a spinning helper's CPU.
func spin(done func() bool) bool {
	start := time.Now()
	for {
		for range 256 {
			if done() {
				return true
			}
		}
		if time.Since(start) > spinTime {
			return false
		}
		runtime.Gosched()
	}
}

// team runs forParts' calls on helpers that persist. One call at a time
// uses it (busy); a call that finds it busy starts goroutines as before.
type team struct {
	busy    sync.Mutex
	helpers []*helper

	// The call being run, written before the helpers are told of it.
	do             func(w, p int)
	parts, workers int
	pending        atomic.Int32 // helpers not finished with the call
	callerSleeps   atomic.Bool  // the caller waits on callerWake
	callerWake     chan struct{}
}

// helper is one goroutine of the team: worker w of every call.
type helper struct {
	w      int
	call   atomic.Uint64 // number of the latest call posted to it
	sleeps atomic.Bool   // it waits on wake
	wake   chan struct{}
}

// theTeam serves every forParts of the program.
var theTeam = &team{callerWake: make(chan struct{}, 1)}

// run calls do(w, p) for every part on workers goroutines (the caller is
// worker 0) and returns when all are done. It reports false, having run
// nothing, if another call is using the team.
func (t *team) run(parts, workers int, do func(w, p int)) bool {
	if !t.busy.TryLock() {
		return false
	}
	defer t.busy.Unlock()
	for len(t.helpers) < workers-1 {
		h := &helper{w: len(t.helpers) + 1, wake: make(chan struct{}, 1)}
		t.helpers = append(t.helpers, h)
		go t.serve(h)
	}
	t.do, t.parts, t.workers = do, parts, workers
	t.pending.Store(int32(workers - 1))
	for _, h := range t.helpers[:workers-1] {
		h.call.Add(1) // the store that publishes do, parts and workers
		if h.sleeps.Load() {
			wakeUp(h.wake)
		}
	}
	for p := 0; p < parts; p += workers {
		do(0, p)
	}
	t.waitHelpers()
	t.do = nil // let the closure go
	return true
}

// waitHelpers returns once every helper has finished the current call:
// polling first, then asleep until the last helper wakes it.
func (t *team) waitHelpers() {
	if spin(func() bool { return t.pending.Load() == 0 }) {
		return
	}
	for {
		t.callerSleeps.Store(true)
		if t.pending.Load() == 0 { // checked after saying so: no wake-up is missed
			t.callerSleeps.Store(false)
			return
		}
		<-t.callerWake // may be a stale wake-up from an earlier call: check again
		t.callerSleeps.Store(false)
	}
}

// serve is a helper's life: wait for a call, run its parts, say so.
func (t *team) serve(h *helper) {
	var seen uint64
	for {
		seen = h.waitCall(seen)
		for p := h.w; p < t.parts; p += t.workers {
			t.do(h.w, p)
		}
		if t.pending.Add(-1) == 0 && t.callerSleeps.Load() {
			wakeUp(t.callerWake)
		}
	}
}

// waitCall returns the number of the next call after seen, once posted:
// polling first, then asleep until the caller wakes it.
func (h *helper) waitCall(seen uint64) uint64 {
	if spin(func() bool { return h.call.Load() != seen }) {
		return h.call.Load()
	}
	for {
		h.sleeps.Store(true)
		if c := h.call.Load(); c != seen { // checked after saying so: no wake-up is missed
			h.sleeps.Store(false)
			return c
		}
		<-h.wake // may be stale: check again
		h.sleeps.Store(false)
	}
}

// wakeUp leaves a token in a sleeper's channel (of capacity 1) unless one
// is already there.
func wakeUp(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
