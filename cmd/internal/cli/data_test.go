package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadEmbedded(t *testing.T) {
	train, test, err := LoadMNIST("")
	if err != nil || train.N != 60000 || test.N != 10000 {
		t.Fatalf("LoadMNIST(\"\"): %v", err)
	}
	test2, err := LoadSet("", "test")
	if err != nil || test2.N != 10000 || string(test2.Images) != string(test.Images) {
		t.Fatalf("LoadSet(\"\", test) differs from LoadMNIST's test set: %v", err)
	}
}

// Every way a --data folder can be wrong is a usage error that starts
// with the folder and names the file.
func TestLoadFolderErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	corrupt := t.TempDir()
	for _, name := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		os.WriteFile(filepath.Join(corrupt, name), []byte("not an idx file"), 0o644)
	}
	for _, c := range []struct {
		dir, want string
	}{
		{filepath.Join(dir, "missing"), "--data " + filepath.Join(dir, "missing") + ": no such file or directory"},
		{file, "--data " + file + " is not a folder; give the folder holding the four MNIST files"},
		{dir, "--data " + dir + ": train-images-idx3-ubyte.gz not found"},
		{corrupt, "--data " + corrupt + ": train-images-idx3-ubyte: invalid IDX data"},
	} {
		for _, load := range []func() error{
			func() error { _, _, err := LoadMNIST(c.dir); return err },
			func() error { _, err := LoadSet(c.dir, "train"); return err },
		} {
			err := load()
			var ue UsageError
			if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("%s: error %v, want a UsageError starting %q", c.dir, err, c.want)
			}
		}
	}
}
