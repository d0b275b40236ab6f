package core

import "fmt"

// MaxPool keeps the largest value of each Size×Size window of each
// channel, the windows side by side (stride Size):
//
//	Z[c][y][x] = max over 0 ≤ dy, dx < Size of A[c][Size·y+dy][Size·x+dx]
//
// The output is C × ⌊H/Size⌋ × ⌊W/Size⌋ (a last row or column that does
// not fill a window is left out). It has no parameters: it halves the
// resolution (Size 2), keeping whether a filter found its pattern
// somewhere in each window rather than exactly where.
//
// Make one with NewMaxPool: the fields must not change afterwards.
type MaxPool struct {
	InShape Shape
	Size    int
}

// MaxPoolSize bounds the window of a max pooling layer.
const MaxPoolSize = 8

// NewMaxPool makes a max pooling layer of size×size windows over inputs
// of shape in.
func NewMaxPool(in Shape, size int) (*MaxPool, error) {
	if _, err := poolOut(in, size); err != nil {
		return nil, err
	}
	return &MaxPool{InShape: in, Size: size}, nil
}

// poolOut checks a max pooling layer's numbers and returns its output
// shape.
func poolOut(in Shape, size int) (Shape, error) {
	if err := checkShape("max pooling input", in); err != nil {
		return Shape{}, err
	}
	switch {
	case size < 1 || size > MaxPoolSize:
		return Shape{}, fmt.Errorf("max pooling window %d×%d: want 1 to %d", size, size, MaxPoolSize)
	case in.H < size || in.W < size:
		return Shape{}, fmt.Errorf("max pooling %d×%d over input %s: the input must hold at least one window", size, size, in)
	}
	return Shape{in.C, in.H / size, in.W / size}, nil
}

func (l *MaxPool) In() Shape                { return l.InShape }
func (l *MaxPool) Out() Shape               { return Shape{l.InShape.C, l.InShape.H / l.Size, l.InShape.W / l.Size} }
func (l *MaxPool) Params() (w, b []float32) { return nil, nil }
func (l *MaxPool) String() string           { return fmt.Sprintf("maxpool %d", l.Size) }

// forward computes Z as written above.
func (l *MaxPool) forward(a, z []float32) {
	out := l.Out()
	for c := range out.C {
		for y := range out.H {
			for x := range out.W {
				z[(c*out.H+y)*out.W+x] = a[l.argmax(a, c, y, x)]
			}
		}
	}
}

// argmax returns the index in a of the largest value of window (y, x) of
// channel c: the first in row order if several are equal.
func (l *MaxPool) argmax(a []float32, c, y, x int) int {
	H, W, S := l.InShape.H, l.InShape.W, l.Size
	best := (c*H+S*y)*W + S*x
	for dy := range S {
		row := (c*H+S*y+dy)*W + S*x
		for i := row; i < row+S; i++ {
			if a[i] > a[best] {
				best = i
			}
		}
	}
	return best
}

// backward: Z[c][y][x] is one of the window's inputs, passed through, so
// its error goes back to that input alone, and the others get none:
//
//	dA[c][Size·y+dy][Size·x+dx] = dZ[c][y][x]   for the (dy, dx) of the maximum
//	                            = 0             for the rest of the window
func (l *MaxPool) backward(a, dz, da, dW, dB []float32) {
	if da == nil {
		return
	}
	clear(da)
	out := l.Out()
	for c := range out.C {
		for y := range out.H {
			for x := range out.W {
				da[l.argmax(a, c, y, x)] = dz[(c*out.H+y)*out.W+x]
			}
		}
	}
}
