package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// checkActivations runs Relu and MaskPositive on n values, starting at a
// random float (any alignment), against their definitions, with
// sentinels after the end that must stay.
func checkActivations(t *testing.T, rng *rand.Rand, n int) {
	t.Helper()
	const sentinel = -7
	room := make([]float32, n+8)
	z := shifted(randomFloats(rng, n), rng.IntN(4))
	if n > 0 { // the values whose bits matter most
		special := []float32{float32(math.Copysign(0, -1)), 0, float32(math.Inf(1)), float32(math.Inf(-1)), 1e-45, -1e-45}
		z[rng.IntN(n)] = special[rng.IntN(len(special))]
	}
	want := make([]float32, n)
	for j, v := range z {
		want[j] = v
		if math.Signbit(float64(v)) {
			want[j] = 0
		}
	}
	room = append(room[:0], z...)
	room = append(room, sentinel, sentinel)
	Relu(room[:n:n])
	sameBits(t, "Relu", room[:n], want)
	if room[n] != sentinel || room[n+1] != sentinel {
		t.Fatalf("Relu of %d values wrote past the end", n)
	}

	a := shifted(sparseFloats(rng, n, 2), rng.IntN(4)) // half ±0, as after ReLU
	da := randomFloats(rng, n)
	for j := range want {
		want[j] = da[j]
		if a[j] == 0 {
			want[j] = 0
		}
	}
	room = append(room[:0], da...)
	room = append(room, sentinel, sentinel)
	MaskPositive(room[:n:n], a)
	sameBits(t, "MaskPositive", room[:n], want)
	if room[n] != sentinel || room[n+1] != sentinel {
		t.Fatalf("MaskPositive of %d values wrote past the end", n)
	}
}

// TestActivations checks Relu and MaskPositive for every length around
// the vector widths.
func TestActivations(t *testing.T) {
	versions(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(17, 18))
		for n := 0; n <= 100; n++ {
			for range 4 {
				checkActivations(t, rng, n)
			}
		}
		checkActivations(t, rng, 300*64)
	})
}
