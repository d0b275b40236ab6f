package core

// ReLU is the rectified linear unit applied to every value on its own,
//
//	Z = ReLU(A) = max(A, 0),
//
// the non-linearity between the layers that compute weighted sums (the
// same as relu in forward.go, as a layer of a ConvNet). Its output has the
// shape of its input.
type ReLU struct {
	Shape Shape
}

// NewReLU makes a ReLU layer for values of shape s.
func NewReLU(s Shape) (*ReLU, error) {
	if err := checkShape("relu input", s); err != nil {
		return nil, err
	}
	return &ReLU{Shape: s}, nil
}

func (l *ReLU) In() Shape                { return l.Shape }
func (l *ReLU) Out() Shape               { return l.Shape }
func (l *ReLU) Params() (w, b []float32) { return nil, nil }
func (l *ReLU) String() string           { return "relu" }

// forward sets Z = A where A ≥ 0 and 0 where A < 0 (a NaN goes through, so
// that a diverging network shows it in its loss).
func (l *ReLU) forward(a, z []float32) {
	for i, v := range a {
		if v < 0 {
			v = 0
		}
		z[i] = v
	}
}

// backward: the slope of max(A, 0) is 1 where A > 0 and 0 elsewhere, so
//
//	dA = dZ ⊙ [A > 0].
func (l *ReLU) backward(a, dz, da, dW, dB []float32) {
	if da == nil {
		return
	}
	for i, v := range a {
		if v > 0 {
			da[i] = dz[i]
		} else {
			da[i] = 0
		}
	}
}
