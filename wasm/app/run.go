package app

import (
	"fmt"
	"slices"
	"time"

	"digits/core"
)

// Sizes of the samples behind the curves between epochs: small enough to
// cost about a tenth of the training time, big enough to be within ±2%.
const (
	quickTrain = 500
	quickTest  = 500
)

// Run trains one network and measures it for the curves: the trainer, the
// evaluation in progress, when the next curve point is due, and the
// training speed. It knows nothing of the screen; what it did comes out of
// Step as a Progress, which the Session turns into what the screen shows.
// That line is where training can move to another thread (a Web Worker
// with its own copy of the data): only Progress values, and snapshots of
// the weights, need to cross it.
type Run struct {
	cfg         Config
	net         *core.Network
	trainer     *core.Trainer
	train, test *core.Dataset

	initial []float32 // the first layer's weights before training, for the weights view

	ticks    Ticks
	job      *curveJob // the evaluation of a curve point in progress
	rateSeen int       // images trained when rateAt was taken
	rateAt   time.Time // when measuring images per second started
	rate     float64   // images per second, 0 until measured
}

// BuildError says why a network or its trainer could not be made from the
// settings: a configuration problem, not something that went wrong while
// training.
type BuildError struct {
	Sizes   []int // the network asked for, inputs and outputs included
	Trainer bool  // the network was made but its trainer was refused
	Err     error
}

func (e *BuildError) Error() string {
	what := "build"
	if e.Trainer {
		what = "train"
	}
	return fmt.Sprintf("cannot %s %s: %v", what, core.SizesString(e.Sizes), e.Err)
}

func (e *BuildError) Unwrap() error { return e.Err }

// NewRun makes a fresh network from cfg, ready to train on train and be
// measured on test. Its untrained point at epoch 0 is measured first, so
// that the curves start at chance level.
func NewRun(cfg Config, train, test *core.Dataset) (*Run, error) {
	cfg.Hidden = slices.Clone(cfg.Hidden)
	net, err := core.NewInitialized(cfg.Sizes(), cfg.Init, cfg.Seed)
	if err != nil {
		return nil, &BuildError{Sizes: cfg.Sizes(), Err: err}
	}
	trainer, err := core.NewTrainer(net, train, cfg.Rate, cfg.Batch, cfg.Seed)
	if err != nil {
		return nil, &BuildError{Sizes: cfg.Sizes(), Trainer: true, Err: err}
	}
	r := &Run{cfg: cfg, net: net, trainer: trainer, train: train, test: test,
		initial: slices.Clone(net.W[0]), ticks: NewTicks(cfg.Batch, train.N), rateAt: time.Now()}
	r.job = r.curveJob(0, false)
	return r, nil
}

// Config is the configuration being trained (its learning rate may have
// changed since the start).
func (r *Run) Config() Config { return r.cfg }

// Network is the network being trained. Between calls to Step it is the
// network as trained so far.
func (r *Run) Network() *core.Network { return r.net }

// Initial is the first layer's weights as they were before training
// (row-major, like the network's W[0]); the caller must not change them.
func (r *Run) Initial() []float32 { return r.initial }

// SetLearningRate changes the step size from the next step on.
func (r *Run) SetLearningRate(rate float32) {
	r.cfg.Rate = rate
	r.trainer.LearningRate = rate
}

// RestartRate starts measuring images per second afresh, after a pause.
func (r *Run) RestartRate() { r.rateSeen, r.rateAt = r.seen(), time.Now() }

// Progress is what a Step did and where the run stands: everything the
// screen needs from whatever trains.
type Progress struct {
	Epoch     int     // epochs completed
	EpochFrac float64 // images trained / images per epoch, over all epochs
	Rate      float64 // images per second, 0 until measured
	Points    []Point // curve points finished during the step, oldest first
	Moved     bool    // a curve point was taken: the pad and the samples should follow the network
	Busy      bool    // an evaluation is pending: Step has work even when not training
	Err       error   // a *core.DivergedError: the network is unusable

	// Reading is, at an epoch's end, how the network read every test
	// digit (the confusion matrix); nil between epochs.
	Reading *Reading
}

// Step works until the deadline: first on the pending evaluation (at
// least a few images of it, even past the deadline), then, if train is
// set, training, with a new evaluation whenever a curve point is due.
func (r *Run) Step(deadline time.Time, train bool) Progress {
	var p Progress
	for {
		if r.job != nil {
			if !r.job.step(deadline) {
				break
			}
			p.Points = append(p.Points, r.job.point())
			if rd := r.job.reading(); rd != nil {
				p.Reading = rd
			}
			r.job = nil
			continue
		}
		if !train || !time.Now().Before(deadline) {
			break
		}
		epochDone, err := r.work()
		if err != nil {
			p.Err = err
			break
		}
		now := r.seen()
		if r.ticks.Due(now, epochDone) {
			p.Moved = true
			if d := time.Since(r.rateAt).Seconds(); d > 0.2 {
				r.rate = float64(now-r.rateSeen) / d
			}
			r.job = r.curveJob(float64(now)/float64(r.train.N), epochDone)
		}
	}
	p.Epoch = r.trainer.Epoch()
	p.EpochFrac = float64(r.seen()) / float64(r.train.N)
	p.Rate = r.rate
	p.Busy = r.job != nil
	return p
}

// workImages is how many images one call into the trainer trains on: a
// few milliseconds of work in the browser, so the deadline is checked
// often, and enough that the trainer's cost per call (comparing its copy
// of the weights with the network, writing them back) stays small.
const workImages = 32

// work is the one call into core's trainer.
func (r *Run) work() (epochDone bool, err error) { return r.trainer.Work(workImages) }

// seen is the number of images trained on so far, all epochs included.
func (r *Run) seen() int { return r.trainer.Epoch()*r.train.N + r.trainer.Seen() }

// curveJob is the evaluation of one curve point: the loss and accuracy on
// samples of the training and test images, and at an epoch's end on all
// the test images.
type curveJob struct {
	train, test *Evaluator
	full        *Evaluator // all test images, or nil
	epoch       float64
}

func (r *Run) curveJob(epoch float64, full bool) *curveJob {
	j := &curveJob{
		train: NewEvaluator(r.net, r.train, 0, quickTrain),
		test:  NewEvaluator(r.net, r.test, 0, quickTest),
		epoch: epoch,
	}
	if full {
		j.full = NewEvaluator(r.net, r.test, 0, r.test.N)
	}
	return j
}

// step evaluates until the deadline and reports whether it is finished.
func (j *curveJob) step(deadline time.Time) bool {
	for _, e := range []*Evaluator{j.train, j.test, j.full} {
		if e != nil && !e.Done() && !e.Step(deadline) {
			return false
		}
	}
	return true
}

// point is the finished job's measurement.
func (j *curveJob) point() Point {
	p := Point{Epoch: j.epoch}
	p.Loss, p.TrainAcc = j.train.Result()
	_, p.TestAcc = j.test.Result()
	if j.full != nil {
		_, p.TestAcc = j.full.Result()
		p.Full = true
	}
	return p
}

// reading is the finished job's reading of all the test digits, or nil
// between epochs.
func (j *curveJob) reading() *Reading {
	if j.full == nil {
		return nil
	}
	r, err := NewReading(j.full.Data, j.full.Guesses())
	if err != nil {
		return nil // cannot happen: the guesses of every test image, by a 10-output network
	}
	return r
}
