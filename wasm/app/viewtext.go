package app

import (
	"fmt"
	"math"
)

// The words of the confusion and weights views.

// ConfusionSummary is the line beside the view tabs in the confusion view.
func ConfusionSummary(r *Reading, st Status) Line {
	switch {
	case r != nil:
		c := &r.Confusion
		return Line{fmt.Sprintf("%.2f%% right · %s wrong", 100*c.Accuracy(), Thousands(float64(c.Total()-c.Correct()))), Dim}
	case !st.TestReady:
		return Line{"decoding the test digits…", Dim}
	case st.Pretrained:
		return Line{"reading the 10,000 test digits…", Dim}
	default:
		return Line{"after the first epoch", Dim}
	}
}

// ConfusionEmpty is what the confusion view says while there is no matrix.
func ConfusionEmpty(st Status) string {
	if !st.Pretrained && st.TestReady {
		return "The matrix of the network being trained appears at the end of its first epoch."
	}
	return "The matrix appears once the network has read the 10,000 test digits."
}

// CountLabel writes a cell's count: empty for zero, so the errors stand out.
func CountLabel(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// Percent writes a fraction as a percentage with one decimal: "99.2%".
func Percent(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

// WeightsTitle is the line over the grid of weight pictures.
func WeightsTitle(f *FirstLayer) string {
	what := "Weights"
	if f.Change {
		what = "Change since the start"
	}
	if f.Shown < f.Neurons {
		return fmt.Sprintf("%s, neurons 0–%d of %d", what, f.Shown-1, f.Neurons)
	}
	return fmt.Sprintf("%s, all %d neurons", what, f.Neurons)
}

// StripLabel names hidden layer l's strip (1 = the first) and says how
// many of its neurons fire for the drawn digit.
func StripLabel(l int, acts []float32) string {
	on := 0
	for _, a := range acts {
		if a > 0 {
			on++
		}
	}
	return fmt.Sprintf("hidden layer %d: %d of %d neurons fire", l, on, len(acts))
}

// TopTitle is the line over the neurons behind the guess: the
// first-layer neurons that add most to its score, or a convolutional
// network's last feature maps.
func TopTitle(in *Inside) string {
	if len(in.Maps) > 0 {
		return fmt.Sprintf("Maps of conv %d that push the %d most", in.Maps[len(in.Maps)-1].Conv, in.Guess)
	}
	return fmt.Sprintf("Neurons that push the %d most", in.Guess)
}

// TopLabel is the two lines under a top neuron's picture: its index (a
// feature map's channel) and what it adds to the guessed digit's score.
func TopLabel(c Contribution) (string, string) {
	if c.Map != nil {
		return fmt.Sprintf("map %d", c.Neuron), fmt.Sprintf("+%.2f", c.Value)
	}
	return fmt.Sprintf("#%d", c.Neuron), fmt.Sprintf("+%.2f", c.Value)
}

// FiltersTitle is the line over a convolution's filters: "First
// convolution: 6 filters 5×5", or their change since the start.
func FiltersTitle(f *FirstLayer) string {
	what := "First convolution"
	if f.Change {
		what = "Change since the start"
	}
	return fmt.Sprintf("%s: %d filters %d×%d", what, f.Neurons, f.Side, f.Side)
}

// MapsTitle is the line over one convolution's feature maps of the drawn
// digit, after its ReLU.
func MapsTitle(m *FeatureMaps) string {
	return fmt.Sprintf("Your digit after conv %d + ReLU: %d maps %d×%d", m.Conv, m.C, m.H, m.W)
}

// DenseStripLabel names a convolutional network's fully connected layer l
// (1 = the first) and says how many of its neurons fire.
func DenseStripLabel(l int, acts []float32) string {
	on := 0
	for _, a := range acts {
		if a > 0 {
			on++
		}
	}
	return fmt.Sprintf("fully connected %d: %d of %d neurons fire", l, on, len(acts))
}
