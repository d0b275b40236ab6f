package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// maxPool2Plain is MaxPool2's definition, one window at a time.
func maxPool2Plain(z []float32, arg []int32, a []float32, planes, h, w int, relu bool) {
	k := 0
	for c := range planes {
		for y := range h / 2 {
			for x := range w / 2 {
				i := (c*h+2*y)*w + 2*x
				top, bottom := i, i+w
				if a[i+1] > a[i] {
					top = i + 1
				}
				if a[i+w+1] > a[i+w] {
					bottom = i + w + 1
				}
				best := top
				if a[bottom] > a[top] {
					best = bottom
				}
				z[k], arg[k] = a[best], int32(best)
				if relu {
					if a[best] < 0 {
						z[k] = 0
					}
					if !(a[best] > 0) {
						arg[k] = -1
					}
				}
				k++
			}
		}
	}
}

// poolFloats returns n floats with many ties, zeros of both signs and,
// with nan, NaNs: the cases where which value wins is a matter of rules.
func poolFloats(rng *rand.Rand, n int, nan bool) []float32 {
	v := make([]float32, n)
	for j := range v {
		switch r := rng.IntN(10); {
		case r == 0:
			v[j] = 0
		case r == 1:
			v[j] = float32(math.Copysign(0, -1))
		case r < 4:
			v[j] = float32(rng.IntN(3) - 1) // ties
		case r == 4 && nan:
			v[j] = float32(math.NaN())
		default:
			v[j] = float32(rng.NormFloat64())
		}
	}
	return v
}

func checkMaxPool2(t *testing.T, rng *rand.Rand, planes, h, w int, relu, nan bool) {
	t.Helper()
	a := shifted(poolFloats(rng, planes*h*w, nan), rng.IntN(4))
	n := planes * (h / 2) * (w / 2)
	z, want := make([]float32, n), make([]float32, n)
	arg, wantArg := make([]int32, n), make([]int32, n)
	MaxPool2(z, arg, a, planes, h, w, relu)
	maxPool2Plain(want, wantArg, a, planes, h, w, relu)
	for k := range n {
		if arg[k] != wantArg[k] {
			t.Fatalf("MaxPool2 %d×%d×%d relu=%v: arg[%d] = %d, want %d", planes, h, w, relu, k, arg[k], wantArg[k])
		}
	}
	sameBits(t, "MaxPool2", z, want)
}

// TestMaxPool2 checks MaxPool2 against its definition on planes of every
// size around the vector width (four windows), odd ones too, with ties,
// zeros of both signs and NaNs.
func TestMaxPool2(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(17, 18))
		for planes := range 4 {
			for h := range 8 {
				for w := range 22 {
					for _, relu := range []bool{false, true} {
						checkMaxPool2(t, rng, planes, h, w, relu, rng.IntN(2) == 0)
					}
				}
			}
		}
	})
}
