package cli

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"digits/core"
)

// Curves are what a training run measured, one value per epoch.
type Curves struct {
	Loss     []float64 // mean cross-entropy loss over the epoch's steps
	TrainAcc []float64 // accuracy on the training images during the epoch
	TestAcc  []float64 // accuracy on the test images at the epoch's end
}

// Add records one epoch.
func (c *Curves) Add(loss, trainAcc, testAcc float64) {
	c.Loss = append(c.Loss, loss)
	c.TrainAcc = append(c.TrainAcc, trainAcc)
	c.TestAcc = append(c.TestAcc, testAcc)
}

// The plot's size in pixels: 7.5 × 6 inches at 96 dots per inch, legible
// at its own size in a README.
const (
	PlotWidth, PlotHeight = 720, 576
	plotDPI               = 96
)

// Colours that stay apart for colour-blind readers (Okabe and Ito's
// palette) and in grey.
var (
	lossColour  = color.RGBA{0x00, 0x72, 0xb2, 0xff} // blue
	trainColour = color.RGBA{0xe6, 0x9f, 0x00, 0xff} // orange
	testColour  = color.RGBA{0x00, 0x9e, 0x73, 0xff} // bluish green
	refColour   = color.RGBA{0x55, 0x55, 0x55, 0xff} // dark grey
)

// WritePlot draws the curves as a PNG: the loss above (log scale, since it
// falls over orders of magnitude), the training and test accuracy below,
// and, if ref is not nil, the published accuracy 100% − ref.Error as a
// dashed line for comparison. title heads the figure.
func WritePlot(w io.Writer, title string, c *Curves, ref *core.LeCunResult) error {
	if len(c.Loss) == 0 {
		return fmt.Errorf("no epochs to plot")
	}
	loss, err := lossPlot(title, c)
	if err != nil {
		return err
	}
	acc, err := accuracyPlot(c, ref)
	if err != nil {
		return err
	}
	img := vgimg.NewWith(vgimg.UseWH(PlotWidth*vg.Inch/plotDPI, PlotHeight*vg.Inch/plotDPI), vgimg.UseDPI(plotDPI))
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Points(6), PadY: vg.Points(10),
		PadTop: vg.Points(8), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(14)}
	plots := [][]*plot.Plot{{loss}, {acc}}
	canvases := plot.Align(plots, tiles, draw.New(img))
	loss.Draw(canvases[0][0])
	acc.Draw(canvases[1][0])
	_, err = vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

func lossPlot(title string, c *Curves) (*plot.Plot, error) {
	p := newPlot()
	p.Title.Text = title
	p.Y.Label.Text = "loss (log scale)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
	pts := make(plotter.XYs, len(c.Loss))
	for i, l := range c.Loss {
		// A log scale has no 0; a loss that small is 0 to the eye anyway.
		pts[i] = plotter.XY{X: float64(i + 1), Y: math.Max(l, 1e-6)}
	}
	if err := addCurve(p, "cross-entropy loss on the training images", pts, lossColour); err != nil {
		return nil, err
	}
	if p.Y.Min == p.Y.Max {
		// One epoch: plot would widen the range by ±1, below 0, which a
		// log scale cannot show; widen it by a factor of two instead.
		p.Y.Min, p.Y.Max = p.Y.Min/2, p.Y.Max*2
	}
	p.Legend.Top = true // the loss falls: the top right is free
	p.Legend.YOffs = -vg.Points(4)
	return p, nil
}

func accuracyPlot(c *Curves, ref *core.LeCunResult) (*plot.Plot, error) {
	p := newPlot()
	p.Y.Label.Text = "accuracy (%)"
	p.Y.Tick.Marker = niceTicks{n: 6}
	train := make(plotter.XYs, len(c.TrainAcc))
	test := make(plotter.XYs, len(c.TestAcc))
	for i := range c.TrainAcc {
		train[i] = plotter.XY{X: float64(i + 1), Y: 100 * c.TrainAcc[i]}
		test[i] = plotter.XY{X: float64(i + 1), Y: 100 * c.TestAcc[i]}
	}
	if err := addCurve(p, "training images (during the epoch)", train, trainColour); err != nil {
		return nil, err
	}
	if err := addCurve(p, "test images (after the epoch)", test, testColour); err != nil {
		return nil, err
	}
	if ref != nil {
		acc := 100 - ref.Error
		line, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: acc}, {X: p.X.Max, Y: acc}})
		if err != nil {
			return nil, err
		}
		line.Color = refColour
		line.Width = vg.Points(1.2)
		line.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("test, LeCun et al. 1998 (784-%s-10, %g%% error)", core.SizesString(ref.Hidden), ref.Error), line)
	}
	// A little room above the best epoch, never past 100%. The legend
	// stays at the bottom right, which rising accuracy leaves free.
	p.Y.Max = math.Min(100, p.Y.Max+0.5)
	return p, nil
}

