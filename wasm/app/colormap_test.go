package app

import (
	"image/color"
	"math"
	"testing"
)

// The diverging map: zero is a neutral grey, −1 a light blue, +1 a light
// orange; values beyond ±1 clamp and NaN is zero; lightness grows evenly
// with the magnitude, the same on both sides, so a weight and its
// opposite look equally strong.
func TestDivergingEndpointsAndZero(t *testing.T) {
	zero := Diverging(0)
	if zero.R != zero.G || zero.G != zero.B || zero.A != 0xff {
		t.Errorf("zero is %v, want a neutral grey", zero)
	}
	if l := Lightness(zero); l < 0.2 || l > 0.35 {
		t.Errorf("zero's lightness %.2f, want dark (the app's background is dark)", l)
	}
	neg, pos := Diverging(-1), Diverging(1)
	if !(neg.B > neg.G && neg.G > neg.R) {
		t.Errorf("−1 is %v, want blue", neg)
	}
	if !(pos.R > pos.G && pos.G > pos.B) {
		t.Errorf("+1 is %v, want orange", pos)
	}
	if Diverging(-7) != neg || Diverging(7) != pos || Diverging(math.NaN()) != zero {
		t.Error("values beyond ±1 or NaN are not clamped")
	}
	last := Lightness(zero)
	for i := 1; i <= 20; i++ {
		v := float64(i) / 20
		lp, ln := Lightness(Diverging(v)), Lightness(Diverging(-v))
		if math.Abs(lp-ln) > 0.01 {
			t.Errorf("lightness at ±%.2f: %.3f and %.3f, want equal", v, lp, ln)
		}
		if step := lp - last; step < 0.02 || step > 0.04 {
			t.Errorf("lightness steps by %.3f from %.2f to %.2f, want even steps of about 0.029", step, v-0.05, v)
		}
		last = lp
	}
	if Sequential(0) != zero {
		t.Errorf("Sequential(0) = %v, want the diverging map's zero %v", Sequential(0), zero)
	}
	if l := Lightness(Sequential(1)); l < 0.95 {
		t.Errorf("Sequential(1) has lightness %.2f, want near white", l)
	}
}

// Blue against orange stays apart for people with any of the three kinds
// of dichromacy: simulated with the matrices of Machado, Oliveira and
// Fernandes (2009, severity 1) on linear RGB, a weight and its opposite
// remain clearly different colours (OKLab distance ≥ 0.08, several times
// a just-noticeable difference), while the classic red–green pair of equal
// lightness collapses for protanopes and deuteranopes.
func TestDivergingSurvivesColourBlindness(t *testing.T) {
	sims := map[string][3][3]float64{
		"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
		"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
		"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
	}
	for name, m := range sims {
		for _, v := range []float64{0.3, 0.5, 0.75, 1} {
			if d := distance(simulate(m, Diverging(-v)), simulate(m, Diverging(v))); d < 0.08 {
				t.Errorf("%s: −%.2f and +%.2f are %.3f apart, want ≥ 0.08", name, v, v, d)
			}
		}
	}
	red, green := color.RGBA{0xd0, 0x50, 0x40, 0xff}, color.RGBA{0x50, 0x98, 0x40, 0xff}
	if d := distance(simulate(sims["deuteranopia"], red), simulate(sims["deuteranopia"], green)); d > 0.05 {
		t.Errorf("the test cannot tell a bad map: red and green stay %.3f apart for deuteranopes", d)
	}
}

// simulate applies a colour-vision-deficiency matrix in linear RGB.
func simulate(m [3][3]float64, c color.RGBA) color.RGBA {
	in := [3]float64{fromSRGB(c.R), fromSRGB(c.G), fromSRGB(c.B)}
	var out [3]uint8
	for i := range 3 {
		out[i] = toSRGB(m[i][0]*in[0] + m[i][1]*in[1] + m[i][2]*in[2])
	}
	return color.RGBA{out[0], out[1], out[2], 0xff}
}

func distance(a, b color.RGBA) float64 {
	p, q := fromRGBA(a), fromRGBA(b)
	return math.Sqrt((p.L-q.L)*(p.L-q.L) + (p.A-q.A)*(p.A-q.A) + (p.B-q.B)*(p.B-q.B))
}

// A neuron's picture uses the whole map: its largest weight is an end of
// it, its zero weights the neutral grey, and every weight's side of zero
// shows. On the pretrained model's real first layer.
func TestWeightPixels(t *testing.T) {
	net := pretrained(t)
	pix := make([]byte, 4*784)
	for j := range 4 {
		w := net.W[0][j*784 : (j+1)*784]
		WeightPixels(w, pix)
		big := 0
		for i, v := range w {
			if math.Abs(float64(v)) > math.Abs(float64(w[big])) {
				big = i
			}
		}
		end := Diverging(math.Copysign(1, float64(w[big])))
		if got := (color.RGBA{pix[4*big], pix[4*big+1], pix[4*big+2], pix[4*big+3]}); got != end {
			t.Errorf("neuron %d: its largest weight %v is drawn %v, want the map's end %v", j, w[big], got, end)
		}
		for i, v := range w {
			c := color.RGBA{pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3]}
			switch {
			case c.A != 0xff:
				t.Fatalf("pixel %d is not opaque", i)
			case v > 0 && c.R < c.B, v < 0 && c.B < c.R:
				t.Fatalf("neuron %d: weight %v drawn %v, on the wrong side", j, v, c)
			}
		}
	}
	// The table agrees with the map.
	for i := -1000; i <= 1000; i++ {
		v := float32(i) / 997
		want := Diverging(float64(v))
		got := divergingTable[tableIndex(v)]
		for _, d := range []int{int(got.R) - int(want.R), int(got.G) - int(want.G), int(got.B) - int(want.B)} {
			if d < -2 || d > 2 {
				t.Fatalf("table at %v: %v, the map %v", v, got, want)
			}
		}
	}
	acts := []float32{0, 2, 1, 0.5}
	apix := make([]byte, 4*6)
	bg := color.RGBA{1, 2, 3, 0xff}
	ActivationPixels(acts, apix, bg)
	for i, want := range []color.RGBA{Sequential(0), Sequential(1), Sequential(0.5), Sequential(0.25), bg, bg} {
		got := color.RGBA{apix[4*i], apix[4*i+1], apix[4*i+2], apix[4*i+3]}
		if d := int(got.R) + int(got.G) + int(got.B) - int(want.R) - int(want.G) - int(want.B); d < -4 || d > 4 {
			t.Errorf("activation cell %d drawn %v, want %v", i, got, want)
		}
	}
	nan := float32(math.NaN())
	WeightPixels([]float32{nan, 1, float32(math.Inf(-1))}, pix)
	if z := Diverging(0); pix[0] != z.R || pix[1] != z.G || pix[2] != z.B {
		t.Errorf("a NaN weight is drawn %v, want the neutral grey", pix[:4])
	}
	zeros := make([]float32, 784)
	WeightPixels(zeros, pix)
	if z := Diverging(0); pix[0] != z.R || pix[1] != z.G || pix[2] != z.B {
		t.Errorf("an all-zero neuron is drawn %v, want the neutral grey", pix[:4])
	}
}
