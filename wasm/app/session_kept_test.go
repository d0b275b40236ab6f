package app

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"digits/core"
)

// settle lets the engine finish what it was asked (evaluations).
func (l *loopback) settle() {
	for l.step(20 * time.Millisecond) {
	}
	l.deliver()
}

// An imported model file is what the pad and the test digits use, the
// trainer measures it (the same accuracy and guesses as core's), export
// gives the file back byte for byte, and it is kept for the next visit
// until Reset.
func TestSessionImport(t *testing.T) {
	train, test := loadAll(t)
	pre := pretrained(t)
	s := NewSession(pre, nil)
	lb := newLoopback(t, s)
	lb.setData(train.Subset(3000), test)
	lb.settle()
	w := &screenWatch{s: s}
	w.check(t, "start")
	if k, _ := s.Keep(); k != nil {
		t.Fatal("something kept at the start")
	}
	exp, err := s.ExportModel()
	if err != nil || !bytes.Equal(exp, modelFile(t, pre)) {
		t.Fatalf("export of the pretrained model: %v, %d bytes", err, len(exp))
	}

	net := smallNet(t, 784, 24, 10)
	file := modelFile(t, net)
	keepRev := s.KeepRev()
	line, err := ImportFile(s, "mine.model", file)
	if err != nil || line.Tone != Accent || !strings.Contains(line.Text, "mine.model") || !strings.Contains(line.Text, "784-24-10") {
		t.Fatalf("ImportFile: %v, %+v", err, line)
	}
	w.check(t, "import")
	if got := s.Network(); got.Checksum() != net.Checksum() {
		t.Fatalf("the pad uses %s, not the imported network", got)
	}
	x := make([]float32, 784)
	test.Pixels(0, x)
	if d, _ := s.Predict(x); d != func() int { d, _ := net.Predict(x); return d }() {
		t.Error("the pad's guess is not the imported network's")
	}
	if exp, _ := s.ExportModel(); !bytes.Equal(exp, file) {
		t.Error("export does not give the imported file back")
	}
	if k, rev := s.Keep(); k == nil || rev == keepRev || k.Name != "mine.model" || k.Trained || !bytes.Equal(k.Model, file) {
		t.Errorf("kept after an import: %+v", k)
	}
	if st := s.Status(); !st.KeptShown || st.Pretrained || st.TestAcc >= 0 || st.Kept.Name != "mine.model" {
		t.Errorf("status before the trainer measured it: %+v", st)
	}
	lb.settle()
	w.check(t, "measured")
	st := s.Status()
	r := s.Reading()
	if st.TestAcc != net.Accuracy(test) || r == nil || r.Confusion.Accuracy() != st.TestAcc {
		t.Errorf("imported network measured at %v (matrix %v); core says %v", st.TestAcc, r, net.Accuracy(test))
	}
	if h := Header(st); !strings.Contains(h.Text, "mine.model") || !strings.Contains(h.Text, "%") {
		t.Errorf("header %q", h.Text)
	}
	if lines := StatusLines(st); len(lines) < 2 || !strings.Contains(lines[0].Text, "mine.model") {
		t.Errorf("status lines %+v", lines)
	}

	s.Reset()
	w.check(t, "reset")
	if k, _ := s.Keep(); k != nil || s.Network().Checksum() != pre.Checksum() || s.Status().KeptShown {
		t.Errorf("after Reset: kept %v, the pad uses %s", k, s.Network())
	}
}

