package core

// The output of a ConvNet: softmax turns the last layer's scores Z into
// probabilities A, and the loss of a sample with label y is the
// cross-entropy -ln A[y], exactly as for Network (forward.go, backprop.go).

// softmaxLoss turns the scores z into probabilities in place and returns
// the sample's cross-entropy loss for label y,
//
//	loss = -ln softmax(z)_y = ln Σ_k e^(z_k) - z_y,
//
// computed without taking the log of a probability that may have rounded
// to zero.
func softmaxLoss(z []float32, y int) (loss float64) {
	zy := float64(z[y])
	return softmax(z) - zy
}

// softmaxLossBackward writes the gradient of the loss with respect to the
// scores into dz, given the probabilities a = softmax(z):
//
//	dZ = A - onehot(y)
//
// (the derivation is in the README: the softmax's and the logarithm's
// derivatives cancel to this).
func softmaxLossBackward(a []float32, y int, dz []float32) {
	copy(dz, a)
	dz[y] -= 1
}