// newPlot is a plot in sans-serif type with a grid and whole epochs on
// the x axis, which starts at epoch 0, before any training.
func newPlot() *plot.Plot {
	p := plot.New()
	sans := func(size vg.Length) font.Font {
		return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	}
	p.Title.TextStyle.Font = sans(13)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(11)
		a.Tick.Label.Font = sans(10)
	}
	p.Legend.TextStyle.Font = sans(10)
	p.Legend.ThumbnailWidth = vg.Points(24)
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), vg.Points(4) // off the axes' edges
	p.X.Label.Text = "epoch"
	p.X.Min = 0
	p.X.Tick.Marker = niceTicks{n: 8, whole: true}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xe0}
	grid.Horizontal.Color = color.Gray{Y: 0xe0}
	p.Add(grid)
	return p
}

// addCurve adds one measurement per epoch as a line, with a dot on each
// epoch when there are few enough to tell apart (a single epoch is only a
// dot).
func addCurve(p *plot.Plot, name string, pts plotter.XYs, c color.Color) error {
	line, dots, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	line.Color = c
	line.Width = vg.Points(1.8)
	dots.Color = c
	dots.Shape = draw.CircleGlyph{}
	dots.Radius = vg.Points(2.2)
	if len(pts) > 40 {
		dots.Radius = 0
	}
	p.Add(line, dots)
	p.Legend.Add(name, line, dots)
	return nil
}

// niceTicks labels about n values at a round step (1, 2 or 5 times a
// power of ten, and whole numbers only if whole is set), with an
// unlabelled mark halfway between: plot.DefaultTicks labels only three or
// four, and marks half epochs on a short run.
type niceTicks struct {
	n     int
	whole bool
}

func (t niceTicks) Ticks(min, max float64) []plot.Tick {
	span := max - min
	if !(span > 0) {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', 4, 64)}}
	}
	raw := span / float64(t.n)
	step := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*step >= raw {
			step *= m
			break
		}
	}
	if t.whole {
		step = math.Max(1, math.Round(step))
	}
	var ticks []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max+step*1e-9; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		if half := v + step/2; half <= max && (!t.whole || step >= 2 && half == math.Trunc(half)) {
			ticks = append(ticks, plot.Tick{Value: half})
		}
	}
	return ticks
}

// logTicks labels a log axis at 1, 2 and 5 times the powers of ten (at
// every whole multiple when the range holds fewer than two of those),
// with unlabelled marks at the other multiples: plot.LogTicks labels only
// the powers of ten, which a loss between 0.1 and 1 never reaches.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	var all []float64
	for p := math.Floor(math.Log10(min)); p <= math.Ceil(math.Log10(max)); p++ {
		for m := 1; m <= 9; m++ {
			if v := float64(m) * math.Pow(10, p); v >= min*(1-1e-9) && v <= max*(1+1e-9) {
				all = append(all, v)
			}
		}
	}
	labelled := func(v float64) bool {
		m := v / math.Pow(10, math.Floor(math.Log10(v)+1e-9))
		return math.Abs(m-1) < 1e-6 || math.Abs(m-2) < 1e-6 || math.Abs(m-5) < 1e-6
	}
	n := 0
	for _, v := range all {
		if labelled(v) {
			n++
		}
	}
	ticks := make([]plot.Tick, len(all))
	for i, v := range all {
		ticks[i].Value = v
		if n < 2 || labelled(v) {
			ticks[i].Label = strconv.FormatFloat(v, 'g', 3, 64)
		}
	}
	return ticks
}
