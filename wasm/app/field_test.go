package app

import (
	"slices"
	"testing"
)

// The custom sizes field takes digits and separators, refuses what
// ParseHidden refuses with its reason, and every visible change moves its
// revision.
func TestField(t *testing.T) {
	var f Field
	f.Type('1')
	if f.Text() != "" || f.Rev() != 0 {
		t.Fatal("a closed field took a key")
	}
	f.Open("300 100")
	if !f.Editing() || f.Text() != "300 100" || CustomLabel(DefaultConfig(), &f) != "300 100|" {
		t.Fatalf("Open: editing %v, text %q", f.Editing(), f.Text())
	}
	for range 7 {
		f.Backspace()
	}
	rev := f.Rev()
	for _, r := range "12a8,6x4" {
		f.Type(r)
	}
	if f.Text() != "128,64" || f.Rev() == rev {
		t.Errorf("typed 12a8,6x4: %q (letters are dropped)", f.Text())
	}
	for range 30 {
		f.Type('9')
	}
	if len(f.Text()) != maxFieldLen {
		t.Errorf("text of %d characters, want at most %d", len(f.Text()), maxFieldLen)
	}
	if _, ok := f.Submit(); ok || !f.Editing() || f.Err() == "" || FieldHint(&f).Tone != Bad {
		t.Errorf("a 20-digit layer was accepted (error %q)", f.Err())
	}
	f.Open("128 64")
	if h, ok := f.Submit(); !ok || !slices.Equal(h, []int{128, 64}) || f.Editing() || f.Err() != "" {
		t.Errorf("Submit 128 64: %v, %v, editing %v, error %q", h, ok, f.Editing(), f.Err())
	}
	rev = f.Rev()
	f.Close()
	if f.Rev() != rev {
		t.Error("closing a closed field moved its revision")
	}
}

// The seed field takes digits only, at most a 2⁶⁴−1's worth, and refuses
// a number beyond it with the reason.
func TestSeedField(t *testing.T) {
	var f SeedField
	f.Open("1")
	f.Backspace()
	for _, r := range "12a3-4 5" {
		f.Type(r)
	}
	if f.Text() != "12345" {
		t.Errorf("typed 12a3-4 5: %q", f.Text())
	}
	if v, ok := f.Submit(); !ok || v != 12345 || f.Editing() {
		t.Errorf("Submit: %v %v", v, ok)
	}
	f.Open("")
	for range 30 {
		f.Type('9')
	}
	if len(f.Text()) != maxSeedLen {
		t.Errorf("%d digits, want at most %d", len(f.Text()), maxSeedLen)
	}
	if _, ok := f.Submit(); ok || !f.Editing() || f.Err() == "" {
		t.Errorf("a seed of twenty 9s was accepted (error %q)", f.Err())
	}
	f.Open("")
	if _, ok := f.Submit(); ok {
		t.Error("an empty seed was accepted")
	}
	f.Open("18446744073709551615")
	if v, ok := f.Submit(); !ok || v != 18446744073709551615 {
		t.Errorf("the largest seed: %v %v", v, ok)
	}
}
