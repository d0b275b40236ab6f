package core_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"digits/core"
	"digits/data"
)

// The real MNIST, decoded once for all tests of the package.
var (
	mnistOnce         sync.Once
	mnistTrain, mnist *core.Dataset
	mnistErr          error
)

// loadMNIST returns the embedded training and test sets.
func loadMNIST(t testing.TB) (train, test *core.Dataset) {
	t.Helper()
	mnistOnce.Do(func() { mnistTrain, mnist, mnistErr = core.LoadMNIST(data.FS) })
	if mnistErr != nil {
		t.Fatalf("LoadMNIST(data.FS): %v", mnistErr)
	}
	return mnistTrain, mnist
}

// maxRelDiff returns max |a-b| / max(|b|, 1e-3) over two weight arrays.
func maxRelDiff(a, b []float32) float64 {
	worst := 0.0
	for i := range a {
		d := math.Abs(float64(a[i]) - float64(b[i]))
		d /= math.Max(math.Abs(float64(b[i])), 1e-3)
		worst = max(worst, d)
	}
	return worst
}

// From the same initial weights, the hand-written OneHidden and the general
// Network trained by core.Trainer must compute the same thing.
//
// All three — the hand-written network, Trainer's reference loops
// (WithReference) and Trainer's fast kernels — add the same terms in the
// same order (every sum in sample order, no fused multiply-adds), so they
// must agree bit for bit: the same epoch statistics and the same weights.
func TestOneHiddenMatchesNetwork(t *testing.T) {
	train, _ := loadMNIST(t)
	d := train.Subset(3000)
	for _, tc := range []struct {
		name   string
		hidden int
		init   core.Init
		lr     float32
		batch  int
	}{
		{"full batch he", 32, core.InitHe, 0.2, 0},
		{"full batch samson", 10, core.InitSamson, 0.1, 0},
		{"mini-batch he", 16, core.InitHe, 0.1, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			net, err := core.NewInitialized([]int{784, tc.hidden, 10}, tc.init, 7)
			if err != nil {
				t.Fatal(err)
			}
			oh, err := core.NewOneHidden(net)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := oh.Network().Checksum(), net.Checksum(); got != want {
				t.Fatalf("NewOneHidden then Network: checksum %x, want %x", got, want)
			}
			refNet := net.Clone()
			ref, err := core.NewTrainer(refNet, d, tc.lr, tc.batch, 3, core.WithReference())
			if err != nil {
				t.Fatal(err)
			}
			gen, err := core.NewTrainer(net, d, tc.lr, tc.batch, 3)
			if err != nil {
				t.Fatal(err)
			}
			hand, err := core.NewOneHiddenTrainer(oh, d, tc.lr, tc.batch, 3)
			if err != nil {
				t.Fatal(err)
			}
			for epoch := 1; epoch <= 3; epoch++ {
				sg, err := gen.RunEpoch()
				if err != nil {
					t.Fatal(err)
				}
				sh, err := hand.RunEpoch()
				if err != nil {
					t.Fatal(err)
				}
				sr, err := ref.RunEpoch()
				if err != nil {
					t.Fatal(err)
				}
				if sr != sh || sg != sh {
					t.Errorf("epoch %d: hand-written %+v, reference %+v, fast %+v; want identical", epoch, sh, sr, sg)
				}
			}
			got := oh.Network()
			if got.Checksum() != refNet.Checksum() || got.Checksum() != net.Checksum() {
				t.Errorf("after 3 epochs: hand-written checksum %x, reference %x, fast %x; want bit-identical", got.Checksum(), refNet.Checksum(), net.Checksum())
			}
			// Predictions agree too.
			x := make([]float32, 784)
			for i := range 20 {
				d.Pixels(i, x)
				dh, ph := oh.Predict(x)
				dg, pg := net.Predict(x)
				if dh != dg || !slices.Equal(ph, pg) {
					t.Errorf("image %d: hand-written says %d %v, general %d %v", i, dh, ph, dg, pg)
				}
			}
		})
	}
}

