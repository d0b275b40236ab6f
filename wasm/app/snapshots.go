package app

import "time"

// The Weights view's state: a snapshot of the first layer's weights and
// what the network makes of the drawn digit, each kept until what it was
// made from changes, each with its revision for the screen.

// ShownNeurons is how many first-layer neurons the Weights view pictures.
const ShownNeurons = 64

// TopShown is how many of the neurons behind a guess the view pictures.
const TopShown = 5

// WeightsEvery is the shortest time between two snapshots of the weights
// while the network changes: each snapshot is copied, coloured and drawn,
// time that training would otherwise get.
const WeightsEvery = 500 * time.Millisecond

// FirstLayerSource gives a copy of a first layer's weights, or of their
// change since training began where it can (the Session).
type FirstLayerSource interface {
	FirstLayer(n int, change bool) FirstLayer
}

// WeightsSnapshot follows the first-layer weights of the network the pad
// uses: at once when first asked or switched between the weights and
// their change, then when the network's revision moved and at least
// WeightsEvery after the last snapshot.
type WeightsSnapshot struct {
	layer  FirstLayer
	change bool // show the change since training began, where there is one
	rev    Rev
	net    Rev // the network revision it was taken at
	at     time.Time
	valid  bool
}

// NewWeightsSnapshot shows the change since training began where there is
// one: a fresh network's weights are random numbers that training changes
// little at first, so its pattern shows in the change long before it
// shows in the weights.
func NewWeightsSnapshot() WeightsSnapshot { return WeightsSnapshot{change: true} }

// Update takes a new snapshot from src if one is due at now for the
// network revision net, and reports whether it did.
func (w *WeightsSnapshot) Update(now time.Time, net Rev, src FirstLayerSource) bool {
	if w.valid && (net == w.net || now.Sub(w.at) < WeightsEvery) {
		return false
	}
	w.layer, w.net, w.at, w.valid = src.FirstLayer(ShownNeurons, w.change), net, now, true
	w.rev.Bump()
	return true
}

// ShowChange chooses between the weights (false) and their change since
// training began (true); the next Update takes a snapshot at once.
func (w *WeightsSnapshot) ShowChange(change bool) {
	if change != w.change {
		w.change, w.valid = change, false
		w.rev.Bump()
	}
}

// ShowsChange reports whether the change is asked for (the snapshot has it
// only where the network is trained here: Layer().Change).
func (w *WeightsSnapshot) ShowsChange() bool { return w.change }

// Layer is the snapshot (zero before the first Update).
func (w *WeightsSnapshot) Layer() *FirstLayer { return &w.layer }

// Rev changes with every snapshot.
func (w *WeightsSnapshot) Rev() Rev { return w.rev }

// Looker looks inside the network the pad uses (the Session).
type Looker interface {
	Look(x []float32, top int) (Inside, error)
}

// InsideView is what the network the pad uses makes of the drawn digit:
// made anew when the prediction or the network changed.
type InsideView struct {
	in    Inside
	ok    bool // there is a digit to look at
	rev   Rev
	pred  Rev
	net   Rev
	valid bool
}

// Update looks again if the prediction p or the network (revision net)
// changed since the last look, and reports whether it did.
func (v *InsideView) Update(p *Prediction, net Rev, src Looker) bool {
	if v.valid && v.pred == p.Rev() && v.net == net {
		return false
	}
	v.pred, v.net, v.valid = p.Rev(), net, true
	v.in, v.ok = Inside{}, false
	if p.Digit() >= 0 {
		in, err := src.Look(p.Input(), TopShown)
		v.in, v.ok = in, err == nil
	}
	v.rev.Bump()
	return true
}

// Inside is the last look, and whether there was a digit to look at.
func (v *InsideView) Inside() (*Inside, bool) { return &v.in, v.ok }

// Rev changes with every look.
func (v *InsideView) Rev() Rev { return v.rev }
