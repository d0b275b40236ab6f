package app

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"digits/core"
)

// The LeNet-5 preset trains in the trainer with the panel's settings: the
// pad follows the network as it trains, and after one epoch it is the
// network core's trainer makes from the same settings, bit for bit (as
// cmd/train --arch lenet5 makes it); it is kept with its architecture, and
// restored in a new session the panel shows LeNet-5 with its settings and
// the weights view its filters' change since the start.
func TestSessionTrainsLeNet(t *testing.T) {
	train, test := loadAll(t)
	train = train.Subset(1500)
	pre := pretrained(t)
	s := NewSession(pre, nil)
	lb := newLoopback(t, s)
	lb.setData(train, test)
	lb.settle()
	s.SelectPreset(LeNetPreset)
	c := s.Config()
	c.Rate, c.Batch, c.Seed = 0.05, 32, 7
	s.SetConfig(c)
	if c := s.Config(); c.Arch != LeNet5 || c.Preset != LeNetPreset || c.Hidden != nil {
		t.Fatalf("the LeNet-5 preset: %+v", c)
	}
	s.TrainEpochs(1)
	for i := 0; s.Phase() == Training; i++ {
		if i > 100000 {
			t.Fatal("train(1) never finished")
		}
		lb.step(5 * time.Millisecond)
	}
	lb.settle()

	want, err := core.NewLeNet5(core.InitHe, 7)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := core.NewTrainer(want, train, 0.05, 32, 7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	got, ok := s.Network().(*core.ConvNet)
	if !ok || got.Checksum() != want.Checksum() {
		t.Fatalf("after train(1) the pad uses %v, not core's LeNet-5 trained with the same settings", s.Network())
	}
	st := s.Status()
	if st.NetName != "LeNet-5" || st.Running.Name() != "LeNet-5" || st.TestAcc < 0 || s.Reading() == nil {
		t.Errorf("status after train(1): %q, %q, test accuracy %v", st.NetName, st.Running.Name(), st.TestAcc)
	}
	if lines := StatusLines(st); !strings.Contains(lines[1].Text, "LeNet-5: 0.95% error") {
		t.Errorf("status lines %v: no LeNet-5 reference", lines)
	}
	f := s.FirstLayer(ShownNeurons, true)
	if f.Shown != 6 || f.Side != 5 || !f.Conv || !f.Change {
		t.Fatalf("filters of the trained LeNet-5: %+v", f)
	}

	k, _ := s.Keep()
	if k == nil || !k.Trained || k.Config.Arch != LeNet5 || k.Config.Preset != LeNetPreset {
		t.Fatalf("kept: %+v", k)
	}
	r := NewSession(pre, nil)
	if err := r.Restore(EncodeKept(k)); err != nil {
		t.Fatal(err)
	}
	newLoopback(t, r).setData(nil, test)
	if rc := r.Config(); !rc.Equal(s.Config()) || HashOf(rc) != "arch=lenet5&lr=0.05&batch=32&init=he&seed=7" {
		t.Errorf("restored settings %+v (%s)", rc, HashOf(rc))
	}
	if exp, _ := r.ExportModel(); !bytes.Equal(exp, k.Model) {
		t.Error("the restored LeNet-5 exports another file")
	}
	if g := r.FirstLayer(ShownNeurons, true); !g.Change || !slices.Equal(g.W, f.W) {
		t.Error("the restored LeNet-5's change since the start differs")
	}
}
