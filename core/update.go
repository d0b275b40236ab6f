package core

// update takes one step of gradient descent down the batch's gradient
// sums g over m samples, the mean gradient times the learning rate:
//
//	W[l] -= (learning_rate/m)·Σ dW[l]
//	b[l] -= (learning_rate/m)·Σ db[l]
func (n *Network) update(g *gradient, learningRate float32, m int) {
	scale := learningRate / float32(m)
	for l := range n.W {
		axpy(-scale, g.W[l], n.W[l])
		axpy(-scale, g.B[l], n.B[l])
	}
}
