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
//
// The arithmetic is done by an engine chosen when the trainer is made: the
// fast kernels (fasttrain.go), or with WithReference the plain loops of
// backprop.go and update.go. Both add every sum in sample order, so they
// give the same weights bit for bit.
type Trainer struct {
	Data         *Dataset
	LearningRate float32 // may be changed between calls; applies from the next step
	BatchSize    int     // 0 = full batch

	net     Model // the network being trained
	engine  engine
	rng     *rand.Rand
	order   []int32    // the images in this epoch's order
	epoch   int        // epochs completed
	pos     int        // images of this epoch run forward and backward
	stepped int        // images of this epoch whose batch has been stepped on
	batch   tally      // the current batch so far
	total   tally      // this epoch so far
	initial float64    // mean loss of the very first batch, before any update
	last    EpochStats // the last finished epoch
}

// tally adds up the loss and the correct guesses of samples, in sample
// order.
type tally struct {
	loss    float64
	correct int
}

// EpochStats describes one finished epoch. Loss and Accuracy are measured
// on the training images during the epoch's forward passes, before each
// step's update, as the numpy scripts print them.
type EpochStats struct {
	Epoch    int
	Loss     float64
	Accuracy float64
}

// ErrDiverged is returned, as a *DivergedError, when training blows up:
// the loss becomes NaN or infinite, or an epoch ends with a mean loss more
// than ten times the untrained network's (and above 10·ln 10, ten times
// chance level). The stable softmax keeps the loss finite far longer than
// the tutorials' did, so waiting for NaN alone would let a run with a huge
// learning rate finish silently at chance accuracy. The learning rate is
// too large for this network and initialisation.
var ErrDiverged = errors.New("training diverged")

// Model is a network that reads digits and that a Trainer can train:
// today the fully connected *Network.
type Model interface {
	Inputs() int  // pixels per image
	Outputs() int // classes
	Predict(x []float32) (digit int, probs []float32)
	Evaluate(d *Dataset) (loss, accuracy float64, err error)
	Accuracy(d *Dataset) float64
	PredictAll(d *Dataset) []byte
	NumParams() int
	Checksum() uint64 // a hash of every parameter's bits
	String() string   // the architecture, e.g. "784-300-100-10"

	// newEngine makes the arithmetic that trains the model on batches of
	// the given size: the readable reference loops, or the fast path.
	newEngine(batch int, reference bool) engine
}

// An engine does a trainer's arithmetic. Both engines add every sum in
// sample order, so they compute the same bits.
type engine interface {
	// begin is called before work: the caller may have changed the
	// network's weights since the last call.
	begin()
	// accumulate runs samples of d forward and backward, adds their
	// gradient to the batch's sums and their losses and correct guesses
	// to t, one sample after the other.
	accumulate(d *Dataset, samples []int32, t *tally)
	// step applies W -= (learning_rate/m)·Σ dW, b -= (learning_rate/m)·Σ db
	// from the sums over m samples, and zeroes the sums.
	step(learningRate float32, m int)
	// end makes the network hold the current weights: after end, the
	// caller may read and change them.
	end()
}

// wholeBatchEngine is an engine that can take part of a batch's step
// while it computes the batch's gradient, when it is given the whole batch
// at once: accumulateBatch is accumulate followed, if the batch's loss is
// finite (else the trainer stops), by a step at learningRate. The engine's
// step then does the rest, and the weights are those of accumulate and
// step, bit for bit.
type wholeBatchEngine interface {
	engine
	accumulateBatch(d *Dataset, samples []int32, t *tally, learningRate float32)
}

// A TrainerOption changes how NewTrainer sets a trainer up.
type TrainerOption func(*trainerOptions)

type trainerOptions struct {
	reference bool
}

// WithReference makes the trainer compute with the plain loops of
// backprop.go and update.go, one sample at a time on one CPU, instead of
// the fast kernels: many times slower, the same weights bit for bit. The
// loops to read, and the yardstick the fast path is tested against.
func WithReference() TrainerOption {
	return func(o *trainerOptions) { o.reference = true }
}

// NewTrainer prepares training of net on data. seed drives the shuffling
// of mini-batches (full batch does not shuffle).
func NewTrainer(net Model, data *Dataset, learningRate float32, batchSize int, seed uint64, opts ...TrainerOption) (*Trainer, error) {
	if data.Size() != net.Inputs() {
		return nil, fmt.Errorf("network takes %d inputs but images have %d pixels", net.Inputs(), data.Size())
	}
	if net.Outputs() < 10 {
		return nil, fmt.Errorf("network has %d outputs, needs 10 (one per digit)", net.Outputs())
	}
	if err := checkStepArgs(learningRate, batchSize); err != nil {
		return nil, err
	}
	var o trainerOptions
	for _, opt := range opts {
		opt(&o)
	}
	t := &Trainer{net: net, Data: data, LearningRate: learningRate, BatchSize: batchSize, rng: NewRand(seed)}
	t.engine = net.newEngine(effectiveBatch(batchSize, data.N), o.reference)
	t.order = identity(0, data.N)
	if t.batchSize() < data.N {
		shuffleOrder(t.rng, t.order)
	}
	return t, nil
}

