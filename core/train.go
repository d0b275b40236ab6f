package core

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Trainer runs gradient descent on a network.
//
// With BatchSize 0 it is full-batch gradient descent exactly as the numpy
// scripts do it: each epoch is one step, with the gradient averaged over
// all m training images,
//
//	dW = (1/m)·Σ_samples dZ·Aᵀ,   db = (1/m)·Σ_samples dZ,
//	W -= learning_rate·dW,        b -= learning_rate·db.
//
// With BatchSize B > 0 it is mini-batch stochastic gradient descent: each
// epoch shuffles the images and takes one such step per batch of B (the
// last batch may be smaller).
type Trainer struct {
	Net          *Network
	Data         *Dataset
	LearningRate float32
	BatchSize    int // 0 = full batch

	rng     *rand.Rand
	order   []int32 // the images in this epoch's order
	epoch   int     // epochs completed
	pos     int     // start of the current batch in order
	next    int     // next chunk of the current batch to compute
	sweep   *sweep  // lanes of the current batch
	stats   EpochStats
	sumLoss float64 // Σ loss over this epoch's samples so far
	sumOK   int     // Σ correct over this epoch's samples so far
	initial float64 // mean loss of the very first batch, before any update

	// Reference makes the trainer use the plain loops of backprop.go
	// instead of the fast kernels (fast.go, fasttrain.go): slower, kept to
	// read and to test the fast path against. Set it before the first Work.
	Reference bool

	fast      *fastTrainer // state of the fast path
	inEpoch   bool         // RunEpoch is running: nobody else touches Net
	batchLoss float64      // fast path: Σ loss over the batch so far
	batchOK   int          // fast path: Σ correct over the batch so far
}

// EpochStats describes one finished epoch. Loss and Accuracy are measured
// on the training images during the epoch's forward passes, before each
// step's update, as the numpy scripts print them.
type EpochStats struct {
	Epoch    int
	Loss     float64
	Accuracy float64
}

// ErrDiverged is returned when training blows up: the loss becomes NaN
// or infinite, or an epoch ends with a mean loss more than ten times the
// untrained network's (and above 10·ln 10, ten times chance level). The
// stable softmax keeps the loss finite far longer than the tutorials'
// did, so waiting for NaN alone would let a run with a huge learning rate
// finish silently at chance accuracy. The learning rate is too large for
// this network and initialisation.
var ErrDiverged = errors.New("training diverged")

// NewTrainer prepares training of net on data. seed drives the shuffling
// of mini-batches (full batch does not shuffle).
func NewTrainer(net *Network, data *Dataset, learningRate float32, batchSize int, seed uint64) (*Trainer, error) {
	if data.Size() != net.Inputs() {
		return nil, fmt.Errorf("network takes %d inputs but images have %d pixels", net.Inputs(), data.Size())
	}
	if net.Outputs() < 10 {
		return nil, fmt.Errorf("network has %d outputs, needs 10 (one per digit)", net.Outputs())
	}
	if err := checkStepArgs(learningRate, batchSize); err != nil {
		return nil, err
	}
	t := &Trainer{Net: net, Data: data, LearningRate: learningRate, BatchSize: batchSize, rng: NewRand(seed)}
	t.order = identity(0, data.N)
	if t.batch() < data.N {
		t.shuffle()
	}
	return t, nil
}

// Epoch is the number of epochs completed.
func (t *Trainer) Epoch() int { return t.epoch }

// Network is the network being trained.
func (t *Trainer) Network() *Network { return t.Net }

// batch is the effective batch size.
func (t *Trainer) batch() int { return effectiveBatch(t.BatchSize, t.Data.N) }

// chunkSize splits a batch of b samples into at most a few chunks per
// lane. It depends only on b, never on the number of CPUs.
func chunkSize(b int) int {
	return max(1, min(64, (b+numLanes-1)/numLanes))
}

func (t *Trainer) shuffle() { shuffleOrder(t.rng, t.order) }

