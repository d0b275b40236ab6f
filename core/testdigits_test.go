package core

import (
	"testing"

	"digits/data"
)

// testDigits loads MNIST's 10,000 test images from the embedded files.
func testDigits(t testing.TB) *Dataset {
	t.Helper()
	d, err := LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	return d
}
