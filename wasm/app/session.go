package app

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"time"

	"digits/core"
	"digits/wasm/protocol"
)

// Session is the app's side of training: the training panel's state
// machine Idle → (Waiting →) Training ⇄ Paused → Reset → Idle, the
// commands it sends to the trainer (a Web Worker in the browser, a
// goroutine on the desktop: see the protocol package) and the state the
// screen shows, built from the trainer's reports: Status, the curves, the
// network the pad and the test digits use. Each change of what the screen
// shows bumps a revision.
//
// The session is where the state machine lives: a button changes the
// phase at once and tells the trainer, which follows within a slice of
// its work. Every network the session asks for gets a number (a run);
// reports of a run it no longer shows — still on their way after a Reset
// — are dropped.
//
// Every method is safe to call from several goroutines: the trainer's
// reports may arrive on another goroutine than the game's.
type Session struct {
	mu sync.Mutex

	rev         Rev // anything Status, Curves or the network shows
	settingsRev Rev // the panel's settings
	netRev      Rev // the network the pad and the samples use

	presets        [NumPresets]Architecture
	cfg            Config
	pretrained     *core.Network
	pretrainedFile []byte        // its model file, for the trainer to measure
	net            core.Model    // the network the pad and the samples use
	test           *core.Dataset // the app's own copy, for the sample digits
	kept           *keptNet      // an imported network, or one kept from the last visit, when the pad uses it
	evaluations    uint32        // Evaluate IDs handed out
	exported       exported      // the model file of the network the pad uses, once written

	link    Link
	sent    []time.Time // when the commands the trainer has not acknowledged were sent (zero: before it said hello)
	acked   uint32      // commands the trainer has acknowledged
	latency Latency
	trainer TrainerInfo
	loaded  float64 // fraction of the training images the trainer has decoded
	ready   bool    // the trainer's data is decoded
	loadErr error

	phase     Phase
	tabHidden bool
	runs      uint32 // runs asked for so far
	current   uint32 // the run the screen shows, 0 for none
	running   Config // its settings
	until     int    // epochs to train it to, 0 = no end
	err       error  // why training stopped (Diverged, BuildFailed)

	report Report // what the screen shows of the run

	pretrainedAcc     float64 // the pretrained model's accuracy on all test images; -1 = not yet
	pretrainedReading Guessed // how it reads the test images

	initial struct { // the first layer before training of the network trained here (initialWeights)
		of string // the settings it was made from
		w  []float32
	}
	keep keep // what to keep across visits
}

// A Link carries the session's commands, encoded (protocol.Encode), to the
// trainer. Send must not block or call back into the session.
type Link interface {
	Send(b []byte)
}

// TrainerInfo is what the trainer said of itself, and whether it failed.
type TrainerInfo struct {
	Where  string // "worker", "page" (no Web Worker), "goroutine" (desktop); "" until it says hello
	Kernel string // the kernels it trains with
	Note   string // why it is not in a worker, when it is not
	Heap   uint64 // bytes of its Go heap in use
	Memory uint64 // bytes of memory it holds
	Err    error  // it stopped or cannot be understood
}

// pretrainedEvaluation is the ID of the pretrained model's Evaluate.
const pretrainedEvaluation = 1

// NewSession starts a session showing the pretrained network, whose model
// file is file (nil: the session writes it when it needs it).
func NewSession(pretrained *core.Network, file []byte) *Session {
	return &Session{
		presets: Presets(pretrained), cfg: DefaultConfig(),
		pretrained: pretrained, pretrainedFile: file, net: pretrained,
		report: NewReport(), pretrainedAcc: -1,
	}
}

// Connect sets the link to the trainer and gives it the settings and the
// pretrained model to measure.
func (s *Session) Connect(l Link) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.link = l
	s.send(SettingsOf(s.cfg))
	file := s.pretrainedFile
	if file == nil {
		var b bytes.Buffer
		if err := core.WriteModel(&b, s.pretrained); err != nil {
			s.failed(fmt.Errorf("cannot send the pretrained model to the trainer: %w", err))
			return
		}
		file = b.Bytes()
	}
	s.send(&protocol.Evaluate{ID: pretrainedEvaluation, Model: file})
	if k := s.kept; k != nil {
		s.send(&protocol.Evaluate{ID: k.evalID, Model: k.rec.Model})
	}
}

