package core

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// What Trainer (train.go) and OneHiddenTrainer (onehidden.go) share: the
// checks of their arguments, the order of the samples, and the rules that
// say training diverged.

// checkStepArgs validates a learning rate and a batch size.
func checkStepArgs(learningRate float32, batchSize int) error {
	if batchSize < 0 {
		return fmt.Errorf("batch size %d: want 0 (full batch) or a positive number", batchSize)
	}
	if !(learningRate > 0) || math.IsInf(float64(learningRate), 0) {
		return fmt.Errorf("learning rate %v: want a positive number", learningRate)
	}
	return nil
}

// effectiveBatch is the number of samples per step: all n for full batch
// (batchSize 0) or a batch size larger than the data.
func effectiveBatch(batchSize, n int) int {
	if batchSize <= 0 || batchSize > n {
		return n
	}
	return batchSize
}

// shuffleOrder puts the samples in a new random order for the next epoch
// of mini-batch SGD.
func shuffleOrder(rng *rand.Rand, order []int32) {
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
}

// DivergedError tells how training blew up; errors.Is(err, ErrDiverged)
// matches it. Either a batch's loss was NaN or infinite (NotFinite), or an
// epoch's mean loss grew to over ten times the untrained network's.
type DivergedError struct {
	Epoch        int     // the epoch, counted from 1, in which it happened
	Loss         float64 // the batch's summed loss (NotFinite) or the epoch's mean loss
	Initial      float64 // the untrained network's mean loss, for the tenfold rule
	LearningRate float32 // the rate that was too large
	NotFinite    bool    // the loss became NaN or infinite
}

func (e *DivergedError) Error() string {
	if e.NotFinite {
		return fmt.Sprintf("%v at epoch %d: the loss is %v; lower the learning rate (now %g)", ErrDiverged, e.Epoch, e.Loss, e.LearningRate)
	}
	return fmt.Sprintf("%v at epoch %d: the loss grew to %.4g from %.4g at the start; lower the learning rate (now %g)", ErrDiverged, e.Epoch, e.Loss, e.Initial, e.LearningRate)
}

// Is makes errors.Is(err, ErrDiverged) true.
func (e *DivergedError) Is(target error) bool { return target == ErrDiverged }

// finite reports whether x is neither NaN nor infinite: a batch whose
// summed loss is not finite has diverged, and takes no step.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// batchDiverged returns a *DivergedError if a batch's summed loss is NaN
// or infinite during the given epoch (counted from 1).
func batchDiverged(loss float64, epoch int, learningRate float32) error {
	if !finite(loss) {
		return &DivergedError{Epoch: epoch, Loss: loss, LearningRate: learningRate, NotFinite: true}
	}
	return nil
}

// epochDiverged returns a *DivergedError if an epoch's mean loss is over
// ten times the untrained network's, initial (and over 10·ln 10, ten times
// chance level): see ErrDiverged.
func epochDiverged(meanLoss, initial float64, epoch int, learningRate float32) error {
	if limit := 10 * max(initial, math.Ln10); meanLoss > limit {
		return &DivergedError{Epoch: epoch, Loss: meanLoss, Initial: initial, LearningRate: learningRate}
	}
	return nil
}
