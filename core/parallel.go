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
	runParts(parts, numWorkers(parts), do)
}

// together calls do(w) for every worker w < workers, each on its own
// goroutine, all running at the same time: the workers may wait for each
// other (a pipeline), which parts run one after the other could not.
func together(workers int, do func(w int)) {
	runParts(workers, workers, func(w, _ int) { do(w) })
}

// runParts is forParts on the given number of workers.
func runParts(parts, workers int, do func(w, p int)) {
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

// guidedRanges cuts [0, n) into ranges for a queue, shortest last: each
// range is 1/(2·workers) of what is left, at least least items, so that
// the first ranges are long (few claims, long kernel calls) and the last
// ones short (the workers finish together). One worker gets one range. It
// writes the bounds, from 0 to n, into dst.
func guidedRanges(dst []int, n, workers, least int) []int {
	dst = append(dst[:0], 0)
	if workers == 1 {
		return append(dst, n)
	}
	for start := 0; start < n; {
		start = min(n, start+max(least, (n-start)/(2*workers)))
		dst = append(dst, start)
	}
	return dst
}
