package draw

import (
	"image"
	"image/color"
	"testing"
)

// benchPicture draws MNIST test digit 0 on a side×side picture of the
// given kind, covering most of it, as a phone photo of a digit would.
func benchPicture(b *testing.B, kind string, side int) image.Image {
	d := testDigits(b)
	src := make([]float32, 784)
	d.Pixels(0, src)
	mask := strokeMask(src, side, side, side/10, side/10, float64(side)/35)
	if kind != "ycbcr" {
		return paint(kind, mask, side, side, color.Black, color.White)
	}
	img := image.NewYCbCr(image.Rect(0, 0, side, side), image.YCbCrSubsampleRatio420)
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 128, 128
	}
	for i, on := range mask {
		img.Y[i] = 255
		if on {
			img.Y[i] = 0
		}
	}
	return img
}

// BenchmarkPreprocess8000 measures Preprocess on 8000×8000 pictures of
// the types the PNG and JPEG decoders return.
func BenchmarkPreprocess8000(b *testing.B) {
	for _, kind := range []string{"gray", "rgba", "nrgba", "ycbcr"} {
		b.Run(kind, func(b *testing.B) {
			img := benchPicture(b, kind, 8000)
			b.ResetTimer()
			for b.Loop() {
				if _, err := Preprocess(img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPreprocessInkPad measures the draw pad's path: a 280×280 ink
// buffer straight to the network's input.
func BenchmarkPreprocessInkPad(b *testing.B) {
	d := testDigits(b)
	src := make([]float32, 784)
	d.Pixels(0, src)
	mask := strokeMask(src, 280, 280, 20, 30, 8)
	ink := make([]float32, len(mask))
	for i, on := range mask {
		if on {
			ink[i] = 1
		}
	}
	for b.Loop() {
		if _, err := PreprocessInk(ink, 280, 280); err != nil {
			b.Fatal(err)
		}
	}
}
