package core

// Measuring a ConvNet on a whole dataset: the forward pass of every image
// on the fast path (convnet_pass.go, the same bits as Forward), split
// across the CPUs in parts of evalPart images, as evaluate.go does for
// Network.

// Accuracy returns the fraction of d's images that n classifies correctly.
func (n *ConvNet) Accuracy(d *Dataset) float64 {
	_, acc, _ := n.Evaluate(d)
	return acc
}

// Evaluate returns the mean cross-entropy loss and the accuracy of n on d.
// The losses are added in image order, so the result is the same for any
// number of CPUs.
func (n *ConvNet) Evaluate(d *Dataset) (loss, accuracy float64, err error) {
	return evaluate(n.Inputs(), d, n.forwardAll)
}

// PredictAll returns n's guess for every image of d.
func (n *ConvNet) PredictAll(d *Dataset) []byte {
	return n.forwardAll(d, nil)
}

// forwardAll runs every image of d through n and returns the guesses; if
// losses is not nil, it also stores each image's cross-entropy loss there.
func (n *ConvNet) forwardAll(d *Dataset, losses []float64) []byte {
	guesses := make([]byte, d.N)
	wT := make([][]float32, len(n.Layers))
	for l, layer := range n.Layers {
		if f, ok := layer.(*Dense); ok {
			wT[l] = make([]float32, len(f.W))
			transposeInto(wT[l], f.W, f.Outputs, f.InShape.Size())
		}
	}
	L := len(n.Layers)
	stages := convStages(n)
	parts := (d.N + evalPart - 1) / evalPart
	scratch := make([]*convPass, numWorkers(parts))
	forParts(parts, func(w, p int) {
		if scratch[w] == nil {
			scratch[w] = newConvPass(n, stages, 0)
			scratch[w].at(newConvStore(n, stages, 1, false), 0)
		}
		s := scratch[w]
		for i := p * evalPart; i < min((p+1)*evalPart, d.N); i++ {
			loss := s.forward(wT, d.Image(i), int(d.Labels[i]))
			guesses[i] = byte(argmax(s.act[L]))
			if losses != nil {
				losses[i] = loss
			}
		}
	})
	return guesses
}
