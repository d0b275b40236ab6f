package app

import (
	"image/color"
	"math"
)

// Colour maps, made in OKLab (Björn Ottosson's perceptual colour space,
// where equal steps of L look equally lighter) and converted to sRGB.
//
// Diverging shows signed values, such as weights: zero is a dark neutral
// grey (the app's background is dark), negative values turn blue and
// positive ones orange, and both grow lighter with the magnitude at the
// same rate. So the sign is told by hue, blue against orange, the pair
// that stays apart for every common colour-vision deficiency (red–green
// and blue–yellow), and the magnitude by lightness, which everyone sees,
// in greyscale too.
var (
	blueRamp   = ramp{hue: 250, l0: 0.27, l1: 0.84, chroma: [5]float64{0, 0.08, 0.12, 0.13, 0.07}}
	orangeRamp = ramp{hue: 55, l0: 0.27, l1: 0.84, chroma: [5]float64{0, 0.08, 0.12, 0.13, 0.07}}
	greyRamp   = ramp{hue: 80, l0: 0.27, l1: 0.97, chroma: [5]float64{0, 0.004, 0.008, 0.012, 0.016}}
)

// Diverging maps v in [-1, 1] (clamped; NaN counts as 0) to a colour:
// blue below zero, orange above.
func Diverging(v float64) color.RGBA {
	if math.IsNaN(v) {
		v = 0
	}
	v = math.Max(-1, math.Min(1, v))
	if v < 0 {
		return blueRamp.at(-v)
	}
	return orangeRamp.at(v)
}

// Sequential maps v in [0, 1] (clamped; NaN counts as 0) from the dark
// neutral grey to a warm white: how strongly a neuron fires.
func Sequential(v float64) color.RGBA {
	if math.IsNaN(v) {
		v = 0
	}
	return greyRamp.at(math.Max(0, math.Min(1, v)))
}

// ramp is one hue (in degrees, OKLab's a–b plane) from lightness l0 to l1
// in equal steps, its chroma (colourfulness) through five stops at
// t = 0, ¼, ½, ¾, 1: rising, then falling at the light end to stay inside
// sRGB. Every ramp starts at the same neutral grey, so the two halves of
// Diverging meet without a seam.
type ramp struct {
	hue, l0, l1 float64
	chroma      [5]float64
}

func (r ramp) at(t float64) color.RGBA {
	i := min(int(t*4), 3)
	f := t*4 - float64(i)
	c := r.chroma[i] + (r.chroma[i+1]-r.chroma[i])*f
	h := r.hue * math.Pi / 180
	return lab{r.l0 + (r.l1-r.l0)*t, c * math.Cos(h), c * math.Sin(h)}.rgba()
}

// Lightness is the OKLab lightness of c, 0 (black) to 1 (white): text on
// a colour c is best dark above about 0.65 and light below.
func Lightness(c color.RGBA) float64 { return fromRGBA(c).L }

// WeightPixels writes the RGBA picture of one neuron's weights w into
// pix (4 bytes per weight), each weight divided by the largest magnitude
// among them: each picture uses the whole map, so the pattern shows for
// small and large weights alike. Colours come from a table of the map.
func WeightPixels(w []float32, pix []byte) {
	var m float32
	for _, v := range w {
		m = max(m, abs32(v))
	}
	if m == 0 || math.IsInf(float64(m), 0) || math.IsNaN(float64(m)) {
		m = 1
	}
	for i, v := range w {
		c := divergingTable[tableIndex(v/m)]
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = c.R, c.G, c.B, 0xff
	}
}

// divergingTable is Diverging at 2·tableSteps+1 evenly spaced values from
// -1 to 1. Colouring the weights' pictures looks colours up rather than
// converting each from OKLab (three powers per pixel): the 64 pictures'
// 50,000 pixels took tens of milliseconds in WebAssembly, taken from
// training at every snapshot. A step of 1/512 changes a channel by at most
// one or two levels of 255.
var divergingTable = func() (t [2*tableSteps + 1]color.RGBA) {
	for i := range t {
		t[i] = Diverging(float64(i-tableSteps) / tableSteps)
	}
	return t
}()

const tableSteps = 512

// ActivationPixels writes the RGBA picture of a layer's activations into
// pix (4 bytes per neuron, cells beyond len(a) in the panel colour bg),
// each divided by the largest: Sequential, looked up in a table.
func ActivationPixels(a []float32, pix []byte, bg color.RGBA) {
	var m float32
	for _, v := range a {
		m = max(m, v)
	}
	if m == 0 || math.IsInf(float64(m), 0) || math.IsNaN(float64(m)) {
		m = 1
	}
	for i := 0; 4*i < len(pix); i++ {
		c := bg
		if i < len(a) {
			c = sequentialTable[tableIndex(a[i]/m)]
		}
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = c.R, c.G, c.B, 0xff
	}
}

// sequentialTable is Sequential like divergingTable is Diverging (its
// lower half, for negative values, is the grey of zero).
var sequentialTable = func() (t [2*tableSteps + 1]color.RGBA) {
	for i := range t {
		t[i] = Sequential(float64(i-tableSteps) / tableSteps)
	}
	return t
}()

// tableIndex is the entry of divergingTable nearest to v (clamped to
// [-1, 1]; NaN is 0).
func tableIndex(v float32) int {
	if v != v {
		return tableSteps
	}
	v = max(-1, min(1, v))
	return tableSteps + int(math.Round(float64(v)*tableSteps))
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// lab is a colour in OKLab: lightness L, green–red a, blue–yellow b.
type lab struct{ L, A, B float64 }

// rgba converts to 8-bit sRGB, clipping channels that fall outside it.
func (p lab) rgba() color.RGBA {
	l := math.Pow(p.L+0.3963377774*p.A+0.2158037573*p.B, 3)
	m := math.Pow(p.L-0.1055613458*p.A-0.0638541728*p.B, 3)
	s := math.Pow(p.L-0.0894841775*p.A-1.2914855480*p.B, 3)
	r := +4.0767416621*l - 3.3077115913*m + 0.2309699292*s
	g := -1.2684380046*l + 2.6097574011*m - 0.3413193965*s
	b := -0.0041960863*l - 0.7034186147*m + 1.7076147010*s
	return color.RGBA{toSRGB(r), toSRGB(g), toSRGB(b), 0xff}
}

// fromRGBA converts 8-bit sRGB to OKLab.
func fromRGBA(c color.RGBA) lab {
	r, g, b := fromSRGB(c.R), fromSRGB(c.G), fromSRGB(c.B)
	l := math.Cbrt(0.4122214708*r + 0.5363325363*g + 0.0514459929*b)
	m := math.Cbrt(0.2119034982*r + 0.6806995451*g + 0.1073969566*b)
	s := math.Cbrt(0.0883024619*r + 0.2817188376*g + 0.6299787005*b)
	return lab{
		0.2104542553*l + 0.7936177850*m - 0.0040720468*s,
		1.9779984951*l - 2.4285922050*m + 0.4505937099*s,
		0.0259040371*l + 0.7827717662*m - 0.8086757660*s,
	}
}

// toSRGB applies the sRGB transfer curve to a linear channel.
func toSRGB(v float64) uint8 {
	v = math.Max(0, math.Min(1, v))
	if v <= 0.0031308 {
		v *= 12.92
	} else {
		v = 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	return uint8(math.Round(255 * v))
}

func fromSRGB(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}
