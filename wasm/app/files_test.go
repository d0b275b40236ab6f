package app

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"digits/core"
	"digits/core/draw"
)

// digitPNG is test digit i drawn as a PNG the way people photograph
// digits, dark ink on white paper, scale times MNIST's size.
func digitPNG(t testing.TB, test *core.Dataset, i, scale int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 28*scale, 28*scale))
	px := test.Image(i)
	for y := range 28 * scale {
		for x := range 28 * scale {
			img.SetGray(x, y, color.Gray{255 - px[(y/scale)*28+x/scale]})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// blankPNG is white paper without ink.
func blankPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// classifyInput is what cmd/classify makes of a picture file: the
// network's input from draw.Preprocess.
func classifyInput(t testing.TB, file []byte) []float32 {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	x, err := draw.Preprocess(img)
	if err != nil {
		t.Fatal(err)
	}
	return x
}
