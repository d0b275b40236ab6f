package app

import (
	"fmt"
	"testing"
)

// The sizes the views are drawn at: the desktop window and the page's
// headless window (landscape), phones held upright, a portrait desktop
// window and a tablet upright (the shortest portrait canvas).
var viewSizes = [][2]float64{{1280, 720}, {800, 457}, {1920, 1080}, {412, 915}, {390, 844}, {720, 1280}, {1024, 1366}}

// The tabs sit over the view; the view lies on the screen, inside the
// panel, clear of the training controls and the sample grid, and holds
// the curves; a tall phone's canvas fills its height.
func TestViewLayout(t *testing.T) {
	for _, sz := range viewSizes {
		l := NewLayout(sz[0], sz[1])
		name := fmt.Sprint(sz)
		inside(t, name+" view", l.View, Rect{0, 0, sz[0], sz[1]})
		inside(t, name+" view", l.View, l.Panel)
		for v := range NumViews {
			tab := l.Controls[ViewTab(v)]
			if got := l.Hit(tab.X+tab.W/2, tab.Y+tab.H/2); got != ViewTab(v) {
				t.Errorf("%s: the %s tab's centre hits control %d", name, v, got)
			}
			if tab.Y+tab.H > l.View.Y || tab.Y < l.Stats.Y+l.Stats.H {
				t.Errorf("%s: the %s tab %v is not between the status lines and the view %v", name, v, tab, l.View)
			}
			if w, ok := ViewOf(ViewTab(v)); !ok || w != v {
				t.Errorf("ViewOf(ViewTab(%s)) = %v, %v", v, w, ok)
			}
		}
		if _, ok := ViewOf(Reset); ok {
			t.Error("Reset shows a view")
		}
		for c := Control(1); c < numControls; c++ {
			if c < TabCurves && overlap(l.Controls[c], l.View) {
				t.Errorf("%s: control %d overlaps the view", name, c)
			}
		}
		if overlap(l.View, l.Samples) || overlap(l.View, l.Pad) {
			t.Errorf("%s: the view overlaps the pad or the samples", name)
		}
		inside(t, name+" loss chart", l.LossChart, l.View)
		inside(t, name+" accuracy chart", l.AccChart, l.View)
		if l.Portrait && sz[1]/sz[0] > 2 && l.Footer.Y+l.Footer.H < sz[1]-1 {
			t.Errorf("%s: the canvas ends at %.0f of %.0f pixels", name, l.Footer.Y+l.Footer.H, sz[1])
		}
		if vt := l.ViewText(); vt < 1 || vt > 1.3 || !l.Portrait && vt != 1 || sz[1]/sz[0] > 2 && vt != 1.3 {
			t.Errorf("%s: view text ×%.2f, want 1 in landscape, 1.3 on a tall phone", name, vt)
		}
	}
}

// Every cell of the confusion matrix is in the view, hit at its centre
// and nowhere else, beside its row's accuracy bar; clicks off the matrix
// hit no cell.
func TestConfusionLayout(t *testing.T) {
	for _, sz := range viewSizes {
		l := NewLayout(sz[0], sz[1])
		name := fmt.Sprint(sz)
		for y := range 10 {
			bar := l.RecallBar(y)
			inside(t, name+" accuracy bar", bar, l.View)
			if bar.W < 60*l.Scale {
				t.Errorf("%s: accuracy bar %d only %.0f pixels wide", name, y, bar.W)
			}
			for g := range 10 {
				c := l.ConfusionCell(y, g)
				inside(t, fmt.Sprintf("%s cell %d→%d", name, y, g), c, l.View)
				if overlap(c, bar) {
					t.Errorf("%s: cell %d→%d overlaps the accuracy bar", name, y, g)
				}
				if c.H < 15*l.Scale || c.W < c.H || c.W > 1.81*c.H {
					t.Errorf("%s: cell %v too small or badly shaped", name, c)
				}
				if ty, tg, ok := l.ConfusionAt(c.X+c.W/2, c.Y+c.H/2); !ok || ty != y || tg != g {
					t.Errorf("%s: the centre of cell %d→%d hits %d→%d (%v)", name, y, g, ty, tg, ok)
				}
				if r, ok := l.Named(fmt.Sprintf("cell:%d:%d", y, g)); !ok || r != c {
					t.Errorf("%s: Named(cell:%d:%d) = %v, %v", name, y, g, r, ok)
				}
			}
		}
		first, last := l.ConfusionCell(0, 0), l.ConfusionCell(9, 9)
		for _, p := range [][2]float64{{first.X - 1, first.Y + 1}, {first.X + 1, first.Y - 1}, {last.X + last.W + 1, last.Y}, {last.X, last.Y + last.H + 1}} {
			if y, g, ok := l.ConfusionAt(p[0], p[1]); ok {
				t.Errorf("%s: %v, off the matrix, hits cell %d→%d", name, p, y, g)
			}
		}
	}
}

