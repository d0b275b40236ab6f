package main

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/data"
	"digits/wasm/app"
)

// loadSlice is the time decoding the test digits may take per rendered
// frame in the browser, after which it waits for the next frame.
const loadSlice = 8 * time.Millisecond

// liveEvery is how often, at most, the screen follows a network being
// trained: its progress, curves and weights (the pad's and the test
// digits' guesses) arrive from the trainer several times a second, and
// every change to the screen is costly where a browser emulates the GPU
// on the CPU (headless browsers, machines without a GPU): there ebiten
// presents the changed screen for five frames of 30 to 45 ms each in a
// 1280×800 window. Input, settings and the training panel's buttons still
// show at once.
const liveEvery = time.Second

// live is what of the session the screen last followed, while training.
type live struct {
	session, net app.Rev
	phase        app.Phase
	at           time.Time
}

// Game is the ebiten game: the session (the network the pad uses, the
// training panel, what the trainer reports), the draw pad's ink, the prediction made from it and the other state the
// screen shows, each with its revision.
type Game struct {
	s       *app.Session
	ink     *app.Ink
	pred    app.Prediction
	guesses app.Guesses // of the sample digits under the pad
	field   app.Field   // custom hidden sizes
	seed    app.SeedField
	notice  app.Notice // what became of a file, bad settings in the URL
	store   storage    // where the network is kept across visits (store_*.go)
	views   app.Views  // what is under the view tabs
	filter  app.SampleFilter
	weights app.WeightsSnapshot // for the weights view
	inside  app.InsideView      // for the weights view
	lay     app.Layout
	layRev  app.Rev
	ui      *ui // fonts and images (render.go)

	in   input // pointer and keyboard state (input.go)
	live live  // the session's revisions the screen follows

	redraw    app.Redraw
	drewFrame bool // a frame was rendered since the last Update
	ready     bool // a frame with the pad has been shown
	frames    frameStats
	frameTick chan struct{} // a frame was drawn: the loader may go on
}

// NewGame loads the pretrained model, starts decoding the test digits in
// the background, so the pad works at once, and starts the trainer: a Web
// Worker in the browser (link_js.go), a goroutine on the desktop
// (link_other.go). The app itself never trains: it draws, reads input and
// predicts.
func NewGame() (*Game, error) {
	net, err := defaultModel()
	if err != nil {
		return nil, err
	}
	g := &Game{s: app.NewSession(net, defaultModelFile()), ink: app.NewInk(), pred: app.NewPrediction(), weights: app.NewWeightsSnapshot()}
	g.ui, err = newUI()
	if err != nil {
		return nil, err
	}
	g.restore() // before the trainer starts: it measures the network restored
	slice := time.Duration(0)
	if inBrowser {
		slice = loadSlice
	}
	g.frameTick = make(chan struct{}, 1)
	go func() {
		test, err := app.LoadSet(data.TestFS, "test", app.Pacer{Slice: slice, Pause: func() { <-g.frameTick }}, nil)
		g.s.SetTest(test, err)
	}()
	startTrainer(g)
	pageInit(g)
	return g, nil
}

// Update takes in the trainer's reports and the input, and lets the test
// digits' decoder go on after each rendered frame.
func (g *Game) Update() error {
	t0 := time.Now()
	pollTrainer(g)
	g.frames.maxReport = max(g.frames.maxReport, time.Since(t0))
	pagePoll(g)
	pollFiles(g)
	g.handleInput()
	g.follow(time.Now())
	if g.drewFrame {
		g.drewFrame = false
		select {
		case g.frameTick <- struct{}{}:
		default:
		}
	}
	g.pred.Update(g.ink, g.live.net, g.s)
	g.updateViews()
	g.keep()
	pagePublish(g)
	return nil
}

// follow takes the session's revisions for the screen: at once when the
// training phase changed or nothing trains, at most every liveEvery while
// a network trains.
func (g *Game) follow(now time.Time) {
	ph := g.s.Phase()
	if ph == app.Training && ph == g.live.phase && now.Sub(g.live.at) < liveEvery {
		return
	}
	g.live = live{session: g.s.Rev(), net: g.s.NetRev(), phase: ph, at: now}
}

// revisions is the revision of everything on screen.
func (g *Game) revisions() app.Revisions {
	return app.Revisions{
		Session: g.live.session, Settings: g.s.SettingsRev(), Ink: g.ink.Rev(),
		Prediction: g.pred.Rev(), Field: g.field.Rev(), Layout: g.layRev,
		SeedField: g.seed.Rev(), Notice: g.notice.Rev(), Storage: g.store.rev,
		View: g.views.Rev(), Samples: g.filter.Rev(), Weights: g.weights.Rev(), Inside: g.inside.Rev(),
	}
}

// Draw renders the app, but only when something on it changed: redrawing
// everything costs tens of milliseconds where WebGL is emulated on the CPU
// (SwiftShader, headless browsers, machines without a GPU), time better
// spent training. The screen is not cleared between frames (main.go), so
// an unchanged frame shows the last picture. The revisions are read before
// the state they count, so a change in between is drawn again next frame.
//
// The first frame shows the pad alone, and the page is told it is ready:
// drawing every string for the first time takes a few hundred
// milliseconds in WebAssembly, and the pad is what a visitor reaches for
// first. The rest follows in the next frame.
func (g *Game) Draw(screen *ebiten.Image) {
	g.frames.tick(time.Now())
	g.drewFrame = true
	if !g.ready {
		screen.Fill(colBg)
		g.drawPad(screen)
		g.ready = true
		pageReady(g)
		return
	}
	if g.redraw.Due(g.revisions()) {
		t0 := time.Now()
		g.drawAll(screen, g.s.Status())
		g.frames.redraws++
		g.frames.drawTime += time.Since(t0)
	}
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
	maxReport time.Duration // longest time an Update spent on the trainer's reports
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
