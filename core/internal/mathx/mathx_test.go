package mathx

import (
	"math"
	"testing"
)

// Exp and Log (mathx.go) replace math.Exp and math.Log so that native and
// WebAssembly builds compute the same bits; they must also be as accurate:
// within 1e-14 relative of the standard library over their whole range.
const mathxTol = 1e-14

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestExpMatchesMath(t *testing.T) {
	worst, at := 0.0, 0.0
	check := func(x float64) {
		if e := relErr(Exp(x), math.Exp(x)); e > worst {
			worst, at = e, x
		}
	}
	// Every x from -708 to 709 in steps of about 0.0007 (no normal result
	// is below e^-708), and dense around 0, where softmax mostly works.
	for i := 0; i <= 2_000_000; i++ {
		check(-708 + 1417*float64(i)/2_000_000)
	}
	for i := -100_000; i <= 100_000; i++ {
		check(float64(i) * 1e-5)
		check(float64(i) * 1e-12)
	}
	t.Logf("worst relative error %.3g at x = %v", worst, at)
	if worst > mathxTol {
		t.Errorf("Exp(%v) = %v, math.Exp gives %v: relative error %.3g > %g", at, Exp(at), math.Exp(at), worst, mathxTol)
	}
}

func TestLogMatchesMath(t *testing.T) {
	worst, at := 0.0, 0.0
	check := func(x float64) {
		if e := relErr(Log(x), math.Log(x)); e > worst {
			worst, at = e, x
		}
	}
	// Log-spaced from 1e-300 to 1e300, and dense around 1, where ln x is
	// near 0 and a relative error is hardest to keep small.
	for i := 0; i <= 2_000_000; i++ {
		check(math.Pow(10, -300+600*float64(i)/2_000_000))
	}
	for i := 1; i <= 100_000; i++ {
		check(1 + float64(i)*1e-6)
		check(1 - float64(i)*1e-6)
		check(float64(i) * 1e-5) // (0, 1]: the probabilities a loss takes logs of
	}
	check(0x1p-1022) // the smallest normal float64
	check(math.MaxFloat64)
	t.Logf("worst relative error %.3g at x = %v", worst, at)
	if worst > mathxTol {
		t.Errorf("Log(%v) = %v, math.Log gives %v: relative error %.3g > %g", at, Log(at), math.Log(at), worst, mathxTol)
	}
}

func TestExpLogSpecialValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"Exp(0)", Exp(0), 1},
		{"Exp(1)", Exp(1), math.E},
		{"Exp(-0)", Exp(math.Copysign(0, -1)), 1},
		{"Exp(+Inf)", Exp(inf), inf},
		{"Exp(-Inf)", Exp(-inf), 0},
		{"Exp(NaN)", Exp(nan), nan},
		{"Exp(710) overflows", Exp(710), inf},
		{"Exp(-746) underflows", Exp(-746), 0},
		{"Exp(-740) is subnormal", Exp(-740), math.Exp(-740)},
		{"Log(1)", Log(1), 0},
		// math.Log is not the reference here: on amd64 (assembly) it
		// returns -709.09 for the smallest subnormal, 2^-1074.
		{"Log(2^-1074)", Log(math.SmallestNonzeroFloat64), -1074 * math.Ln2},
		{"Log(e)", Log(math.E), 1},
		{"Log(0)", Log(0), -inf},
		{"Log(-0)", Log(math.Copysign(0, -1)), -inf},
		{"Log(-1)", Log(-1), nan},
		{"Log(-Inf)", Log(-inf), nan},
		{"Log(+Inf)", Log(inf), inf},
		{"Log(NaN)", Log(nan), nan},
	} {
		same := tc.got == tc.want || math.IsNaN(tc.got) && math.IsNaN(tc.want)
		if tc.name == "Exp(1)" || tc.name == "Log(e)" || tc.name == "Exp(-740) is subnormal" || tc.name == "Log(2^-1074)" {
			same = relErr(tc.got, tc.want) <= 1e-15 || math.Abs(tc.got-tc.want) <= 1e-323
		}
		if !same {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