// Epoch is the number of epochs completed.
func (t *Trainer) Epoch() int { return t.epoch }

// Seen is how many images of the current epoch the trainer has already
// stepped on (whole batches only; 0 right after an epoch ends). Epoch()·m
// + Seen() measures progress between epochs, which for full batch may be
// a minute apart in a page.
func (t *Trainer) Seen() int { return t.stepped }

// Network is the network being trained.
func (t *Trainer) Network() Model { return t.net }

// LastEpoch is the loss and accuracy of the last finished epoch, as
// RunEpoch returns them (the zero EpochStats before the first): a caller
// driving the trainer with Work reads them here when an epoch ends.
func (t *Trainer) LastEpoch() EpochStats { return t.last }

// batchSize is the effective batch size.
func (t *Trainer) batchSize() int { return effectiveBatch(t.BatchSize, t.Data.N) }

// RunEpoch trains until the current epoch is complete and reports its
// loss and accuracy. It returns a *DivergedError (ErrDiverged) if the loss
// blew up; the network is then unusable.
func (t *Trainer) RunEpoch() (EpochStats, error) {
	for {
		done, err := t.Work(t.Data.N)
		if err != nil {
			return EpochStats{}, err
		}
		if done {
			return t.last, nil
		}
	}
}

// Work trains on at most maxImages more images (at least one), taking a
// step whenever a batch is complete, and stops early at the end of an
// epoch, which it reports. Any sequence of calls gives exactly the weights
// of RunEpoch: a page calls it with a small budget so as never to freeze.
// Between calls, the network holds the current weights and may be read or
// changed.
func (t *Trainer) Work(maxImages int) (epochDone bool, err error) {
	t.engine.begin()
	defer t.engine.end()
	n := t.Data.N
	for budget := max(1, maxImages); budget > 0; {
		end := min(t.stepped+t.batchSize(), n) // the current batch is order[stepped:end]
		take := min(budget, end-t.pos)
		samples := t.order[t.pos : t.pos+take]
		if whole, ok := t.engine.(wholeBatchEngine); ok && t.pos == t.stepped && t.pos+take == end {
			whole.accumulateBatch(t.Data, samples, &t.batch, t.LearningRate)
		} else {
			t.engine.accumulate(t.Data, samples, &t.batch)
		}
		t.pos += take
		budget -= take
		if t.pos < end {
			continue
		}
		if err := t.finishBatch(end - t.stepped); err != nil {
			return false, err
		}
		if t.pos == n {
			return true, t.finishEpoch()
		}
	}
	return false, nil
}

// finishBatch checks the loss of the batch of m images just computed and
// takes its step.
func (t *Trainer) finishBatch(m int) error {
	if err := batchDiverged(t.batch.loss, t.epoch+1, t.LearningRate); err != nil {
		return err
	}
	if t.epoch == 0 && t.stepped == 0 {
		t.initial = t.batch.loss / float64(m)
	}
	t.total.loss += t.batch.loss
	t.total.correct += t.batch.correct
	t.batch = tally{}
	t.engine.step(t.LearningRate, m)
	t.stepped = t.pos
	return nil
}

// finishEpoch records the epoch's statistics, checks them for divergence
// and shuffles the images for the next one.
func (t *Trainer) finishEpoch() error {
	n := t.Data.N
	t.epoch++
	t.last = EpochStats{Epoch: t.epoch, Loss: t.total.loss / float64(n), Accuracy: float64(t.total.correct) / float64(n)}
	t.total, t.pos, t.stepped = tally{}, 0, 0
	if err := epochDiverged(t.last.Loss, t.initial, t.epoch, t.LearningRate); err != nil {
		return err
	}
	if t.batchSize() < n {
		shuffleOrder(t.rng, t.order)
	}
	return nil
}

// newEngine makes the fast engine, or the reference one.
func (n *Network) newEngine(batch int, reference bool) engine {
	if reference {
		return newReferenceEngine(n)
	}
	return newFastEngine(n, batch)
}

// referenceEngine is the trainer's arithmetic as plain loops: for every
// sample, backprop adds its gradient to the sums; at the end of a batch,
// update takes the step. It works on the network itself.
type referenceEngine struct {
	net  *Network
	grad *gradient
	act  *activations
}

func newReferenceEngine(n *Network) *referenceEngine {
	return &referenceEngine{net: n, grad: newGradient(n), act: newActivations(n)}
}

func (e *referenceEngine) begin() {}

func (e *referenceEngine) accumulate(d *Dataset, samples []int32, t *tally) {
	for _, i := range samples {
		d.Pixels(int(i), e.act.a[0])
		loss, ok := e.net.backprop(e.act, int(d.Labels[i]), e.grad)
		t.loss += loss
		if ok {
			t.correct++
		}
	}
}

func (e *referenceEngine) step(learningRate float32, m int) {
	e.net.update(e.grad, learningRate, m)
	e.grad.clear()
}

func (e *referenceEngine) end() {}

// identity returns the sample indices start, start+1, ..., end-1.
func identity(start, end int) []int32 {
	idx := make([]int32, end-start)
	for i := range idx {
		idx[i] = int32(start + i)
	}
	return idx
}
