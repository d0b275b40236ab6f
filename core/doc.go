// Package core is the neural network of the digits project, in plain Go
// that a student who knows a little calculus can read top to bottom: a
// fully connected network that reads handwritten digits, trained by
// backpropagation and gradient descent on MNIST.
//
// # Reading order
//
// Start with the one-hidden-layer network written out by hand, then read
// the general network in the order it computes:
//
//  1. onehidden.go: W1, b1, W2, b2 as named fields; the forward pass
//     (OneHidden.forward) and backpropagation (OneHidden.backward) one
//     commented line at a time; the step (OneHiddenTrainer.step).
//  2. network.go, init.go: the parameters of a network with any number of
//     layers (Network: Sizes, W, B) and their initialisation (he,
//     gaussian, samson).
//  3. forward.go: the forward pass, Network.Forward — Z = W·A + b,
//     A = ReLU(Z), and softmax at the output.
//  4. backprop.go: backpropagation of one sample, Network.backprop — the
//     gradient of the cross-entropy loss, layer by layer, added to the
//     batch's sums.
//  5. update.go: the gradient-descent step, Network.update —
//     W -= learning_rate·(Σ dW)/m.
//  6. train.go: Trainer — epochs, batches, shuffling, and the engine that
//     does the arithmetic: the reference (backprop then update, above) or
//     the fast one.
//  7. evaluate.go: loss and accuracy over a dataset.
//
// The data: idx.go (MNIST's file format), dataset.go (images and labels,
// from the embedded files or a folder), model.go (the model file format;
// model_v2.go for convolutional networks).
// samson.go replicates the "neural network from scratch in numpy"
// tutorial, quirks included.
//
// # Convolutional networks
//
// After the fully connected network, LeNet-5 (LeCun et al. 1998), in
// files of its own:
//
//  1. convnet.go: a ConvNet is a list of layers; values between layers
//     are stacks of images (Shape: channels × height × width).
//  2. The layers, each with its forward pass and its backpropagation:
//     layer_conv.go (2-D convolution: Z = W ∗ A + b), layer_relu.go,
//     layer_maxpool.go (2×2 max pooling), layer_dense.go (fully
//     connected, as Network's layers), layer_softmax.go (softmax and the
//     cross-entropy loss at the end).
//  3. lenet5.go: LeNet-5 put together, and how it departs from the paper.
//  4. convnet_backprop.go: backpropagation of one sample through the
//     layers, the gradient-descent step, and the reference engine the
//     Trainer uses with WithReference.
//  5. convnet_evaluate.go: loss and accuracy over a dataset.
//
// Its fast path, convnet_pass.go (a convolution as a weighted sum of
// shifted runs of its padded input, through the vector kernels) and
// convnet_fast.go (the engine: samples, then gradient rows, on all CPUs),
// computes the same bits, as the MLP's does.
//
// # The fast path
//
// Read last: fast.go (the forward pass over the non-zero inputs only),
// fasttrain.go (the fast engine: the same sums through vector kernels on
// all CPUs; a block's forward pass, the first layer as a pipeline across
// the CPUs) and fastgradient.go (its gradients and step), parallel.go,
// team.go and progress.go (how work is split across CPUs without changing
// a single bit) and the kernels themselves in core/internal/kernel. The
// fast path computes exactly the reference's numbers: the tests compare
// them bit for bit, and TestDeterminism checks one checksum for any number
// of CPUs, natively and in WebAssembly.
//
// Preprocessing pictures into the network's 28×28 input, and the
// augmentation the default model is trained with, are in core/draw.
//
// core imports only the standard library and builds for js/wasm as well as
// natively; it takes io.Reader and fs.FS, never file paths.
package core
