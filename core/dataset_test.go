package core_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"digits/core"
	"digits/data"
)

// The label counts of MNIST, as every description of the set lists them.
var (
	trainLabelCounts = [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	testLabelCounts  = [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
)

func labelCounts(d *core.Dataset) (c [10]int) {
	for _, l := range d.Labels {
		c[l]++
	}
	return c
}

func TestLoadMNISTEmbedded(t *testing.T) {
	train, test := loadMNIST(t)
	for _, tc := range []struct {
		name   string
		d      *core.Dataset
		n      int
		counts [10]int
		first  []byte
	}{
		{"train", train, 60000, trainLabelCounts, []byte{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}},
		{"test", test, 10000, testLabelCounts, []byte{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}},
	} {
		d := tc.d
		if d.N != tc.n || d.Rows != 28 || d.Cols != 28 || d.Size() != 784 {
			t.Errorf("%s: %d images of %d×%d, want %d of 28×28", tc.name, d.N, d.Rows, d.Cols, tc.n)
		}
		if len(d.Images) != tc.n*784 || len(d.Labels) != tc.n {
			t.Errorf("%s: %d image bytes and %d labels", tc.name, len(d.Images), len(d.Labels))
		}
		if got := labelCounts(d); got != tc.counts {
			t.Errorf("%s: label counts %v, want %v", tc.name, got, tc.counts)
		}
		if !bytes.Equal(d.Labels[:10], tc.first) {
			t.Errorf("%s: first labels %v, want %v", tc.name, d.Labels[:10], tc.first)
		}
	}
	// Pixels scales bytes to [0, 1]: 0 stays 0, 255 becomes exactly 1.
	x := make([]float32, 784)
	train.Pixels(0, x)
	lo, hi := x[0], x[0]
	for j, v := range x {
		lo, hi = min(lo, v), max(hi, v)
		if v != float32(train.Image(0)[j])/255 {
			t.Fatalf("pixel %d: %v for byte %d", j, v, train.Image(0)[j])
		}
	}
	if lo != 0 || hi != 1 {
		t.Errorf("image 0: pixels from %v to %v, want 0 to 1", lo, hi)
	}
	if s := train.Subset(100); s.N != 100 || !bytes.Equal(s.Image(99), train.Image(99)) || s.Labels[99] != train.Labels[99] {
		t.Errorf("Subset(100) is not the first 100 images")
	}
}

// writeSet writes d as raw (un-gzipped) IDX files named images and labels
// into dir, or gzipped when gz.
func writeSet(t *testing.T, dir, images, labels string, d *core.Dataset, gz bool) {
	t.Helper()
	for _, f := range []struct {
		name string
		dims []int
		data []byte
	}{
		{images, []int{d.N, d.Rows, d.Cols}, d.Images},
		{labels, []int{d.N}, d.Labels},
	} {
		var buf bytes.Buffer
		if err := core.EncodeIDX(&buf, f.dims, f.data); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		if gz {
			b = gzipBytes(t, b)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// LoadMNIST reads a folder as --data DIR does: the four files raw or
// gzipped, under the usual names or the ".idx3-ubyte" spelling.
func TestLoadMNISTFromDir(t *testing.T) {
	train, test := loadMNIST(t)
	small := test.Subset(500) // keeps the files, and the test, small
	for _, tc := range []struct {
		name                 string
		trainImg, trainLab   string
		testImg, testLab     string
		gz                   bool
		wantTrain, wantTestN int
	}{
		{"raw, usual names", "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", false, 60000, 500},
		{"raw, dotted names", "train-images.idx3-ubyte", "train-labels.idx1-ubyte", "t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte", false, 60000, 500},
		{"gzipped, dotted names", "train-images.idx3-ubyte.gz", "train-labels.idx1-ubyte.gz", "t10k-images.idx3-ubyte.gz", "t10k-labels.idx1-ubyte.gz", true, 1000, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSet(t, dir, tc.trainImg, tc.trainLab, train.Subset(tc.wantTrain), tc.gz)
			writeSet(t, dir, tc.testImg, tc.testLab, small, tc.gz)
			tr, te, err := core.LoadMNIST(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if tr.N != tc.wantTrain || te.N != tc.wantTestN || tr.Rows != 28 || te.Cols != 28 {
				t.Fatalf("loaded %d and %d images of %d×%d", tr.N, te.N, tr.Rows, tr.Cols)
			}
			if !bytes.Equal(tr.Images, train.Images[:len(tr.Images)]) || !bytes.Equal(te.Labels, small.Labels) {
				t.Error("loaded bytes differ from the embedded set")
			}
		})
	}
}

func TestLoadMNISTErrors(t *testing.T) {
	_, test := loadMNIST(t)
	small := test.Subset(50)
	usual := func(t *testing.T, dir string) {
		writeSet(t, dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", small, true)
		writeSet(t, dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", small, true)
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string // in the error message
		idx   bool   // the error wraps ErrIDX
	}{
		{"empty folder", func(t *testing.T, dir string) {}, "train-images-idx3-ubyte.gz not found", false},
		{"no test set", func(t *testing.T, dir string) {
			writeSet(t, dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", small, false)
		}, "t10k-images-idx3-ubyte.gz not found", false},
		{"no test labels", func(t *testing.T, dir string) {
			usual(t, dir)
			os.Remove(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
		}, "t10k-labels-idx1-ubyte.gz not found", false},
		{"corrupt file", func(t *testing.T, dir string) {
			usual(t, dir)
			os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte.gz"), []byte("not an IDX file"), 0o644)
		}, "train-labels-idx1-ubyte.gz: invalid IDX data", true},
		{"truncated gzip", func(t *testing.T, dir string) {
			usual(t, dir)
			p := filepath.Join(dir, "t10k-images-idx3-ubyte.gz")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o644)
		}, "t10k-images-idx3-ubyte.gz: invalid IDX data", true},
		{"labels and images disagree", func(t *testing.T, dir string) {
			usual(t, dir)
			// 60 test images; the 50 labels of usual stay.
			writeSet(t, dir, "t10k-images-idx3-ubyte.gz", "unused-labels", test.Subset(60), true)
		}, "60 images but 50 labels", false},
		{"label 10", func(t *testing.T, dir string) {
			usual(t, dir)
			var buf bytes.Buffer
			core.EncodeIDX(&buf, []int{50}, bytes.Repeat([]byte{10}, 50))
			os.WriteFile(filepath.Join(dir, "train-labels-idx1-ubyte"), buf.Bytes(), 0o644)
			os.Remove(filepath.Join(dir, "train-labels-idx1-ubyte.gz"))
		}, "label 0 is 10", false},
		{"labels where images belong", func(t *testing.T, dir string) {
			usual(t, dir)
			b, _ := os.ReadFile(filepath.Join(dir, "train-labels-idx1-ubyte.gz"))
			os.WriteFile(filepath.Join(dir, "train-images-idx3-ubyte.gz"), b, 0o644)
		}, "want 3", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			_, _, err := core.LoadMNIST(os.DirFS(dir))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if tc.idx != errors.Is(err, core.ErrIDX) {
				t.Errorf("error %q: wraps ErrIDX = %v, want %v", err, errors.Is(err, core.ErrIDX), tc.idx)
			}
			t.Log(err)
		})
	}
	// The embedded test-only FS has no training set.
	if _, _, err := core.LoadMNIST(data.TestFS); err == nil || !errors.Is(err, fs.ErrNotExist) && !strings.Contains(err.Error(), "not found") {
		t.Errorf("LoadMNIST(data.TestFS): %v, want a not-found error", err)
	}
	if _, err := core.LoadSet(data.FS, "validation"); err == nil {
		t.Error(`LoadSet("validation"): no error`)
	}
}
