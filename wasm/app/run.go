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
// training speed. It knows nothing of the screen nor of where it runs;
// what it did comes out of Step as an Advance, which the Engine reports to
// the app.
type Run struct {
	cfg         Config
	net         core.Model
	trainer     *core.Trainer
	train, test *core.Dataset
	until       int // stop training when this many epochs are complete; 0 = never

	ticks    Ticks
	chunk    int           // images per call into the trainer
	callTime time.Duration // what a call should take, about
	job      *curveJob     // the evaluation of a curve point in progress
	rateSeen int           // images trained when rateAt was taken
	rateAt   time.Time     // when measuring images per second started
	rate     float64       // images per second, 0 until measured
}

// BuildError says why a network or its trainer could not be made from the
// settings: a configuration problem, not something that went wrong while
// training.
type BuildError struct {
	Sizes   []int // the network asked for, inputs and outputs included; none for LeNet-5
	Trainer bool  // the network was made but its trainer was refused
	Err     error
}

func (e *BuildError) Error() string {
	what := "build"
	if e.Trainer {
		what = "train"
	}
	return fmt.Sprintf("cannot %s %s: %v", what, e.Name(), e.Err)
}

// Name is the network asked for: its sizes, or LeNet-5.
func (e *BuildError) Name() string {
	if len(e.Sizes) == 0 {
		return LeNet5Name
	}
	return core.SizesString(e.Sizes)
}

func (e *BuildError) Unwrap() error { return e.Err }

// NewRun makes a fresh network from cfg, ready to train on train and be
// measured on test. Its untrained point at epoch 0 is measured first, so
// that the curves start at chance level.
func NewRun(cfg Config, train, test *core.Dataset) (*Run, error) {
	cfg.Hidden = slices.Clone(cfg.Hidden)
	var sizes []int
	if cfg.Arch == MLP {
		sizes = cfg.Sizes()
	}
	net, err := cfg.NewModel()
	if err != nil {
		return nil, &BuildError{Sizes: sizes, Err: err}
	}
	trainer, err := core.NewTrainer(net, train, cfg.Rate, cfg.Batch, cfg.Seed)
	if err != nil {
		return nil, &BuildError{Sizes: sizes, Trainer: true, Err: err}
	}
	r := &Run{cfg: cfg, net: net, trainer: trainer, train: train, test: test,
		ticks: NewTicks(cfg.Batch, train.N), chunk: minChunk, callTime: defaultCallTime, rateAt: time.Now()}
	r.job = r.curveJob(0, false)
	return r, nil
}

// Config is the configuration being trained (its learning rate may have
// changed since the start).
func (r *Run) Config() Config { return r.cfg }

// Network is the network being trained. Between calls to Step it is the
// network as trained so far.
func (r *Run) Network() core.Model { return r.net }

// SetLearningRate changes the step size from the next step on.
func (r *Run) SetLearningRate(rate float32) {
	r.cfg.Rate = rate
	r.trainer.LearningRate = rate
}

// RestartRate starts measuring images per second afresh, after a pause.
func (r *Run) RestartRate() { r.rateSeen, r.rateAt = r.seen(), time.Now() }

// SetUntil makes training stop once n epochs are complete (0: never).
func (r *Run) SetUntil(n int) { r.until = max(n, 0) }

// Finished reports whether the epochs asked for with SetUntil are complete.
func (r *Run) Finished() bool { return r.until > 0 && r.trainer.Epoch() >= r.until }

// Epoch is the number of epochs completed.
func (r *Run) Epoch() int { return r.trainer.Epoch() }

// Seen is the number of images trained on so far, all epochs included.
func (r *Run) Seen() int64 {
	return int64(r.trainer.Epoch())*int64(r.train.N) + int64(r.trainer.Seen())
}

// PerEpoch is the number of training images in an epoch.
func (r *Run) PerEpoch() int { return r.train.N }

// Rate is the training speed in images per second, 0 until measured.
func (r *Run) Rate() float64 { return r.rate }

// Advance is what a Step did.
type Advance struct {
	Points []Point           // curve points finished during the step, oldest first
	Tests  []FullTest        // evaluations on all test images finished during the step
	Epochs []core.EpochStats // epochs finished during the step
	Moved  bool              // a curve point was taken: the app's copy of the network should follow
	Busy   bool              // an evaluation is pending: Step has work even when not training
	Err    error             // a *core.DivergedError: the network is unusable
}

