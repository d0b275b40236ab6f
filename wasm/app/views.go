package app

// View names what the panel under the training settings shows.
type View int

const (
	CurvesView    View = iota // loss and accuracy by epoch
	ConfusionView             // the confusion matrix and the accuracy per digit
	WeightsView               // first-layer weights, activations, the neurons behind the guess
	NumViews
)

var viewNames = [NumViews]string{"curves", "confusion", "weights"}

// String is the view's name in the page API: curves, confusion, weights.
func (v View) String() string { return viewNames[v] }

// Title is the view's tab label.
func (v View) Title() string {
	return [NumViews]string{"Curves", "Confusion", "Weights"}[v]
}

// ViewNamed is the view called name (String), if any.
func ViewNamed(name string) (View, bool) {
	for v, n := range viewNames {
		if n == name {
			return View(v), true
		}
	}
	return 0, false
}

// Views is which view is shown, with its revision.
type Views struct {
	shown View
	rev   Rev
}

// Show shows view v (out of range: ignored).
func (s *Views) Show(v View) {
	if v >= 0 && v < NumViews && v != s.shown {
		s.shown = v
		s.rev.Bump()
	}
}

// Next shows the following view, the first after the last.
func (s *Views) Next() { s.Show((s.shown + 1) % NumViews) }

// Shown is the view shown.
func (s *Views) Shown() View { return s.shown }

// Rev changes whenever another view is shown.
func (s *Views) Rev() Rev { return s.rev }
