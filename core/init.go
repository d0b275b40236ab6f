package core

import (
	"digits/core/internal/mathx"

	"fmt"
	"math"
	"math/rand/v2"
)

// Init names a way to choose the starting weights.
type Init string

const (
	// InitHe draws W from N(0, 1)·sqrt(2/fan_in) and sets b = 0 (He et al.
	// 2015): it keeps the variance of ReLU activations the same from layer
	// to layer, so deep networks start neither exploding nor vanishing.
	InitHe Init = "he"
	// InitGaussian draws W from N(0, 1) and sets b = 0, as the numpy
	// scripts' "gaussian" option does. Large for 784 inputs: the first
	// steps are rough, and it needs a smaller learning rate.
	InitGaussian Init = "gaussian"
	// InitSamson draws W and b uniformly from [-0.5, 0.5), as the tutorial
	// "neural network from scratch in numpy" (Samson Zhang) does with
	// np.random.rand(...) - 0.5.
	InitSamson Init = "samson"
)

// Inits lists the accepted initialisations, for flags and menus.
var Inits = []Init{InitHe, InitGaussian, InitSamson}

// ParseInit checks an initialisation name.
func ParseInit(s string) (Init, error) {
	for _, i := range Inits {
		if string(i) == s {
			return i, nil
		}
	}
	return "", fmt.Errorf("unknown initialisation %q (want he, gaussian or samson)", s)
}

// NewRand returns the random source used everywhere in the project: PCG
// with an explicit seed gives the same stream on every platform, unlike
// the globally seeded functions of math/rand/v2.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x5eed_d161_75))
}

// Initialize sets every weight and bias of n, layer by layer, with values
// drawn from rng.
func (n *Network) Initialize(kind Init, rng *rand.Rand) error {
	if _, err := ParseInit(string(kind)); err != nil {
		return err
	}
	for l := range n.W {
		fanIn := n.Sizes[l]
		switch kind {
		case InitHe:
			scale := math.Sqrt(2 / float64(fanIn))
			for i := range n.W[l] {
				n.W[l][i] = float32(normal(rng) * scale)
			}
			clear(n.B[l])
		case InitGaussian:
			for i := range n.W[l] {
				n.W[l][i] = float32(normal(rng))
			}
			clear(n.B[l])
		case InitSamson:
			for i := range n.W[l] {
				n.W[l][i] = float32(rng.Float64() - 0.5)
			}
			for i := range n.B[l] {
				n.B[l][i] = float32(rng.Float64() - 0.5)
			}
		}
	}
	return nil
}

// NewInitialized allocates a network and initialises it: the usual way to
// start training.
func NewInitialized(sizes []int, kind Init, seed uint64) (*Network, error) {
	n, err := NewNetwork(sizes)
	if err != nil {
		return nil, err
	}
	if err := n.Initialize(kind, NewRand(seed)); err != nil {
		return nil, err
	}
	return n, nil
}

// normal draws from the standard normal distribution N(0, 1) with the
// Box–Muller transform: for U1, U2 uniform in (0, 1],
// sqrt(-2 ln U1)·cos(2π U2) is normally distributed. (rand.NormFloat64
// would do, but it calls math.Exp and math.Log, whose last bit differs
// between amd64 and WebAssembly; see mathx.go.)
func normal(rng *rand.Rand) float64 {
	u1 := 1 - rng.Float64() // in (0, 1]: log(0) would be -Inf
	u2 := rng.Float64()
	return math.Sqrt(-2*mathx.Log(u1)) * math.Cos(2*math.Pi*u2)
}
