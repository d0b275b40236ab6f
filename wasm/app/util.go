package app

import "math"

func logf(x float64) float64 { return math.Log(math.Max(x, 1e-9)) }