// send encodes m for the trainer. s.mu is held.
func (s *Session) send(m protocol.Message) {
	if s.link != nil {
		// Commands sent before the trainer said hello wait for it to
		// start: their time says how long starting took, not how soon
		// the trainer answers.
		var at time.Time
		if s.trainer.Where != "" {
			at = time.Now()
		}
		s.sent = append(s.sent, at)
		s.link.Send(protocol.Encode(m))
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
// new architecture, batch size, initialisation or seed while training
// starts a fresh network with it (otherwise it applies at the next Train).
func (s *Session) SetConfig(c Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.Equal(s.cfg) {
		return
	}
	c.Hidden = slices.Clone(c.Hidden)
	s.cfg = c
	s.settingsRev.Bump()
	s.send(SettingsOf(c))
	if s.current == 0 {
		return
	}
	s.rev.Bump() // the panel says whether the settings differ from the run's
	s.running.Rate = c.Rate
	if s.phase == Training && !sameShape(c, s.running) {
		s.start(s.until)
	}
}

// SelectPreset picks architecture preset p.
func (s *Session) SelectPreset(p Preset) {
	c := s.Config()
	p = Preset(clampInt(int(p), 0, int(NumPresets)-1))
	c.Arch, c.Hidden, c.Preset = s.presets[p].Arch, slices.Clone(s.presets[p].Hidden), p
	s.SetConfig(c)
}

// SetCustomSizes sets hidden sizes of the user's own.
func (s *Session) SetCustomSizes(hidden []int) {
	c := s.Config()
	c.Arch, c.Hidden, c.Preset = MLP, hidden, CustomSizes
	s.SetConfig(c)
}

// SetTest hands over the app's own copy of the test set, for the sample
// digits, or says why it could not be decoded.
func (s *Session) SetTest(test *core.Dataset, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.loadErr = err
	} else {
		s.test = test
	}
	s.rev.Bump()
}

// SetTabHidden pauses (true) or resumes (false) training while the page is
// in a background tab.
func (s *Session) SetTabHidden(h bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h == s.tabHidden {
		return
	}
	s.tabHidden = h
	s.rev.Bump()
	if s.phase == Training {
		if h {
			s.send(&protocol.Pause{})
		} else {
			s.send(&protocol.Train{Run: s.current, Epochs: s.until})
		}
	}
}

// Train starts training a fresh network with the current settings, or
// resumes a paused one whose settings were not changed.
func (s *Session) Train() { s.TrainEpochs(0) }

// TrainEpochs is Train with a goal: with n > 0, training pauses once n
// epochs are complete (n counts from the network's start, not from now).
func (s *Session) TrainEpochs(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n = max(n, 0)
	switch {
	case s.phase == Training:
		if n != s.until {
			s.until = n
			s.resume()
		}
	case s.phase == Waiting:
		s.until = n
	case s.phase == Paused && sameShape(s.cfg, s.running):
		s.until = n
		s.setPhase(Training)
		s.resume()
	case !s.ready:
		s.until = n
		s.setPhase(Waiting) // start() runs when the data is decoded
	default:
		s.start(n)
	}
}

// resume tells the trainer to go on with the current run. s.mu is held.
func (s *Session) resume() {
	if !s.tabHidden {
		s.send(&protocol.Train{Run: s.current, Epochs: s.until})
	}
}

// Pause stops training; Train resumes.
func (s *Session) Pause() {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.phase {
	case Training:
		s.setPhase(Paused)
		s.send(&protocol.Pause{})
	case Waiting:
		s.setPhase(Idle)
	}
}

// Reset drops the trained or imported network and its curves, frees the
// trainer's memory, goes back to the pretrained model and forgets what was
// kept for the next visit.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
	s.forget()
	s.setPhase(Idle)
	s.send(&protocol.Reset{})
}

// stop forgets the run, or the imported or kept network, and shows the
// pretrained network again. s.mu is held.
func (s *Session) stop() {
	s.current, s.err, s.report, s.kept = 0, nil, NewReport(), nil
	s.useNet(s.pretrained)
	s.rev.Bump()
}

// start asks the trainer for a fresh network from the settings, trained
// until n epochs are complete (0: until paused). s.mu is held.
func (s *Session) start(n int) {
	s.stop()
	s.runs++
	s.current, s.running, s.until = s.runs, s.cfg, n
	s.running.Hidden = slices.Clone(s.cfg.Hidden)
	s.send(SettingsOf(s.cfg))
	s.setPhase(Training)
	if !s.tabHidden {
		s.send(&protocol.Train{Run: s.current, Fresh: true, Epochs: n})
	}
}

// setPhase moves the state machine. s.mu is held.
func (s *Session) setPhase(p Phase) {
	if p != s.phase {
		s.phase = p
		s.rev.Bump()
	}
}

// useNet makes net the one the pad and the samples use. s.mu is held.
func (s *Session) useNet(net core.Model) {
	if net != s.net {
		s.net = net
		s.netRev.Bump()
		s.rev.Bump()
	}
}

// Predict classifies 784 inputs with the network the pad uses.
func (s *Session) Predict(x []float32) (int, []float32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.net.Predict(x)
}

// Network is the network the pad and the samples use.
func (s *Session) Network() core.Model {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.net
}

// Test returns the test set, or nil while it is decoding.
func (s *Session) Test() *core.Dataset {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.test
}
