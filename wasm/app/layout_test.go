package app

import (
	"slices"
	"testing"

	"digits/core"
)

// Every control must lie on the screen, not overlap another, and be hit
// by a click at its centre, at every size people use: phones both ways,
// laptops, a 4K monitor, the e2e test's headless window.
func TestLayoutControlsOnScreenAndHittable(t *testing.T) {
	sizes := [][2]float64{{800, 457}, {1280, 720}, {1920, 1080}, {3840, 2160}, {390, 844}, {844, 390}, {1024, 1366}, {300, 300}}
	for _, sz := range sizes {
		l := NewLayout(sz[0], sz[1])
		if l.Portrait != (sz[1] > sz[0]*1.1) {
			t.Errorf("%v: portrait = %v", sz, l.Portrait)
		}
		all := []Rect{l.Pad, l.Guess, l.Seen, l.Bars, l.Samples, l.LossChart, l.AccChart}
		for c := Control(1); c < numControls; c++ {
			all = append(all, l.Controls[c])
			r := l.Controls[c]
			if got := l.Hit(r.X+r.W/2, r.Y+r.H/2); got != c {
				t.Errorf("%v: centre of control %d hits %d", sz, c, got)
			}
			for d := c + 1; d < numControls; d++ {
				if overlap(r, l.Controls[d]) {
					t.Errorf("%v: controls %d and %d overlap: %v %v", sz, c, d, r, l.Controls[d])
				}
			}
		}
		for i, r := range all {
			if r.W <= 0 || r.H <= 0 || r.X < -1e-9 || r.Y < -1e-9 || r.X+r.W > sz[0]+1e-9 || r.Y+r.H > sz[1]+1e-9 {
				t.Errorf("%v: rectangle %d %v is off the screen", sz, i, r)
			}
		}
		if l.Pad.W != l.Pad.H {
			t.Errorf("%v: pad %v is not square", sz, l.Pad)
		}
		if overlap(l.Pad, l.Samples) || overlap(l.Pad, l.LossChart) || overlap(l.Samples, l.AccChart) || overlap(l.Bars, l.Samples) {
			t.Errorf("%v: pad, samples and charts overlap", sz)
		}
	}
}

func overlap(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

func TestPadPointAndSampleAt(t *testing.T) {
	l := NewLayout(1280, 720)
	u, v, ok := l.PadPoint(l.Pad.X+l.Pad.W/4, l.Pad.Y+l.Pad.H*3/4)
	if !ok || u != 0.25 || v != 0.75 {
		t.Errorf("PadPoint = %v, %v, %v; want 0.25, 0.75, true", u, v, ok)
	}
	if _, _, ok := l.PadPoint(l.Pad.X-1, l.Pad.Y); ok {
		t.Error("a point left of the pad is on it")
	}
	if l.Hit(l.Pad.X+10, l.Pad.Y+10) != NoControl {
		t.Error("the pad hits a control")
	}
	for i := 0; i < l.NumSamples(); i++ {
		c := l.SampleCell(i)
		if got := l.SampleAt(c.X+c.W/2, c.Y+c.H/2); got != i {
			t.Errorf("centre of sample cell %d gives %d", i, got)
		}
	}
	if got := l.SampleAt(l.Pad.X+1, l.Pad.Y+1); got != -1 {
		t.Errorf("SampleAt on the pad = %d, want -1", got)
	}
}

// A button for every preset and every initialisation core accepts, each
// selecting its own, and no other control taken for one.
func TestPresetAndInitButtons(t *testing.T) {
	if PresetButton(NumPresets-1)+1 != Custom {
		t.Errorf("%d preset buttons before Custom, want NumPresets = %d", Custom-Preset1, NumPresets)
	}
	if numInitButtons != len(core.Inits) {
		t.Errorf("%d initialisation buttons for %d initialisations (core.Inits)", numInitButtons, len(core.Inits))
	}
	for c := Control(1); c < numControls; c++ {
		p, isPreset := PresetOf(c)
		in, isInit := InitOf(c)
		switch {
		case isPreset && PresetButton(p) != c, isInit && InitButton(slices.Index(core.Inits, in)) != c:
			t.Errorf("control %d: preset %v (%v), init %q (%v) do not map back", c, p, isPreset, in, isInit)
		case isPreset && isInit:
			t.Errorf("control %d is both a preset and an initialisation", c)
		}
	}
	for p := range NumPresets {
		if got, ok := PresetOf(PresetButton(p)); !ok || got != p {
			t.Errorf("PresetOf(PresetButton(%d)) = %d, %v", p, got, ok)
		}
	}
	for i, in := range core.Inits {
		if got, ok := InitOf(InitButton(i)); !ok || got != in {
			t.Errorf("InitOf(InitButton(%d)) = %q, %v", i, got, ok)
		}
	}
	if _, ok := PresetOf(Custom); ok {
		t.Error("Custom selects a preset")
	}
}
