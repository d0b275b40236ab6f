package core

import "fmt"

// Measuring a network on a whole dataset: the forward pass of every image,
// through the sparse path of fast.go (the same bits as Forward), split
// across the CPUs in parts of evalPart images (parallel.go).

// evalPart is the number of images per part: enough to amortise starting
// a part, few enough that every CPU gets work on a small test set.
const evalPart = 64

// Accuracy returns the fraction of d's images that n classifies correctly.
func (n *Network) Accuracy(d *Dataset) float64 {
	_, acc, _ := n.Evaluate(d)
	return acc
}

// Evaluate returns the mean cross-entropy loss and the accuracy of n on d.
// The losses are added in image order, so the result is the same for any
// number of CPUs.
func (n *Network) Evaluate(d *Dataset) (loss, accuracy float64, err error) {
	return evaluate(n.Inputs(), d, n.forwardAll)
}

// evaluate is Evaluate for a model of the given number of inputs whose
// forwardAll returns each image's guess and stores its loss (Network's
// and ConvNet's).
func evaluate(inputs int, d *Dataset, forwardAll func(*Dataset, []float64) []byte) (loss, accuracy float64, err error) {
	if d.Size() != inputs {
		return 0, 0, fmt.Errorf("network takes %d inputs but images have %d pixels", inputs, d.Size())
	}
	losses := make([]float64, d.N)
	guesses := forwardAll(d, losses)
	correct := 0
	for i, l := range losses {
		loss += l
		if int(guesses[i]) == int(d.Labels[i]) {
			correct++
		}
	}
	return loss / float64(d.N), float64(correct) / float64(d.N), nil
}

// PredictAll returns n's guess for every image of d.
func (n *Network) PredictAll(d *Dataset) []byte {
	return n.forwardAll(d, nil)
}

// forwardAll runs every image of d through n and returns the guesses; if
// losses is not nil, it also stores each image's cross-entropy loss there.
func (n *Network) forwardAll(d *Dataset, losses []float64) []byte {
	guesses := make([]byte, d.N)
	wT := transposed(n)
	parts := (d.N + evalPart - 1) / evalPart
	scratch := make([]*sparseSample, numWorkers(parts))
	forParts(parts, func(w, p int) {
		if scratch[w] == nil {
			scratch[w] = newSparseSample(n.Sizes)
		}
		s := scratch[w]
		for i := p * evalPart; i < min((p+1)*evalPart, d.N); i++ {
			loss, guess := s.forward(n, wT, d.Image(i), int(d.Labels[i]))
			guesses[i] = byte(guess)
			if losses != nil {
				losses[i] = loss
			}
		}
	})
	return guesses
}
