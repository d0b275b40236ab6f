package kernel

import (
	"fmt"
	"math"
)

// Relu applies ReLU to z in place, without a branch on the data (ReLU
// makes about half the entries zero in a random pattern, which a branch
// would mispredict half the time):
//
//	z[j] = +0 if the sign bit of z[j] is set (negative numbers and -0), else z[j] unchanged.
//
// The sign bit is cleared with the rest: -0 becomes +0, which changes
// nothing downstream (a zero activation contributes nothing either way).
func Relu(z []float32) {
	if len(z) == 0 {
		return
	}
	if useFast {
		reluFast(z)
		return
	}
	ReluGo(z)
}

// ReluGo is the portable version of Relu.
func ReluGo(z []float32) {
	for j, a := range z {
		b := math.Float32bits(a)
		z[j] = math.Float32frombits(b &^ uint32(int32(b)>>31)) // all ones if negative
	}
}

// MaskPositive multiplies an error by ReLU's derivative, dZ = dA ⊙ [A > 0]
// for the output A ≥ 0 of ReLU, without a branch:
//
//	da[j] = +0 where a[j] is ±0, da[j] unchanged elsewhere.
//
// The caller guarantees len(a) ≥ len(da); MaskPositive panics if not.
func MaskPositive(da, a []float32) {
	if len(a) < len(da) {
		panic(fmt.Sprintf("kernel.MaskPositive: %d errors but %d activations", len(da), len(a)))
	}
	if len(da) == 0 {
		return
	}
	if useFast {
		maskPositiveFast(da, a)
		return
	}
	MaskPositiveGo(da, a)
}

// MaskPositiveGo is the portable version of MaskPositive.
func MaskPositiveGo(da, a []float32) {
	a = a[:len(da)]
	for j, v := range a {
		b := math.Float32bits(v) << 1     // ±0 → 0
		keep := uint32(int32(b|-b) >> 31) // all ones unless ±0
		da[j] = math.Float32frombits(math.Float32bits(da[j]) & keep)
	}
}
