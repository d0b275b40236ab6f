package core

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"

	"digits/core/internal/kernel"
)

// newTestLeNet5 is LeNet-5 with He initialisation from seed.
func newTestLeNet5(t testing.TB, seed uint64) *ConvNet {
	t.Helper()
	n, err := NewLeNet5(InitHe, seed)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLeNet5Shape(t *testing.T) {
	n := newTestLeNet5(t, 1)
	want := "1×28×28 | conv 6@5×5 pad 2 | relu | maxpool 2 | conv 16@5×5 | relu | maxpool 2 | fc 120 | relu | fc 84 | relu | fc 10"
	if n.String() != want {
		t.Errorf("LeNet-5 is %q, want %q", n, want)
	}
	// (6·25 + 6) + (16·150 + 16) + (120·400 + 120) + (84·120 + 84) + (10·84 + 10)
	if n.NumParams() != 61706 || n.Inputs() != 784 || n.Outputs() != 10 {
		t.Errorf("LeNet-5 has %d parameters, %d inputs, %d outputs; want 61706, 784, 10", n.NumParams(), n.Inputs(), n.Outputs())
	}
	var shapes []Shape
	for _, l := range n.Layers {
		shapes = append(shapes, l.Out())
	}
	wantShapes := []Shape{{6, 28, 28}, {6, 28, 28}, {6, 14, 14}, {16, 10, 10}, {16, 10, 10}, {16, 5, 5},
		{120, 1, 1}, {120, 1, 1}, {84, 1, 1}, {84, 1, 1}, {10, 1, 1}}
	if !slices.Equal(shapes, wantShapes) {
		t.Errorf("output shapes %v, want %v", shapes, wantShapes)
	}
	// He initialisation: weights of standard deviation √(2/fan_in), zero
	// biases; the same seed gives the same network, another seed another.
	for l, layer := range n.Layers {
		w, b := layer.Params()
		if len(w) == 0 {
			continue
		}
		fanIn := len(w) / len(b)
		var ss float64
		for _, v := range w {
			ss += float64(v) * float64(v)
		}
		sd, want := math.Sqrt(ss/float64(len(w))), math.Sqrt(2/float64(fanIn))
		if math.Abs(sd-want) > 0.15*want {
			t.Errorf("layer %d (%s): weights have standard deviation %.4f, want about %.4f", l+1, layer, sd, want)
		}
		for _, v := range b {
			if v != 0 {
				t.Errorf("layer %d (%s): bias %v, want 0", l+1, layer, v)
				break
			}
		}
	}
	if a, b := newTestLeNet5(t, 1).Checksum(), n.Checksum(); a != b {
		t.Errorf("seed 1 twice: checksums %x and %x", a, b)
	}
	if newTestLeNet5(t, 2).Checksum() == n.Checksum() {
		t.Error("seeds 1 and 2 give the same network")
	}
	c := n.Clone()
	c.Layers[0].(*Conv).W[0] += 1
	if c.Checksum() == n.Checksum() || n.Layers[0].(*Conv).W[0] == c.Layers[0].(*Conv).W[0] {
		t.Error("Clone shares weights with the original, or Checksum misses a weight")
	}
}

func TestConvNetBadArguments(t *testing.T) {
	in := Shape{1, 28, 28}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"conv with 0 filters", second(NewConv(in, 0, 5, 2)), "0 filters"},
		{"conv 0×0", second(NewConv(in, 6, 0, 0)), "kernel 0×0"},
		{"conv padding = size", second(NewConv(in, 6, 5, 5)), "padding 5"},
		{"conv larger than its input", second(NewConv(Shape{1, 3, 3}, 6, 5, 0)), "does not fit"},
		{"conv over an empty input", second(NewConv(Shape{0, 28, 28}, 6, 5, 0)), "at least 1"},
		{"max pooling 0", second(NewMaxPool(in, 0)), "window 0×0"},
		{"max pooling larger than its input", second(NewMaxPool(Shape{1, 1, 4}, 2)), "at least one window"},
		{"fc of 0 neurons", second(NewDense(in, 0)), "0 neurons"},
		{"no layers", second(NewConvNet()), "1 to 32 layers"},
		{"relu over an empty input", second(NewReLU(Shape{1, 0, 28})), "at least 1"},
		{"conv whose output is too large", second(NewConv(Shape{1, 1024, 1024}, 64, 3, 1)), "at most 1048576 values"},
		{"fc over too many inputs", second(NewDense(Shape{16, 100, 100}, 10)), "want 1 to 16384 inputs"},
		{"shapes that do not chain", second(NewConvNet(reluLayer(in), reluLayer(Shape{6, 28, 28}))), "gives 1×28×28 values, but layer 2 (relu) takes 6×28×28"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, tc.err, tc.want)
		}
	}
	train, _ := fastMNIST(t)
	small, err := NewConvNet(reluLayer(Shape{1, 10, 10}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewTrainer(small, train, 0.1, 32, 1); err == nil || !strings.Contains(err.Error(), "100 inputs but images have 784 pixels") {
		t.Errorf("training a 100-input network on MNIST: error %v", err)
	}
	if _, err := NewLeNet5("xavier", 1); err == nil {
		t.Error(`NewLeNet5 with init "xavier": no error`)
	}
}

func second[T any](_ T, err error) error { return err }

// reluLayer is NewReLU for shapes known to be good.
func reluLayer(s Shape) Layer {
	l, err := NewReLU(s)
	if err != nil {
		panic(err)
	}
	return l
}

// referenceConvEvaluate is Evaluate and PredictAll computed with the
// readable loops: Forward of every image, one after the other, the
// loss -ln A[y] from backprop's formula, added in image order.
func referenceConvEvaluate(n *ConvNet, d *Dataset) (loss, accuracy float64, guesses []byte) {
	s, g := newConvActivations(n), newConvGradient(n)
	correct := 0
	for i := range d.N {
		d.Pixels(i, s.a[0])
		l, ok := n.backprop(s, int(d.Labels[i]), g)
		loss += l
		if ok {
			correct++
		}
		guesses = append(guesses, byte(argmax(s.a[len(n.Layers)])))
	}
	return loss / float64(d.N), float64(correct) / float64(d.N), guesses
}

// TestConvEvaluateIsReference checks that Evaluate, PredictAll and
// Predict give the reference's results bit for bit.
func TestConvEvaluateIsReference(t *testing.T) {
	train, test := fastMNIST(t)
	test = test.Subset(300)
	n := newTestLeNet5(t, 7)
	tr, err := NewTrainer(n, train.Subset(600), 0.05, 32, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	loss, acc, err := n.Evaluate(test)
	if err != nil {
		t.Fatal(err)
	}
	guess := n.PredictAll(test)
	rloss, racc, rguess := referenceConvEvaluate(n, test)
	if math.Float64bits(loss) != math.Float64bits(rloss) || acc != racc {
		t.Errorf("fast Evaluate = (%v, %v), reference (%v, %v); want identical", loss, acc, rloss, racc)
	}
	if !slices.Equal(guess, rguess) {
		t.Error("PredictAll differs from the reference")
	}
	x := make([]float32, test.Size())
	for i := range 20 {
		test.Pixels(i, x)
		digit, probs := n.Predict(x)
		s := newConvActivations(n)
		copy(s.a[0], x)
		n.backprop(s, int(test.Labels[i]), newConvGradient(n))
		if want := s.a[len(n.Layers)]; !slices.Equal(probs, want) || digit != int(rguess[i]) {
			t.Fatalf("image %d: Predict = %d %v, reference %d %v", i, digit, probs, rguess[i], want)
		}
	}
	if acc < 0.3 {
		t.Errorf("accuracy after one epoch on 600 images is %.3f, want ≥ 0.3", acc)
	}
	if _, _, err := n.Evaluate(gradImages(t, 10, 14)); err == nil {
		t.Error("Evaluate on 14×14 images: no error")
	}
}

// TestConvFastTrainingIsReference trains the same networks with the fast
// engine and the reference loops and requires the same epoch statistics
// and weights, bit for bit: LeNet-5 and the small network of the gradient
// checks (padding in a later layer, pooling that drops a row), full batch,
// mini-batches larger than a block and with a short last batch, and single
// samples.
func TestConvFastTrainingIsReference(t *testing.T) {
	train, _ := fastMNIST(t)
	small := gradImages(t, 200, 14)
	for _, c := range []struct {
		name   string
		net    *ConvNet
		d      *Dataset
		batch  int
		epochs int
	}{
		{"LeNet-5", newTestLeNet5(t, 3), train.Subset(150), 0, 2},
		{"LeNet-5", newTestLeNet5(t, 3), train.Subset(150), 64, 2},
		{"LeNet-5", newTestLeNet5(t, 3), train.Subset(40), 1, 1},
		{"small", smallConvNet(t), small, 0, 2},
		{"small", smallConvNet(t), small, 32, 2},
	} {
		t.Run(fmt.Sprintf("%s/batch=%d", c.name, c.batch), func(t *testing.T) {
			if c.name == "small" {
				if err := c.net.Initialize(InitHe, NewRand(4)); err != nil {
					t.Fatal(err)
				}
			}
			fast, ref := c.net.Clone(), c.net.Clone()
			tf, _ := NewTrainer(fast, c.d, 0.05, c.batch, 5)
			tr, _ := NewTrainer(ref, c.d, 0.05, c.batch, 5, WithReference())
			for e := range c.epochs {
				sf, err := tf.RunEpoch()
				if err != nil {
					t.Fatal(err)
				}
				sr, err := tr.RunEpoch()
				if err != nil {
					t.Fatal(err)
				}
				if sf != sr {
					t.Errorf("epoch %d: fast %+v, reference %+v", e+1, sf, sr)
				}
			}
			if fast.Checksum() != ref.Checksum() {
				t.Errorf("fast checksum %x, reference %x: want bit-identical weights", fast.Checksum(), ref.Checksum())
			}
			if fast.Checksum() == c.net.Checksum() {
				t.Error("training did not change the weights")
			}
		})
	}
}

// convDeterminismChecksum is the checksum of LeNet-5's weights after
// convDeterminismRun, the same natively (with and without the AVX-512
// kernels, any GOMAXPROCS, any slicing of the work) and under GOOS=js
// GOARCH=wasm in Node. A deliberate change of the maths changes it:
// update it from a run on any platform and check the others.
const convDeterminismChecksum = 0x20b42b1fc4cd3b55

// convDeterminismRun trains LeNet-5 (seed 11) on the first 600 MNIST
// training images: ten mini-batch steps of 40 images, sliced into Work
// calls of budget images, then one full-batch step on all 600.
func convDeterminismRun(t *testing.T, train *Dataset, budget int, opts ...TrainerOption) uint64 {
	n := newTestLeNet5(t, 11)
	d := train.Subset(600)
	mini, _ := NewTrainer(n, d, 0.05, 40, 13, opts...)
	for done := 0; done < 10*40; done += budget {
		if _, err := mini.Work(min(budget, 10*40-done)); err != nil {
			t.Fatal(err)
		}
	}
	full, _ := NewTrainer(n, d, 0.05, 0, 0, opts...)
	if _, err := full.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	return n.Checksum()
}

// TestConvDeterminism checks that LeNet-5 trains to bit-identical weights
// for any GOMAXPROCS, any slicing of the work (Work budgets of 7 and 16
// images cut the batches into other blocks), with the assembly kernels or
// the Go ones, and on every platform (the constant above), and that the
// reference engine gets there too.
func TestConvDeterminism(t *testing.T) {
	train, _ := fastMNIST(t)
	if sum := convDeterminismRun(t, train, 1<<30, WithReference()); sum != convDeterminismChecksum {
		t.Errorf("reference engine: checksum %#x, want %#x (%s)", sum, uint64(convDeterminismChecksum), runtime.GOARCH)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	type setup struct {
		procs, budget int
		accel         bool
	}
	setups := []setup{{1, 1 << 30, true}, {2, 1 << 30, true}, {2, 7, true}, {3, 16, true}}
	if kernel.Accelerated() {
		setups = append(setups, setup{2, 1 << 30, false})
	}
	for _, s := range setups {
		runtime.GOMAXPROCS(s.procs)
		was := kernel.SetAccelerated(s.accel)
		sum := convDeterminismRun(t, train, s.budget)
		kernel.SetAccelerated(was)
		t.Logf("GOMAXPROCS=%d budget=%d assembly=%v: checksum %#x", s.procs, s.budget, s.accel && kernel.Accelerated(), sum)
		if sum != convDeterminismChecksum {
			t.Errorf("GOMAXPROCS=%d, Work budget %d, assembly %v: checksum %#x, want %#x (%s)",
				s.procs, s.budget, s.accel, sum, uint64(convDeterminismChecksum), runtime.GOARCH)
		}
	}
}

// TestConvSeesEdits checks that the fast engine trains from the network's
// current weights after any change made between two Work calls, as the
// reference does, and that the network holds the current weights after
// every call.
func TestConvSeesEdits(t *testing.T) {
	train, _ := fastMNIST(t)
	d := train.Subset(300)
	edits := []func(n *ConvNet){
		func(n *ConvNet) { n.Layers[0].(*Conv).W[7] += 0.25 },
		func(n *ConvNet) { n.Layers[6].(*Dense).W[400*3+5] = -n.Layers[6].(*Dense).W[400*3+5] },
		func(n *ConvNet) { n.Layers[10].(*Dense).B[2] += 1e-3 },
		func(n *ConvNet) { n.Initialize(InitHe, NewRand(99)) },
	}
	var sums [2][]uint64
	for r, opts := range [][]TrainerOption{nil, {WithReference()}} {
		n := newTestLeNet5(t, 1)
		tr, _ := NewTrainer(n, d, 0.05, 25, 2, opts...)
		for _, edit := range edits {
			if _, err := tr.Work(60); err != nil { // two steps and a part of a batch
				t.Fatal(err)
			}
			sums[r] = append(sums[r], n.Checksum())
			edit(n)
		}
		if _, err := tr.RunEpoch(); err != nil {
			t.Fatal(err)
		}
		sums[r] = append(sums[r], n.Checksum())
	}
	if !slices.Equal(sums[0], sums[1]) {
		t.Fatalf("checksums after each Work call: fast %x, reference %x", sums[0], sums[1])
	}
}

// LeNet-5 learns: one epoch of mini-batch SGD (batches of 16, learning
// rate 0.05) on 15,000 training images reads more than 95% of the 10,000
// test digits (96.5% when this test was written).
func TestLeNet5Learns(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("a minute in WebAssembly; TestConvDeterminism checks that it computes the same bits there")
	}
	train, test := fastMNIST(t)
	n := newTestLeNet5(t, 1)
	if acc := n.Accuracy(test); acc > 0.3 {
		t.Fatalf("untrained LeNet-5 already reads %.1f%%", 100*acc)
	}
	tr, err := NewTrainer(n, train.Subset(15000), 0.05, 16, 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := tr.RunEpoch()
	if err != nil {
		t.Fatal(err)
	}
	loss, acc, err := n.Evaluate(test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("epoch 1: training loss %.4f accuracy %.4f; test loss %.4f accuracy %.4f", st.Loss, st.Accuracy, loss, acc)
	if acc < 0.95 {
		t.Errorf("test accuracy %.4f after one epoch on 15,000 images, want > 0.95", acc)
	}
}
