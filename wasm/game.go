package main

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/data"
	"digits/wasm/app"
)

// frameBudget is the computing time (training, evaluation) given to each
// rendered frame in the browser. Go's WebAssembly runs on the page's only
// thread, so the frame rate is about 1 / (budget + drawing time). The
// budget is per rendered frame, not per Update: when frames are slow,
// ebiten runs extra Updates to catch up to 60 ticks per second, and a
// budget spent in each of them would slow the frames further. As Draw only
// redraws what changed, most frames cost little and 20 ms still gives 40
// fps in headless Chromium while training gets 80% of the time.
const frameBudget = 20 * time.Millisecond

// loadSlice is the time the training data decoder may take per rendered
// frame in the browser, after which it waits for the next frame.
const loadSlice = 8 * time.Millisecond

// Game is the ebiten game: the session (networks, data, training), the
// draw pad's ink, the prediction made from it and the other state the
// screen shows, each with its revision.
type Game struct {
	s       *app.Session
	ink     *app.Ink
	pred    app.Prediction
	guesses app.Guesses // of the sample digits under the pad
	field   app.Field   // custom hidden sizes
	views   app.Views   // what is under the view tabs
	filter  app.SampleFilter
	weights app.WeightsSnapshot // for the weights view
	inside  app.InsideView      // for the weights view
	lay     app.Layout
	layRev  app.Rev
	ui      *ui // fonts and images (render.go)

	in input // pointer and keyboard state (input.go)

	redraw    app.Redraw
	drewFrame bool // a frame was rendered since the last training slice
	ready     bool // a frame with the pad has been shown
	frames    frameStats
	frameTick chan struct{} // a frame was drawn: the loader may go on
}

// NewGame loads the pretrained model and starts decoding the data in the
// background, so the pad works at once.
func NewGame() (*Game, error) {
	net, err := defaultModel()
	if err != nil {
		return nil, err
	}
	g := &Game{s: app.NewSession(net), ink: app.NewInk(), pred: app.NewPrediction(), weights: app.NewWeightsSnapshot()}
	g.ui, err = newUI()
	if err != nil {
		return nil, err
	}
	slice := time.Duration(0)
	if inBrowser {
		slice = loadSlice
	}
	g.frameTick = make(chan struct{}, 1)
	go app.Load(g.s, data.FS, slice, func() { <-g.frameTick })
	if !inBrowser {
		go trainForever(g.s)
	}
	pageInit(g)
	return g, nil
}

// trainForever is the desktop's training loop: a goroutine with a thread
// of its own, stepping in slices so that the UI can take the session's
// lock between them, and resting while there is nothing to do.
func trainForever(s *app.Session) {
	for {
		if s.Step(25 * time.Millisecond) {
			time.Sleep(time.Millisecond)
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// Update handles input and, in the browser, trains for one slice after
// each rendered frame.
func (g *Game) Update() error {
	pagePoll(g)
	g.handleInput()
	if inBrowser && g.drewFrame {
		g.drewFrame = false
		t0 := time.Now()
		g.s.Step(frameBudget)
		g.frames.maxStep = max(g.frames.maxStep, time.Since(t0))
		select { // let the data loader decode another slice
		case g.frameTick <- struct{}{}:
		default:
		}
	}
	g.pred.Update(g.ink, g.s.NetRev(), g.s)
	g.updateViews()
	pagePublish(g)
	return nil
}

// revisions is the revision of everything on screen.
func (g *Game) revisions() app.Revisions {
	return app.Revisions{
		Session: g.s.Rev(), Settings: g.s.SettingsRev(), Ink: g.ink.Rev(),
		Prediction: g.pred.Rev(), Field: g.field.Rev(), Layout: g.layRev,
		View: g.views.Rev(), Samples: g.filter.Rev(), Weights: g.weights.Rev(), Inside: g.inside.Rev(),
	}
}

// Draw renders the app, but only when something on it changed: redrawing
// everything costs tens of milliseconds where WebGL is emulated on the CPU
// (SwiftShader, headless browsers, machines without a GPU), time better
// spent training. The screen is not cleared between frames (main.go), so
// an unchanged frame shows the last picture. The revisions are read before
// the state they count, so a change in between is drawn again next frame.
func (g *Game) Draw(screen *ebiten.Image) {
	g.frames.tick(time.Now())
	if g.redraw.Due(g.revisions()) {
		t0 := time.Now()
		g.drawAll(screen, g.s.Status())
		g.frames.redraws++
		g.frames.drawTime += time.Since(t0)
	}
	g.drewFrame = true
	g.ready = true
}

// LayoutF makes the screen as many pixels as the device has, so text is
// sharp on high-density displays, and re-arranges the app when it changes.
func (g *Game) LayoutF(w, h float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	w, h = w*s, h*s
	if w != g.lay.W || h != g.lay.H {
		g.lay = app.NewLayout(w, h)
		g.layRev.Bump()
	}
	return w, h
}

// Layout is required by ebiten.Game; LayoutF is used instead.
func (g *Game) Layout(w, h int) (int, int) {
	fw, fh := g.LayoutF(float64(w), float64(h))
	return int(fw), int(fh)
}

// frameStats measures the frame rate and the longest gap between frames,
// for the page API (the e2e test reports them).
type frameStats struct {
	last      time.Time
	count     int
	maxGap    time.Duration
	windowAt  time.Time
	windowCnt int
	fps       float64
	maxStep   time.Duration // longest training slice (budget overrun)
	redraws   int           // frames that were drawn anew
	drawTime  time.Duration // Go time spent in those redraws
}

func (f *frameStats) tick(now time.Time) (gap time.Duration) {
	if !f.last.IsZero() {
		if gap = now.Sub(f.last); gap > f.maxGap {
			f.maxGap = gap
		}
	} else {
		f.windowAt = now
	}
	f.last = now
	f.count++
	f.windowCnt++
	if d := now.Sub(f.windowAt); d >= time.Second {
		f.fps = float64(f.windowCnt) / d.Seconds()
		f.windowAt, f.windowCnt = now, 0
	}
	return gap
}
