package assets

import (
	"bytes"
	"testing"

	"digits/core"
	"digits/data"
)

// The embedded model loads, has the shape the app and classify expect,
// and reads MNIST's test digits.
func TestDefaultModel(t *testing.T) {
	n, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	if n.Inputs() != 784 || n.Outputs() != 10 {
		t.Fatalf("default model is %s, want 784 inputs and 10 outputs", n)
	}
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	acc := n.Accuracy(test)
	t.Logf("default model %s: %.2f%% on the MNIST test set", n, 100*acc)
	if acc < 0.985 {
		t.Errorf("default model reads %.2f%% of MNIST's test digits, want ≥ 98.5%%", 100*acc)
	}
	// Saved again, it is the same file: nothing is lost in loading.
	var buf bytes.Buffer
	if err := core.WriteModel(&buf, n); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), DefaultModelBytes()) {
		t.Errorf("loading and saving the default model changes its bytes")
	}
}
