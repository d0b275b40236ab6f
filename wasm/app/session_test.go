package app

import (
	"testing"
	"time"

	"digits/core"
	"digits/data"
)

func loadAll(t *testing.T) (train, test *core.Dataset) {
	t.Helper()
	train, test, err := core.LoadMNIST(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// The whole life of the training panel on the real data: Train before the
// data is there waits, then trains in slices; the curves start at chance
// and the first epoch of a 784-32-10 network passes 90% on the 10,000 test
// images; Pause stops; Reset goes back to the pretrained network.
func TestSessionLifecycle(t *testing.T) {
	train, test := loadAll(t)
	pre, err := core.NewInitialized([]int{784, 20, 10}, core.InitHe, 7)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(pre)
	if got := s.Presets[2]; len(got) != 1 || got[0] != 20 {
		t.Fatalf("third preset %v, want the pretrained model's [20]", got)
	}
	if got := s.Config(); got.PresetIdx != 1 || got.Hidden[0] != 300 {
		t.Fatalf("default settings %+v, want LeCun's 300-100", got)
	}
	c := s.Config()
	c.Hidden, c.Batch, c.Rate, c.PresetIdx = []int{32}, 32, 0.1, 3
	s.SetConfig(c)

	s.Train()
	if st := s.Status(); st.Phase != Waiting || !st.Pretrained {
		t.Fatalf("Train without data: phase %v, pretrained %v; want waiting on the pretrained net", st.Phase, st.Pretrained)
	}
	s.SetData(nil, test)
	s.SetData(train, nil)
	rev := s.Rev()
	for i := 0; s.Status().Epoch < 1; i++ {
		if i > 100000 {
			t.Fatal("no epoch after 100,000 steps")
		}
		s.Step(5 * time.Millisecond)
	}
	for s.Status().Evaluating { // the epoch's full test evaluation
		s.Step(5 * time.Millisecond)
	}
	st := s.Status()
	if st.Phase != Training || st.Pretrained || st.NetName != "784-32-10" {
		t.Fatalf("phase %v, pretrained %v, net %s", st.Phase, st.Pretrained, st.NetName)
	}
	if s.Rev() == rev {
		t.Error("the network changed but Rev did not")
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
	if g := s.Guesses(20); len(g) != 20 {
		t.Errorf("%d guesses, want 20", len(g))
	}

	s.Pause()
	before := s.Status().EpochFrac
	s.Step(50 * time.Millisecond)
	if s.Status().EpochFrac != before || s.Status().Phase != Paused {
		t.Error("Step trained while paused")
	}
	s.SetHidden(true)
	s.Train() // resumes: same settings
	s.Step(50 * time.Millisecond)
	if s.Status().EpochFrac != before {
		t.Error("Step trained while the tab was hidden")
	}
	s.SetHidden(false)
	s.Step(50 * time.Millisecond)
	if s.Status().EpochFrac == before {
		t.Error("training did not resume")
	}

	s.Reset()
	st = s.Status()
	if st.Phase != Idle || !st.Pretrained || st.TestAcc != -1 || len(st.History) != 0 {
		t.Errorf("after Reset: %+v", st)
	}
}

// A learning rate far too large stops training with a message, instead of
// a network that answers 9.8%.
func TestSessionDiverges(t *testing.T) {
	train, test := loadAll(t)
	pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
	s := NewSession(pre)
	s.SetData(train.Subset(2000), test)
	c := s.Config()
	c.Hidden, c.Rate, c.Batch, c.Init = []int{32}, 1000, 0, core.InitGaussian
	s.SetConfig(c)
	s.Train()
	for i := 0; i < 2000 && s.Status().Phase == Training; i++ {
		s.Step(10 * time.Millisecond)
	}
	if st := s.Status(); st.Phase != Diverged || st.Err == nil {
		t.Errorf("phase %v, error %v; want diverged with a message", st.Phase, st.Err)
	}
}

// The sliced evaluator must agree with core's own evaluation.
func TestEvaluatorMatchesCore(t *testing.T) {
	_, test := loadAll(t)
	net, _ := core.NewInitialized([]int{784, 16, 10}, core.InitHe, 3)
	want := net.Accuracy(test)
	e := NewEvaluator(net, test, 0, test.N)
	steps := 0
	for !e.Step(time.Now()) { // the shortest budget: one slice per call
		steps++
	}
	if _, acc := e.Result(); acc != want {
		t.Errorf("sliced accuracy %v, core says %v", acc, want)
	}
	if steps < 10 {
		t.Errorf("evaluation finished in %d slices; it should yield often", steps)
	}
}

// Loading through the yielding reader gives the same data as core does
// directly, and reports progress up to 1.
func TestLoadYields(t *testing.T) {
	train, test := loadAll(t)
	pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
	s := NewSession(pre)
	pauses := 0
	Load(s, data.FS, 2*time.Millisecond, func() { pauses++ })
	st := s.Status()
	if !st.DataReady || !st.TestReady || st.Loaded != 1 || st.Err != nil {
		t.Fatalf("after Load: %+v", st)
	}
	if pauses < 10 {
		t.Errorf("loading paused %d times, want it to hand back control often", pauses)
	}
	if got := s.Test(); got.N != test.N || string(got.Images) != string(test.Images) {
		t.Error("test set differs")
	}
	_ = train
}
