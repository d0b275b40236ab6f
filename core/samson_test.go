package core_test

import (
	"math"
	"testing"

	"digits/core"
)

// The tutorial's quirk, checked against the tutorial's formula: one step
// moves W exactly as ordinary gradient descent does (the quirk is only in
// db), and moves every bias of a layer by the same amount,
// learning_rate·np.sum(dZ)/m, where np.sum(dZ)/m is the sum over the
// layer's neurons of the per-neuron mean gradients that ordinary gradient
// descent uses.
func TestSamsonScalarBiasQuirk(t *testing.T) {
	train, _ := loadMNIST(t)
	d := train.Subset(2000)
	st, err := core.NewSamsonTrainer(d, 4)
	if err != nil {
		t.Fatal(err)
	}
	start := st.Net.Network()
	if start.String() != "784-10-10" {
		t.Fatalf("the tutorial's network is 784-10-10, got %s", start)
	}
	for l := range start.W {
		for _, v := range append(append([]float32(nil), start.W[l]...), start.B[l]...) {
			if v < -0.5 || v >= 0.5 {
				t.Fatalf("initial value %v outside [-0.5, 0.5)", v)
			}
		}
	}
	// Ordinary gradient descent from the same weights.
	plainNet, _ := core.NewOneHidden(start)
	plain, err := core.NewOneHiddenTrainer(plainNet, d, core.SamsonLearningRate, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	if _, err := plain.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	quirk, ordinary := st.Net.Network(), plainNet.Network()
	for l := range start.W {
		for i := range start.W[l] {
			if quirk.W[l][i] != ordinary.W[l][i] {
				t.Fatalf("W%d[%d]: %v with the quirk, %v without; the quirk is only in db", l+1, i, quirk.W[l][i], ordinary.W[l][i])
			}
		}
		// learning_rate·db for each neuron, the ordinary way, and their
		// sum: the quirk's single step.
		sum := 0.0
		for j := range start.B[l] {
			sum += float64(start.B[l][j] - ordinary.B[l][j])
		}
		moved := false
		for j := range start.B[l] {
			step := float64(start.B[l][j] - quirk.B[l][j])
			if math.Abs(step-sum) > 1e-6 {
				t.Errorf("b%d[%d] moved by %.8f, want the scalar step %.8f", l+1, j, step, sum)
			}
			moved = moved || step != float64(start.B[l][j]-ordinary.B[l][j])
		}
		if !moved {
			t.Errorf("b%d: the quirk made no difference", l+1)
		}
	}
}

// A short run of the tutorial learns, and is reproducible. (The full 500
// iterations take a minute or two: cmd/samson runs them; numpy's replica
// reached 83.4%, ours 84.3% with seed 0.)
func TestSamsonLearns(t *testing.T) {
	train, test := loadMNIST(t)
	d := train.Subset(5000)
	var losses []float64
	trainAcc, testAcc, _, err := core.Samson(d, test, 40, 0, func(st core.EpochStats) {
		losses = append(losses, st.Loss)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("40 iterations on 5,000 images: loss %.4f → %.4f, train accuracy %.4f, test accuracy %.4f", losses[0], losses[len(losses)-1], trainAcc, testAcc)
	if len(losses) != 40 {
		t.Fatalf("progress called %d times, want 40", len(losses))
	}
	if !(losses[len(losses)-1] < losses[0]) {
		t.Errorf("loss went from %.4f to %.4f", losses[0], losses[len(losses)-1])
	}
	if testAcc < 0.3 || trainAcc < 0.3 {
		t.Errorf("after 40 iterations: train accuracy %.4f, test %.4f; want well above chance (0.1)", trainAcc, testAcc)
	}
	_, _, a, err := core.Samson(d, test, 3, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, b, err := core.Samson(d, test, 3, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Network().Checksum() != b.Network().Checksum() {
		t.Error("same seed, different weights")
	}
	if _, _, _, err := core.Samson(d, test, 0, 0, nil); err == nil {
		t.Error("0 iterations: no error")
	}
}