// A bad file is refused with the loader's reason, and nothing changes:
// not the network the pad uses, not what is kept, not the screen.
func TestSessionImportRejects(t *testing.T) {
	pre := pretrained(t)
	s := NewSession(pre, nil)
	newLoopback(t, s)
	good := modelFile(t, smallNet(t, 784, 24, 10))
	if _, err := ImportFile(s, "first.model", good); err != nil {
		t.Fatal(err)
	}
	kept, keepRev := s.Keep()
	rev, netRev := s.Rev(), s.NetRev()
	v3 := bytes.Clone(good)
	v3[8] = 3
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "truncated"},
		{"garbage", []byte("DIGITSNN" + strings.Repeat("x", 5000)), "not a valid model file"},
		{"a picture", []byte("\x89PNG\r\n\x1a\n...."), "this is not a digits model file"},
		{"empty", nil, "not a valid model file"},
		{"wrong version", v3, "version 3"},
		{"not 784 inputs", modelFile(t, smallNet(t, 100, 8, 10)), "100-8-10 network: the app needs 784 inputs"},
		{"5 outputs", modelFile(t, smallNet(t, 784, 5)), "784 inputs (28×28 pixels) and 10 outputs"},
	} {
		line, err := ImportFile(s, c.name+".model", c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) || line.Tone != Bad || !strings.Contains(line.Text, c.name+".model: ") || !strings.Contains(line.Text, "Nothing changed") {
			t.Errorf("%s: %v, %+v; want %q", c.name, err, line, c.want)
		}
	}
	if k, r := s.Keep(); k != kept || r != keepRev || s.Rev() != rev || s.NetRev() != netRev {
		t.Error("a refused file changed the session")
	}
	if err := TooLarge(MaxModelFileBytes+1, good[:8]); err == nil || !strings.Contains(err.Error(), "larger than any model file") {
		t.Errorf("a model file over the limit: %v", err)
	}
	if err := TooLarge(MaxModelFileBytes, good[:8]); err != nil {
		t.Errorf("a model file at the limit: %v", err)
	}
	if err := TooLarge(MaxPictureBytes+1, []byte("\x89PNG")); err == nil || !strings.Contains(err.Error(), "too large for a picture") {
		t.Errorf("a picture over the limit: %v", err)
	}
}

// A LeNet-5 model file (version 2) is imported like any other: the pad
// reads digits with it and export gives it back; the weights view shows
// its first convolution's filters (no change since the start: it was not
// trained here) and its feature maps.
func TestSessionImportLeNet(t *testing.T) {
	test := testSet(t)
	s := NewSession(pretrained(t), nil)
	newLoopback(t, s)
	lenet, err := core.NewLeNet5(core.InitHe, 2)
	if err != nil {
		t.Fatal(err)
	}
	file := modelFile(t, lenet)
	if _, err := ImportFile(s, "lenet5.model", file); err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 784)
	test.Pixels(3, x)
	d, p := s.Predict(x)
	wd, wp := lenet.Predict(x)
	if d != wd || !slices.Equal(p, wp) {
		t.Error("the pad does not read with the imported LeNet-5")
	}
	if exp, _ := s.ExportModel(); !bytes.Equal(exp, file) {
		t.Error("export does not give the LeNet-5 file back")
	}
	f := s.FirstLayer(ShownNeurons, true)
	if f.Shown != 6 || !f.Conv || f.Side != 5 || f.Change || s.CanShowChange() || !slices.Equal(f.W, lenet.Layers[0].(*core.Conv).W) {
		t.Errorf("first layer of an imported LeNet-5: %+v", f)
	}
	if in, err := s.Look(x, TopShown); err != nil || len(in.Maps) != 2 || in.Guess != wd {
		t.Errorf("Look into a LeNet-5: %v, %d feature maps, guess %d (want %d)", err, len(in.Maps), in.Guess, wd)
	}
}

