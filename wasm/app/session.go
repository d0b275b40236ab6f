package app

import (
	"slices"
	"sync"
	"time"

	"digits/core"
)

// Session is the training panel's model: the state machine
// Idle → (Waiting →) Training ⇄ Paused → Reset → Idle, the scheduler that
// trains and evaluates in slices of a given time budget (Step), and the
// state the screen shows (Status, the curves, the network the pad uses),
// each change of which bumps Rev. The training itself is a Run, whose
// Progress the session takes in.
//
// Every method is safe to call from several goroutines: natively a
// goroutine calls Step in a loop while the game draws; in the browser the
// game calls Step once per rendered frame.
type Session struct {
	mu sync.Mutex

	rev         Rev // anything Status, Curves or the network shows
	settingsRev Rev // the panel's settings
	netRev      Rev // the network the pad and the samples use

	presets    [NumPresets]Architecture
	cfg        Config
	pretrained *core.Network
	net        *core.Network // the network the pad and the samples use

	train, test *core.Dataset
	loaded      float64 // fraction of the training images decoded
	loadErr     error

	phase     Phase
	tabHidden bool
	run       *Run  // the network being trained, or nil
	err       error // why training stopped (Diverged, BuildFailed)

	report Report // what the screen shows of the run

	pretrainedEval *Evaluator // measuring the pretrained model, or nil
	pretrainedAcc  float64    // its accuracy on all test images; -1 = not yet

	pretrainedReading *Reading // how it reads the test images, or nil until measured
}

// NewSession starts a session showing the pretrained network.
func NewSession(pretrained *core.Network) *Session {
	return &Session{
		presets: Presets(pretrained), cfg: DefaultConfig(),
		pretrained: pretrained, net: pretrained,
		report: NewReport(), pretrainedAcc: -1,
	}
}

// Presets lists the architectures one click away.
func (s *Session) Presets() [NumPresets]Architecture { return s.presets }

// Config returns the panel's settings.
func (s *Session) Config() Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cfg
	c.Hidden = slices.Clone(c.Hidden)
	return c
}

// SetConfig changes the settings. A new learning rate applies at once; a
// new architecture, batch size or initialisation while training starts a
// fresh network with it (otherwise it applies at the next Train).
func (s *Session) SetConfig(c Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.Equal(s.cfg) {
		return
	}
	c.Hidden = slices.Clone(c.Hidden)
	s.cfg = c
	s.settingsRev.Bump()
	if s.run == nil {
		return
	}
	s.rev.Bump() // the panel says whether the settings differ from the run's
	s.run.SetLearningRate(c.Rate)
	if s.phase == Training && !sameShape(c, s.run.Config()) {
		s.start()
	}
}

// SelectPreset picks architecture preset p.
func (s *Session) SelectPreset(p Preset) {
	c := s.Config()
	p = Preset(clampInt(int(p), 0, int(NumPresets)-1))
	c.Hidden, c.Preset = slices.Clone(s.presets[p].Hidden), p
	s.SetConfig(c)
}

// SetCustomSizes sets hidden sizes of the user's own.
func (s *Session) SetCustomSizes(hidden []int) {
	c := s.Config()
	c.Hidden, c.Preset = hidden, CustomSizes
	s.SetConfig(c)
}

// SetData hands over decoded data; test may come before train.
func (s *Session) SetData(train, test *core.Dataset) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if test != nil && s.test == nil {
		s.test = test
		s.rev.Bump() // the sample digits can be shown
		// Measure the pretrained model, so the panel can say how good it is.
		s.pretrainedEval = NewEvaluator(s.pretrained, test, 0, test.N)
	}
	if train != nil && s.train == nil {
		s.train = train
		s.loaded = 1
		s.rev.Bump()
	}
}

// SetLoadProgress records how much of the training set is decoded (0..1)
// or that loading failed.
func (s *Session) SetLoadProgress(f float64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenths(f) != tenths(s.loaded) || err != nil {
		s.rev.Bump()
	}
	s.loaded = f
	if err != nil {
		s.loadErr = err
	}
}

