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

// batchDiverged returns an error wrapping ErrDiverged if a batch's summed
// loss is NaN or infinite during the given epoch (counted from 1).
func batchDiverged(loss float64, epoch int, learningRate float32) error {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("%w at epoch %d: the loss is %v; lower the learning rate (now %g)", ErrDiverged, epoch, loss, learningRate)
	}
	return nil
}

// epochDiverged returns an error wrapping ErrDiverged if an epoch's mean
// loss is over ten times the untrained network's, initial (and over
// 10·ln 10, ten times chance level): see ErrDiverged.
func epochDiverged(meanLoss, initial float64, epoch int, learningRate float32) error {
	if limit := 10 * max(initial, math.Ln10); meanLoss > limit {
		return fmt.Errorf("%w at epoch %d: the loss grew to %.4g from %.4g at the start; lower the learning rate (now %g)", ErrDiverged, epoch, meanLoss, initial, learningRate)
	}
	return nil
}
