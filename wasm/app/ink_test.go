package app

import (
	"testing"

	"digits/core"
	"digits/data"
)

func TestInkStrokeAndClear(t *testing.T) {
	k := NewInk()
	if !k.Empty() {
		t.Fatal("a new pad is not empty")
	}
	rev := k.Rev()
	k.Stroke(0.5, 0.2, 0.5, 0.8) // a vertical "1"
	if k.Empty() || k.Rev() == rev {
		t.Fatal("a stroke left the pad empty")
	}
	mid := k.A[(InkSize/2)*InkSize+InkSize/2]
	side := k.A[(InkSize/2)*InkSize+InkSize/2+int(k.Brush)+2]
	if mid != 1 || side != 0 {
		t.Errorf("ink on the stroke = %v, beside it = %v; want 1 and 0", mid, side)
	}
	// Strokes partly off the pad are clipped, not a panic.
	k.Stroke(-0.5, -0.5, 1.5, 1.5)
	k.Clear()
	if !k.Empty() {
		t.Error("Clear left ink")
	}
	for _, v := range k.A {
		if v != 0 {
			t.Fatal("Clear left ink")
		}
	}
}

// A test digit put on the pad and shrunk back by averaging 10×10 blocks
// must look like the original: the pad shows what was clicked.
func TestInkSetImageRoundTrip(t *testing.T) {
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	k := NewInk()
	img := test.Image(0)
	k.SetImage(img, 28, 28)
	if k.Empty() {
		t.Fatal("pad empty after SetImage")
	}
	maxDiff := 0.0
	for y := 0; y < 28; y++ {
		for x := 0; x < 28; x++ {
			sum := 0.0
			for dy := 0; dy < 10; dy++ {
				for dx := 0; dx < 10; dx++ {
					sum += float64(k.A[(y*10+dy)*InkSize+x*10+dx])
				}
			}
			maxDiff = max(maxDiff, abs(sum/100-float64(img[y*28+x])/255))
		}
	}
	if maxDiff > 0.35 {
		t.Errorf("largest difference after round trip %.2f, want ≤ 0.35", maxDiff)
	}
	k.SetImage(make([]byte, 784), 28, 28)
	if !k.Empty() {
		t.Error("a blank image is not an empty pad")
	}
}
