package core

import (
	"fmt"
	"math"
)

// LeCunResult is a published test error for a fully connected network
// trained on MNIST without distortions, to hold a run of ours against.
type LeCunResult struct {
	Hidden []int   // hidden layer sizes, e.g. [300 100] for 784-300-100-10
	Error  float64 // test error in percent
}

// LeCun1998 lists the plain (undistorted) fully connected results of
// LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to
// document recognition" (Proc. IEEE, 1998), section III.C, also in the
// table on LeCun's MNIST page.
var LeCun1998 = []LeCunResult{
	{[]int{300}, 4.7},
	{[]int{1000}, 4.5},
	{[]int{300, 100}, 3.05},
	{[]int{500, 150}, 2.95},
}

// ComparableLeCun picks the result whose network is most like one with
// the given hidden layers, however different: the same number of hidden
// layers if there is one (one, or two and more), then the nearest
// first-layer size on a log scale.
func ComparableLeCun(hidden []int) LeCunResult {
	best, bestD := LeCun1998[0], math.Inf(1)
	for _, r := range LeCun1998 {
		d := 0.0
		if (len(r.Hidden) == 1) != (len(hidden) <= 1) {
			d += 100
		}
		if len(hidden) > 0 {
			d += math.Abs(logSize(hidden[0]) - logSize(r.Hidden[0]))
		}
		if d < bestD {
			best, bestD = r, d
		}
	}
	return best
}

// MatchingLeCun returns the result for a network close enough to compare
// with: the same number of hidden layers, each within a factor of two of
// ours (the nearest such, on a log scale). 784-32-16-10 has none.
func MatchingLeCun(hidden []int) (LeCunResult, bool) {
	var best LeCunResult
	bestD, found := math.Inf(1), false
	for _, r := range LeCun1998 {
		if len(r.Hidden) != len(hidden) {
			continue
		}
		d := 0.0
		for i, h := range hidden {
			di := math.Abs(logSize(h) - logSize(r.Hidden[i]))
			if di > math.Ln2+1e-12 { // a factor of two exactly counts as close
				d = math.Inf(1)
				break
			}
			d += di
		}
		if d < bestD {
			best, bestD, found = r, d, true
		}
	}
	return best, found
}

// logSize is ln(n), with sizes below 1 (none in a valid network) kept finite.
func logSize(n int) float64 { return math.Log(math.Max(float64(n), 1e-9)) }

// String says which network and what error, e.g.
// "LeCun 1998, 784-300-100-10: 3.05% error".
func (r LeCunResult) String() string {
	return fmt.Sprintf("LeCun 1998, 784-%s-10: %g%% error", SizesString(r.Hidden), r.Error)
}
