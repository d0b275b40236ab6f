package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/core/draw"
	"digits/data"
	"digits/wasm/app"
)

// frameBudget is the computing time (training, evaluation) given to each
// rendered frame in the browser. Go's WebAssembly runs on the page's only
// thread, so the frame rate is about 1 / (budget + drawing time). A budget
// per rendered frame, not per Update, since ebiten runs extra Updates to
// catch up when frames are slow (shared/notes). As Draw only redraws what
// changed, most frames cost little and 20 ms still gives 40 fps in
// headless Chromium while training gets 80% of the time.
const frameBudget = 20 * time.Millisecond

// loadSlice is the time the training data decoder may take per rendered
// frame in the browser, after which it waits for the next frame.
const loadSlice = 8 * time.Millisecond

// Game is the ebiten game: the session (networks, data, training), the
// draw pad's ink and the prediction made from it.
type Game struct {
	s   *app.Session
	ink *app.Ink
	lay app.Layout
	ui  *ui // fonts and images (render.go)

	pred    prediction
	predInk int // ink revision the prediction was made for
	predNet int // session revision the prediction was made for

	in input // pointer and keyboard state (input.go)

	drewFrame bool // a frame was rendered since the last training slice
	ready     bool // a frame with the pad has been shown
	frames    frameStats
	lastKey   drawKey
	frameTick chan struct{} // a frame was drawn: the loader may go on
}

// prediction is what the network makes of the pad; Digit is -1 when the
// pad is empty.
type prediction struct {
	Digit int
	Probs []float32
	Input []float32 // the 784 inputs, as the network sees them
}

// NewGame loads the pretrained model and starts decoding the data in the
// background, so the pad works at once.
func NewGame() (*Game, error) {
	net, err := defaultModel()
	if err != nil {
		return nil, err
	}
	g := &Game{s: app.NewSession(net), ink: app.NewInk(), pred: prediction{Digit: -1}}
	g.ui, err = newUI()
	if err != nil {
		return nil, err
	}
	g.predInk, g.predNet = -1, -1
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
// lock between them.
func trainForever(s *app.Session) {
	for {
		s.Step(25 * time.Millisecond)
		if st := s.Status(); st.Phase != app.Training && !st.Evaluating {
			time.Sleep(20 * time.Millisecond)
		} else {
			time.Sleep(time.Millisecond)
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
	g.updatePrediction()
	pagePublish(g)
	return nil
}

// updatePrediction re-classifies the pad when the ink or the network
// changed. An empty pad is no guess.
func (g *Game) updatePrediction() {
	rev := g.s.Rev()
	if g.ink.Rev() == g.predInk && rev == g.predNet {
		return
	}
	g.predInk, g.predNet = g.ink.Rev(), rev
	g.pred = prediction{Digit: -1}
	if g.ink.Empty() {
		return
	}
	x, err := draw.PreprocessInk(g.ink.A, g.ink.W, g.ink.H)
	if errors.Is(err, draw.ErrNoDigit) || err != nil {
		return
	}
	d, p := g.s.Predict(x)
	g.pred = prediction{Digit: d, Probs: p, Input: x}
	g.ui.setSeen(x)
}

// Draw renders the app, but only when something on it changed: redrawing
// everything costs tens of milliseconds where WebGL is emulated on the CPU
// (SwiftShader, headless browsers, machines without a GPU), time better
// spent training. The screen is not cleared between frames (main.go), so
// an unchanged frame shows the last picture.
func (g *Game) Draw(screen *ebiten.Image) {
	g.frames.tick(time.Now())
	st := g.s.Status()
	k := g.frameKey(st)
	if k != g.lastKey {
		g.lastKey = k
		t0 := time.Now()
		g.drawAll(screen, st)
		g.frames.redraws++
		g.frames.drawTime += time.Since(t0)
	}
	g.drewFrame = true
	g.ready = true
}

// drawKey is everything the picture depends on, rounded to what is shown.
type drawKey struct {
	w, h                    float64
	ink, predInk, predNet   int
	digit, rev              int
	phase                   app.Phase
	hidden, pretrained      bool
	net                     string
	epoch, frac10, rate     int
	testAcc                 float64
	loaded                  int
	dataReady, testReady    bool
	err                     string
	points                  int
	configChange, editing   bool
	config, field, fieldErr string
}

func (g *Game) frameKey(st app.Status) drawKey {
	k := drawKey{
		w: g.lay.W, h: g.lay.H, ink: g.ink.Rev(), predInk: g.predInk, predNet: g.predNet,
		digit: g.pred.Digit, rev: g.s.Rev(), phase: st.Phase, hidden: st.Hidden, pretrained: st.Pretrained,
		net: st.NetName, epoch: st.Epoch, frac10: int(st.EpochFrac * 10), rate: int(st.Rate / 10),
		testAcc: st.TestAcc, loaded: int(st.Loaded * 10), dataReady: st.DataReady, testReady: st.TestReady,
		points: len(st.History), configChange: st.ConfigChange, editing: g.in.editing,
		config: fmt.Sprint(g.s.Config()), field: g.in.field, fieldErr: g.in.fieldErr,
	}
	if st.Err != nil {
		k.err = st.Err.Error()
	}
	return k
}

// LayoutF makes the screen as many pixels as the device has, so text is
// sharp on high-density displays, and re-arranges the app when it changes.
func (g *Game) LayoutF(w, h float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	w, h = w*s, h*s
	if w != g.lay.W || h != g.lay.H {
		g.lay = app.NewLayout(w, h)
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
