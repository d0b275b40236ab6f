package app

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"digits/core"
	"digits/data"
	"digits/wasm/protocol"
)

// engineFor makes an engine on the data that records its reports.
func engineFor(train, test *core.Dataset) (*Engine, *[]protocol.Message) {
	var sent []protocol.Message
	e := NewEngine(func(m protocol.Message) {
		d, err := protocol.Decode(protocol.Encode(m))
		if err != nil {
			panic(err)
		}
		sent = append(sent, d)
	}, nil)
	e.SetData(nil, test)
	e.SetData(train, nil)
	return e, &sent
}

// trainUntilStopped steps e until it reports a Stopped.
func trainUntilStopped(t *testing.T, e *Engine, sent *[]protocol.Message, slice time.Duration) *protocol.Stopped {
	t.Helper()
	for i := 0; i < 1000000; i++ {
		e.Step(time.Now().Add(slice))
		for _, m := range *sent {
			if s, ok := m.(*protocol.Stopped); ok {
				return s
			}
		}
	}
	t.Fatal("the engine never stopped")
	return nil
}

// The network the engine trains for Train{Epochs: 1} is, bit for bit, the
// one cmd/train makes from the same settings (core.NewInitialized with the
// seed, core.NewTrainer with the seed, one RunEpoch), however the engine
// slices the work; its epoch statistics are RunEpoch's, its full test is
// core's evaluation, and its guesses are core's (PredictAll).
func TestEngineTrainsAsCmdTrain(t *testing.T) {
	train, test := loadAll(t)
	train = train.Subset(12000)
	cfg := Config{Hidden: []int{32, 16}, Rate: 0.1, Batch: 32, Init: core.InitHe, Seed: 5}
	want, _ := core.NewInitialized(cfg.Sizes(), cfg.Init, cfg.Seed)
	tr, _ := core.NewTrainer(want, train, cfg.Rate, cfg.Batch, cfg.Seed)
	stats, err := tr.RunEpoch()
	if err != nil {
		t.Fatal(err)
	}
	for _, slice := range []time.Duration{30 * time.Microsecond, 20 * time.Millisecond} {
		t.Run(fmt.Sprint(slice), func(t *testing.T) {
			e, sent := engineFor(train, test)
			e.Handle(SettingsOf(cfg))
			e.Handle(&protocol.Train{Run: 3, Fresh: true, Epochs: 1})
			stop := trainUntilStopped(t, e, sent, slice)
			if stop.Run != 3 || stop.Reason != protocol.Finished {
				t.Fatalf("stopped: %+v, want run 3 finished", stop)
			}
			w, ok := lastWeights(*sent)
			if !ok {
				t.Fatal("no weights sent")
			}
			got, err := w.Network()
			if err != nil {
				t.Fatal(err)
			}
			if got.Checksum() != want.Checksum() || w.Epoch != 1 || w.Seen != int64(train.N) {
				t.Errorf("weights after one epoch: checksum %x (epoch %d, %d images), cmd/train's %x", got.Checksum(), w.Epoch, w.Seen, want.Checksum())
			}
			var ends []*protocol.EpochEnd
			var tests []*protocol.TestResult
			for _, m := range *sent {
				switch m := m.(type) {
				case *protocol.EpochEnd:
					ends = append(ends, m)
				case *protocol.TestResult:
					tests = append(tests, m)
				}
			}
			if len(ends) != 1 || ends[0].Loss != stats.Loss || ends[0].Accuracy != stats.Accuracy || ends[0].Epoch != 1 {
				t.Errorf("epoch ends %+v, RunEpoch says %+v", ends, stats)
			}
			if len(tests) != 1 || tests[0].Accuracy != want.Accuracy(test) || tests[0].Epoch != 1 || tests[0].Run != 3 {
				t.Fatalf("full tests %+v, want one at epoch 1 with core's accuracy %v", tests, want.Accuracy(test))
			}
			if !slices.Equal(tests[0].Guesses, want.PredictAll(test)) {
				t.Error("the full test's guesses are not core's PredictAll's")
			}
			r, err := NewReading(test, tests[0].Guesses)
			if err != nil || r.Confusion.Total() != test.N || r.Confusion.Accuracy() != tests[0].Accuracy {
				t.Errorf("the guesses' confusion matrix (%v) disagrees with the accuracy %v", err, tests[0].Accuracy)
			}
			// After stopping, nothing trains.
			e.Step(time.Now().Add(10 * time.Millisecond))
			if _, ok := lastWeights(*sent); !ok || e.run.Seen() != int64(train.N) {
				t.Errorf("trained on after the epochs asked for: %d images", e.run.Seen())
			}
		})
	}
}

