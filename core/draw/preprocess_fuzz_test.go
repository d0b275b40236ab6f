package draw

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"testing"
)

// FuzzPreprocessInk: any ink buffer gives either an error or a valid
// input, never a panic.
func FuzzPreprocessInk(f *testing.F) {
	f.Add(uint8(3), uint8(3), []byte{0, 0, 0, 0, 255, 0, 0, 0, 0})
	f.Add(uint8(28), uint8(1), []byte{0, 255, 255, 0, 9})
	f.Add(uint8(40), uint8(40), []byte{0, 0, 0, 200, 255, 255, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, w, h uint8, b []byte) {
		if len(b) == 0 {
			return
		}
		ink := make([]float32, int(w)*int(h))
		for i := range ink {
			ink[i] = float32(b[i%len(b)]) / 255
		}
		x, err := PreprocessInk(ink, int(w), int(h))
		if err != nil {
			return
		}
		checkFuzzInput(t, x)
	})
}

// FuzzPreprocessImage: any PNG, GIF or JPEG the standard decoders accept
// gives an error or a valid input, never a panic.
func FuzzPreprocessImage(f *testing.F) {
	img := image.NewNRGBA(image.Rect(0, 0, 12, 9))
	for i := 3; i < 9; i++ {
		img.Set(i, 4, color.NRGBA{200, 0, 0, 255})
		img.Set(5, i, color.NRGBA{0, 0, 0, 128})
	}
	for _, enc := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return png.Encode(b, img) },
		func(b *bytes.Buffer) error { return gif.Encode(b, img, nil) },
		func(b *bytes.Buffer) error { return jpeg.Encode(b, img, nil) },
	} {
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width*cfg.Height > 1<<20 {
			return // not a picture, or too big to fuzz quickly
		}
		img, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			return
		}
		x, err := Preprocess(img)
		if err != nil {
			return
		}
		checkFuzzInput(t, x)
	})
}

func checkFuzzInput(t *testing.T, x []float32) {
	if len(x) != 784 {
		t.Fatalf("%d values, want 784", len(x))
	}
	for _, v := range x {
		if !(v >= 0 && v <= 1) || math.IsNaN(float64(v)) {
			t.Fatalf("value %v outside [0, 1]", v)
		}
	}
}
