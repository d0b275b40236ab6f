package cli

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"

	"digits/core"
)

// WritePlot draws a PNG of the promised size for any number of epochs,
// one included (whose single loss value a log axis must still show), with
// and without the reference line.
func TestWritePlot(t *testing.T) {
	ref := core.LeCun1998[2]
	for _, c := range []struct {
		epochs int
		ref    *core.LeCunResult
	}{{1, nil}, {1, &ref}, {2, nil}, {7, &ref}, {300, &ref}} {
		var curves Curves
		for e := range c.epochs {
			curves.Add(2.3/float64(e+1), 0.5+0.4*float64(e)/float64(c.epochs), 0.6+0.35*float64(e)/float64(c.epochs))
		}
		var b bytes.Buffer
		if err := WritePlot(&b, "title", &curves, c.ref); err != nil {
			t.Fatalf("%d epochs: %v", c.epochs, err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%d epochs: not a PNG: %v", c.epochs, err)
		}
		if s := img.Bounds().Size(); s.X != PlotWidth || s.Y != PlotHeight {
			t.Errorf("%d epochs: %v, want %d×%d", c.epochs, s, PlotWidth, PlotHeight)
		}
	}
	if err := WritePlot(new(bytes.Buffer), "title", &Curves{}, nil); err == nil {
		t.Error("no epochs: no error")
	}
}

func TestNiceTicks(t *testing.T) {
	labels := func(ticks []plot.Tick) (l []float64) {
		for _, t := range ticks {
			if t.Label != "" {
				l = append(l, t.Value)
			}
		}
		return l
	}
	for _, c := range []struct {
		t        niceTicks
		min, max float64
		want     []float64
	}{
		{niceTicks{n: 8, whole: true}, 0, 8, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8}},
		{niceTicks{n: 8, whole: true}, 0, 1, []float64{0, 1}},
		{niceTicks{n: 8, whole: true}, 0, 500, []float64{0, 100, 200, 300, 400, 500}},
		{niceTicks{n: 6}, 90.5, 98.3, []float64{92, 94, 96, 98}},
	} {
		got := labels(c.t.Ticks(c.min, c.max))
		if len(got) != len(c.want) {
			t.Errorf("%+v on [%v, %v]: labels at %v, want %v", c.t, c.min, c.max, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%+v on [%v, %v]: labels at %v, want %v", c.t, c.min, c.max, got, c.want)
				break
			}
		}
	}
	if got := labels(logTicks{}.Ticks(0.03, 2.4)); len(got) != 6 || got[0] != 0.05 || got[5] != 2 {
		t.Errorf("log ticks on [0.03, 2.4]: labels at %v, want 0.05 0.1 0.2 0.5 1 2", got)
	}
}

// CheckWritable refuses a path that cannot be written and leaves no file
// behind, nor changes one that was there.
func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "new.png")
	if err := CheckWritable("plot", fresh, ".png"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("the check left %s behind", fresh)
	}
	old := filepath.Join(dir, "old.png")
	os.WriteFile(old, []byte("keep me"), 0o644)
	if err := CheckWritable("plot", old, ".png"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(old); string(b) != "keep me" {
		t.Errorf("the check changed an existing file: %q", b)
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "no", "such", "x.png"): "cannot write there: no such file or directory",
		dir + "/":                      "must end in .png",
		filepath.Join(dir, "plot.jpg"): "--plot " + filepath.Join(dir, "plot.jpg") + ": the file name must end in .png",
	} {
		err := CheckWritable("plot", path, ".png")
		if _, ok := err.(UsageError); !ok || !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("%s: %v, want a usage error with %q", path, err, want)
		}
	}
}