// A network trained here is kept at every epoch's end and when it stops,
// with its settings, epochs and curves; restored in a new session (a
// reload), the pad uses the same network (export gives the same bytes),
// the panel has its settings, the curves its points, the weights view its
// change since training began, and the trainer measures it again.
func TestSessionKeepAndRestore(t *testing.T) {
	train, test := loadAll(t)
	pre := pretrained(t)
	s := NewSession(pre, nil)
	lb := newLoopback(t, s)
	lb.setData(train.Subset(4000), test)
	lb.settle()
	cfg := Config{Hidden: []int{20}, Preset: CustomSizes, Rate: 0.1, Batch: 64, Init: core.InitGaussian, Seed: 9}
	s.SetConfig(cfg)
	s.TrainEpochs(2)
	var revs []Rev
	for i := 0; s.Phase() == Training; i++ {
		if i > 100000 {
			t.Fatal("train(2) never finished")
		}
		lb.step(5 * time.Millisecond)
		if _, r := s.Keep(); len(revs) == 0 || revs[len(revs)-1] != r {
			revs = append(revs, r)
		}
	}
	lb.settle()
	k, _ := s.Keep()
	if k == nil || !k.Trained || k.Epoch != 2 || k.Seen != 8000 || !k.Config.Equal(cfg) || !hasFull(k.Points) || len(revs) < 3 {
		t.Fatalf("kept after train(2): %+v (%d revisions)", k, len(revs))
	}
	exp, err := s.ExportModel()
	if err != nil || !bytes.Equal(exp, k.Model) {
		t.Fatal("the kept model file is not what export gives")
	}
	before := s.Status()
	change := s.FirstLayer(ShownNeurons, true)
	if !change.Change {
		t.Fatal("no change since the start for a network trained here")
	}

	r := NewSession(pre, nil)
	if err := r.Restore(EncodeKept(k)); err != nil {
		t.Fatal(err)
	}
	lr := newLoopback(t, r)
	lr.setData(nil, test)
	lr.settle()
	st := r.Status()
	if got, _ := r.ExportModel(); !bytes.Equal(got, exp) {
		t.Error("after a restore, export differs from before")
	}
	if !r.Config().Equal(cfg) || st.Epoch != 2 || len(st.History) != len(before.History) || !st.KeptShown || !st.Kept.Restored || !st.Kept.Trained {
		t.Errorf("restored: settings %+v, epoch %d, %d points (had %d), %+v", r.Config(), st.Epoch, len(st.History), len(before.History), st.Kept)
	}
	if st.TestAcc != before.TestAcc || r.Reading() == nil || r.Reading().Confusion.Accuracy() != st.TestAcc {
		t.Errorf("restored network measured at %v, it was %v before", st.TestAcc, before.TestAcc)
	}
	if got := r.FirstLayer(ShownNeurons, true); !got.Change || !slices.Equal(got.W, change.W) {
		t.Error("the restored network's change since training began differs")
	}
	if h := Header(st); !strings.Contains(h.Text, "last visit") {
		t.Errorf("header %q", h.Text)
	}
	// Training again starts a fresh network from the settings.
	r.Reset()
	if k, _ := r.Keep(); k != nil {
		t.Error("Reset kept the restored network")
	}
	if err := NewSession(pre, nil).Restore([]byte("DIGITSKP junk")); err == nil {
		t.Error("a bad record restored")
	}
}

// A picture put on the pad is read exactly as cmd/classify reads it, not
// as the pad's scaled copy of it; drawing over it reads the pad again.
func TestPictureOnThePad(t *testing.T) {
	test := testSet(t)
	png := digitPNG(t, test, 7, 3)
	ink := NewInk()
	line, err := LoadPicture(ink, "seven.png", png)
	if err != nil || line.Tone != Accent {
		t.Fatalf("LoadPicture: %v %+v", err, line)
	}
	if ink.Empty() {
		t.Fatal("the pad shows nothing of the picture")
	}
	want := classifyInput(t, png)
	p := NewPrediction()
	net := pretrained(t)
	p.Update(ink, 0, net)
	if !slices.Equal(p.Input(), want) {
		t.Fatal("the network does not read the picture as draw.Preprocess prepares it")
	}
	if d, _ := net.Predict(want); p.Digit() != d {
		t.Errorf("guess %d, cmd/classify's %d", p.Digit(), d)
	}
	ink.Stroke(0.1, 0.1, 0.12, 0.12)
	p.Update(ink, 0, net)
	if slices.Equal(p.Input(), want) {
		t.Error("drawing over the picture did not make the pad's ink what is read")
	}
	rev := ink.Rev()
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"notes.txt", []byte("hello, not a picture"), "not a PNG, JPEG or GIF picture"},
		{"blank.png", blankPNG(t), "no digit"},
		{"huge.gif", []byte("GIF89a\xff\xff\xff\xff\x00\x00\x00;"), "65535×65535 pixels is too large"},
		{"half.png", png[:len(png)/2], "broken PNG picture"},
		{"model.model", modelFile(t, smallNet(t, 784, 3, 10)), "a model file, not a picture"},
	} {
		line, err := LoadPicture(ink, c.name, c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) || line.Tone != Bad || !strings.Contains(line.Text, "The pad keeps what it had") {
			t.Errorf("%s: %v %+v, want %q", c.name, err, line, c.want)
		}
	}
	if ink.Rev() != rev {
		t.Error("a refused picture changed the pad")
	}
}
