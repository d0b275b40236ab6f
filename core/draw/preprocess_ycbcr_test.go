package draw

import (
	"image"
	"image/color"
	"testing"

	"digits/core"
)

// The fast path through JPEG's YCbCr planes reads exactly what the
// image's own YOffset and COffset give, for every chroma subsampling and
// for sub-images starting at odd pixels.
func TestInkReaderYCbCr(t *testing.T) {
	rng := core.NewRand(3)
	p := paper{r: 0.9, g: 0.8, b: 0.7}
	sq := p.squareTables()
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	for _, ratio := range ratios {
		for _, r := range []image.Rectangle{image.Rect(0, 0, 37, 23), image.Rect(3, 5, 40, 29)} {
			m := image.NewYCbCr(r, ratio)
			for i := range m.Y {
				m.Y[i] = uint8(rng.IntN(256))
			}
			for i := range m.Cb {
				m.Cb[i], m.Cr[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
			}
			sub := m.SubImage(image.Rect(r.Min.X+1, r.Min.Y+1, r.Max.X, r.Max.Y)).(*image.YCbCr)
			for _, img := range []*image.YCbCr{m, sub} {
				fast := inkReader(img, p)
				got := make([]float32, img.Rect.Dx())
				for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
					fast(y, got)
					for i, v := range got {
						yi, ci := img.YOffset(img.Rect.Min.X+i, y), img.COffset(img.Rect.Min.X+i, y)
						cr, cg, cb := color.YCbCrToRGB(img.Y[yi], img.Cb[ci], img.Cr[ci])
						if want := sqrt32(sq[0][cr] + sq[1][cg] + sq[2][cb]); v != want {
							t.Fatalf("%v, %v, pixel (%d, %d): ink %v, want %v", ratio, img.Rect, img.Rect.Min.X+i, y, v, want)
						}
					}
				}
			}
		}
	}
}
