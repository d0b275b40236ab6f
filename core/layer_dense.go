package core

import "fmt"

// Dense is a fully connected layer: every one of its Outputs neurons
// weighs every input, the C·H·W values of the previous layer read as one
// vector in storage order,
//
//	Z[j] = b[j] + Σ_k W[j][k]·A[k],
//
// the layer of Network (forward.go), as a layer of a ConvNet. Its output
// is Outputs × 1 × 1.
//
// Make one with NewDense: the shape fields must not change afterwards.
type Dense struct {
	InShape Shape
	Outputs int
	W       []float32 // W[j·In().Size() + k]: Outputs rows of one weight per input
	B       []float32 // B[j]
}

// NewDense makes a fully connected layer of outputs neurons over inputs
// of shape in, with zero weights and biases.
func NewDense(in Shape, outputs int) (*Dense, error) {
	if _, err := denseOut(in, outputs); err != nil {
		return nil, err
	}
	return &Dense{InShape: in, Outputs: outputs, W: make([]float32, outputs*in.Size()), B: make([]float32, outputs)}, nil
}

// denseOut checks a fully connected layer's numbers and returns its
// output shape.
func denseOut(in Shape, outputs int) (Shape, error) {
	switch {
	case in.C < 1 || in.H < 1 || in.W < 1 || in.C > MaxLayerSize || in.H > MaxLayerSize || in.W > MaxLayerSize || in.Size() > MaxLayerSize:
		return Shape{}, fmt.Errorf("fully connected layer over input %s: want 1 to %d inputs", in, MaxLayerSize)
	case outputs < 1 || outputs > MaxLayerSize:
		return Shape{}, fmt.Errorf("fully connected layer of %d neurons: want 1 to %d", outputs, MaxLayerSize)
	}
	return Shape{outputs, 1, 1}, nil
}

func (l *Dense) In() Shape                { return l.InShape }
func (l *Dense) Out() Shape               { return Shape{l.Outputs, 1, 1} }
func (l *Dense) Params() (w, b []float32) { return l.W, l.B }
func (l *Dense) String() string           { return fmt.Sprintf("fc %d", l.Outputs) }

// forward computes Z = W·A + b, adding the products in the order of k
// after the bias, as Network.affine does.
func (l *Dense) forward(a, z []float32) {
	in := len(a)
	for j := range l.Outputs {
		row := l.W[j*in : (j+1)*in]
		sum := l.B[j]
		for k, v := range a {
			sum += float32(row[k] * v) // no FMA: see affine
		}
		z[j] = sum
	}
}

// backward is backpropagation through Z = W·A + b, as in backprop.go:
//
//	db[j]   += dZ[j]
//	dW[j][k] += dZ[j]·A[k]
//	dA[k]    = Σ_j W[j][k]·dZ[j]   (each input collects the errors it caused)
//
// dA's sums get their terms in the order of j.
func (l *Dense) backward(a, dz, da, dW, dB []float32) {
	in := len(a)
	if da != nil {
		clear(da)
	}
	for j, d := range dz[:l.Outputs] {
		if d == 0 {
			continue // a dead ReLU passes no gradient: nothing to add
		}
		dB[j] += d
		axpy(d, a, dW[j*in:(j+1)*in]) // dW[j][:] += dZ[j]·A[:]
		if da != nil {
			axpy(d, l.W[j*in:(j+1)*in], da) // dA[:] += dZ[j]·W[j][:]
		}
	}
}
