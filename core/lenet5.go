package core

// LeNet-5 (LeCun, Bottou, Bengio and Haffner 1998, "Gradient-based
// learning applied to document recognition") as it is commonly
// modernised, on MNIST's 28×28 images:
//
//	input     1×28×28
//	conv      6 filters 5×5, padding 2    →  6×28×28   (the paper's C1, on 32×32 input)
//	relu
//	maxpool   2×2                         →  6×14×14   (S2)
//	conv      16 filters 5×5              → 16×10×10   (C3)
//	relu
//	maxpool   2×2                         → 16×5×5     (S4)
//	fc        120                         → 120        (C5)
//	relu
//	fc        84                          → 84         (F6)
//	relu
//	fc        10, softmax                 → 10         (the output)
//
// 61,706 parameters. Where it departs from the paper: ReLU instead of the
// scaled tanh, max pooling instead of the trainable subsampling (the
// average of each window times a weight plus a bias, then the
// non-linearity), every C3 filter sees all six S2 maps instead of the
// paper's table of ten-or-so connections each, and softmax with the
// cross-entropy loss instead of the radial basis function output units.

// NewLeNet5 builds LeNet-5 for 28×28 images and initialises it with the
// given method and seed (InitHe is the one to use: He et al. 2015, for
// ReLU).
func NewLeNet5(kind Init, seed uint64) (*ConvNet, error) {
	n, err := newLeNet5()
	if err != nil {
		return nil, err
	}
	if err := n.Initialize(kind, NewRand(seed)); err != nil {
		return nil, err
	}
	return n, nil
}

// newLeNet5 builds LeNet-5 with all weights and biases zero.
func newLeNet5() (*ConvNet, error) {
	b := &convBuilder{shape: Shape{1, 28, 28}}
	b.conv(6, 5, 2)
	b.relu()
	b.maxPool(2)
	b.conv(16, 5, 0)
	b.relu()
	b.maxPool(2)
	b.dense(120)
	b.relu()
	b.dense(84)
	b.relu()
	b.dense(10)
	return b.build()
}

// convBuilder appends layers one after the other, each taking the shape
// the previous one gives, and keeps the first error.
type convBuilder struct {
	shape  Shape
	layers []Layer
	err    error
}

func (b *convBuilder) add(l Layer, err error) {
	if b.err != nil {
		return
	}
	if err != nil {
		b.err = err
		return
	}
	b.layers = append(b.layers, l)
	b.shape = l.Out()
}

func (b *convBuilder) conv(filters, size, pad int) {
	l, err := NewConv(b.shape, filters, size, pad)
	b.add(l, err)
}

func (b *convBuilder) maxPool(size int) {
	l, err := NewMaxPool(b.shape, size)
	b.add(l, err)
}

func (b *convBuilder) dense(outputs int) {
	l, err := NewDense(b.shape, outputs)
	b.add(l, err)
}

func (b *convBuilder) relu() {
	l, err := NewReLU(b.shape)
	b.add(l, err)
}

func (b *convBuilder) build() (*ConvNet, error) {
	if b.err != nil {
		return nil, b.err
	}
	return NewConvNet(b.layers...)
}
