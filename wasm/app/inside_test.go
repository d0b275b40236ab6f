package app

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"digits/core"
	"digits/core/draw"
)

// drawSeven draws a 7 on a pad the way a person does, in two strokes,
// and returns the network's 784 inputs made from it.
func drawSeven(t *testing.T) []float32 {
	t.Helper()
	k := NewInk()
	pts := [][2]float64{{0.28, 0.22}, {0.72, 0.22}, {0.59, 0.52}, {0.46, 0.82}}
	for i := 1; i < len(pts); i++ {
		k.Stroke(pts[i-1][0], pts[i-1][1], pts[i][0], pts[i][1])
	}
	x, err := draw.PreprocessInk(k.A, k.W, k.H)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// What the pretrained model makes of a drawn 7: the guess is Predict's,
// one strip of activations per hidden layer, and the neurons behind the
// guess in decreasing order, each with its own first-layer weights.
// Their contributions are the guessed score's exact shares: the shares
// plus the biases' part give the score, so the difference between two
// digits' totals is the difference of their log-probabilities.
func TestLookAtADrawnDigit(t *testing.T) {
	net := pretrained(t)
	x := drawSeven(t)
	digit, probs := net.Predict(x)
	if digit != 7 {
		t.Fatalf("the drawn 7 is read as %d (%v)", digit, probs)
	}
	in, err := Look(net, x, TopShown)
	if err != nil {
		t.Fatal(err)
	}
	if in.Guess != digit || len(in.Hidden) != net.Layers()-1 {
		t.Fatalf("guess %d with %d hidden layers, want %d and %d", in.Guess, len(in.Hidden), digit, net.Layers()-1)
	}
	for l, a := range in.Hidden {
		if len(a) != net.Sizes[l+1] {
			t.Errorf("hidden layer %d: %d activations for %d neurons", l+1, len(a), net.Sizes[l+1])
		}
	}
	if len(in.Top) != TopShown {
		t.Fatalf("%d top neurons, want %d", len(in.Top), TopShown)
	}
	for i, c := range in.Top {
		if c.Value <= 0 || (i > 0 && c.Value > in.Top[i-1].Value) {
			t.Errorf("top neurons %v: want positive, largest first", in.Top)
		}
		if !slices.Equal(c.Weights, net.W[0][c.Neuron*784:(c.Neuron+1)*784]) {
			t.Errorf("top neuron %d carries other weights than its own", c.Neuron)
		}
	}

	acts, _ := net.Activations(x)
	runnerUp := 0
	for d := range 10 {
		if d != digit && probs[d] > probs[runnerUp] || runnerUp == digit {
			runnerUp = d
		}
	}
	score := func(d int) float64 {
		c, bias := Contributions(net, acts, d)
		sum := bias
		for _, v := range c {
			sum += v
		}
		return sum
	}
	// For softmax p, z_a − z_b = ln p_a − ln p_b.
	got, want := score(digit)-score(runnerUp), math.Log(float64(probs[digit]))-math.Log(float64(probs[runnerUp]))
	if math.Abs(got-want) > 1e-3*math.Max(1, math.Abs(want)) {
		t.Errorf("score(7) − score(%d) from the contributions is %.5f, from the probabilities %.5f", runnerUp, got, want)
	}

	// The top neurons matter: silencing them lowers the 7's lead over the
	// other digits (its log-odds against the runner-up) far more than
	// silencing as many firing neurons that add least.
	c, _ := Contributions(net, acts, digit)
	var least []int
	for j := range c {
		if acts[0][j] > 0 {
			least = append(least, j)
		}
	}
	slices.SortFunc(least, func(a, b int) int { return cmp.Compare(math.Abs(c[a]), math.Abs(c[b])) })
	lead := func(silenced []int) float64 {
		a := slices.Clone(acts[0])
		for _, j := range silenced {
			a[j] = 0
		}
		rest := &core.Network{Sizes: net.Sizes[1:], W: net.W[1:], B: net.B[1:]}
		p := rest.Forward(a)
		best := math.Inf(-1)
		for d, v := range p {
			if d != digit {
				best = math.Max(best, math.Log(float64(v)))
			}
		}
		return math.Log(float64(p[digit])) - best
	}
	var top []int
	for _, n := range in.Top {
		top = append(top, n.Neuron)
	}
	all, noTop, noLeast := lead(nil), lead(top), lead(least[:TopShown])
	t.Logf("the 7 leads by %.2f (log-odds); without the top %d neurons by %.2f, without the %d that add least by %.2f", all, TopShown, noTop, TopShown, noLeast)
	if all-noTop < 1 || all-noTop < 10*math.Abs(all-noLeast) {
		t.Errorf("silencing the top neurons lowers the 7's lead from %.2f to %.2f, silencing the least ones to %.2f", all, noTop, noLeast)
	}
}

// With one hidden layer a neuron's contribution is its activation times
// its weight to the digit, exactly; a network without hidden layers has
// nothing to show; bad input is an error.
func TestContributionsOneHiddenLayer(t *testing.T) {
	test := testSet(t)
	net, err := core.NewInitialized([]int{784, 30, 10}, core.InitHe, 2)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 784)
	test.Pixels(0, x)
	acts, _ := net.Activations(x)
	for d := range 10 {
		c, bias := Contributions(net, acts, d)
		if bias != float64(net.B[1][d]) {
			t.Errorf("digit %d: bias part %v, want the output bias %v", d, bias, net.B[1][d])
		}
		for j, v := range c {
			if want := float64(acts[0][j]) * float64(net.W[1][d*30+j]); v != want {
				t.Fatalf("digit %d, neuron %d: %v, want a·w = %v", d, j, v, want)
			}
		}
	}
	flat, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 2)
	if in, err := Look(flat, x, TopShown); err != nil || len(in.Hidden) != 0 || len(in.Top) != 0 {
		t.Errorf("no hidden layer: %d strips, %d top neurons, error %v", len(in.Hidden), len(in.Top), err)
	}
	if _, err := Look(net, x[:10], TopShown); err == nil {
		t.Error("10 inputs: no error")
	}
	if got := TopNeurons([]float64{0.5, -2, 3, 0, 0.5, 1}, 3); !slices.Equal(got, []int{2, 5, 0}) {
		t.Errorf("TopNeurons = %v, want [2 5 0]: positive only, largest first, lower index first on ties", got)
	}
}
