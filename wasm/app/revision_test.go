package app

import "testing"

// The screen is drawn at the first frame, then only when one of the
// revisions moved, once per move.
func TestRedrawDue(t *testing.T) {
	var d Redraw
	var now Revisions
	if !d.Due(now) {
		t.Fatal("the first frame is not drawn")
	}
	if d.Due(now) {
		t.Fatal("drawn again with nothing changed")
	}
	for i, bump := range []func(){
		func() { now.Session.Bump() }, func() { now.Settings.Bump() }, func() { now.Ink.Bump() },
		func() { now.Prediction.Bump() }, func() { now.Field.Bump() }, func() { now.Layout.Bump() },
		func() { now.View.Bump() }, func() { now.Samples.Bump() }, func() { now.Weights.Bump() },
		func() { now.Inside.Bump() }, func() { now.SeedField.Bump() }, func() { now.Notice.Bump() },
		func() { now.Storage.Bump() },
	} {
		bump()
		if !d.Due(now) {
			t.Errorf("revision %d moved but the screen is not drawn", i)
		}
		if d.Due(now) {
			t.Errorf("revision %d: drawn twice for one move", i)
		}
	}
}

// The ink's revision moves with every change and only then.
func TestInkRevision(t *testing.T) {
	k := NewInk()
	r := k.Rev()
	k.Clear()
	if k.Rev() != r {
		t.Error("clearing an empty pad moved its revision")
	}
	k.Stroke(0.5, 0.5, 0.5, 0.5)
	if k.Rev() == r {
		t.Fatal("a dot did not move the revision")
	}
	r = k.Rev()
	k.Stroke(0.5, 0.5, 0.5, 0.5)
	if k.Rev() != r {
		t.Error("the same dot again (no new ink) moved the revision")
	}
	k.Clear()
	if k.Rev() == r || !k.Empty() {
		t.Error("Clear did not move the revision")
	}
}
