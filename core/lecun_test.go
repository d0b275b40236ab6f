package core_test

import (
	"testing"

	"digits/core"
)

func TestComparableLeCun(t *testing.T) {
	for _, c := range []struct {
		hidden []int
		want   float64
	}{
		{[]int{300}, 4.7}, {[]int{800}, 4.5}, {[]int{32}, 4.7}, {nil, 4.7},
		{[]int{300, 100}, 3.05}, {[]int{32, 16}, 3.05}, {[]int{512, 256}, 2.95}, {[]int{256, 128, 64}, 3.05},
	} {
		if got := core.ComparableLeCun(c.hidden); got.Error != c.want {
			t.Errorf("ComparableLeCun(%v) = %v, want %v%%", c.hidden, got, c.want)
		}
	}
	if s := core.ComparableLeCun([]int{300, 100}).String(); s != "LeCun 1998, 784-300-100-10: 3.05% error" {
		t.Errorf("String = %q", s)
	}
}

func TestMatchingLeCun(t *testing.T) {
	for _, c := range []struct {
		hidden []int
		want   float64 // 0: none close enough
	}{
		{[]int{300}, 4.7}, {[]int{512}, 4.7}, {[]int{800}, 4.5}, {[]int{1000}, 4.5}, {[]int{2000}, 4.5},
		{[]int{300, 100}, 3.05}, {[]int{256, 128}, 3.05}, {[]int{500, 150}, 2.95}, {[]int{512, 256}, 2.95},
		{[]int{32}, 0}, {[]int{10}, 0}, {[]int{4000}, 0}, {[]int{32, 16}, 0}, {[]int{300, 20}, 0},
		{[]int{300, 100, 50}, 0}, {nil, 0},
	} {
		got, ok := core.MatchingLeCun(c.hidden)
		if ok != (c.want != 0) || ok && got.Error != c.want {
			t.Errorf("MatchingLeCun(%v) = %v, %v; want %v%%", c.hidden, got, ok, c.want)
		}
	}
}
