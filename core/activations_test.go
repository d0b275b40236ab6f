package core

import (
	"math"
	"testing"
)

// Activations is Forward with the layers kept: its last layer is
// Forward's output bit for bit, each hidden layer fed through the rest of
// the network gives that output again bit for bit, and the hidden layers
// are ReLU outputs (no negative value, some zeros). On real test digits,
// through a trained network and a fresh one.
func TestActivations(t *testing.T) {
	test := testDigits(t)
	fresh, err := NewInitialized([]int{784, 48, 24, 10}, InitHe, 5)
	if err != nil {
		t.Fatal(err)
	}
	trained := fresh.Clone()
	tr, err := NewTrainer(trained, test.Subset(2000), 0.1, 32, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	x := make([]float32, test.Size())
	for _, net := range []*Network{fresh, trained} {
		for i := range 50 {
			test.Pixels(i, x)
			acts, err := net.Activations(x)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != net.Layers() {
				t.Fatalf("%d layers of activations for %d layers", len(acts), net.Layers())
			}
			want := net.Forward(x)
			if !sameBits(acts[len(acts)-1:], [][]float32{want}) {
				t.Fatalf("image %d: the last layer %v differs from Forward %v", i, acts[len(acts)-1], want)
			}
			for l, a := range acts[:len(acts)-1] {
				if len(a) != net.Sizes[l+1] {
					t.Fatalf("layer %d has %d activations, want %d", l+1, len(a), net.Sizes[l+1])
				}
				zeros := 0
				for _, v := range a {
					if v < 0 || math.IsNaN(float64(v)) {
						t.Fatalf("image %d, layer %d: activation %v is not a ReLU output", i, l+1, v)
					}
					if v == 0 {
						zeros++
					}
				}
				if zeros == 0 || zeros == len(a) {
					t.Errorf("image %d, layer %d: %d of %d neurons silent, want some but not all", i, l+1, zeros, len(a))
				}
				rest := &Network{Sizes: net.Sizes[l+1:], W: net.W[l+1:], B: net.B[l+1:]}
				if got := rest.Forward(a); !sameBits([][]float32{got}, [][]float32{want}) {
					t.Fatalf("image %d: layer %d through the remaining layers gives %v, Forward %v", i, l+1, got, want)
				}
			}
		}
	}
	if _, err := fresh.Activations(x[:100]); err == nil {
		t.Error("100 inputs for a 784-input network: no error")
	}
}
