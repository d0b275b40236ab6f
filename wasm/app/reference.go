package app

import (
	"fmt"

	"digits/core"
)

// Reference is a published test error for a fully connected network
// trained on MNIST without distortions, from LeCun, Bottou, Bengio and
// Haffner, "Gradient-based learning applied to document recognition"
// (Proc. IEEE, 1998), section III.C and the table on LeCun's MNIST page.
type Reference struct {
	Hidden []int
	Error  float64 // test error in percent
}

// LeCun1998 lists the plain (undistorted) fully connected results.
var LeCun1998 = []Reference{
	{[]int{300}, 4.7},
	{[]int{1000}, 4.5},
	{[]int{300, 100}, 3.05},
	{[]int{500, 150}, 2.95},
}

// Comparable picks the reference network most like one with the given
// hidden layers: the same number of hidden layers if there is one (one,
// or two and more), then the nearest first-layer size on a log scale.
func Comparable(hidden []int) Reference {
	best, bestD := LeCun1998[0], 1e18
	for _, r := range LeCun1998 {
		d := 0.0
		if (len(r.Hidden) == 1) != (len(hidden) <= 1) {
			d += 100
		}
		if len(hidden) > 0 {
			d += abs(logf(float64(hidden[0])) - logf(float64(r.Hidden[0])))
		}
		if d < bestD {
			best, bestD = r, d
		}
	}
	return best
}

// String says which network and what error, e.g.
// "LeCun 1998, 784-300-100-10: 3.05% error".
func (r Reference) String() string {
	return fmt.Sprintf("LeCun 1998, 784-%s-10: %g%% error", core.SizesString(r.Hidden), r.Error)
}
