package core

// This file is the heart of learning: the forward pass of a chunk of
// samples that remembers every layer's activations, and backpropagation,
// which walks the layers backwards and adds each sample's gradient of the
// loss to the lane's sums.

// forwardChunk loads the samples idx of d into ln.x and computes every
// layer's activations A[1..L] into ln.act. It also adds the samples'
// cross-entropy loss and correct guesses to the lane's sums.
func (ln *lane) forwardChunk(n *Network, d *Dataset, idx []int32) {
	in := n.Inputs()
	for i, s := range idx {
		d.Pixels(int(s), ln.x[i*in:(i+1)*in])
	}
	prev := ln.x
	last := n.Layers() - 1
	for l := range n.W {
		rows, cols := n.Sizes[l+1], n.Sizes[l]
		for i, s := range idx {
			a := prev[i*cols : (i+1)*cols]
			z := ln.act[l][i*rows : (i+1)*rows]
			n.affine(l, a, z) // Z = W·A + b
			if l < last {
				relu(z) // A = ReLU(Z)
				continue
			}
			// Output layer. Cross-entropy of one sample with label y:
			// loss = -ln softmax(z)_y = ln Σ_k e^(z_k) - z_y.
			y := int(d.Labels[s])
			zy := float64(z[y])
			ln.loss += softmax(z) - zy
			if argmax(z) == y {
				ln.correct++
			}
		}
		prev = ln.act[l]
	}
}

// backwardChunk adds the gradient of the loss over the chunk's samples to
// ln.gW and ln.gB, after forwardChunk. Sums, not means: the caller
// divides by the batch size m once, at the update.
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
func (ln *lane) backwardChunk(n *Network, d *Dataset, idx []int32) {
	L := n.Layers()
	k := n.Outputs()
	// dZ[L] = A[L] - onehot(y)
	dz := ln.delta[L-1]
	copy(dz[:len(idx)*k], ln.act[L-1][:len(idx)*k])
	for i, s := range idx {
		dz[i*k+int(d.Labels[s])] -= 1
	}
	for l := L - 1; l >= 0; l-- {
		rows, cols := n.Sizes[l+1], n.Sizes[l]
		prev := ln.x
		if l > 0 {
			prev = ln.act[l-1]
		}
		gW, gB := ln.gW[l], ln.gB[l]
		for i := range idx {
			dzi := ln.delta[l][i*rows : (i+1)*rows]
			ai := prev[i*cols : (i+1)*cols]
			for j, g := range dzi {
				if g == 0 {
					continue // a dead ReLU passes no gradient: nothing to add
				}
				gB[j] += g
				axpy(g, ai, gW[j*cols:(j+1)*cols]) // dW[j][:] += dZ[j]·A[:]
			}
		}
		if l == 0 {
			break // nobody needs the gradient with respect to the pixels
		}
		// dZ[l-1] = (W[l]ᵀ·dZ[l]) ⊙ [A[l-1] > 0]
		w := n.W[l]
		for i := range idx {
			dzi := ln.delta[l][i*rows : (i+1)*rows]
			da := ln.delta[l-1][i*cols : (i+1)*cols]
			clear(da)
			for j, g := range dzi {
				if g != 0 {
					axpy(g, w[j*cols:(j+1)*cols], da) // dA[:] += dZ[j]·W[j][:]
				}
			}
			for c, a := range prev[i*cols : (i+1)*cols] {
				if a <= 0 {
					da[c] = 0
				}
			}
		}
	}
}

// axpy computes y += alpha·x, the one loop backpropagation is made of.
func axpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float32(alpha * v)
	}
}
