package app

import "digits/core/draw"

// Prediction is what the network makes of the pad: the digit (-1 when
// the pad is empty or holds nothing like a digit), the ten probabilities
// and the 784 inputs the network read, after core's MNIST-style
// preprocessing of the ink (core/draw).
type Prediction struct {
	digit int
	probs []float32
	input []float32

	rev   Rev // bumps whenever the prediction is made anew
	ink   Rev // the ink and network revisions it was made for
	net   Rev
	valid bool
}

// NewPrediction is the prediction of an empty pad.
func NewPrediction() Prediction { return Prediction{digit: -1} }

// Update reads the pad again if the ink or the network (revision net)
// changed since the last reading, and reports whether it did.
func (p *Prediction) Update(ink *Ink, net Rev, c Classifier) bool {
	if p.valid && p.ink == ink.Rev() && p.net == net {
		return false
	}
	p.ink, p.net, p.valid = ink.Rev(), net, true
	p.digit, p.probs, p.input = -1, nil, nil
	p.rev.Bump()
	if ink.Empty() {
		return true
	}
	// A pad with ink but no digit-like blob (ErrNoDigit) is no guess.
	x, err := draw.PreprocessInk(ink.Source())
	if err != nil {
		return true
	}
	p.digit, p.probs = c.Predict(x)
	p.input = x
	return true
}

// Digit is the guess, or -1 when there is none.
func (p *Prediction) Digit() int { return p.digit }

// Probs are the ten probabilities (nil when there is no guess).
func (p *Prediction) Probs() []float32 { return p.probs }

// Input is the 28×28 picture the network read (nil when there is no guess).
func (p *Prediction) Input() []float32 { return p.input }

// Rev changes whenever the prediction is made anew.
func (p *Prediction) Rev() Rev { return p.rev }
