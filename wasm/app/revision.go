package app

// Rev counts the changes of one piece of state. The code that changes the
// state bumps it; the screen remembers the revisions it last drew and draws
// anew when any of them moved. Counting changes where they happen, rather
// than comparing the values on screen, means a new thing on screen cannot
// be forgotten in a list of values to compare: whatever changes it bumps
// the revision of the state it belongs to.
type Rev uint64

// Bump records a change.
func (r *Rev) Bump() { *r++ }

// Revisions is the revision of everything the screen shows.
type Revisions struct {
	Session    Rev // the session's Status, curves and network (Session.Rev)
	Settings   Rev // the training panel's Config (Session.SettingsRev)
	Ink        Rev // the pad
	Prediction Rev // the guess, its probabilities and the 28×28 input
	Field      Rev // the custom hidden sizes field
	SeedField  Rev // the seed field
	Notice     Rev // the message under the pad (Notice)
	Storage    Rev // whether the network is kept across visits (the header says when not)
	Layout     Rev // the screen's size, hence where everything goes
	View       Rev // which view is under the tabs (Views)
	Samples    Rev // what the sample grid shows (SampleFilter)
	Weights    Rev // the first-layer weights' snapshot (WeightsSnapshot)
	Inside     Rev // the drawn digit's activations and top neurons (InsideView)
}

// Redraw decides when the screen must be drawn anew: at the first frame,
// then whenever a revision moved since the last drawing. Drawing everything
// costs tens of milliseconds where WebGL is emulated on the CPU, time that
// training can use when nothing on screen changed.
type Redraw struct {
	drawn Revisions
	valid bool
}

// Due reports whether the screen must be drawn for the state at now, and
// if so takes it as drawn.
func (d *Redraw) Due(now Revisions) bool {
	if d.valid && now == d.drawn {
		return false
	}
	d.drawn, d.valid = now, true
	return true
}
