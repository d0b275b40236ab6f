package draw

import (
	"bytes"
	"runtime"
	"testing"

	"digits/core"
)

// Augmented digits are valid inputs, differ from the originals, are the
// same for the same seed whatever the CPUs, and differ between seeds.
func TestAugmentDataset(t *testing.T) {
	d := testDigits(t).Subset(300)
	a, err := AugmentDataset(d, 1)
	if err != nil {
		t.Fatal(err)
	}
	old := runtime.GOMAXPROCS(1)
	b, err := AugmentDataset(d, 1)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Images, b.Images) {
		t.Errorf("same seed, different GOMAXPROCS: different images")
	}
	c, err := AugmentDataset(d, 2)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Images, c.Images) {
		t.Errorf("seeds 1 and 2 gave the same images")
	}
	if !bytes.Equal(a.Labels, d.Labels) || a.N != d.N {
		t.Errorf("labels or count changed")
	}
	x := make([]float32, 784)
	changed := 0
	for i := range a.N {
		a.Pixels(i, x)
		checkInput(t, "augmented", x)
		if !bytes.Equal(a.Image(i), d.Image(i)) {
			changed++
		}
	}
	if changed < a.N*3/4 {
		t.Errorf("only %d of %d images changed", changed, a.N)
	}
}

// A network trained on plain MNIST still reads most augmented digits:
// the distortions keep a digit what it is. (A rotation of 90° or a pen
// that fills the loops would not pass.)
func TestAugmentKeepsDigits(t *testing.T) {
	d := testDigits(t)
	train, test := d.Subset(8000), &core.Dataset{N: 2000, Rows: 28, Cols: 28, Images: d.Images[8000*784:], Labels: d.Labels[8000:]}
	n, err := core.NewInitialized([]int{784, 64, 10}, core.InitHe, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := core.NewTrainer(n, train, 0.1, 32, 1)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := tr.RunEpoch(); err != nil {
			t.Fatal(err)
		}
	}
	aug, err := AugmentDataset(test, 5)
	if err != nil {
		t.Fatal(err)
	}
	plain, distorted := n.Accuracy(test), n.Accuracy(aug)
	t.Logf("trained on 8000 plain digits: %.1f%% on plain, %.1f%% on augmented test digits", 100*plain, 100*distorted)
	if distorted < plain-0.15 {
		t.Errorf("accuracy drops from %.1f%% to %.1f%% on augmented digits: distortions too strong", 100*plain, 100*distorted)
	}
}

func BenchmarkAugmentDataset(b *testing.B) {
	d := testDigits(b)
	for b.Loop() {
		if _, err := AugmentDataset(d, 1); err != nil {
			b.Fatal(err)
		}
	}
}