// The reports of an epoch's end come in the order the app needs: the
// weights the epoch ended with, the epoch's statistics, the full test,
// then the progress with its point; when the epochs asked for are done, a
// progress that says training stopped, then Stopped, last.
func TestEngineReportOrder(t *testing.T) {
	train, test := loadAll(t)
	train = train.Subset(3000)
	e, sent := engineFor(train, test)
	e.Handle(SettingsOf(Config{Hidden: []int{16}, Rate: 0.1, Batch: 100, Init: core.InitHe, Seed: 1}))
	e.Handle(&protocol.Train{Run: 1, Fresh: true, Epochs: 2})
	trainUntilStopped(t, e, sent, time.Millisecond)
	at := func(what string, match func(protocol.Message) bool) int {
		t.Helper()
		for i, m := range *sent {
			if match(m) {
				return i
			}
		}
		t.Fatalf("no %s among the reports", what)
		return -1
	}
	first := at("weights", func(m protocol.Message) bool { _, ok := m.(*protocol.Weights); return ok })
	if w := (*sent)[first].(*protocol.Weights); w.Seen != 0 {
		t.Errorf("the first weights are of %d images, want the untrained network's", w.Seen)
	}
	for epoch := 1; epoch <= 2; epoch++ {
		weights := at("weights", func(m protocol.Message) bool {
			w, ok := m.(*protocol.Weights)
			return ok && w.Epoch == epoch && w.Seen == int64(epoch*train.N)
		})
		end := at("epoch end", func(m protocol.Message) bool { x, ok := m.(*protocol.EpochEnd); return ok && x.Epoch == epoch })
		full := at("full test", func(m protocol.Message) bool { x, ok := m.(*protocol.TestResult); return ok && x.Epoch == epoch })
		point := at("full point", func(m protocol.Message) bool {
			p, ok := m.(*protocol.Progress)
			return ok && len(p.Points) > 0 && p.Points[len(p.Points)-1].Full && p.Epoch == epoch
		})
		if !(first <= weights && weights < end && end < full && full < point) {
			t.Errorf("epoch %d: weights at %d, epoch end at %d, full test at %d, its point at %d: want them in that order", epoch, weights, end, full, point)
		}
	}
	n := len(*sent)
	p, ok := (*sent)[n-2].(*protocol.Progress)
	if !ok || p.Training || p.Epoch != 2 {
		t.Errorf("the report before the last: %+v, want a progress that says training stopped", (*sent)[n-2])
	}
	if s, ok := (*sent)[n-1].(*protocol.Stopped); !ok || s.Reason != protocol.Finished {
		t.Errorf("the last report: %+v, want Stopped, finished", (*sent)[n-1])
	}
}

// Reset drops the network and collects it at once: twenty networks
// trained and reset leave the heap where the first left it.
func TestEngineResetFreesMemory(t *testing.T) {
	train, test := loadAll(t)
	e, sent := engineFor(train, test)
	e.Handle(SettingsOf(Config{Hidden: []int{300, 100}, Rate: 0.1, Batch: 32, Init: core.InitHe, Seed: 1}))
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var after []uint64
	for i := range 20 {
		e.Handle(&protocol.Train{Run: uint32(i + 1), Fresh: true})
		for e.run != nil && e.run.Seen() == 0 {
			e.Step(time.Now().Add(5 * time.Millisecond))
		}
		e.Handle(&protocol.Reset{})
		if e.run != nil || e.training {
			t.Fatalf("cycle %d: Reset left a run", i)
		}
		*sent = (*sent)[:0]
		after = append(after, heap())
	}
	t.Logf("heap after each reset: %v MB", mb(after))
	if grew := int64(after[19]) - int64(after[0]); grew > 4<<20 {
		t.Errorf("the heap grew by %d MB over 20 train/reset cycles: %v MB", grew>>20, mb(after))
	}
	// The progress after a reset says so: no run, nothing training.
	e.Handle(&protocol.Pause{})
	if p, ok := (*sent)[len(*sent)-1].(*protocol.Progress); !ok || p.Run != 0 || p.Training || p.Heap == 0 {
		t.Errorf("the acknowledgement after Reset: %+v", (*sent)[len(*sent)-1])
	}
}

func mb(v []uint64) []uint64 {
	out := make([]uint64, len(v))
	for i, x := range v {
		out[i] = x >> 20
	}
	return out
}

