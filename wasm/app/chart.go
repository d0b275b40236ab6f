package app

import "math"

// Axis maps data values onto a span of screen pixels, with "nice" round
// limits so that grid lines fall on readable values (0.5, 1, 1.5...).
type Axis struct {
	Min, Max float64 // data range shown
	Step     float64 // distance between grid lines
}

// NiceAxis returns an axis covering [lo, hi] with about n grid steps of
// 1, 2 or 5 times a power of ten. An empty or inverted range is widened.
func NiceAxis(lo, hi float64, n int) Axis {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(max(n, 1))
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := p
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	return Axis{Min: math.Floor(lo/step+1e-9) * step, Max: math.Ceil(hi/step-1e-9) * step, Step: step}
}

// Ticks lists the grid values from Min to Max, rounded to nine decimals
// so that they print as written (3 × 0.2 is 0.6000000000000001 in binary
// floating point; the labels must say 0.6).
func (a Axis) Ticks() []float64 {
	var t []float64
	for i := 0; ; i++ {
		v := a.Min + float64(i)*a.Step
		if v > a.Max+a.Step*1e-6 {
			return t
		}
		t = append(t, math.Round(v*1e9)/1e9)
	}
}

// Pos maps v to a pixel between p0 (at Min) and p1 (at Max), clamped.
func (a Axis) Pos(v, p0, p1 float64) float64 {
	f := (v - a.Min) / (a.Max - a.Min)
	f = math.Max(0, math.Min(1, f))
	return p0 + f*(p1-p0)
}
