package core_test

import (
	"math"
	"testing"

	"digits/core"
)

// On the real test set, the confusion matrix of a trained network agrees
// with Evaluate: its diagonal over its total is Evaluate's accuracy, bit
// for bit; its rows are the label counts, its columns PredictAll's guesses.
func TestConfusionAgreesWithEvaluate(t *testing.T) {
	train, test := loadMNIST(t)
	net, err := core.NewInitialized([]int{784, 32, 10}, core.InitHe, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := core.NewTrainer(net, train.Subset(10000), 0.1, 64, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	c, err := core.NewConfusion(net, test)
	if err != nil {
		t.Fatal(err)
	}
	_, acc, err := net.Evaluate(test)
	if err != nil {
		t.Fatal(err)
	}
	if c.Total() != test.N || c.Accuracy() != acc {
		t.Errorf("confusion: %d images, accuracy %v; Evaluate: %d images, %v", c.Total(), c.Accuracy(), test.N, acc)
	}
	if acc < 0.80 {
		t.Errorf("accuracy %.4f: the network did not learn, the test proves little", acc)
	}
	var labels, guesses [10]int
	for i, g := range net.PredictAll(test) {
		labels[test.Labels[i]]++
		guesses[g]++
	}
	for d := range 10 {
		if c.Row(d) != labels[d] || c.Column(d) != guesses[d] {
			t.Errorf("digit %d: row %d, column %d; %d labels, %d guesses", d, c.Row(d), c.Column(d), labels[d], guesses[d])
		}
	}
}

func TestConfusionRatios(t *testing.T) {
	var c core.Confusion
	c[3][3], c[3][5], c[5][3], c[5][5] = 8, 2, 1, 9 // 8 threes right, 2 called 5; one 5 called 3
	if c.Total() != 20 || c.Correct() != 17 || c.Accuracy() != 17.0/20 {
		t.Errorf("total %d, correct %d, accuracy %v", c.Total(), c.Correct(), c.Accuracy())
	}
	if c.Recall(3) != 8.0/10 || c.Precision(3) != 8.0/9 || c.Recall(5) != 9.0/10 || c.Precision(5) != 9.0/11 {
		t.Errorf("recall 3 %v, precision 3 %v, recall 5 %v, precision 5 %v", c.Recall(3), c.Precision(3), c.Recall(5), c.Precision(5))
	}
	if !math.IsNaN(c.Recall(0)) || !math.IsNaN(c.Precision(0)) {
		t.Error("a digit never seen nor guessed should have NaN recall and precision")
	}
	if _, err := core.NewConfusion(&core.Network{Sizes: []int{784, 10, 4}}, &core.Dataset{Rows: 28, Cols: 28}); err == nil {
		t.Error("a network with 4 outputs was accepted")
	}
}
