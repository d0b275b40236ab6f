package core

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// This file is the best place to start reading: a network with exactly one
// hidden layer, its forward pass and its backpropagation written out by
// hand, with no loops over layers to hide what happens. The general
// Network (network.go, backprop.go) does the same for any number of layers,
// and a test checks that both give the same numbers.
//
// Notation, as in the numpy tutorials, for one sample (a column X):
//
//	Z1 = W1·X + b1        hidden pre-activations    (Hidden)
//	A1 = ReLU(Z1)         hidden activations        (Hidden)
//	Z2 = W2·A1 + b2       output scores             (Outputs, ten digits)
//	A2 = softmax(Z2)      output probabilities      (Outputs)
//	loss = -ln A2[y]      cross-entropy with the true label y
//
// and for a batch of m samples the gradients are averaged:
//
//	dZ2 = A2 - Y                  (Y is the one-hot label)
//	dW2 = dZ2·A1ᵀ / m,  db2 = mean of dZ2
//	dZ1 = W2ᵀ·dZ2 ⊙ ReLU'(Z1)     (ReLU'(z) = 1 if z > 0, else 0)
//	dW1 = dZ1·Xᵀ / m,   db1 = mean of dZ1
//	W -= learning_rate·dW,  b -= learning_rate·db

// OneHidden is a network with one hidden layer of ReLU neurons and a softmax
// output, with its four parameter arrays as named fields.
type OneHidden struct {
	Inputs, Hidden, Outputs int // e.g. 784, 10, 10

	W1 []float32 // Hidden×Inputs, row-major: W1[j*Inputs+k] weighs pixel k in hidden neuron j
	B1 []float32 // Hidden biases
	W2 []float32 // Outputs×Hidden, row-major: W2[j*Hidden+k] weighs hidden neuron k in output j
	B2 []float32 // Outputs biases
}

// NewOneHidden copies the weights of a general network of sizes
// [inputs hidden outputs]: initialise with NewInitialized, so both kinds of
// network start from the very same numbers.
func NewOneHidden(net *Network) (*OneHidden, error) {
	if net == nil || len(net.Sizes) != 3 || len(net.W) != 2 || len(net.B) != 2 {
		sizes := []int(nil)
		if net != nil {
			sizes = net.Sizes
		}
		return nil, fmt.Errorf("one-hidden-layer network needs sizes [inputs hidden outputs], got %v", sizes)
	}
	in, hid, out := net.Sizes[0], net.Sizes[1], net.Sizes[2]
	if len(net.W[0]) != hid*in || len(net.B[0]) != hid || len(net.W[1]) != out*hid || len(net.B[1]) != out {
		return nil, fmt.Errorf("network %v: weight arrays do not match its sizes", net.Sizes)
	}
	return &OneHidden{
		Inputs: in, Hidden: hid, Outputs: out,
		W1: append([]float32(nil), net.W[0]...),
		B1: append([]float32(nil), net.B[0]...),
		W2: append([]float32(nil), net.W[1]...),
		B2: append([]float32(nil), net.B[1]...),
	}, nil
}

// Network copies h into a general Network (to save it, or to compare).
func (h *OneHidden) Network() *Network {
	return &Network{
		Sizes: []int{h.Inputs, h.Hidden, h.Outputs},
		W:     [][]float32{append([]float32(nil), h.W1...), append([]float32(nil), h.W2...)},
		B:     [][]float32{append([]float32(nil), h.B1...), append([]float32(nil), h.B2...)},
	}
}

// ohScratch holds one sample's values during the forward and backward
// pass, and the gradient sums of a batch.
type ohScratch struct {
	nz []int     // indices k of the sample's non-zero pixels, X[k] != 0
	xv []float32 // their values X[k] in (0, 1], in the same order
	a1 []float32 // A1 = ReLU(Z1)
	a2 []float32 // Z2, then A2 = softmax(Z2) in place, then dZ2 in place
	d1 []float32 // dZ1

	dW1, dB1, dW2, dB2 []float32 // Σ over the batch's samples of dW1, db1, dW2, db2
}

