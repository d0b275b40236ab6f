// Package mathx holds e^x and ln x computed with the same bits on every
// platform, for core and its subpackages.
package mathx

import "math"

// Why not math.Exp and math.Log? On amd64 they are written in assembly and
// on js/wasm in Go, and the two do not always agree in the last bit. A
// softmax built on them would make a network trained natively drift away
// from the same network trained in the browser. The two functions below
// use only +, -, *, / and exact operations (Floor, Ldexp, Frexp), which
// IEEE 754 defines bit for bit on every platform, so the same seed gives
// the same weights everywhere. They are accurate to about 1e-15 relative,
// far beyond what float32 training needs.

const (
	ln2Hi = 6.93147180369123816490e-01 // ln 2 split in two so that k*ln2Hi is exact
	ln2Lo = 1.90821492927058770002e-10
	log2e = 1.44269504088896338700e+00 // 1 / ln 2
)

// Exp returns e**x.
//
// Range reduction: x = k·ln2 + r with k an integer and |r| ≤ ln2/2, so
// e**x = 2**k · e**r, and e**r is a short Taylor series because r is small:
// e**r = 1 + r + r²/2! + ... + r¹³/13! (the next term is below 1e-16).
func Exp(x float64) float64 {
	switch {
	case x != x: // NaN
		return x
	case x > 709.78:
		return math.Inf(1)
	case x < -745.2:
		return 0
	}
	k := math.Floor(x*log2e + 0.5)
	r := (x - k*ln2Hi) - k*ln2Lo
	// Horner's rule, from the highest term down.
	p := 1.0
	for n := 13.0; n >= 1; n-- {
		p = 1 + float64(p*(r/n)) // float64(...) forbids a fused multiply-add
	}
	return math.Ldexp(p, int(k))
}

// Log returns the natural logarithm of x.
//
// x = f·2**e with f in [1/√2, √2), so ln x = e·ln2 + ln f, and with
// s = (f-1)/(f+1) (|s| < 0.172), ln f = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + ...).
func Log(x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	f, e := math.Frexp(x) // f in [0.5, 1)
	if f < math.Sqrt2/2 {
		f *= 2
		e--
	}
	s := (f - 1) / (f + 1)
	s2 := s * s
	// 2·(s + s³/3 + ... + s^23/23): |s|^25/25 < 1e-20.
	sum := 0.0
	for n := 23.0; n >= 1; n -= 2 {
		sum = 1/n + float64(s2*sum)
	}
	return float64(e)*ln2Hi + (float64(e)*ln2Lo + 2*s*sum)
}
