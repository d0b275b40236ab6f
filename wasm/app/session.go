package app

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"digits/core"
)

// Phase is where the training session is.
type Phase int

const (
	Idle     Phase = iota // showing the pretrained model
	Waiting               // Train was pressed; the training images are still decoding
	Training              // gradient descent runs a slice at a time
	Paused                // stopped by the user; Train resumes
	Diverged              // the loss became NaN or infinite
)

func (p Phase) String() string {
	return [...]string{"idle", "waiting for data", "training", "paused", "diverged"}[p]
}

// Point is one measurement of the curves: after Epoch epochs (fractional
// between epochs), the loss and accuracy on a fixed sample of training
// images and the accuracy on test images (a sample between epochs, all
// 10,000 at each epoch's end, where Full is set).
type Point struct {
	Epoch    float64
	Loss     float64
	TrainAcc float64
	TestAcc  float64
	Full     bool
}

// Sizes of the samples behind the curves between epochs: small enough to
// cost about a tenth of the training time, big enough to be within ±2%.
const (
	quickTrain    = 500
	quickTest     = 500
	ticksPerEpoch = 10
)

// Session is the training panel's model: the networks, the data, the
// state machine Idle → (Waiting →) Training ⇄ Paused → Reset → Idle, and a
// scheduler that trains and evaluates in slices of a given time budget
// (Step). Every method is safe to call from several goroutines: natively a
// goroutine calls Step in a loop while the game draws; in the browser the
// game calls Step once per rendered frame.
type Session struct {
	mu sync.Mutex

	Presets    [3][]int
	cfg        Config
	running    Config // the configuration of the network being trained
	pretrained *core.Network
	net        *core.Network // the network the pad and the samples use
	rev        int           // bumps whenever net's weights change

	train, test *core.Dataset
	loaded      float64 // fraction of the training images decoded
	loadErr     error

	phase   Phase
	hidden  bool // the page is in a background tab
	trainer *core.Trainer
	err     error

	job      *job
	history  []Point
	tickSeen int       // images trained at the last curve point
	rateSeen int       // images trained when rateAt was taken
	rateAt   time.Time // when measuring images/s started
	rate     float64   // images per second
	testAcc  float64   // accuracy on all 10,000 test images; -1 = not measured

	guessRev int   // rev the sample guesses were computed for
	guesses  []int // the current network's guess for each sample digit
}

// job is an evaluation in progress: a curve point, and at an epoch's end
// the full test set too.
type job struct {
	train, test *Evaluator
	full        *Evaluator // all test images, or nil
	epoch       float64
	pretrained  bool // measuring the pretrained model, not a curve point
}

// NewSession starts a session showing the pretrained network.
func NewSession(pretrained *core.Network) *Session {
	hidden := slices.Clone(pretrained.Sizes[1 : len(pretrained.Sizes)-1])
	s := &Session{pretrained: pretrained, net: pretrained, testAcc: -1}
	s.Presets = [3][]int{SeedPreset, LeCunPreset, hidden}
	s.cfg = DefaultConfig()
	return s
}

// Config returns the panel's settings.
func (s *Session) Config() Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// SetConfig changes the settings. A new learning rate applies at once; a
// new architecture, batch size or initialisation while training starts a
// fresh network with it (otherwise it applies at the next Train).
func (s *Session) SetConfig(c Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Hidden = slices.Clone(c.Hidden)
	s.cfg = c
	if s.trainer != nil {
		s.trainer.LearningRate = c.Rate
		s.running.Rate = c.Rate
	}
	if s.phase == Training && !sameShape(c, s.running) {
		s.start()
	}
}

// SelectPreset picks architecture preset i (0, 1 or 2).
func (s *Session) SelectPreset(i int) {
	c := s.Config()
	c.Hidden, c.PresetIdx = s.Presets[clampInt(i, 0, 2)], clampInt(i, 0, 2)
	s.SetConfig(c)
}

func sameShape(a, b Config) bool {
	return slices.Equal(a.Hidden, b.Hidden) && a.Batch == b.Batch && a.Init == b.Init && a.Seed == b.Seed
}

