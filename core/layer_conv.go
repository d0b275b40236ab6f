package core

import "fmt"

// Conv is a 2-D convolution layer: Filters filters of Size×Size weights
// over all C input channels, sliding one pixel at a time (stride 1) over
// the input with Pad rows and columns of zeros added around it. For one
// sample with input A (C×H×W), output channel o at position (y, x) is
//
//	Z[o][y][x] = b[o] + Σ_c Σ_ky Σ_kx W[o][c][ky][kx] · A[c][y+ky-Pad][x+kx-Pad]
//
// with A = 0 outside the input, and the output is Filters × H' × W' with
// H' = H + 2·Pad - Size + 1 (W' likewise). Every output neuron of channel
// o uses the same Size·Size·C weights and one bias: a filter that looks
// for the same pattern everywhere in the picture.
//
// Make one with NewConv: the shape fields must not change afterwards.
type Conv struct {
	InShape            Shape
	Filters, Size, Pad int
	W                  []float32 // W[((o·C + c)·Size + ky)·Size + kx]: Filters rows of C·Size·Size weights
	B                  []float32 // B[o]: one bias per filter
}

// MaxConvSize bounds a convolution's kernel and its number of filters.
const (
	MaxConvSize    = 15
	MaxConvFilters = 1024
)

// NewConv makes a convolution layer over inputs of shape in with zero
// weights and biases.
func NewConv(in Shape, filters, size, pad int) (*Conv, error) {
	if _, err := convOut(in, filters, size, pad); err != nil {
		return nil, err
	}
	l := &Conv{InShape: in, Filters: filters, Size: size, Pad: pad}
	l.W = make([]float32, filters*l.rowLen())
	l.B = make([]float32, filters)
	return l, nil
}

// convOut checks a convolution's numbers and returns its output shape.
func convOut(in Shape, filters, size, pad int) (Shape, error) {
	if err := checkShape("convolution input", in); err != nil {
		return Shape{}, err
	}
	switch {
	case filters < 1 || filters > MaxConvFilters:
		return Shape{}, fmt.Errorf("convolution with %d filters: want 1 to %d", filters, MaxConvFilters)
	case size < 1 || size > MaxConvSize:
		return Shape{}, fmt.Errorf("convolution kernel %d×%d: want 1 to %d", size, size, MaxConvSize)
	case pad < 0 || pad >= size:
		return Shape{}, fmt.Errorf("convolution padding %d with a %d×%d kernel: want 0 to %d", pad, size, size, size-1)
	case in.H+2*pad < size || in.W+2*pad < size:
		return Shape{}, fmt.Errorf("convolution kernel %d×%d does not fit input %s with padding %d", size, size, in, pad)
	}
	out := Shape{filters, in.H + 2*pad - size + 1, in.W + 2*pad - size + 1}
	if err := checkShape("convolution output", out); err != nil {
		return Shape{}, err
	}
	return out, nil
}

func (l *Conv) In() Shape { return l.InShape }

func (l *Conv) Out() Shape {
	return Shape{l.Filters, l.InShape.H + 2*l.Pad - l.Size + 1, l.InShape.W + 2*l.Pad - l.Size + 1}
}

func (l *Conv) Params() (w, b []float32) { return l.W, l.B }

// rowLen is the number of weights of one filter, C·Size·Size.
func (l *Conv) rowLen() int { return l.InShape.C * l.Size * l.Size }

func (l *Conv) String() string {
	s := fmt.Sprintf("conv %d@%d×%d", l.Filters, l.Size, l.Size)
	if l.Pad > 0 {
		s += fmt.Sprintf(" pad %d", l.Pad)
	}
	return s
}

// forward computes Z = W ∗ A + b as written above, adding the products in
// the order of c, ky, kx after the bias (the terms that fall on the
// padding are zero and left out).
func (l *Conv) forward(a, z []float32) {
	C, H, W, K, P := l.InShape.C, l.InShape.H, l.InShape.W, l.Size, l.Pad
	out, R := l.Out(), l.rowLen()
	for o := range l.Filters {
		w := l.W[o*R : (o+1)*R]
		for y := range out.H {
			for x := range out.W {
				sum := l.B[o]
				for c := range C {
					for ky := range K {
						iy := y + ky - P
						if iy < 0 || iy >= H {
							continue
						}
						for kx := range K {
							ix := x + kx - P
							if ix < 0 || ix >= W {
								continue
							}
							sum += float32(w[(c*K+ky)*K+kx] * a[(c*H+iy)*W+ix]) // no FMA: see affine
						}
					}
				}
				z[(o*out.H+y)*out.W+x] = sum
			}
		}
	}
}

// backward: output Z[o][y][x] was b[o] plus one product per weight of
// filter o, W[o][c][ky][kx]·A[c][y+ky-Pad][x+kx-Pad], so its error
// dZ[o][y][x] flows back to the bias, to each weight (times the input it
// multiplied) and to each input (times the weight):
//
//	db[o]            += dZ[o][y][x]
//	dW[o][c][ky][kx] += dZ[o][y][x] · A[c][y+ky-Pad][x+kx-Pad]
//	dA[c][y+ky-Pad][x+kx-Pad] += Σ_o W[o][c][ky][kx] · dZ[o][y][x]
//
// summed over all positions (y, x): dW is the correlation of dZ with the
// input, and each input pixel collects the errors of every output that
// read it. dA is computed position by position: first the error of the
// patch that position read, E[c][ky][kx] = Σ_o W[o][c][ky][kx]·dZ[o][y][x],
// then each pixel of the patch gets its share. Every sum gets its terms in
// the order of o, y, x (for dA: y, x, then o inside E).
func (l *Conv) backward(a, dz, da, dW, dB []float32) {
	C, H, W, K, P := l.InShape.C, l.InShape.H, l.InShape.W, l.Size, l.Pad
	out, R := l.Out(), l.rowLen()
	for o := range l.Filters {
		dw := dW[o*R : (o+1)*R]
		for y := range out.H {
			for x := range out.W {
				d := dz[(o*out.H+y)*out.W+x]
				if d == 0 {
					continue // a dead ReLU or a pooled-away position: nothing to add
				}
				dB[o] += d
				for c := range C {
					for ky := range K {
						iy := y + ky - P
						if iy < 0 || iy >= H {
							continue
						}
						for kx := range K {
							ix := x + kx - P
							if ix < 0 || ix >= W {
								continue
							}
							dw[(c*K+ky)*K+kx] += float32(d * a[(c*H+iy)*W+ix])
						}
					}
				}
			}
		}
	}
	if da == nil {
		return
	}
	clear(da)
	e := make([]float32, R) // E, the error of one patch
	for y := range out.H {
		for x := range out.W {
			clear(e)
			hit := false
			for o := range l.Filters {
				d := dz[(o*out.H+y)*out.W+x]
				if d == 0 {
					continue
				}
				axpy(d, l.W[o*R:(o+1)*R], e) // E += dZ[o][y][x]·W[o]
				hit = true
			}
			if !hit {
				continue // no error at this position: nothing to pass on
			}
			for c := range C {
				for ky := range K {
					iy := y + ky - P
					if iy < 0 || iy >= H {
						continue
					}
					for kx := range K {
						ix := x + kx - P
						if ix < 0 || ix >= W {
							continue
						}
						da[(c*H+iy)*W+ix] += e[(c*K+ky)*K+kx]
					}
				}
			}
		}
	}
}