// Models sent to be measured are measured on all test images, as core
// measures them; a file that is not a model gets the reader's message.
func TestEngineEvaluates(t *testing.T) {
	_, test := loadAll(t)
	e, sent := engineFor(nil, test)
	net, _ := core.NewInitialized([]int{784, 20, 10}, core.InitHe, 2)
	var file bytes.Buffer
	core.WriteModel(&file, net)
	e.Handle(&protocol.Evaluate{ID: 7, Model: file.Bytes()})
	e.Handle(&protocol.Evaluate{ID: 8, Model: []byte("DIGITSNN garbage")})
	small, _ := core.NewInitialized([]int{784, 5}, core.InitHe, 2)
	file.Reset()
	core.WriteModel(&file, small)
	e.Handle(&protocol.Evaluate{ID: 9, Model: file.Bytes()})
	for e.Step(time.Now().Add(time.Millisecond)) {
	}
	results := map[uint32]*protocol.TestResult{}
	for _, m := range *sent {
		if r, ok := m.(*protocol.TestResult); ok {
			results[r.ID] = r
		}
	}
	if r := results[7]; r == nil || r.Err != "" || r.Accuracy != net.Accuracy(test) || !slices.Equal(r.Guesses, net.PredictAll(test)) {
		t.Errorf("evaluation 7: %+v, core says %v", r, net.Accuracy(test))
	}
	if r := results[8]; r == nil || !strings.Contains(r.Err, "not a valid model file") {
		t.Errorf("evaluation of garbage: %+v", r)
	}
	if r := results[9]; r == nil || !strings.Contains(r.Err, "784-5: it needs 784 inputs and 10 outputs") {
		t.Errorf("evaluation of a 5-output model: %+v", r)
	}
}

// A report the trainer sends to itself, or bytes that are no message,
// get an answer that says so, and the trainer goes on.
func TestEngineRefusesReports(t *testing.T) {
	e, sent := engineFor(nil, nil)
	e.Handle(&protocol.Weights{Run: 1})
	if f, ok := (*sent)[0].(*protocol.Failed); !ok || !strings.Contains(f.Message, "Weights") {
		t.Errorf("answer to a Weights command: %+v", (*sent)[0])
	}
}

// The desktop's trainer: Serve on a goroutine of its own, on the embedded
// data, behind a Local link. The session hears hello, sees the data
// decode, the pretrained model measured, trains a small network for one
// epoch and pauses; a command that is no message is reported, and the
// trainer goes on answering.
func TestLocalTrainer(t *testing.T) {
	pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
	s := NewSession(pre, nil)
	l := StartLocal(data.FS, s.Receive)
	s.Connect(l)
	wait := func(what string, cond func(Status) bool) Status {
		t.Helper()
		deadline := time.Now().Add(5 * time.Minute)
		for {
			st := s.Status()
			if cond(st) {
				return st
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: never happened; status %+v", what, st)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	st := wait("data decoded and the pretrained model measured", func(st Status) bool { return st.DataReady && st.TestAcc >= 0 })
	if st.Trainer.Where != "goroutine" || st.Trainer.Kernel != core.KernelName() || st.Trainer.Err != nil {
		t.Errorf("trainer %+v", st.Trainer)
	}
	_, test := loadAll(t)
	if want := pre.Accuracy(test); st.TestAcc != want {
		t.Errorf("pretrained accuracy %v, core says %v", st.TestAcc, want)
	}
	cfg := s.Config()
	cfg.Hidden, cfg.Batch = []int{16}, 100
	s.SetConfig(cfg)
	s.TrainEpochs(1)
	st = wait("one epoch trained", func(st Status) bool { return st.Phase == Paused })
	if st.Epoch != 1 || st.Pretrained || st.TestAcc < 0.85 || st.NetName != "784-16-10" {
		t.Errorf("after TrainEpochs(1): epoch %d, pretrained %v, test accuracy %v, net %s", st.Epoch, st.Pretrained, st.TestAcc, st.NetName)
	}
	l.Send([]byte{protocol.Version, 200})
	st = wait("the bad command reported", func(st Status) bool { return st.Trainer.Err != nil })
	if !strings.Contains(st.Trainer.Err.Error(), "cannot read a command") {
		t.Errorf("trainer error %v", st.Trainer.Err)
	}
	s.Reset()
	wait("reset", func(st Status) bool { return st.Phase == Idle && st.Pretrained })
}
