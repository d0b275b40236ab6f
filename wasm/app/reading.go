package app

import (
	"fmt"

	"digits/core"
)

// Reading is how one network read the test digits: its guess for every
// image and the confusion matrix counted from them. The guesses are kept
// so that a cell of the matrix can show its digits. Whoever evaluates the
// network (the sliced Evaluator here, core's PredictAll in a worker)
// hands over the guesses; NewReading counts them.
type Reading struct {
	Confusion core.Confusion
	guesses   []byte
	labels    []byte
}

// NewReading counts the guesses (one per image of test, in order, each a
// digit 0–9) against test's labels.
func NewReading(test *core.Dataset, guesses []byte) (*Reading, error) {
	if len(guesses) != test.N {
		return nil, fmt.Errorf("%d guesses for %d test images", len(guesses), test.N)
	}
	r := &Reading{guesses: guesses, labels: test.Labels}
	for i, g := range guesses {
		y := test.Labels[i]
		if g > 9 || y > 9 {
			return nil, fmt.Errorf("image %d: label %d, guess %d; both must be digits 0-9", i, y, g)
		}
		r.Confusion[y][g]++
	}
	return r, nil
}

// Cell lists the test images of the true digit y read as g, in order, at
// most max of them (all when max < 0).
func (r *Reading) Cell(y, g, max int) []int {
	var out []int
	for i, gi := range r.guesses {
		if max >= 0 && len(out) >= max {
			break
		}
		if int(gi) == g && int(r.labels[i]) == y {
			out = append(out, i)
		}
	}
	return out
}

// Guess is the network's guess for test image i.
func (r *Reading) Guess(i int) int { return int(r.guesses[i]) }

// Guessed is a network's guesses for the test digits as the trainer sent
// them, made into a Reading once the app's own copy of the test set (whose
// labels it needs) is decoded: the trainer may answer first.
type Guessed struct {
	Guesses []byte // one per test image; nil: none yet
	reading *Reading
}

// Reading counts the guesses against test's labels the first time both
// are there; nil until then, or if the guesses do not fit the set.
func (g *Guessed) Reading(test *core.Dataset) *Reading {
	if g.reading == nil && g.Guesses != nil && test != nil {
		g.reading, _ = NewReading(test, g.Guesses) // the trainer guessed the same set, with a 10-output network
	}
	return g.reading
}