// FullTest is a network measured on all test images after Epoch epochs:
// its accuracy and its guess for every test image (NewReading counts them
// into the confusion matrix).
type FullTest struct {
	Epoch    int
	Accuracy float64
	Guesses  []byte
}

// Step works until the deadline: first on the pending evaluation (at
// least a few images of it, even past the deadline), then, if train is
// set and the epochs asked for are not complete, training, with a new
// evaluation whenever a curve point is due.
func (r *Run) Step(deadline time.Time, train bool) Advance {
	var a Advance
	for {
		if r.job != nil {
			if !r.job.step(deadline) {
				break
			}
			a.Points = append(a.Points, r.job.point())
			if t, ok := r.job.fullTest(); ok {
				a.Tests = append(a.Tests, t)
			}
			r.job = nil
			continue
		}
		if !train || r.Finished() || !time.Now().Before(deadline) {
			break
		}
		epochDone, err := r.work()
		if err != nil {
			a.Err = err
			break
		}
		if epochDone {
			a.Epochs = append(a.Epochs, r.trainer.LastEpoch())
		}
		now := r.seen()
		if r.ticks.Due(now, epochDone) {
			a.Moved = true
			// Over at least a fifth of a second, or a whole epoch: a
			// small network on a fast machine ends its epoch sooner.
			if d := time.Since(r.rateAt).Seconds(); d > 0.2 || (epochDone && d > 0) {
				r.rate = float64(now-r.rateSeen) / d
			}
			r.job = r.curveJob(float64(now)/float64(r.train.N), epochDone)
		}
	}
	a.Busy = r.job != nil
	return a
}

// Calls into the trainer take about callTime each (SetCallTime): short
// enough that the deadline is checked often, long enough that the
// trainer's cost per call — comparing its copy of the weights with the
// network and writing them back, about a millisecond for 784-300-100-10
// in WebAssembly — stays small. The number of images per call adapts to
// the speed; it never affects the weights (core's Work gives the same
// bits for any slicing), and a call never goes past the next curve point,
// so the points fall on the same images on every machine.
const (
	defaultCallTime = 4 * time.Millisecond
	minChunk        = 16
	maxChunk        = 1 << 14
)

// SetCallTime sets what one call into the trainer should take, about.
func (r *Run) SetCallTime(d time.Duration) { r.callTime = max(d, time.Millisecond) }

// work is the one call into core's trainer.
func (r *Run) work() (epochDone bool, err error) {
	n := min(r.chunk, r.ticks.Left(r.seen()))
	t0 := time.Now()
	epochDone, err = r.trainer.Work(n)
	if d := time.Since(t0); n == r.chunk {
		switch {
		case d < r.callTime/2 && r.chunk < maxChunk:
			r.chunk *= 2
		case d > 2*r.callTime && r.chunk > minChunk:
			r.chunk /= 2
		}
	}
	return epochDone, err
}

// seen is the number of images trained on so far, all epochs included.
func (r *Run) seen() int { return r.trainer.Epoch()*r.train.N + r.trainer.Seen() }

// curveJob is the evaluation of one curve point: the loss and accuracy on
// samples of the training and test images, and at an epoch's end on all
// the test images.
type curveJob struct {
	train, test *Evaluator
	full        *Evaluator // all test images, or nil
	epoch       float64
	epochs      int // completed, for the full test
}

func (r *Run) curveJob(epoch float64, full bool) *curveJob {
	j := &curveJob{
		train: NewEvaluator(r.net, r.train, 0, quickTrain),
		test:  NewEvaluator(r.net, r.test, 0, quickTest),
		epoch: epoch, epochs: r.trainer.Epoch(),
	}
	if full {
		j.full = NewEvaluator(r.net, r.test, 0, r.test.N)
		j.full.Guesses = true
	}
	for _, e := range []*Evaluator{j.train, j.test, j.full} {
		if e != nil {
			e.SetCallTime(r.callTime)
		}
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

// fullTest is the finished job's evaluation on all test images, if it
// made one.
func (j *curveJob) fullTest() (FullTest, bool) {
	if j.full == nil {
		return FullTest{}, false
	}
	_, acc := j.full.Result()
	return FullTest{Epoch: j.epochs, Accuracy: acc, Guesses: j.full.Guessed()}, true
}