// The hand-written network learns: full batch, the loss falls every epoch;
// one mini-batch epoch on a third of the training images reads most test
// digits.
func TestOneHiddenLearns(t *testing.T) {
	train, test := loadMNIST(t)
	net, err := core.NewInitialized([]int{784, 32, 10}, core.InitHe, 1)
	if err != nil {
		t.Fatal(err)
	}
	oh, err := core.NewOneHidden(net)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := core.NewOneHiddenTrainer(oh, train.Subset(5000), 0.2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	prev := math.Inf(1)
	for range 8 {
		st, err := tr.RunEpoch()
		if err != nil {
			t.Fatal(err)
		}
		if !(st.Loss < prev) {
			t.Fatalf("epoch %d: loss %.4f did not fall below %.4f", st.Epoch, st.Loss, prev)
		}
		prev = st.Loss
	}
	fresh, _ := core.NewOneHidden(net) // net still holds the initial weights
	mb, err := core.NewOneHiddenTrainer(fresh, train.Subset(20000), 0.1, 64, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mb.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	acc := fresh.Accuracy(test)
	t.Logf("one mini-batch epoch on 20,000 images: test accuracy %.4f", acc)
	if acc < 0.85 {
		t.Errorf("test accuracy %.4f, want ≥ 0.85", acc)
	}
}

func TestOneHiddenDiverges(t *testing.T) {
	train, _ := loadMNIST(t)
	net, _ := core.NewInitialized([]int{784, 32, 10}, core.InitHe, 1)
	oh, _ := core.NewOneHidden(net)
	tr, err := core.NewOneHiddenTrainer(oh, train.Subset(2000), 50, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	for epoch := 1; epoch <= 20; epoch++ {
		_, err := tr.RunEpoch()
		if err == nil {
			continue
		}
		if !errors.Is(err, core.ErrDiverged) {
			t.Fatalf("epoch %d: error %v does not wrap ErrDiverged", epoch, err)
		}
		if tr.Epoch() != epoch-1 {
			t.Errorf("Epoch() = %d after failing epoch %d", tr.Epoch(), epoch)
		}
		return
	}
	t.Fatal("learning rate 50 did not diverge in 20 epochs")
}

func TestOneHiddenBadInput(t *testing.T) {
	train, _ := loadMNIST(t)
	two, _ := core.NewInitialized([]int{784, 32, 16, 10}, core.InitHe, 1)
	if _, err := core.NewOneHidden(two); err == nil {
		t.Error("NewOneHidden accepted a network with two hidden layers")
	}
	if _, err := core.NewOneHidden(nil); err == nil {
		t.Error("NewOneHidden accepted nil")
	}
	small, _ := core.NewInitialized([]int{100, 8, 10}, core.InitHe, 1)
	ohSmall, _ := core.NewOneHidden(small)
	net, _ := core.NewInitialized([]int{784, 8, 10}, core.InitHe, 1)
	oh, _ := core.NewOneHidden(net)
	for _, tc := range []struct {
		name  string
		net   *core.OneHidden
		lr    float32
		batch int
	}{
		{"wrong input size", ohSmall, 0.1, 0},
		{"batch -1", oh, 0.1, -1},
		{"learning rate 0", oh, 0, 0},
		{"learning rate NaN", oh, float32(math.NaN()), 0},
		{"learning rate -1", oh, -1, 0},
	} {
		if _, err := core.NewOneHiddenTrainer(tc.net, train, tc.lr, tc.batch, 1); err == nil {
			t.Errorf("%s: no error", tc.name)
		} else {
			t.Logf("%s: %v", tc.name, err)
		}
	}
	if _, _, err := ohSmall.Evaluate(train); err == nil {
		t.Error("Evaluate with the wrong input size: no error")
	}
}

// BenchmarkOneHiddenEpoch is one full-batch epoch of the hand-written
// network on the 60,000 training images, as cmd/one-hidden-layer runs it.
func BenchmarkOneHiddenEpoch(b *testing.B) {
	train, _ := loadMNIST(b)
	for _, hidden := range []int{10, 32} {
		b.Run(fmt.Sprintf("784-%d-10", hidden), func(b *testing.B) {
			net, _ := core.NewInitialized([]int{784, hidden, 10}, core.InitSamson, 1)
			oh, _ := core.NewOneHidden(net)
			tr, err := core.NewOneHiddenTrainer(oh, train, 0.1, 0, 1)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := tr.RunEpoch(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
