// Package mnisttest helps the commands' tests run quickly on real data: it
// writes the first images of the real MNIST into a temporary folder, the
// way a user's --data folder would hold them.
package mnisttest

import (
	"os"
	"path/filepath"
	"testing"

	"digits/core"
	"digits/data"
)

// Dir writes the first n training and n/4 test images of the embedded
// MNIST, raw (not gzipped) under their usual names, into a temporary folder
// and returns it.
func Dir(t testing.TB, n int) string {
	t.Helper()
	train, test, err := core.LoadMNIST(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, dims []int, b []byte) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := core.EncodeIDX(f, dims, b); err != nil {
			t.Fatal(err)
		}
	}
	tr, te := train.Subset(n), test.Subset(n/4)
	write("train-images-idx3-ubyte", []int{tr.N, tr.Rows, tr.Cols}, tr.Images)
	write("train-labels-idx1-ubyte", []int{tr.N}, tr.Labels)
	write("t10k-images-idx3-ubyte", []int{te.N, te.Rows, te.Cols}, te.Images)
	write("t10k-labels-idx1-ubyte", []int{te.N}, te.Labels)
	return dir
}
