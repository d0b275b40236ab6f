package app

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"time"

	"digits/core"
	"digits/wasm/protocol"
)

// Engine is the trainer's side of the protocol: it holds the training and
// test data, trains the network the app asked for a slice at a time
// (Step), measures it for the curves, evaluates models on all test images,
// and reports all of it as protocol messages. It runs wherever training
// runs — in a Web Worker (wasm/trainer), on the page's thread when a
// browser refuses a worker, in a goroutine on the desktop (Local) — and
// does not know which: Serve drives it.
type Engine struct {
	send     func(protocol.Message)
	memory   func() uint64 // bytes of memory the program holds
	callTime time.Duration // see Run.SetCallTime

	settings    Config
	train, test *core.Dataset

	run      *Run
	runID    uint32
	training bool
	waiting  *protocol.Train // a Train that came before the training data

	evals   []*evaluation // models to measure, oldest first
	handled uint32        // commands carried out

	reported struct { // the last Progress sent
		at       time.Time
		run      uint32
		training bool
		epoch    int
		seen     int64
	}
	snapshot struct { // the last Weights sent
		at   time.Time
		seen int64
	}
}

// evaluation is a model the app sent to be measured on all test images.
type evaluation struct {
	id   uint32
	net  core.Model
	eval *Evaluator // made when the evaluation starts
}

// How often the app hears from a training run: progress a few times a
// second (its display changes by tenths of an epoch anyway), weights at
// most four times a second — the page copies each snapshot and classifies
// its sample digits anew on its own thread — besides every epoch's end and
// whenever training stops.
const (
	progressEvery = 100 * time.Millisecond
	weightsEvery  = 250 * time.Millisecond
)

// NewEngine makes an engine that reports through send. memory, if not
// nil, says how many bytes of memory the program holds (its WebAssembly
// memory), reported with the progress.
func NewEngine(send func(protocol.Message), memory func() uint64) *Engine {
	return &Engine{send: send, memory: memory, callTime: defaultCallTime, settings: DefaultConfig()}
}

// SetCallTime sets how long one call into the trainer should take (see
// Run.SetCallTime): longer where nothing else needs the thread.
func (e *Engine) SetCallTime(d time.Duration) {
	e.callTime = d
	if e.run != nil {
		e.run.SetCallTime(d)
	}
}

// SetData hands over decoded data: the test set first (evaluations can
// start), then the training set (training can).
func (e *Engine) SetData(train, test *core.Dataset) {
	if test != nil {
		e.test = test
	}
	if train != nil {
		e.train = train
		if t := e.waiting; t != nil {
			e.waiting = nil
			e.startOrResume(t)
			e.progress(nil, true)
		}
	}
}

// Handle carries out one command from the app, and reports where the run
// stands afterwards (which also tells the app the command arrived).
func (e *Engine) Handle(m protocol.Message) {
	e.handled++
	switch m := m.(type) {
	case *protocol.Settings:
		c, err := configOf(m)
		if err != nil {
			e.send(&protocol.Failed{Message: err.Error()})
			return
		}
		e.settings = c
		if e.run != nil {
			e.run.SetLearningRate(m.Rate)
		}
	case *protocol.Train:
		e.startOrResume(m)
	case *protocol.Pause:
		e.stopTraining()
	case *protocol.Reset:
		e.reset()
	case *protocol.Evaluate:
		e.evaluate(m)
	default:
		e.send(&protocol.Failed{Message: fmt.Sprintf("the trainer received a %v message, which it sends rather than takes", m.Kind())})
		return
	}
	e.progress(nil, true)
}

// configOf is the configuration a Settings message carries.
func configOf(m *protocol.Settings) (Config, error) {
	a, err := ParseArch(m.Arch)
	if err != nil {
		return Config{}, fmt.Errorf("the settings name an unknown architecture %v", err)
	}
	c := Config{Arch: a, Hidden: m.Hidden, Preset: CustomSizes, Rate: m.Rate, Batch: m.Batch, Init: m.Init, Seed: m.Seed}
	if a == LeNet5 {
		c.Hidden, c.Preset = nil, LeNetPreset
	}
	return c, nil
}

// SettingsOf is the Settings message of a configuration.
func SettingsOf(c Config) *protocol.Settings {
	return &protocol.Settings{Arch: c.Arch.String(), Hidden: c.Hidden, Rate: c.Rate, Batch: c.Batch, Init: c.Init, Seed: c.Seed}
}

func (e *Engine) startOrResume(m *protocol.Train) {
	if e.train == nil || e.test == nil {
		e.waiting = m
		return
	}
	if m.Fresh || e.run == nil || e.runID != m.Run {
		e.drop()
		e.runID = m.Run
		run, err := NewRun(e.settings, e.train, e.test)
		if err != nil {
			e.stopped(err)
			return
		}
		e.run = run
		run.SetCallTime(e.callTime)
		e.sendWeights() // the untrained network: the pad follows it from the start
	} else {
		e.run.RestartRate()
	}
	e.run.SetUntil(m.Epochs)
	e.training = true
}

// stopTraining pauses the run; the app gets its network as it stands.
func (e *Engine) stopTraining() {
	e.waiting = nil
	if !e.training {
		return
	}
	e.training = false
	if e.snapshot.seen != e.run.Seen() {
		e.sendWeights()
	}
}

