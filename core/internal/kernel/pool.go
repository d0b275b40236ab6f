package kernel

import "fmt"

// MaxPool2 is 2×2 max pooling with stride 2: planes of h×w floats in a
// become planes of (h/2)×(w/2) in z (an odd last row or column is left
// out), and arg gets the index in a of each window's largest value:
//
//	window (c, y, x) at i = (c·h + 2y)·w + 2x: the larger of a[i], a[i+1]
//	(the first if neither is larger), the larger of a[i+w], a[i+w+1], then
//	the larger of the two (the top one if neither is larger).
//
// With relu, a is the input of a ReLU before the pooling: z gets ReLU of
// the maximum (ReLU keeps the order of values, so this is the pooled
// ReLU) and arg is -1 where the maximum is not positive, where ReLU
// passes no gradient. Comparisons and selections only, so every version
// gives the same bits. MaxPool2 panics if a slice is too short.
func MaxPool2(z []float32, arg []int32, a []float32, planes, h, w int, relu bool) {
	n := planes * (h / 2) * (w / 2)
	if planes < 0 || h < 0 || w < 0 || len(a) < planes*h*w || len(z) < n || len(arg) < n {
		panic(fmt.Sprintf("kernel.MaxPool2: %d planes of %d×%d from %d floats into %d and %d", planes, h, w, len(a), len(z), len(arg)))
	}
	if n == 0 {
		return
	}
	if useFast {
		maxPool2Fast(z, arg, a, planes, h, w, relu)
		return
	}
	MaxPool2Go(z, arg, a, planes, h, w, relu)
}

// MaxPool2Go is the portable version of MaxPool2.
func MaxPool2Go(z []float32, arg []int32, a []float32, planes, h, w int, relu bool) {
	oh, ow := h/2, w/2
	k := 0
	for c := range planes {
		for y := range oh {
			i := (c*h + 2*y) * w
			zs, as := z[k:k+ow:k+ow], arg[k:k+ow:k+ow]
			for x := range zs {
				best := i + max2(a[i:i+2:i+2], a[i+w:i+w+2:i+w+2], w)
				v := a[best]
				as[x] = int32(best)
				if relu {
					if v < 0 {
						v = 0
					}
					if !(a[best] > 0) {
						as[x] = -1
					}
				}
				zs[x] = v
				i += 2
			}
			k += ow
		}
	}
}

// max2 returns the offset of the largest of the 2×2 window whose rows are
// r0 and r1 (row stride w): 0, 1, w or w+1, as MaxPool2 says. The larger
// of each row first, then of the two: the compiler makes conditional
// moves of the indices, not branches that the data would mispredict half
// the time.
func max2(r0, r1 []float32, w int) int {
	r0, r1 = r0[:2], r1[:2]
	i0, i1 := 0, 0
	if r0[1] > r0[0] {
		i0 = 1
	}
	if r1[1] > r1[0] {
		i1 = 1
	}
	if r1[i1] > r0[i0] {
		return w + i1
	}
	return i0
}