func (h *OneHidden) newScratch(withGrad bool) *ohScratch {
	s := &ohScratch{
		nz: make([]int, 0, h.Inputs),
		xv: make([]float32, 0, h.Inputs),
		a1: make([]float32, h.Hidden),
		a2: make([]float32, h.Outputs),
		d1: make([]float32, h.Hidden),
	}
	if withGrad {
		s.dW1, s.dB1 = make([]float32, len(h.W1)), make([]float32, len(h.B1))
		s.dW2, s.dB2 = make([]float32, len(h.W2)), make([]float32, len(h.B2))
	}
	return s
}

// load lists the non-zero pixels of image i of d, X[k] = pixel/255 as in
// Dataset.Pixels. About 80% of MNIST's pixels are 0 (paper); they add
// nothing to W1·X or to dZ1·Xᵀ, so skipping them gives the same numbers
// about five times faster.
func (s *ohScratch) load(d *Dataset, i int) {
	s.nz, s.xv = s.nz[:0], s.xv[:0]
	for k, p := range d.Image(i) {
		if p != 0 {
			s.nz = append(s.nz, k)
			s.xv = append(s.xv, float32(p)/255)
		}
	}
}

// forward computes A1 and A2 for the sample in s and returns its loss,
// -ln A2[y], for label y.
func (h *OneHidden) forward(s *ohScratch, y int) (loss float64) {
	// Z1 = W1·X + b1: hidden neuron j adds up its weighted pixels,
	// Z1[j] = b1[j] + Σ_k W1[j][k]·X[k]. Pixel by pixel, each pixel adding
	// its share to every neuron: each neuron still adds its terms in the
	// same order (so the numbers are the same), but the additions of
	// different neurons no longer wait for one another: faster, the more
	// hidden neurons there are.
	z1 := s.a1
	copy(z1, h.B1)
	for n, k := range s.nz {
		x := s.xv[n]
		for j := range z1 {
			z1[j] += float32(h.W1[j*h.Inputs+k] * x) // float32(...) forbids a fused multiply-add (see determinism notes)
		}
	}
	// A1 = ReLU(Z1) = max(Z1, 0), in place.
	for j, z := range z1 {
		if z < 0 {
			z1[j] = 0
		}
	}
	// Z2 = W2·A1 + b2: output j adds up its weighted hidden activations.
	for j := range h.Outputs {
		w := h.W2[j*h.Hidden : (j+1)*h.Hidden] // row j of W2
		z := h.B2[j]
		for k, a := range s.a1 {
			z += float32(w[k] * a)
		}
		s.a2[j] = z
	}
	// A2 = softmax(Z2), the stable one of forward.go; it returns
	// ln Σ_k e^Z2[k], so loss = -ln A2[y] = ln Σ_k e^Z2[k] - Z2[y].
	zy := float64(s.a2[y])
	return softmax(s.a2) - zy
}

// backward adds the sample's gradients to the sums in s, after forward.
// Sums, not means: step divides by the batch size m once, at the update
// (dW = dZ·Aᵀ/m sums the per-sample outer products dZ·Aᵀ over the batch).
func (h *OneHidden) backward(s *ohScratch, y int) {
	// dZ2 = A2 - Y: the probabilities minus the one-hot label (for softmax
	// with cross-entropy the chain rule collapses to this difference).
	dz2 := s.a2
	dz2[y] -= 1
	// dW2 += dZ2·A1ᵀ (dW2[j][k] += dZ2[j]·A1[k]) and db2 += dZ2.
	for j, g := range dz2 {
		if g == 0 {
			continue // nothing to add
		}
		s.dB2[j] += g
		dw := s.dW2[j*h.Hidden : (j+1)*h.Hidden]
		for k, a := range s.a1 {
			dw[k] += float32(g * a)
		}
	}
	// dZ1 = W2ᵀ·dZ2 ⊙ ReLU'(Z1): each hidden neuron collects the errors of
	// the outputs it fed, weighted by W2...
	clear(s.d1)
	for j, g := range dz2 {
		if g == 0 {
			continue
		}
		w := h.W2[j*h.Hidden : (j+1)*h.Hidden]
		for k := range s.d1 {
			s.d1[k] += float32(g * w[k])
		}
	}
	// ...and passes them on only if it was active: ReLU'(Z1) is 1 where
	// Z1 > 0, that is where A1 > 0, and 0 elsewhere.
	for k, a := range s.a1 {
		if a <= 0 {
			s.d1[k] = 0
		}
	}
	// dW1 += dZ1·Xᵀ (dW1[j][k] += dZ1[j]·X[k], for the non-zero pixels) and db1 += dZ1.
	for j, g := range s.d1 {
		if g == 0 {
			continue // an inactive hidden neuron learns nothing from this sample
		}
		s.dB1[j] += g
		dw := s.dW1[j*h.Inputs : (j+1)*h.Inputs]
		for n, k := range s.nz {
			dw[k] += float32(g * s.xv[n])
		}
	}
}

