package core

import (
	"runtime"
	"sync"
)

// Splitting work across CPUs. Work on many samples (a forward pass over a
// test set, a batch's gradient) is cut into parts: ranges of samples, or
// of the rows of a gradient. forParts runs the parts on as many
// goroutines as there are CPUs to use, the workers. Every part is computed
// whole by one worker, and whatever a part sums it sums in its own fixed
// order; totals over parts are added in part order afterwards. So which
// worker runs which part never changes a result: the numbers are the same
// for GOMAXPROCS=1 and GOMAXPROCS=64, natively and in WebAssembly.

// maxWorkers bounds the goroutines one computation starts.
const maxWorkers = 8

// numWorkers is the number of workers forParts uses for the given number
// of parts: the CPUs Go may use, at most maxWorkers, at most one per part.
func numWorkers(parts int) int {
	return max(1, min(runtime.GOMAXPROCS(0), maxWorkers, parts))
}

// forParts calls do(w, p) for every part p = 0, 1, ..., parts-1, spread
// over numWorkers(parts) goroutines: part p runs on worker w = p mod
// numWorkers(parts), so that do can keep scratch space per worker. It
// returns when every part is done. The workers are the caller and the
// helpers of team.go, or, when another goroutine is using those,
// goroutines started for this call.
func forParts(parts int, do func(w, p int)) {
	workers := numWorkers(parts)
	if workers == 1 {
		for p := range parts {
			do(0, p)
		}
		return
	}
	if theTeam.run(parts, workers, do) {
		return
	}
	var wg sync.WaitGroup // the team is busy (a call from another goroutine): goroutines of our own
	for w := range workers {
		wg.Go(func() {
			for p := w; p < parts; p += workers {
				do(w, p)
			}
		})
	}
	wg.Wait()
}

// partRange is part p of n items cut into parts nearly equal ranges.
func partRange(n, parts, p int) (start, end int) {
	return n * p / parts, n * (p + 1) / parts
}
