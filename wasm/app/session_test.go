package app

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"digits/core"
	"digits/data"
	"digits/wasm/protocol"
)

func loadAll(t testing.TB) (train, test *core.Dataset) {
	t.Helper()
	train, test, err := core.LoadMNIST(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// screenWatch looks at what the screen would show of a session after
// every action and checks the revisions against it: whenever the words,
// the curves or the sample guesses change, a revision must have moved (or
// the screen would keep showing the old ones), and revisions should not
// move much more often than the screen changes (each move is a redraw).
type screenWatch struct {
	s       *Session
	guesses Guesses
	text    string
	revs    [3]Rev
	changes int // times the screen changed
	moves   int // times a revision moved
	started bool
}

// look renders the session as the screen would: the header, the status
// lines, the curves, the panel's settings, the sample digits' guesses and
// the confusion matrix.
// The revisions are read first, as the game does.
func (w *screenWatch) look() (string, [3]Rev) {
	revs := [3]Rev{w.s.Rev(), w.s.SettingsRev(), w.s.NetRev()}
	st := w.s.Status()
	cfg := w.s.Config()
	var b strings.Builder
	fmt.Fprintln(&b, Header(st), StatusLines(st), st.History)
	for p, a := range w.s.Presets() {
		fmt.Fprintln(&b, PresetLabel(Preset(p), a), cfg.Preset == Preset(p))
	}
	fmt.Fprintln(&b, CustomLabel(cfg, &Field{}), cfg.Rate, BatchLabel(cfg.Batch), cfg.Init)
	fmt.Fprintln(&b, w.guesses.For(w.s, revs[2], w.s.Test(), 28))
	if r := w.s.Reading(); r != nil {
		fmt.Fprintln(&b, r.Confusion)
	}
	return b.String(), revs
}

func (w *screenWatch) check(t *testing.T, when string) {
	t.Helper()
	text, revs := w.look()
	if !w.started {
		w.text, w.revs, w.started = text, revs, true
		return
	}
	if text != w.text {
		w.changes++
		if revs == w.revs {
			t.Fatalf("%s: the screen changed but no revision moved:\nwas %s\nnow %s", when, w.text, text)
		}
	}
	if revs != w.revs {
		w.moves++
	}
	w.text, w.revs = text, revs
}

// The whole life of the training panel on the real data: Train before the
// data is there waits, then trains in slices; the curves start at chance
// and the first epoch of a 784-32-10 network passes 90% on the 10,000 test
// images; Pause stops; Reset goes back to the pretrained network. After
// every step, whatever the screen would show changed only with a revision.
func TestSessionLifecycle(t *testing.T) {
	train, test := loadAll(t)
	pre, err := core.NewInitialized([]int{784, 20, 10}, core.InitHe, 7)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(pre, nil)
	lb := newLoopback(t, s)
	w := &screenWatch{s: s}
	w.check(t, "start")
	if got := s.Presets()[DefaultPreset].Hidden; len(got) != 1 || got[0] != 20 {
		t.Fatalf("default preset %v, want the pretrained model's [20]", got)
	}
	if got := s.Config(); got.Preset != LeCunPreset || core.SizesString(got.Hidden) != "300-100" {
		t.Fatalf("default settings %+v, want LeCun's 300-100", got)
	}
	s.SelectPreset(SeedPreset)
	w.check(t, "seed preset")
	if got := s.Config(); got.Preset != SeedPreset || core.SizesString(got.Hidden) != "32-16" {
		t.Fatalf("after SelectPreset(SeedPreset): %+v", got)
	}
	settings := s.SettingsRev()
	s.SelectPreset(SeedPreset)
	if s.SettingsRev() != settings {
		t.Error("selecting the preset already selected moved the settings' revision")
	}
	s.SetCustomSizes([]int{32})
	c := s.Config()
	c.Batch, c.Rate = 32, 0.1
	s.SetConfig(c)
	w.check(t, "settings")
	if c := s.Config(); c.Preset != CustomSizes || CustomLabel(c, &Field{}) != "32" {
		t.Fatalf("custom sizes: %+v, label %q", c, CustomLabel(c, &Field{}))
	}

	s.Train()
	w.check(t, "Train without data")
	if st := s.Status(); st.Phase != Waiting || !st.Pretrained {
		t.Fatalf("Train without data: phase %v, pretrained %v; want waiting on the pretrained net", st.Phase, st.Pretrained)
	}
	lb.setData(nil, test)
	w.check(t, "test set")
	net := s.NetRev()
	lb.setData(train, nil)
	w.check(t, "training set")
	netMoves := 0
	if s.NetRev() != net {
		netMoves++ // the untrained network's weights
	}
	for i := 0; s.Status().TestAcc < 0; i++ { // one epoch and its full test evaluation
		if i > 100000 {
			t.Fatal("no epoch after 100,000 steps")
		}
		before := s.NetRev()
		lb.step(5 * time.Millisecond)
		w.check(t, fmt.Sprintf("step %d", i))
		if s.NetRev() != before {
			netMoves++
		}
	}
	st := s.Status()
	if st.Phase != Training || st.Pretrained || st.NetName != "784-32-10" || st.Epoch != 1 {
		t.Fatalf("phase %v, pretrained %v, net %s, epoch %d", st.Phase, st.Pretrained, st.NetName, st.Epoch)
	}
	// The pad and the samples follow the network from its start, at curve
	// points a few times a second and at the epoch's end.
	if netMoves < 2 || netMoves > ticksPerEpoch+1 {
		t.Errorf("NetRev moved at %d steps of the first epoch, want at the start and the epoch's end, and at most at its %d curve points", netMoves, ticksPerEpoch)
	}
	if st.TestAcc < 0.9 {
		t.Errorf("test accuracy after one epoch %.4f, want ≥ 0.90", st.TestAcc)
	}
	h := st.History
	if len(h) < ticksPerEpoch/2 || h[0].Epoch != 0 || h[0].TrainAcc > 0.3 || !h[len(h)-1].Full {
		t.Errorf("history of %d points, first %+v, last %+v: want a point at epoch 0 near chance and a full one at the end", len(h), h[0], h[len(h)-1])
	}
	if h[len(h)-1].Loss >= h[0].Loss {
		t.Errorf("loss went from %.3f to %.3f", h[0].Loss, h[len(h)-1].Loss)
	}
	if st.Rate <= 0 {
		t.Error("no images/s measured")
	}
	// The screen changed at least at every curve point and every tenth of
	// an epoch; the revisions did not move at every step.
	t.Logf("%d screen changes, %d revision moves", w.changes, w.moves)
	if w.changes < len(h) || w.moves > 2*w.changes {
		t.Errorf("%d screen changes and %d revision moves over %d curve points: want revisions to move about as often as the screen changes", w.changes, w.moves, len(h))
	}

	s.Pause()
	w.check(t, "Pause")
	lb.deliver()
	before := s.Status().Seen
	lb.step(50 * time.Millisecond)
	w.check(t, "step while paused")
	if s.Status().Seen != before || s.Status().Phase != Paused {
		t.Error("the trainer trained while paused")
	}
	// The pad uses the network as paused: the last snapshot is of it.
	if w, ok := lastWeights(lb.sent); !ok || w.Seen != before {
		t.Errorf("the last weights are of %d images, the network was paused at %d", w.Seen, before)
	}
	s.SetTabHidden(true)
	w.check(t, "tab hidden")
	s.Train() // resumes: same settings
	lb.step(50 * time.Millisecond)
	w.check(t, "step while the tab is hidden")
	if s.Status().Seen != before {
		t.Error("the trainer trained while the tab was hidden")
	}
	s.SetTabHidden(false)
	w.check(t, "tab shown")
	lb.step(50 * time.Millisecond)
	lb.step(50 * time.Millisecond)
	w.check(t, "step after the tab is shown")
	if s.Status().Seen == before {
		t.Error("training did not resume")
	}

	c = s.Config()
	c.Init = core.InitSamson
	s.SetConfig(c)
	w.check(t, "new initialisation while training")
	lb.step(time.Millisecond)
	// The curves start again: within a millisecond the new run may have
	// measured its untrained network (a point at epoch 0), on a fast
	// machine, but nothing of the old run's epoch is left.
	if st := s.Status(); st.Epoch != 0 || !freshHistory(st.History) || st.Running.Init != core.InitSamson {
		t.Errorf("a new initialisation while training: epoch %d, points %+v, init %s; want a fresh samson network", st.Epoch, st.History, st.Running.Init)
	}

	net = s.NetRev()
	s.Reset()
	w.check(t, "Reset")
	st = s.Status()
	if st.Phase != Idle || !st.Pretrained || len(st.History) != 0 || s.NetRev() == net {
		t.Errorf("after Reset: %+v", st)
	}
	for lb.step(50 * time.Millisecond) { // the pretrained model's measurement
		w.check(t, "measuring the pretrained model")
	}
	w.check(t, "pretrained model measured")
	if acc := s.Status().TestAcc; acc < 0 || acc > 0.3 {
		t.Errorf("the untrained \"pretrained\" network's test accuracy %v, want measured and near chance", acc)
	}
}

// Between curve points the progress line moves by tenths of an epoch, and
// each move shows: slices of a few microseconds train a batch or two each,
// so the line crosses tenths at steps where no curve point is taken.
func TestSessionProgressBetweenPoints(t *testing.T) {
	train, test := loadAll(t)
	pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
	s := NewSession(pre, nil)
	lb := newLoopback(t, s)
	lb.setData(train.Subset(6000), test)
	cfg := s.Config()
	cfg.Hidden, cfg.Batch = []int{16}, 64
	s.SetConfig(cfg)
	s.Train()
	lb.deliver()
	w := &screenWatch{s: s}
	w.check(t, "Train")
	shown := map[string]bool{}
	for i := 0; s.Status().Epoch < 1; i++ {
		if i > 1000000 {
			t.Fatal("no epoch after 1,000,000 steps")
		}
		lb.step(20 * time.Microsecond)
		w.check(t, fmt.Sprintf("step %d", i))
		head := StatusLines(s.Status())[0].Text
		shown[head[:strings.Index(head, ")")+1]] = true
	}
	for f := range 10 {
		if want := fmt.Sprintf("Epoch 0  (0.%d)", f); !shown[want] {
			t.Errorf("the progress line never said %q (it said %v)", want, shown)

		}
	}
}

// A learning rate far too large stops training with a message that says
// what happened, instead of a network that answers 9.8%: the loss grows
// more than tenfold (rate 10), or the weights overflow and the loss
// becomes NaN (rate 1e30). A lower rate then trains again.
func TestSessionDiverges(t *testing.T) {
	train, test := loadAll(t)
	for _, c := range []struct {
		rate      float32
		notFinite bool
		why       string
	}{
		{10, false, "The loss grew more than tenfold, from 2.37 to "},
		{1e30, true, "The loss became NaN (not a number)."},
	} {
		pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
		s := NewSession(pre, nil)
		lb := newLoopback(t, s)
		lb.setData(train.Subset(2000), test)
		cfg := s.Config()
		cfg.Hidden, cfg.Rate, cfg.Batch, cfg.Init = []int{32}, c.rate, 0, core.InitHe
		s.SetConfig(cfg)
		s.Train()
		lb.deliver()
		w := &screenWatch{s: s}
		for i := 0; i < 2000 && s.Phase() == Training; i++ {
			lb.step(10 * time.Millisecond)
			w.check(t, fmt.Sprintf("rate %g, step %d", c.rate, i))
		}
		st := s.Status()
		var d *core.DivergedError
		if st.Phase != Diverged || !errors.As(st.Err, &d) || !st.Pretrained || len(st.History) == 0 {
			t.Fatalf("rate %g: phase %v, error %v, pretrained %v, %d points; want diverged with a *core.DivergedError, the pad back on the pretrained model and the curves kept", c.rate, st.Phase, st.Err, st.Pretrained, len(st.History))
		}
		if d.NotFinite != c.notFinite {
			t.Errorf("rate %g: %+v, want NotFinite %v", c.rate, d, c.notFinite)
		}
		lines := StatusLines(st)
		want := []string{fmt.Sprintf("Training diverged at epoch %d", d.Epoch), c.why, fmt.Sprintf("Lower the learning rate (now %g) and press Train.", c.rate)}
		if len(lines) != 3 || lines[0].Text != want[0] || !strings.HasPrefix(lines[1].Text, want[1]) || lines[2].Text != want[2] || lines[0].Tone != Bad {
			t.Errorf("rate %g: the screen says %v, want %q", c.rate, lines, want)
		}
		cfg.Rate = 0.1
		s.SetConfig(cfg)
		s.Train()
		lb.step(10 * time.Millisecond)
		if st := s.Status(); st.Phase != Training || st.Err != nil {
			t.Errorf("after lowering the rate, Train gives phase %v, error %v", st.Phase, st.Err)
		}
	}
}

// Settings that make no network, or no trainer, are reported as what they
// are, not as divergence, and leave the pad on the pretrained model.
func TestSessionBuildFailed(t *testing.T) {
	train, test := loadAll(t)
	for _, c := range []struct {
		hidden []int
		rate   float32
		want   []string
	}{
		{[]int{0}, 0.1, []string{"Cannot build 784-0-10", "layer 1 has 0 neurons; each layer needs 1 to 16384"}},
		{[]int{16, 20000}, 0.1, []string{"Cannot build 784-16-20000-10", "layer 2 has 20000 neurons; each layer needs 1 to 16384"}},
		{[]int{32}, 0, []string{"Cannot train 784-32-10", "learning rate 0: want a positive number"}},
	} {
		pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
		s := NewSession(pre, nil)
		lb := newLoopback(t, s)
		lb.setData(train.Subset(1000), test)
		cfg := s.Config()
		cfg.Hidden, cfg.Rate = c.hidden, c.rate
		s.SetConfig(cfg)
		w := &screenWatch{s: s}
		w.check(t, "settings")
		s.Train()
		lb.deliver()
		w.check(t, "Train")
		st := s.Status()
		var b *BuildError
		if st.Phase != BuildFailed || !errors.As(st.Err, &b) || errors.Is(st.Err, core.ErrDiverged) || !st.Pretrained {
			t.Fatalf("hidden %v, rate %g: phase %v, error %v, pretrained %v; want a build error on the pretrained net", c.hidden, c.rate, st.Phase, st.Err, st.Pretrained)
		}
		lines := StatusLines(st)
		if len(lines) != 3 || lines[0].Text != c.want[0] || lines[1].Text != c.want[1] {
			t.Errorf("hidden %v, rate %g: the screen says %v, want %q", c.hidden, c.rate, lines, c.want)
		}
		if lb.step(10 * time.Millisecond); s.Phase() != BuildFailed {
			t.Errorf("a step left the failed phase for %v", s.Phase())
		}
	}
}

// The sliced evaluator must agree with core's own evaluation.
func TestEvaluatorMatchesCore(t *testing.T) {
	_, test := loadAll(t)
	net, _ := core.NewInitialized([]int{784, 16, 10}, core.InitHe, 3)
	wantLoss, wantAcc, _ := net.Evaluate(test)
	for _, guesses := range []bool{false, true} {
		e := NewEvaluator(net, test, 0, test.N)
		e.Guesses = guesses
		e.SetCallTime(time.Millisecond)
		steps := 0
		for !e.Step(time.Now()) { // the shortest budget: one part per call
			steps++
		}
		loss, acc := e.Result()
		if acc != wantAcc || (!guesses && math.Abs(loss-wantLoss) > 1e-9*wantLoss) {
			t.Errorf("guesses %v: in parts loss %v, accuracy %v; core says %v, %v", guesses, loss, acc, wantLoss, wantAcc)
		}
		if steps < 10 {
			t.Errorf("guesses %v: evaluation finished in %d parts; it should yield often", guesses, steps)
		}
		if !guesses {
			continue
		}
		// The guesses are core's, one per image in order.
		if !slices.Equal(e.Guessed(), net.PredictAll(test)) {
			t.Error("the evaluator's guesses differ from core's PredictAll's")
		}
	}
}

// Loading through the yielding reader gives the same data as core does
// directly, reports progress up to 1, and hands the thread back often.
func TestLoadYields(t *testing.T) {
	train, _ := loadAll(t)
	pauses := 0
	var fractions []float64
	got, err := LoadSet(data.FS, "train", Pacer{Slice: 2 * time.Millisecond, Pause: func() { pauses++ }},
		func(f float64) { fractions = append(fractions, f) })
	if err != nil {
		t.Fatal(err)
	}
	if got.N != train.N || string(got.Images) != string(train.Images) || string(got.Labels) != string(train.Labels) {
		t.Error("the training set differs from core's")
	}
	if pauses < 10 {
		t.Errorf("loading paused %d times, want it to hand back control often", pauses)
	}
	if len(fractions) < 10 || fractions[len(fractions)-1] != 1 || !slices.IsSorted(fractions) {
		t.Errorf("progress %v, want many steps up to 1", fractions)
	}
}

// lastWeights is the last weight snapshot among reports.
func lastWeights(sent []protocol.Message) (*protocol.Weights, bool) {
	for i := len(sent) - 1; i >= 0; i-- {
		if w, ok := sent[i].(*protocol.Weights); ok {
			return w, true
		}
	}
	return &protocol.Weights{}, false
}

// Reports still on their way when Reset is pressed belong to a network
// the screen no longer shows: they are dropped, and the pad stays on the
// pretrained model. Bytes that are no report say so on screen.
func TestSessionDropsStaleReports(t *testing.T) {
	train, test := loadAll(t)
	pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
	s := NewSession(pre, nil)
	lb := newLoopback(t, s)
	lb.setData(train.Subset(3000), test)
	cfg := s.Config()
	cfg.Hidden, cfg.Batch = []int{16}, 50
	s.SetConfig(cfg)
	s.Train()
	for s.Status().Seen < 1000 {
		lb.step(time.Millisecond)
	}
	lb.e.Step(time.Now().Add(20 * time.Millisecond)) // reports wait in the queue
	if len(lb.queue) == 0 {
		t.Fatal("no reports on their way")
	}
	s.Reset()
	w := &screenWatch{s: s}
	w.check(t, "Reset")
	lb.deliver()
	w.check(t, "old reports delivered")
	st := s.Status()
	if st.Phase != Idle || !st.Pretrained || st.Seen != 0 || len(st.History) != 0 || st.Epoch != 0 {
		t.Errorf("after Reset and the old run's reports: %+v", st)
	}
	if w.changes != 0 {
		t.Error("the old run's reports changed the screen")
	}

	s.Receive([]byte("not a report"))
	if err := s.Status().Trainer.Err; err == nil || !strings.Contains(err.Error(), "cannot read the trainer's report") {
		t.Errorf("garbage from the trainer: %v", err)
	}
	if lines := StatusLines(s.Status()); lines[0].Text != "The trainer stopped" {
		t.Errorf("the screen says %v", lines)
	}
}

// Every command the session sends once the trainer said hello is timed
// when the trainer acknowledges it, however many acknowledgements one
// report covers.
func TestSessionTimesCommands(t *testing.T) {
	pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
	s := NewSession(pre, nil)
	lb := newLoopback(t, s) // Connect sends the settings and the pretrained model
	lb.e.send(&protocol.Hello{Where: "goroutine"})
	lb.deliver()
	s.Pause()
	s.SelectPreset(SeedPreset)
	s.SelectPreset(LeCunPreset)
	time.Sleep(2 * time.Millisecond)
	lb.deliver()
	l := s.Status().Latency
	if l.Commands != 2 || l.Last < 2*time.Millisecond || l.Max < l.Last {
		t.Errorf("latency %+v after 2 commands acknowledged at least 2 ms after they were sent", l)
	}
}

// freshHistory reports whether h holds only what a run that has just
// started can have measured: no points, or a first one at epoch 0 and
// none at an epoch's end.
func freshHistory(h []Point) bool {
	for _, p := range h {
		if p.Full || p.Epoch >= 1 {
			return false
		}
	}
	return len(h) == 0 || h[0].Epoch == 0
}
