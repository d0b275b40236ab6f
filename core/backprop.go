package core

// Backpropagation of one sample: the forward pass again, remembering every
// layer's activations, then a walk back through the layers that adds the
// sample's gradient of the loss to the batch's sums. The trainer
// (train.go) calls it for every sample of a batch, then takes one step
// (update.go).

// gradient holds the sums Σ dW and Σ db over the samples of a batch, laid
// out like the network's W and B.
type gradient struct {
	W, B [][]float32
}

func newGradient(n *Network) *gradient {
	g := &gradient{}
	for l := range n.W {
		g.W = append(g.W, make([]float32, len(n.W[l])))
		g.B = append(g.B, make([]float32, len(n.B[l])))
	}
	return g
}

// clear zeroes the sums for the next batch.
func (g *gradient) clear() {
	for l := range g.W {
		clear(g.W[l])
		clear(g.B[l])
	}
}

// activations is one sample's way through the network: a[l] is A[l] (a[0]
// the input) and dz[l] is dZ[l+1].
type activations struct {
	a, dz [][]float32
}

func newActivations(n *Network) *activations {
	s := &activations{a: [][]float32{make([]float32, n.Inputs())}}
	for l := range n.W {
		s.a = append(s.a, make([]float32, n.Sizes[l+1]))
		s.dz = append(s.dz, make([]float32, n.Sizes[l+1]))
	}
	return s
}

// backprop runs the input x (already in s.a[0]) with label y forward and
// backward, adds its gradient to g, and returns its cross-entropy loss and
// whether the network guessed it right.
//
// For one sample with one-hot label y, softmax output A[L] and
// cross-entropy loss, the gradient at the output's pre-activation is
// simply (derivation in the README)
//
//	dZ[L] = A[L] - y
//
// and going down the layers, for l = L, L-1, ..., 1:
//
//	dW[l]   = dZ[l]·A[l-1]ᵀ             (an outer product: dW[j][k] = dZ[j]·A[k])
//	db[l]   = dZ[l]
//	dA[l-1] = W[l]ᵀ·dZ[l]               (each input collects the errors it caused)
//	dZ[l-1] = dA[l-1] ⊙ ReLU'(Z[l-1])   (ReLU' is 1 where Z > 0, else 0; Z > 0 ⟺ A > 0)
//
// The numpy scripts compute the same with one column per sample:
// dW = dZ·Aᵀ/m sums the outer products over the batch.
func (n *Network) backprop(s *activations, y int, g *gradient) (loss float64, correct bool) {
	L := n.Layers()
	for l := range n.W {
		z := s.a[l+1]
		n.affine(l, s.a[l], z) // Z = W·A + b
		if l < L-1 {
			relu(z) // A = ReLU(Z)
		}
	}
	// The output layer. Cross-entropy of the sample with label y:
	// loss = -ln softmax(z)_y = ln Σ_k e^(z_k) - z_y.
	z := s.a[L]
	zy := float64(z[y])
	loss = softmax(z) - zy
	correct = argmax(z) == y

	dz := s.dz[L-1]
	copy(dz, z)
	dz[y] -= 1 // dZ[L] = A[L] - onehot(y)
	for l := L - 1; l >= 0; l-- {
		cols := n.Sizes[l]
		a, dz := s.a[l], s.dz[l]
		for j, d := range dz {
			if d == 0 {
				continue // a dead ReLU passes no gradient: nothing to add
			}
			g.B[l][j] += d                        // db[j] += dZ[j]
			axpy(d, a, g.W[l][j*cols:(j+1)*cols]) // dW[j][:] += dZ[j]·A[:]
		}
		if l == 0 {
			break // nobody needs the gradient with respect to the pixels
		}
		// dZ[l-1] = (W[l]ᵀ·dZ[l]) ⊙ [A[l-1] > 0]
		da := s.dz[l-1]
		clear(da)
		for j, d := range dz {
			if d != 0 {
				axpy(d, n.W[l][j*cols:(j+1)*cols], da) // dA[:] += dZ[j]·W[j][:]
			}
		}
		for k, v := range a {
			if v <= 0 {
				da[k] = 0
			}
		}
	}
	return loss, correct
}

// axpy computes y += alpha·x, the one loop backpropagation and the update
// are made of.
func axpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float32(alpha * v)
	}
}
