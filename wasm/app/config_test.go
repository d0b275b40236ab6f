package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"digits/core"
)

func TestParseHidden(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
		err  bool
	}{
		{"128 64", []int{128, 64}, false},
		{"300-100", []int{300, 100}, false},
		{" 32, 16 ", []int{32, 16}, false},
		{"", []int{}, false}, // no hidden layer: logistic regression
		{"0", nil, true},
		{"5000", nil, true},
		{"abc", nil, true},
		{"1 2 3 4 5", nil, true},
	} {
		got, err := ParseHidden(c.in)
		if (err != nil) != c.err || (!c.err && !slices.Equal(got, c.want)) {
			t.Errorf("ParseHidden(%q) = %v, %v; want %v, error %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestStepRateAndBatch(t *testing.T) {
	if got := StepRate(0.1, 1); got != 0.2 {
		t.Errorf("StepRate(0.1, +1) = %v", got)
	}
	if got := StepRate(0.001, -1); got != 0.001 {
		t.Errorf("StepRate(0.001, -1) = %v, want to stay at the bottom", got)
	}
	if got := StepRate(0.15, 0); got != 0.1 && got != 0.2 {
		t.Errorf("StepRate(0.15, 0) = %v, want the nearest step", got)
	}
	if got := StepBatch(0, 1); got != 16 {
		t.Errorf("StepBatch(full, +1) = %v", got)
	}
	if got := StepBatch(16, -1); got != 0 {
		t.Errorf("StepBatch(16, -1) = %v, want full batch", got)
	}
	if BatchLabel(0) != "full (60,000)" || BatchLabel(64) != "64" {
		t.Error("BatchLabel")
	}
}

func TestComparable(t *testing.T) {
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

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		lo, hi         float64
		n              int
		min, max, step float64
	}{
		{0, 1, 5, 0, 1, 0.2},
		{0.13, 2.31, 5, 0, 2.5, 0.5},
		{0.9, 0.98, 4, 0.9, 0.98, 0.02},
		{1, 1, 4, 1, 2, 0.5}, // empty range widened
	} {
		a := NiceAxis(c.lo, c.hi, c.n)
		if !near(a.Min, c.min) || !near(a.Max, c.max) || !near(a.Step, c.step) {
			t.Errorf("NiceAxis(%v, %v, %d) = %+v, want %v..%v step %v", c.lo, c.hi, c.n, a, c.min, c.max, c.step)
		}
		if a.Min > c.lo || a.Max < c.hi && c.hi > c.lo {
			t.Errorf("NiceAxis(%v, %v) = %+v does not cover the data", c.lo, c.hi, a)
		}
	}
	a := Axis{Min: 0, Max: 2, Step: 1}
	if p := a.Pos(1, 100, 200); p != 150 {
		t.Errorf("Pos(1) = %v", p)
	}
	if p := a.Pos(5, 100, 200); p != 200 {
		t.Errorf("Pos clamps: got %v", p)
	}
	if n := len(a.Ticks()); n != 3 {
		t.Errorf("Ticks = %v", a.Ticks())
	}
	// The epoch axis of a chart after one epoch: labels as written.
	var labels []string
	for _, v := range NiceAxis(0, 1, 5).Ticks() {
		labels = append(labels, fmt.Sprintf("%g", v))
	}
	if got := strings.Join(labels, " "); got != "0 0.2 0.4 0.6 0.8 1" {
		t.Errorf("tick labels %q, want 0 0.2 0.4 0.6 0.8 1", got)
	}
}

func near(a, b float64) bool { return abs(a-b) < 1e-9 }