// SetData hands over decoded data; test may come before train.
func (s *Session) SetData(train, test *core.Dataset) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if test != nil && s.test == nil {
		s.test = test
		s.rev++ // the sample grid can show guesses now
		if s.phase == Idle && s.job == nil {
			// Measure the pretrained model, so the panel can say how good it is.
			s.job = &job{full: NewEvaluator(s.pretrained, test, 0, test.N), pretrained: true}
		}
	}
	if train != nil {
		s.train = train
		s.loaded = 1
	}
}

// SetLoadProgress records how much of the training set is decoded (0..1)
// or that loading failed.
func (s *Session) SetLoadProgress(f float64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loaded = f
	if err != nil {
		s.loadErr = err
	}
}

// SetHidden pauses (true) or resumes (false) work while the page is in a
// background tab.
func (s *Session) SetHidden(h bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hidden && !h {
		s.rateSeen, s.rateAt = s.seen(), time.Now()
	}
	s.hidden = h
}

// Train starts training a fresh network with the current settings, or
// resumes a paused one whose settings were not changed.
func (s *Session) Train() {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.phase == Training || s.phase == Waiting:
	case s.phase == Paused && sameShape(s.cfg, s.running):
		s.phase = Training
		s.rateSeen, s.rateAt = s.seen(), time.Now()
	case s.train == nil:
		s.phase = Waiting // start() runs when the data arrives
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
		s.phase = Paused
	case Waiting:
		s.phase = Idle
	}
}

// Reset drops the trained network and its curves and goes back to the
// pretrained model.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.phase, s.trainer, s.err, s.job, s.history = Idle, nil, nil, nil, nil
	s.net = s.pretrained
	s.testAcc = -1
	s.rate = 0
	s.rev++
}

// start makes a fresh network from cfg and begins training it. s.mu is held.
func (s *Session) start() {
	s.running = s.cfg
	s.running.Hidden = slices.Clone(s.cfg.Hidden)
	s.job, s.history, s.err, s.testAcc, s.rate = nil, nil, nil, -1, 0
	net, err := core.NewInitialized(s.cfg.Sizes(), s.cfg.Init, s.cfg.Seed)
	if err == nil {
		s.trainer, err = core.NewTrainer(net, s.train, s.cfg.Rate, s.cfg.Batch, s.cfg.Seed)
	}
	if err != nil {
		s.phase, s.err = Diverged, err
		return
	}
	s.net = net
	s.rev++
	s.phase = Training
	s.tickSeen, s.rateSeen, s.rateAt = 0, 0, time.Now()
	// The untrained network's point at epoch 0, so curves start at chance.
	s.job = s.curveJob(0, false)
}

// seen is the number of images trained on so far. s.mu is held.
func (s *Session) seen() int {
	if s.trainer == nil {
		return 0
	}
	return s.trainer.Epoch()*s.train.N + s.trainer.Seen()
}

func (s *Session) curveJob(epoch float64, full bool) *job {
	j := &job{
		train: NewEvaluator(s.net, s.train, 0, quickTrain),
		test:  NewEvaluator(s.net, s.test, 0, quickTest),
		epoch: epoch,
	}
	if full {
		j.full = NewEvaluator(s.net, s.test, 0, s.test.N)
	}
	return j
}

// workImages is how many images Step trains on between two looks at the
// clock: a few milliseconds of work in the browser, enough to make the
// trainer's per-call cost (comparing and writing back the weights) small.
const workImages = 32

