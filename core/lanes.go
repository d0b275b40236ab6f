package core

import (
	"runtime"
	"sync"
)

// Work on many samples (a gradient over a batch, an evaluation over a
// test set) is cut into chunks of consecutive samples. Chunk c goes to
// lane c mod numLanes; each lane handles its chunks in increasing order
// and keeps its own sums; at the end the lanes' sums are added in lane
// order 0, 1, 2, ... So every floating-point addition happens in the same
// order however many goroutines run the lanes: the result is the same for
// GOMAXPROCS=1 and GOMAXPROCS=64, natively and in WebAssembly.
const numLanes = 8

// evalChunk is the chunk size for evaluation: big enough to amortise the
// per-chunk overhead, small enough to stay in the CPU caches.
const evalChunk = 64

// lane is one worker's scratch space and running sums.
type lane struct {
	x       []float32     // inputs of the current chunk, one sample per row
	act     [][]float32   // act[l]: activations A[l+1] of the current chunk
	delta   [][]float32   // delta[l]: dZ[l+1] of the current chunk, in backprop
	gW, gB  [][]float32   // gradient sums Σ dW, Σ db over the samples seen
	loss    float64       // Σ cross-entropy over the samples seen
	correct int           // how many of them were classified right
	sparse  *sparseSample // scratch of the fast path (fast.go)
}

func newLane(n *Network, chunk int, withGrad bool) *lane {
	ln := &lane{x: make([]float32, chunk*n.Inputs())}
	for l := range n.W {
		ln.act = append(ln.act, make([]float32, chunk*n.Sizes[l+1]))
		if withGrad {
			ln.delta = append(ln.delta, make([]float32, chunk*n.Sizes[l+1]))
			ln.gW = append(ln.gW, make([]float32, len(n.W[l])))
			ln.gB = append(ln.gB, make([]float32, len(n.B[l])))
		}
	}
	return ln
}

// reset zeroes the lane's sums.
func (ln *lane) reset() {
	for l := range ln.gW {
		clear(ln.gW[l])
		clear(ln.gB[l])
	}
	ln.loss, ln.correct = 0, 0
}

// sweep runs a function over the chunks of m samples on numLanes lanes.
type sweep struct {
	m, chunk int
	lanes    []*lane
}

func newSweep(n *Network, m, chunk int) *sweep {
	s := &sweep{m: m, chunk: chunk}
	for range numLanes {
		s.lanes = append(s.lanes, newLane(n, chunk, false))
	}
	return s
}

// chunks is the number of chunks the m samples make.
func (s *sweep) chunks() int { return (s.m + s.chunk - 1) / s.chunk }

// run calls work(lane, start, end) for every chunk [start, end).
func (s *sweep) run(work func(ln *lane, start, end int)) {
	s.runChunks(0, s.chunks(), work)
}

// runChunks calls work for chunks c0 to c1-1 only, so that long work can
// be done in slices (the browser must get control back every few
// milliseconds) with exactly the same result as in one go.
func (s *sweep) runChunks(c0, c1 int, work func(ln *lane, start, end int)) {
	doLane := func(p int) {
		first := c0 + (p-c0%numLanes+numLanes)%numLanes // first chunk ≥ c0 with c mod numLanes == p
		for c := first; c < c1; c += numLanes {
			work(s.lanes[p], c*s.chunk, min((c+1)*s.chunk, s.m))
		}
	}
	spread(numLanes, c1-c0, doLane)
}

// spread calls do(p) for p = 0 .. parts-1 on at most maxWorkers goroutines
// (and no more than GOMAXPROCS). Each part runs whole on one goroutine, so
// whatever it sums it sums in its own fixed order; which goroutine runs it
// does not matter.
func spread(parts, maxWorkers int, do func(p int)) {
	workers := min(runtime.GOMAXPROCS(0), parts, maxWorkers)
	if workers <= 1 {
		for p := range parts {
			do(p)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for p := w; p < parts; p += workers {
				do(p)
			}
		})
	}
	wg.Wait()
}

// totals adds the lanes' loss and correct counts in lane order.
func (s *sweep) totals() (loss float64, correct int) {
	for _, ln := range s.lanes {
		loss += ln.loss
		correct += ln.correct
	}
	return loss, correct
}