// Predict returns the most probable digit for the pixels x (Inputs values
// in [0, 1]; missing ones count as 0, extra ones are ignored) and the
// Outputs probabilities.
func (h *OneHidden) Predict(x []float32) (digit int, probs []float32) {
	s := h.newScratch(false)
	for k, v := range x[:min(len(x), h.Inputs)] {
		if v != 0 {
			s.nz = append(s.nz, k)
			s.xv = append(s.xv, v)
		}
	}
	h.forward(s, 0)
	return argmax(s.a2), s.a2
}

// Evaluate returns the mean loss and the accuracy of h on d. The images
// are shared among the CPUs in parts (parallel.go); the losses are added
// in image order, so the result does not depend on the number of CPUs.
func (h *OneHidden) Evaluate(d *Dataset) (loss, accuracy float64, err error) {
	if err := h.check(d); err != nil {
		return 0, 0, err
	}
	losses := make([]float64, d.N)
	right := make([]bool, d.N)
	parts := (d.N + evalPart - 1) / evalPart
	scratch := make([]*ohScratch, numWorkers(parts))
	forParts(parts, func(w, p int) {
		if scratch[w] == nil {
			scratch[w] = h.newScratch(false)
		}
		s := scratch[w]
		for i := p * evalPart; i < min((p+1)*evalPart, d.N); i++ {
			y := int(d.Labels[i])
			s.load(d, i)
			losses[i] = h.forward(s, y)
			right[i] = argmax(s.a2) == y
		}
	})
	correct := 0
	for i, l := range losses {
		loss += l
		if right[i] {
			correct++
		}
	}
	return loss / float64(d.N), float64(correct) / float64(d.N), nil
}

// Accuracy returns the fraction of d's images that h classifies correctly.
func (h *OneHidden) Accuracy(d *Dataset) float64 {
	_, acc, _ := h.Evaluate(d)
	return acc
}

// check makes sure the images and labels fit the network.
func (h *OneHidden) check(d *Dataset) error {
	if d.Size() != h.Inputs {
		return fmt.Errorf("network takes %d inputs but images have %d pixels", h.Inputs, d.Size())
	}
	if h.Outputs < 10 {
		return fmt.Errorf("network has %d outputs, needs 10 (one per digit)", h.Outputs)
	}
	return nil
}

// OneHiddenTrainer runs gradient descent on a OneHidden network, like
// Trainer does for the general one: BatchSize 0 is full batch (one step per
// epoch with the gradient averaged over all m images, as the numpy
// scripts), BatchSize B > 0 is mini-batch SGD with the images reshuffled
// every epoch.
type OneHiddenTrainer struct {
	Net          *OneHidden
	Data         *Dataset
	LearningRate float32
	BatchSize    int // 0 = full batch

	scalarBias bool // the tutorial's bias quirk (samson.go)
	rng        *rand.Rand
	order      []int32 // the images in this epoch's order
	epoch      int
	initial    float64    // mean loss of the very first batch, before any update
	s          *ohScratch // one sample's values and the batch's gradient sums
}