// Step trains and evaluates until budget is spent: the whole of the
// app's computing happens here, in slices, so the browser gets control
// back every frame. It returns at once when there is nothing to do.
func (s *Session) Step(budget time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.phase == Waiting && s.train != nil && s.test != nil {
		s.start()
	}
	if s.hidden {
		return
	}
	deadline := time.Now().Add(budget)
	for {
		if s.job != nil {
			if !s.runJob(deadline) {
				return
			}
			continue
		}
		if s.phase != Training || !time.Now().Before(deadline) {
			return
		}
		epochDone, err := s.trainer.Work(workImages)
		if err != nil {
			s.phase = Diverged
			s.err = err
			if errors.Is(err, core.ErrDiverged) {
				s.err = fmt.Errorf("the loss became infinite: lower the learning rate (%g) and press Train", s.running.Rate)
			}
			return
		}
		now := s.seen()
		tick := max(s.trainer.BatchSize, s.train.N/ticksPerEpoch)
		if epochDone || now-s.tickSeen >= tick {
			s.tickSeen = now
			// The pad and the samples follow the network at each curve
			// point, not after every step: re-classifying them costs time.
			s.rev++
			if d := time.Since(s.rateAt).Seconds(); d > 0.2 {
				s.rate = float64(now-s.rateSeen) / d
			}
			s.job = s.curveJob(float64(now)/float64(s.train.N), epochDone)
		}
	}
}

// runJob advances the evaluation job and reports whether it finished.
func (s *Session) runJob(deadline time.Time) bool {
	j := s.job
	for _, e := range []*Evaluator{j.train, j.test, j.full} {
		if e != nil && !e.Done() && !e.Step(deadline) {
			return false
		}
	}
	s.job = nil
	if j.pretrained {
		if s.net == s.pretrained {
			_, s.testAcc = j.full.Result()
		}
		return true
	}
	p := Point{Epoch: j.epoch}
	p.Loss, p.TrainAcc = j.train.Result()
	_, p.TestAcc = j.test.Result()
	if j.full != nil {
		_, p.TestAcc = j.full.Result()
		p.Full = true
		s.testAcc = p.TestAcc
	}
	s.history = append(s.history, p)
	return true
}

// Status is a snapshot of the session for drawing and for the page API.
type Status struct {
	Phase        Phase
	Hidden       bool
	Pretrained   bool    // the pad uses the pretrained model
	NetName      string  // e.g. 784-32-16-10
	Epoch        int     // epochs completed
	EpochFrac    float64 // images trained / 60,000
	Rate         float64 // images per second
	TestAcc      float64 // on all test images, -1 if not measured yet
	Loaded       float64 // fraction of the training set decoded
	DataReady    bool
	TestReady    bool
	Err          error // why training stopped, or why data failed to load
	Running      Config
	History      []Point
	Evaluating   bool
	ConfigChange bool // the panel's settings differ from the running network's
}

// Status returns a snapshot (History is a copy).
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Status{
		Phase: s.phase, Hidden: s.hidden, Pretrained: s.net == s.pretrained,
		NetName: s.net.String(), Rate: s.rate, TestAcc: s.testAcc,
		Loaded: s.loaded, DataReady: s.train != nil, TestReady: s.test != nil,
		Err: s.err, Running: s.running, History: slices.Clone(s.history),
		Evaluating: s.job != nil,
	}
	if s.err == nil && s.loadErr != nil {
		st.Err = s.loadErr
	}
	if s.trainer != nil {
		st.Epoch = s.trainer.Epoch()
		st.EpochFrac = float64(s.seen()) / float64(s.train.N)
		st.ConfigChange = !sameShape(s.cfg, s.running)
	}
	return st
}

// Rev changes whenever the network the pad uses changes.
func (s *Session) Rev() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rev
}

// Predict classifies 784 inputs with the current network.
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

// Guesses returns the current network's guess for test images 0..n-1,
// recomputed only when the network has changed (nil before the test set
// is decoded).
func (s *Session) Guesses(n int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.test == nil {
		return nil
	}
	n = min(n, s.test.N)
	if s.guessRev != s.rev || len(s.guesses) != n {
		s.guesses = s.guesses[:0]
		x := make([]float32, s.test.Size())
		for i := 0; i < n; i++ {
			s.test.Pixels(i, x)
			d, _ := s.net.Predict(x)
			s.guesses = append(s.guesses, d)
		}
		s.guessRev = s.rev
	}
	return slices.Clone(s.guesses)
}
