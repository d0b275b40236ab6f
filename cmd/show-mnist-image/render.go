package main

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"digits/core"
)

// shades go from paper (0) to ink (255) in five steps.
var shades = []rune(" ░▒▓█")

// shade returns the block character for a pixel value: 0 is a space, 255
// a full block, the three steps between cut 256 into five equal bands.
func shade(p byte) rune {
	return shades[int(p)*len(shades)/256]
}

// blocks draws image i of d as Rows lines of 2·Cols block characters:
// terminal cells are about twice as tall as wide, so two per pixel keep
// the digit square.
func blocks(d *core.Dataset, i int) string {
	var b strings.Builder
	img := d.Image(i)
	for r := range d.Rows {
		for _, p := range img[r*d.Cols : (r+1)*d.Cols] {
			c := shade(p)
			b.WriteRune(c)
			b.WriteRune(c)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// PNG layout, in picture pixels: a margin around and between the digits,
// and a strip under each for its label.
const (
	labelStrip = 16 // basicfont's 13-pixel glyphs plus room
)

// writePNG draws the images idx of d side by side, each pixel a
// scale×scale square, as black ink on white paper (MNIST stores ink as
// 255, so a picture pixel is 255 - p), with each label under its digit.
func writePNG(w io.Writer, d *core.Dataset, idx []int, scale int, labels bool) error {
	cw, ch := d.Cols*scale, d.Rows*scale // one digit's cell
	margin := max(2*scale, 4)
	strip := 0
	if labels {
		strip = labelStrip
	}
	width := margin + len(idx)*(cw+margin)
	height := margin + ch + strip + margin
	pic := image.NewGray(image.Rect(0, 0, width, height))
	draw.Draw(pic, pic.Bounds(), image.White, image.Point{}, draw.Src)
	for n, i := range idx {
		x0, y0 := margin+n*(cw+margin), margin
		img := d.Image(i)
		for y := range ch {
			for x := range cw {
				p := img[(y/scale)*d.Cols+x/scale]
				pic.SetGray(x0+x, y0+y, color.Gray{Y: 255 - p})
			}
		}
		if labels {
			text := strconv.Itoa(int(d.Labels[i]))
			face := basicfont.Face7x13
			dr := &font.Drawer{Dst: pic, Src: image.Black, Face: face}
			tw := dr.MeasureString(text).Ceil()
			dr.Dot = fixed.P(x0+(cw-tw)/2, y0+ch+face.Ascent+2)
			dr.DrawString(text)
		}
	}
	return png.Encode(w, pic)
}
