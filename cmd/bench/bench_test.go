package main

import (
	"strings"
	"testing"
)

func TestParseSizes(t *testing.T) {
	got, err := parseSizes("784-300-100-10")
	if err != nil || len(got) != 4 || got[1] != 300 {
		t.Fatalf("parseSizes: %v, %v", got, err)
	}
	for _, bad := range []string{"", "784", "784-x-10", "784-0-10", "784--10"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q): no error", bad)
		}
	}
}

func TestMedianMinimum(t *testing.T) {
	for _, c := range []struct {
		v        []float64
		med, min float64
	}{
		{[]float64{3, 1, 2}, 2, 1},
		{[]float64{4, 1, 2, 3}, 2.5, 1},
		{nil, 0, 0},
	} {
		if m := median(c.v); m != c.med {
			t.Errorf("median(%v) = %v, want %v", c.v, m, c.med)
		}
		if m := minimum(c.v); m != c.min {
			t.Errorf("minimum(%v) = %v, want %v", c.v, m, c.min)
		}
	}
}

// TestPeerLines checks that the lines numpy_ref.py prints are understood.
func TestPeerLines(t *testing.T) {
	line := "epoch_time median 0.7612s min 0.6601s first 0.8001s  train_total 4.6s  wall 9.9s"
	m := epochTime.FindStringSubmatch(line)
	if m == nil || m[1] != "0.7612" || m[2] != "0.6601" {
		t.Fatalf("epochTime on %q: %v", line, m)
	}
	bench := "BenchmarkMiniBatch \t 2\t 3528845000 ns/op\t 3627 images/s"
	if m := imagesPerSecond.FindStringSubmatch(bench); m == nil || m[1] != "3627" {
		t.Fatalf("imagesPerSecond on %q: %v", bench, m)
	}
	r := &result{lines: [][]string{strings.Fields("epoch_seconds 0.5"), strings.Fields("epoch_seconds 0.25"), strings.Fields("other 9")}}
	if v := r.values("epoch_seconds"); len(v) != 2 || v[1] != 0.25 {
		t.Fatalf("values: %v", v)
	}
}