// drop forgets the run and collects its memory at once, so that the next
// network reuses it instead of growing the heap: WebAssembly memory never
// shrinks, and a collection left to the garbage collector's pace would
// let each new network raise the high-water mark.
func (e *Engine) drop() {
	had := e.run != nil
	e.run, e.training, e.waiting = nil, false, nil
	e.snapshot.seen = -1
	if had {
		runtime.GC()
	}
}

// reset forgets the run.
func (e *Engine) reset() {
	e.drop()
	e.runID = 0
}

func (e *Engine) evaluate(m *protocol.Evaluate) {
	net, err := core.ReadModel(bytes.NewReader(m.Model))
	if err == nil && (net.Inputs() != Pixels || net.Outputs() != Digits) {
		err = fmt.Errorf("the model is %s: it needs %d inputs and %d outputs", net, Pixels, Digits)
	}
	if err != nil {
		e.send(&protocol.TestResult{ID: m.ID, Err: err.Error()})
		return
	}
	e.evals = append(e.evals, &evaluation{id: m.ID, net: net})
}

// Step works until the deadline: the run's pending evaluation and, if it
// trains, training; when nothing trains, the evaluations the app asked
// for. It reports what happened and whether there is more to do.
func (e *Engine) Step(deadline time.Time) (busy bool) {
	if e.test == nil {
		return false
	}
	if e.run != nil {
		a := e.run.Step(deadline, e.training)
		e.reportAdvance(a)
		busy = a.Busy || e.training
	}
	if len(e.evals) > 0 && !e.training && time.Now().Before(deadline) {
		ev := e.evals[0]
		if ev.eval == nil {
			ev.eval = NewEvaluator(ev.net, e.test, 0, e.test.N)
			ev.eval.Guesses = true
			ev.eval.SetCallTime(e.callTime)
		}
		if ev.eval.Step(deadline) {
			e.evals = e.evals[1:]
			_, acc := ev.eval.Result()
			e.send(&protocol.TestResult{ID: ev.id, Accuracy: acc, Guesses: ev.eval.Guessed()})
		}
	}
	return busy || len(e.evals) > 0
}

// reportAdvance sends what a step of the run did, in the order the app
// needs it: the weights at a curve point before that point's
// measurements, the epoch's statistics, the full test, the progress with
// the new points; and, when the run stops, why.
func (e *Engine) reportAdvance(a Advance) {
	run := e.run
	if a.Moved && (len(a.Epochs) > 0 || time.Since(e.snapshot.at) >= weightsEvery) {
		e.sendWeights()
	}
	for _, s := range a.Epochs {
		e.send(&protocol.EpochEnd{Run: e.runID, Epoch: s.Epoch, Loss: s.Loss, Accuracy: s.Accuracy})
	}
	for _, t := range a.Tests {
		e.send(&protocol.TestResult{Run: e.runID, Epoch: t.Epoch, Accuracy: t.Accuracy, Guesses: t.Guesses})
	}
	switch {
	case a.Err != nil:
		e.training = false
		e.progress(a.Points, true)
		e.stopped(a.Err)
	case e.training && run.Finished() && !a.Busy:
		e.stopTraining()
		e.progress(a.Points, true)
		e.send(&protocol.Stopped{Run: e.runID, Reason: protocol.Finished})
	default:
		e.progress(a.Points, false)
	}
}

// progress sends where the run stands if anything the app shows changed
// (or always, with force): points, the epoch or its tenths, training
// started or stopped, or images trained since the last report a while
// ago.
func (e *Engine) progress(points []Point, force bool) {
	p := &protocol.Progress{Run: e.runID, Training: e.training, Points: points, Handled: e.handled}
	if r := e.run; r != nil {
		p.Epoch, p.Seen, p.PerEpoch, p.Rate = r.Epoch(), r.Seen(), r.PerEpoch(), r.Rate()
	}
	last := &e.reported
	changed := len(points) > 0 || p.Run != last.run || p.Training != last.training || p.Epoch != last.epoch ||
		(p.PerEpoch > 0 && 10*p.Seen/int64(p.PerEpoch) != 10*last.seen/int64(p.PerEpoch)) ||
		(p.Seen != last.seen && time.Since(last.at) >= progressEvery)
	if !force && !changed {
		return
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	p.Heap, p.Memory = m.HeapAlloc, m.Sys
	if e.memory != nil {
		p.Memory = e.memory()
	}
	last.at, last.run, last.training, last.epoch, last.seen = time.Now(), p.Run, p.Training, p.Epoch, p.Seen
	e.send(p)
}

// sendWeights sends a snapshot of the run's network.
func (e *Engine) sendWeights() {
	e.snapshot.at, e.snapshot.seen = time.Now(), e.run.Seen()
	w, err := protocol.WeightsOf(e.runID, e.run.Epoch(), e.run.Seen(), e.run.Network())
	if err != nil {
		e.send(&protocol.Failed{Message: fmt.Sprintf("cannot send the network being trained: %v", err)})
		return
	}
	e.send(w)
}

// stopped reports that the run stopped by itself on err: a diverged
// network or settings that make none.
func (e *Engine) stopped(err error) {
	e.training = false
	m := &protocol.Stopped{Run: e.runID}
	var d *core.DivergedError
	var b *BuildError
	switch {
	case errors.As(err, &d):
		m.Reason, m.Diverged = protocol.Diverged, *d
	case errors.As(err, &b):
		m.Reason = protocol.BuildFailed
		m.Build = protocol.BuildFailure{Sizes: b.Sizes, Trainer: b.Trainer, Message: b.Err.Error()}
	default:
		e.send(&protocol.Failed{Message: err.Error()})
		return
	}
	e.send(m)
}