// SetTabHidden pauses (true) or resumes (false) work while the page is in
// a background tab.
func (s *Session) SetTabHidden(h bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h == s.tabHidden {
		return
	}
	if !h && s.run != nil {
		s.run.RestartRate()
	}
	s.tabHidden = h
	s.rev.Bump()
}

// Train starts training a fresh network with the current settings, or
// resumes a paused one whose settings were not changed.
func (s *Session) Train() {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.phase == Training || s.phase == Waiting:
	case s.phase == Paused && sameShape(s.cfg, s.run.Config()):
		s.run.RestartRate()
		s.setPhase(Training)
	case s.train == nil || s.test == nil:
		s.setPhase(Waiting) // start() runs when the data arrives
	default:
		s.start()
	}
}

// Pause stops training; Train resumes.
func (s *Session) Pause() {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.phase {
	case Training:
		s.setPhase(Paused)
	case Waiting:
		s.setPhase(Idle)
	}
}

// Reset drops the trained network and its curves and goes back to the
// pretrained model.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
	s.setPhase(Idle)
}

// stop forgets the run and shows the pretrained network again. s.mu is held.
func (s *Session) stop() {
	s.run, s.err, s.report = nil, nil, NewReport()
	s.useNet(s.pretrained)
	s.rev.Bump()
}

// start makes a fresh network from the settings and begins training it.
// s.mu is held.
func (s *Session) start() {
	s.stop()
	run, err := NewRun(s.cfg, s.train, s.test)
	if err != nil {
		s.err = err
		s.setPhase(BuildFailed)
		return
	}
	s.run = run
	s.useNet(run.Network())
	s.setPhase(Training)
}

// setPhase moves the state machine. s.mu is held.
func (s *Session) setPhase(p Phase) {
	if p != s.phase {
		s.phase = p
		s.rev.Bump()
	}
}

// useNet makes net the one the pad and the samples use. s.mu is held.
func (s *Session) useNet(net *core.Network) {
	if net != s.net {
		s.net = net
		s.netRev.Bump()
		s.rev.Bump()
	}
}

// Step trains and evaluates until budget is spent: the whole of the app's
// computing happens here, in slices, so the browser gets control back
// every frame. It returns at once when there is nothing to do, and
// reports whether there is more to do (training, or an evaluation).
func (s *Session) Step(budget time.Duration) (busy bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.phase == Waiting && s.train != nil && s.test != nil {
		s.start()
	}
	if s.tabHidden {
		return false
	}
	deadline := time.Now().Add(budget)
	// The pretrained model is measured while nothing trains: training, once
	// asked for, should not wait seconds for it.
	if e := s.pretrainedEval; e != nil && s.phase != Training {
		if !e.Step(deadline) {
			return true
		}
		_, s.pretrainedAcc = e.Result()
		s.pretrainedReading, _ = NewReading(e.Data, e.Guesses()) // nil if it has no 10 outputs
		s.pretrainedEval = nil
		s.rev.Bump()
	}
	busy = s.pretrainedEval != nil
	if s.run != nil && (s.phase == Training || s.phase == Paused) {
		p := s.run.Step(deadline, s.phase == Training)
		s.take(p)
		busy = busy || s.phase == Training || p.Busy
	}
	return busy
}

// take brings what the screen shows up to date with a run's progress.
// s.mu is held.
func (s *Session) take(p Progress) {
	if s.report.Take(p) {
		s.rev.Bump()
	}
	if p.Moved {
		// The pad and the samples follow the network at each curve point,
		// not after every step: re-classifying them costs time.
		s.netRev.Bump()
		s.rev.Bump()
	}
	if p.Err != nil {
		// A diverged network answers nonsense (NaN, or chance level): the
		// pad and the samples go back to the pretrained one, the curves
		// stay to show how training blew up.
		s.err = p.Err
		s.useNet(s.pretrained)
		s.setPhase(Diverged)
	}
}

// Predict classifies 784 inputs with the network the pad uses.
func (s *Session) Predict(x []float32) (int, []float32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.net.Predict(x)
}

// Test returns the test set, or nil while it is decoding.
func (s *Session) Test() *core.Dataset {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.test
}