// RunEpoch trains for one whole epoch and reports its loss and accuracy.
// It returns an error wrapping ErrDiverged if the loss became NaN or
// infinite; the network is then unusable.
func (t *Trainer) RunEpoch() (EpochStats, error) {
	start := t.epoch
	t.inEpoch = true
	if t.fast != nil {
		t.fast.fresh = false // Net may have been changed since the last call
	}
	defer func() {
		t.inEpoch = false
		if t.fast != nil {
			t.fast.deferW0 = false
			t.fast.flush() // Net.W[0] up to date again
		}
	}()
	for t.epoch == start {
		if _, err := t.Work(1 << 30); err != nil {
			return EpochStats{}, err
		}
	}
	return t.stats, nil
}

// Work does at most maxChunks chunks of work (a chunk is at most 64
// images, forward and backward) and returns whether an epoch ended. The
// result after any sequence of calls is bit-identical to RunEpoch: the app
// calls it with a small budget each frame so the page never freezes.
func (t *Trainer) Work(maxChunks int) (epochDone bool, err error) {
	b := t.batch()
	m := min(b, t.Data.N-t.pos)
	batch := t.order[t.pos : t.pos+m]
	var loss float64
	var ok int
	if t.Reference || referenceOnly {
		var done bool
		if done, loss, ok = t.workReference(b, m, batch, maxChunks); !done {
			return false, nil
		}
	} else {
		var done bool
		if done, loss, ok = t.workFast(b, batch, maxChunks); !done {
			return false, nil
		}
	}
	// The batch is complete: check the loss and step.
	if err := batchDiverged(loss, t.epoch+1, t.LearningRate); err != nil {
		return false, err
	}
	if t.epoch == 0 && t.pos == 0 {
		t.initial = loss / float64(m)
	}
	t.sumLoss += loss
	t.sumOK += ok
	if t.Reference || referenceOnly {
		t.update(t.sweep.lanes, m)
	} else {
		t.fast.update(t.LearningRate, m)
	}
	t.next = 0
	t.pos += m
	if t.pos < t.Data.N {
		return false, nil
	}
	t.epoch++
	t.stats = EpochStats{Epoch: t.epoch, Loss: t.sumLoss / float64(t.Data.N), Accuracy: float64(t.sumOK) / float64(t.Data.N)}
	if err := epochDiverged(t.stats.Loss, t.initial, t.epoch, t.LearningRate); err != nil {
		return false, err
	}
	t.sumLoss, t.sumOK, t.pos = 0, 0, 0
	if b < t.Data.N {
		t.shuffle()
	}
	return true, nil
}

// workReference is Work's reference path: chunks of the batch through
// forwardChunk and backwardChunk on the lanes, and once the batch is
// complete (done), the lanes' summed loss and correct count.
func (t *Trainer) workReference(b, m int, batch []int32, maxChunks int) (done bool, loss float64, ok int) {
	cs := chunkSize(b)
	if t.sweep == nil || t.sweep.chunk != cs || len(t.sweep.lanes[0].gW) == 0 {
		t.sweep = &sweep{chunk: cs}
		for range numLanes {
			t.sweep.lanes = append(t.sweep.lanes, newLane(t.Net, cs, true))
		}
	}
	s := t.sweep
	s.m = m
	if t.next == 0 {
		for _, ln := range s.lanes {
			ln.reset()
		}
	}
	c1 := min(s.chunks(), t.next+max(1, maxChunks))
	s.runChunks(t.next, c1, func(ln *lane, start, end int) {
		ln.forwardChunk(t.Net, t.Data, batch[start:end])
		ln.backwardChunk(t.Net, t.Data, batch[start:end])
	})
	t.next = c1
	if t.next < s.chunks() {
		return false, 0, 0
	}
	// The batch is complete: add up the lanes in order.
	loss, ok = s.totals()
	return true, loss, ok
}

// update applies one gradient-descent step from the lanes' gradient sums
// over m samples: W -= learning_rate · (Σ dW)/m, and the same for b.
func (t *Trainer) update(lanes []*lane, m int) {
	total := lanes[0]
	for _, ln := range lanes[1:] {
		for l := range total.gW {
			axpy(1, ln.gW[l], total.gW[l])
			axpy(1, ln.gB[l], total.gB[l])
		}
	}
	scale := t.LearningRate / float32(m)
	for l := range t.Net.W {
		axpy(-scale, total.gW[l], t.Net.W[l])
		axpy(-scale, total.gB[l], t.Net.B[l])
	}
}
