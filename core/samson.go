package core

import "fmt"

// This file replicates the tutorial the project grew from, Samson Zhang's
// "Simple MNIST NN from scratch (numpy, no TF/Keras)", step for step:
//
//	W1 = np.random.rand(10, 784) - 0.5    # weights and biases uniform in [-0.5, 0.5)
//	b1 = np.random.rand(10, 1) - 0.5      # b as a column
//	W2 = np.random.rand(10, 10) - 0.5
//	b2 = np.random.rand(10, 1) - 0.5
//	for i in range(500):                  # 500 full-batch iterations
//	    Z1 = W1.dot(X) + b1; A1 = ReLU(Z1)
//	    Z2 = W2.dot(A1) + b2; A2 = softmax(Z2)
//	    dZ2 = A2 - one_hot(Y)
//	    dW2 = 1 / m * dZ2.dot(A1.T);  db2 = 1 / m * np.sum(dZ2)
//	    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)
//	    dW1 = 1 / m * dZ1.dot(X.T);   db1 = 1 / m * np.sum(dZ1)
//	    W1 -= alpha * dW1; b1 -= alpha * db1; ...   # alpha = 0.1
//
// It is the OneHidden network (onehidden.go) of sizes 784-10-10 with the
// "samson" initialisation (init.go draws W1, b1, W2, b2 in that order, as
// the tutorial does), trained full batch at learning rate 0.1, with two
// differences from the tutorial, both written down here:
//
//   - The quirk, kept: np.sum(dZ) without an axis adds up dZ over all
//     neurons AND all samples, so db is one number, and broadcasting
//     subtracts the same number from every bias of the layer. The right
//     gradient is a vector, one mean per neuron (np.sum(dZ, axis=1,
//     keepdims=True) / m), which is what the rest of core uses. With the
//     quirk the biases of a layer all move together; the network still
//     learns (the weights do most of the work), a little worse.
//
//   - The softmax: the tutorial's np.exp(Z) / sum(np.exp(Z)) overflows when
//     a score passes ln(max float): about 709 in numpy's float64, 88 in
//     float32. In the tutorial's float64 run the scores of this small
//     network stay far below 709, so it never overflows there and gives
//     the same probabilities as a stable softmax; here everything is
//     float32, where 88 is within reach of a diverging run. So we use the
//     stable softmax of forward.go, which subtracts the largest score
//     first: the same values where the tutorial's works, and no inf/NaN
//     where it would not.
//
// Two smaller differences that do not change the method: numbers are
// float32 (numpy uses float64), and the random stream is PCG, not numpy's
// Mersenne Twister, so the starting weights, and the final accuracy, differ
// from any numpy run's (numpy's replica reached 83.4% test accuracy; expect
// 80–88% depending on the seed).

// The tutorial's settings.
const (
	SamsonHidden       = 10
	SamsonLearningRate = 0.1
	SamsonIterations   = 500
)

// NewSamsonTrainer sets up the tutorial: a 784-10-10 network (inputs from
// the images' size) initialised "samson" from seed, trained full batch at
// learning rate 0.1 with the scalar bias gradient. Each RunEpoch is one of
// the tutorial's iterations; run SamsonIterations of them.
func NewSamsonTrainer(train *Dataset, seed uint64) (*OneHiddenTrainer, error) {
	net, err := NewInitialized([]int{train.Size(), SamsonHidden, 10}, InitSamson, seed)
	if err != nil {
		return nil, err
	}
	h, err := NewOneHidden(net)
	if err != nil {
		return nil, err
	}
	t, err := NewOneHiddenTrainer(h, train, SamsonLearningRate, 0, seed)
	if err != nil {
		return nil, err
	}
	t.scalarBias = true
	return t, nil
}

// Samson runs the whole tutorial: iterations full-batch steps (the tutorial
// does SamsonIterations) and the accuracy on the training and test images
// afterwards. progress, if not nil, is called after every iteration.
func Samson(train, test *Dataset, iterations int, seed uint64, progress func(EpochStats)) (trainAcc, testAcc float64, net *OneHidden, err error) {
	if iterations < 1 {
		return 0, 0, nil, fmt.Errorf("iterations %d: want 1 or more (the tutorial does %d)", iterations, SamsonIterations)
	}
	t, err := NewSamsonTrainer(train, seed)
	if err != nil {
		return 0, 0, nil, err
	}
	for range iterations {
		st, err := t.RunEpoch()
		if err != nil {
			return 0, 0, nil, err
		}
		if progress != nil {
			progress(st)
		}
	}
	if _, trainAcc, err = t.Net.Evaluate(train); err != nil {
		return 0, 0, nil, err
	}
	if _, testAcc, err = t.Net.Evaluate(test); err != nil {
		return 0, 0, nil, fmt.Errorf("test set: %w", err)
	}
	return trainAcc, testAcc, t.Net, nil
}

// samsonBiasStep is the tutorial's bias update: db = np.sum(dZ)/m, ONE
// number, the sum of the per-neuron sums dbSum over all neurons (and, in
// them, all samples) divided by m, subtracted from every bias:
// b[j] -= learning_rate·db for all j. scale is learning_rate/m.
func samsonBiasStep(b, dbSum []float32, scale float32) {
	var total float32 // np.sum(dZ): every neuron, every sample
	for _, g := range dbSum {
		total += g
	}
	for j := range b {
		b[j] -= float32(scale * total) // the same step for every bias
	}
}
