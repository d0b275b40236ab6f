package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"digits/assets"
	"digits/core"
	"digits/data"
)

func testSet(t *testing.T) *core.Dataset {
	t.Helper()
	test, err := core.LoadSet(data.TestFS, "test")
	if err != nil {
		t.Fatal(err)
	}
	return test
}

func pretrained(t *testing.T) *core.Network {
	t.Helper()
	net, err := assets.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// The confusion matrix of the pretrained model over the 10,000 test
// digits agrees with core's own evaluation: its diagonal is Evaluate's
// accuracy exactly, its rows are MNIST's label counts, and each cell's
// digits are the test images of that label that PredictAll reads as that
// guess. The app's sliced evaluator, which makes the matrix in the page,
// guesses exactly what PredictAll does.
func TestReadingAgreesWithCore(t *testing.T) {
	test, net := testSet(t), pretrained(t)
	_, acc, err := net.Evaluate(test)
	if err != nil {
		t.Fatal(err)
	}
	guesses := net.PredictAll(test)
	e := NewEvaluator(net, test, 0, test.N)
	e.Guesses = true
	for !e.Step(time.Now().Add(time.Millisecond)) {
	}
	if !slices.Equal(e.Guessed(), guesses) {
		t.Fatal("the sliced evaluator's guesses differ from PredictAll's")
	}
	r, err := NewReading(test, e.Guessed())
	if err != nil {
		t.Fatal(err)
	}
	c := &r.Confusion
	if c.Total() != test.N || c.Accuracy() != acc {
		t.Errorf("matrix of %d digits, accuracy %v; core's Evaluate says %v over %d", c.Total(), c.Accuracy(), acc, test.N)
	}
	if _, sliced := e.Result(); sliced != c.Accuracy() {
		t.Errorf("the evaluator's accuracy %v, the matrix's %v", sliced, c.Accuracy())
	}
	var labels [10]int
	for _, y := range test.Labels {
		labels[y]++
	}
	if labels != [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009} {
		t.Fatalf("MNIST's test label counts are %v", labels)
	}
	for y := range 10 {
		if c.Row(y) != labels[y] {
			t.Errorf("row %d sums to %d, there are %d test images of %d", y, c.Row(y), labels[y], y)
		}
		if rec := c.Recall(y); rec < 0.95 || rec > 1 {
			t.Errorf("the pretrained model reads %.1f%% of the %ds right", 100*rec, y)
		}
		for g := range 10 {
			cell := r.Cell(y, g, -1)
			if len(cell) != c[y][g] {
				t.Fatalf("cell %d→%d lists %d digits, counts %d", y, g, len(cell), c[y][g])
			}
			for _, i := range cell {
				if int(test.Labels[i]) != y || int(guesses[i]) != g || r.Guess(i) != g {
					t.Fatalf("cell %d→%d lists image %d, a %d read as %d", y, g, i, test.Labels[i], guesses[i])
				}
			}
			if first := r.Cell(y, g, 3); len(first) != min(3, c[y][g]) || !slices.Equal(first, cell[:len(first)]) {
				t.Errorf("the first 3 of cell %d→%d are %v, all are %v", y, g, first, cell)
			}
		}
	}
	if c.Correct() == test.N {
		t.Error("no misreading at all: the model is too good to test the cells")
	}
}

// Guesses that cannot be a reading of the test set are refused with a
// message, never counted.
func TestReadingRejectsBadGuesses(t *testing.T) {
	test := testSet(t)
	for _, c := range []struct {
		guesses []byte
		want    string
	}{
		{make([]byte, 10), "10 guesses for 10000 test images"},
		{append(make([]byte, test.N-1), 10), "image 9999: label 6, guess 10; both must be digits 0-9"},
	} {
		if _, err := NewReading(test, c.guesses); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewReading: %v, want %q", err, c.want)
		}
	}
	var empty core.Confusion
	if a := empty.Accuracy(); a == a {
		t.Errorf("an empty matrix's accuracy is %v, want NaN", a)
	}
}

// The session's matrix is the one of the network the pad uses: the
// pretrained model's once the trainer measured it (and the app has its own
// copy of the test digits, whose labels the guesses are counted against),
// a trained network's at each epoch's end (none before its first), its
// diagonal the test accuracy the panel shows; a Reset brings the
// pretrained model's back.
func TestSessionReading(t *testing.T) {
	train, test := loadAll(t)
	pre := pretrained(t)
	s := NewSession(pre, nil)
	lb := newLoopback(t, s)
	w := &screenWatch{s: s}
	w.check(t, "start")
	// The trainer measures the pretrained model before the app has
	// decoded its test digits: the guesses wait for them.
	lb.e.SetData(nil, test)
	for lb.step(20 * time.Millisecond) {
	}
	w.check(t, "pretrained model measured")
	if s.Reading() != nil {
		t.Fatal("a matrix before the app's test digits are decoded")
	}
	lb.setData(train.Subset(6000), test)
	w.check(t, "data")
	r := s.Reading()
	if r == nil {
		t.Fatal("no matrix for the pretrained model")
	}
	_, acc, _ := pre.Evaluate(test)
	if st := s.Status(); r.Confusion.Accuracy() != st.TestAcc || st.TestAcc != acc {
		t.Errorf("pretrained: the matrix's accuracy %v, the panel's %v, core's %v", r.Confusion.Accuracy(), st.TestAcc, acc)
	}
	pretrainedReading := r

	cfg := s.Config()
	cfg.Hidden, cfg.Batch = []int{16}, 64
	s.SetConfig(cfg)
	s.Train()
	lb.step(time.Millisecond)
	w.check(t, "Train")
	if s.Reading() != nil {
		t.Error("a matrix for a network that has not finished an epoch")
	}
	for epochs, i := 0, 0; epochs < 2; i++ {
		if i > 100000 {
			t.Fatalf("%d matrices after 100,000 steps, want one per epoch", epochs)
		}
		lb.step(10 * time.Millisecond)
		w.check(t, "training")
		if st := s.Status(); st.TestAcc >= 0 && s.Reading() != r {
			r = s.Reading()
			epochs++
			if r == nil || r.Confusion.Accuracy() != st.TestAcc || r.Confusion.Total() != test.N {
				t.Fatalf("epoch %d: matrix %v, test accuracy %v", st.Epoch, r, st.TestAcc)
			}
		}
	}
	s.Reset()
	w.check(t, "Reset")
	if s.Reading() != pretrainedReading {
		t.Error("after Reset the matrix is not the pretrained model's")
	}
}