// NewOneHiddenTrainer prepares training of net on data; seed drives the
// shuffling of mini-batches, in the same way as NewTrainer's.
func NewOneHiddenTrainer(net *OneHidden, data *Dataset, learningRate float32, batchSize int, seed uint64) (*OneHiddenTrainer, error) {
	if err := net.check(data); err != nil {
		return nil, err
	}
	if err := checkStepArgs(learningRate, batchSize); err != nil {
		return nil, err
	}
	t := &OneHiddenTrainer{Net: net, Data: data, LearningRate: learningRate, BatchSize: batchSize, rng: NewRand(seed)}
	t.order = identity(0, data.N)
	if t.batch() < data.N {
		t.shuffle()
	}
	t.s = net.newScratch(true)
	return t, nil
}

// Epoch is the number of epochs completed.
func (t *OneHiddenTrainer) Epoch() int { return t.epoch }

// Network returns a copy of the network being trained as a general
// Network, to evaluate or save it.
func (t *OneHiddenTrainer) Network() Model { return t.Net.Network() }

func (t *OneHiddenTrainer) batch() int { return effectiveBatch(t.BatchSize, t.Data.N) }

func (t *OneHiddenTrainer) shuffle() { shuffleOrder(t.rng, t.order) }

// RunEpoch trains one epoch and returns the loss and accuracy measured on
// the training images during it (before each step's update, as the numpy
// scripts print them). It fails with an error wrapping ErrDiverged, as
// Trainer does, when the loss is NaN or infinite or when the epoch's mean
// loss is over ten times the untrained network's (and over 10·ln 10): the
// stable softmax keeps the loss finite, so a far too large learning rate
// would otherwise end silently at chance accuracy.
func (t *OneHiddenTrainer) RunEpoch() (EpochStats, error) {
	b := t.batch()
	sumLoss, sumOK := 0.0, 0
	for start := 0; start < t.Data.N; start += b {
		batch := t.order[start:min(start+b, t.Data.N)]
		loss, ok := t.step(batch)
		if err := batchDiverged(loss, t.epoch+1, t.LearningRate); err != nil {
			return EpochStats{}, err
		}
		if t.epoch == 0 && start == 0 {
			t.initial = loss / float64(len(batch))
		}
		sumLoss += loss
		sumOK += ok
	}
	st := EpochStats{Epoch: t.epoch + 1, Loss: sumLoss / float64(t.Data.N), Accuracy: float64(sumOK) / float64(t.Data.N)}
	if err := epochDiverged(st.Loss, t.initial, st.Epoch, t.LearningRate); err != nil {
		return EpochStats{}, err
	}
	t.epoch++
	if b < t.Data.N {
		t.shuffle()
	}
	return st, nil
}

// step does one gradient-descent step on the samples of batch and returns
// their summed loss and number of correct guesses (before the update). On
// a NaN or infinite loss the weights are left untouched.
//
// One sample after the other, on one CPU: every sum is added in sample
// order, as the general Trainer does, so both give the same numbers.
func (t *OneHiddenTrainer) step(batch []int32) (loss float64, correct int) {
	h, d, s := t.Net, t.Data, t.s
	clear(s.dW1)
	clear(s.dB1)
	clear(s.dW2)
	clear(s.dB2)
	// Forward and backward for every sample, adding up the gradients.
	for _, i := range batch {
		y := int(d.Labels[i])
		s.load(d, int(i))
		loss += h.forward(s, y)
		if argmax(s.a2) == y {
			correct++
		}
		h.backward(s, y)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, correct
	}
	// The step: W -= learning_rate·dW with dW = (Σ dW)/m, the mean over
	// the batch; the same for b.
	scale := t.LearningRate / float32(len(batch))
	descend(h.W1, s.dW1, scale)
	descend(h.W2, s.dW2, scale)
	if t.scalarBias {
		samsonBiasStep(h.B1, s.dB1, scale)
		samsonBiasStep(h.B2, s.dB2, scale)
	} else {
		descend(h.B1, s.dB1, scale)
		descend(h.B2, s.dB2, scale)
	}
	return loss, correct
}

// descend computes p -= scale·g, element by element: one gradient step.
func descend(p, g []float32, scale float32) {
	for i, x := range g {
		p[i] -= float32(scale * x)
	}
}