// The weights grid, the activation strips and the top neurons' pictures
// lie in the view without overlapping, the pictures square and at least
// 28 design units (one unit per pixel on the desktop).
func TestWeightsLayout(t *testing.T) {
	for _, sz := range viewSizes {
		l := NewLayout(sz[0], sz[1])
		name := fmt.Sprint(sz)
		right := l.WeightsRight()
		inside(t, name+" right column", right, l.View)
		for i := range ShownNeurons {
			c := l.WeightCell(i)
			inside(t, fmt.Sprintf("%s weight picture %d", name, i), c, l.View)
			if overlap(c, right) || c.W != c.H || c.W < 20*l.Scale {
				t.Errorf("%s: weight picture %d %v", name, i, c)
			}
			if i > 0 && overlap(c.Inset(1e-6), l.WeightCell(i-1)) {
				t.Errorf("%s: weight pictures %d and %d overlap", name, i-1, i)
			}
		}
		for n := 1; n <= 4; n++ {
			for i := range n {
				s := l.ActivationStrip(i, n)
				inside(t, fmt.Sprintf("%s strip %d of %d", name, i, n), s, right)
				if s.H < 8*l.Scale {
					t.Errorf("%s: strip %d of %d only %.1f pixels tall", name, i, n, s.H)
				}
				if i > 0 && l.ActivationStrip(i-1, n).Y+l.ActivationStrip(i-1, n).H > s.Y-10*l.Scale {
					t.Errorf("%s: strips %d and %d of %d leave no room for a label", name, i-1, i, n)
				}
				if overlap(s, l.TopCell(0)) {
					t.Errorf("%s: strip %d of %d overlaps the top neurons", name, i, n)
				}
			}
		}
		last := l.Controls[ViewTab(NumViews-1)]
		for i := range 2 {
			m := l.WeightsMode(i)
			inside(t, fmt.Sprintf("%s switch %d", name, i), m, l.Panel)
			if m.Y != last.Y || m.X < last.X+last.W+100*l.Scale {
				t.Errorf("%s: switch segment %d %v is not in the tab row, clear of the tabs and the legend", name, i, m)
			}
			if got := l.WeightsModeAt(m.X+m.W/2, m.Y+m.H/2); got != i {
				t.Errorf("%s: the centre of switch segment %d hits %d", name, i, got)
			}
		}
		if l.WeightsModeAt(last.X+1, last.Y+1) != -1 {
			t.Errorf("%s: a tab hits the weights switch", name)
		}
		for k := range TopShown {
			c := l.TopCell(k)
			inside(t, fmt.Sprintf("%s top neuron %d", name, k), c, right)
			if c.W != c.H || c.W < 28*l.Scale {
				t.Errorf("%s: top neuron picture %v", name, c)
			}
		}
	}
}

// Strips arrange any number of neurons in square cells, as large as the
// box allows.
func TestStripGrid(t *testing.T) {
	for _, c := range []struct {
		n    int
		w, h float64
	}{{512, 280, 40}, {300, 280, 40}, {100, 280, 40}, {16, 280, 40}, {1, 280, 40}, {7, 10, 100}} {
		cols, rows, cell := StripGrid(c.n, c.w, c.h)
		if cols*rows < c.n || float64(cols)*cell > c.w+1e-9 || float64(rows)*cell > c.h+1e-9 {
			t.Errorf("StripGrid(%d, %v, %v) = %d×%d of %.2f: does not hold them in the box", c.n, c.w, c.h, cols, rows, cell)
		}
		if (cols-1)*rows >= c.n || cols*(rows-1) >= c.n {
			t.Errorf("StripGrid(%d, …) = %d×%d: a row or column too many", c.n, cols, rows)
		}
	}
	if cols, rows, cell := StripGrid(0, 10, 10); cols != 0 || rows != 0 || cell != 0 {
		t.Error("an empty strip has cells")
	}
}

// The page API's names: each part it names, nothing else.
func TestNamed(t *testing.T) {
	l := NewLayout(1280, 720)
	for name, want := range map[string]Rect{
		"pad": l.Pad, "samples": l.Samples, "sample:3": l.SampleCell(3), "all-samples": l.Controls[AllSamples],
		"tab:curves": l.Controls[TabCurves], "tab:confusion": l.Controls[TabConfusion], "tab:weights": l.Controls[TabWeights],
		"cell:4:9": l.ConfusionCell(4, 9), "weights:weights": l.WeightsMode(0), "weights:change": l.WeightsMode(1),
		"export": l.Controls[Export], "import": l.Controls[Import], "seed": l.Controls[Seed],
	} {
		if got, ok := l.Named(name); !ok || got != want {
			t.Errorf("Named(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, bad := range []string{"", "cell:10:0", "cell:4", "cell:4:9x", "cell:-1:2", "tab:loss", "sample:28", "sample:x", "pad "} {
		if r, ok := l.Named(bad); ok {
			t.Errorf("Named(%q) = %v, want none", bad, r)
		}
	}
}

func inside(t *testing.T, what string, r, outer Rect) {
	t.Helper()
	const eps = 1e-6
	if r.W <= 0 || r.H <= 0 || r.X < outer.X-eps || r.Y < outer.Y-eps || r.X+r.W > outer.X+outer.W+eps || r.Y+r.H > outer.Y+outer.H+eps {
		t.Errorf("%s %v is not inside %v", what, r, outer)
	}
}
