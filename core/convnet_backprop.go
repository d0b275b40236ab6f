package core

// Training a ConvNet with the readable loops: backpropagation of one
// sample through the layers, then the gradient-descent step, as
// backprop.go and update.go do for Network.

// convGradient holds the sums Σ dW and Σ db over the samples of a batch,
// laid out like each layer's parameters (nil for layers without).
type convGradient struct {
	W, B [][]float32
}

func newConvGradient(n *ConvNet) *convGradient {
	g := &convGradient{}
	for _, l := range n.Layers {
		w, b := l.Params()
		g.W = append(g.W, make([]float32, len(w)))
		g.B = append(g.B, make([]float32, len(b)))
	}
	return g
}

// convActivations is one sample's way through the network: a[0] is the
// input, a[l+1] the output of layer l, and d[l] = ∂loss/∂a[l].
type convActivations struct {
	a, d [][]float32
}

func newConvActivations(n *ConvNet) *convActivations {
	s := &convActivations{a: [][]float32{make([]float32, n.Inputs())}, d: [][]float32{nil}}
	for _, l := range n.Layers {
		s.a = append(s.a, make([]float32, l.Out().Size()))
		s.d = append(s.d, make([]float32, l.Out().Size()))
	}
	return s
}

// backprop runs the input in s.a[0] with label y forward through every
// layer and back, adds its gradient to g, and returns its cross-entropy
// loss and whether the network guessed it right:
//
//	a[l+1] = layer l's forward(a[l])            for l = 0, 1, ..., L-1
//	A = softmax(a[L]), loss = -ln A[y]
//	d[L] = A - onehot(y)
//	d[l] = layer l's backward(a[l], d[l+1])      for l = L-1, ..., 1,
//
// each layer adding its own dW and db along the way.
func (n *ConvNet) backprop(s *convActivations, y int, g *convGradient) (loss float64, correct bool) {
	L := len(n.Layers)
	for l, layer := range n.Layers {
		layer.forward(s.a[l], s.a[l+1])
	}
	out := s.a[L]
	loss = softmaxLoss(out, y)
	correct = argmax(out) == y
	softmaxLossBackward(out, y, s.d[L])
	for l := L - 1; l >= 0; l-- {
		n.Layers[l].backward(s.a[l], s.d[l+1], s.d[l], g.W[l], g.B[l])
	}
	return loss, correct
}

// update takes one step of gradient descent, as Network.update:
//
//	W -= (learning_rate/m)·Σ dW,  b -= (learning_rate/m)·Σ db.
func (n *ConvNet) update(g *convGradient, learningRate float32, m int) {
	scale := learningRate / float32(m)
	for l, layer := range n.Layers {
		w, b := layer.Params()
		axpy(-scale, g.W[l], w)
		axpy(-scale, g.B[l], b)
	}
}

// clear zeroes the sums for the next batch.
func (g *convGradient) clear() {
	for l := range g.W {
		clear(g.W[l])
		clear(g.B[l])
	}
}

// newEngine makes the fast engine, or the reference one.
func (n *ConvNet) newEngine(batch int, reference bool) engine {
	if reference {
		return &convReferenceEngine{net: n, grad: newConvGradient(n), act: newConvActivations(n)}
	}
	return newConvFastEngine(n, batch)
}

// convReferenceEngine is the trainer's arithmetic as plain loops: for
// every sample backprop adds its gradient to the sums; at the end of a
// batch update takes the step. It works on the network itself.
type convReferenceEngine struct {
	net  *ConvNet
	grad *convGradient
	act  *convActivations
}

func (e *convReferenceEngine) begin() {}

func (e *convReferenceEngine) accumulate(d *Dataset, samples []int32, t *tally) {
	for _, i := range samples {
		d.Pixels(int(i), e.act.a[0])
		loss, ok := e.net.backprop(e.act, int(d.Labels[i]), e.grad)
		t.loss += loss
		if ok {
			t.correct++
		}
	}
}

func (e *convReferenceEngine) step(learningRate float32, m int) {
	e.net.update(e.grad, learningRate, m)
	e.grad.clear()
}

func (e *convReferenceEngine) end() {}
