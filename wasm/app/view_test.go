package app

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"digits/core"
)

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		v         float64
		thousands string
		short     string
	}{
		{0, "0", "0"},
		{2.3671, "2", "2.37"},
		{433.3, "433", "433"},
		{23050.4, "23,050", "23,050"},
		{1.206e10, "12,060,000,000", "12,060,000,000"},
		{-1234.5, "-1,234", "-1,234"},
		{math.Inf(1), "+Inf", "+Inf"},
	} {
		if got := Thousands(c.v); got != c.thousands {
			t.Errorf("Thousands(%v) = %q, want %q", c.v, got, c.thousands)
		}
		if got := shortNumber(c.v); got != c.short {
			t.Errorf("shortNumber(%v) = %q, want %q", c.v, got, c.short)
		}
	}
}

// The preset buttons are labelled from the presets themselves.
func TestPresetLabels(t *testing.T) {
	ps := Presets(mustNet(t, 784, 512, 256, 10))
	want := [NumPresets]string{"1  32-16 (seed)", "2  300-100 (LeCun)", "3  512-256 (default)", "4  LeNet-5"}
	for p, a := range ps {
		if got := PresetLabel(Preset(p), a); got != want[p] {
			t.Errorf("preset %d: %q, want %q", p, got, want[p])
		}
	}
	if got := Presets(mustNet(t, 784, 10))[DefaultPreset].Label(); got != "no hidden layer (default)" {
		t.Errorf("a default model without hidden layers: %q", got)
	}
}

func mustNet(t *testing.T, sizes ...int) *core.Network {
	t.Helper()
	n, err := core.NewNetwork(sizes)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The shortcuts fit one line in landscape and split evenly in two for a
// portrait screen, every key listed once.
func TestKeyLines(t *testing.T) {
	one := KeyLines(false)
	want := "Keys:  C clear  ·  Space train/pause  ·  T train  ·  P pause  ·  R reset  ·  1 2 3 4 presets  ·  E custom sizes  ·  [ ] learning rate  ·  B batch  ·  I init  ·  V view  ·  W weights/change  ·  Esc all test digits"
	if len(one) != 1 || one[0] != want {
		t.Errorf("KeyLines(false) = %q, want %q", one, want)
	}
	two := KeyLines(true)
	if len(two) != 2 || two[0]+"  ·  "+two[1] != want {
		t.Fatalf("KeyLines(true) = %q, not the same keys in two lines", two)
	}
	if a, b := len(two[0]), len(two[1]); a > 2*b || b > 2*a {
		t.Errorf("KeyLines(true) = %q: lines of %d and %d characters, want about even", two, a, b)
	}
}

// Training on the page's thread is said on screen, with the reason; in a
// worker or a goroutine nothing is said. A trainer that stopped is the
// first thing the status says.
func TestTrainerLines(t *testing.T) {
	for _, c := range []struct {
		info TrainerInfo
		want string
	}{
		{TrainerInfo{Where: "worker"}, ""},
		{TrainerInfo{Where: "goroutine"}, ""},
		{TrainerInfo{}, ""},
		{TrainerInfo{Where: "page", Note: "Web Workers turned off by ?worker=0"}, "No Web Worker: training shares the page's thread (Web Workers turned off by ?worker=0)"},
	} {
		l, ok := TrainerLine(Status{Trainer: c.info})
		if ok != (c.want != "") || l.Text != c.want || (ok && l.Tone != Warn) {
			t.Errorf("%+v: %q %v, want %q", c.info, l.Text, ok, c.want)
		}
	}
	st := Status{Phase: Training, Trainer: TrainerInfo{Where: "worker", Err: errors.New("the worker failed: out of memory")}}
	lines := StatusLines(st)
	if len(lines) != 3 || lines[0].Text != "The trainer stopped" || lines[1].Text != "the worker failed: out of memory" || lines[0].Tone != Bad {
		t.Errorf("a failed trainer: %v", lines)
	}
}

// Wrap breaks at spaces within the width, breaks a word wider than the
// width where it must, and ends with "…" when the text needs more lines
// than allowed.
func TestWrap(t *testing.T) {
	chars := func(s string) float64 { return float64(len([]rune(s))) }
	for _, c := range []struct {
		text  string
		width float64
		max   int
		want  []string
	}{
		{"", 10, 3, nil},
		{"one two three", 20, 3, []string{"one two three"}},
		{"one two three", 7, 3, []string{"one two", "three"}},
		{"a verylongword b", 4, 5, []string{"a", "very", "long", "word", "b"}},
		{"/home/me/Downloads/x.model", 10, 3, []string{"/home/me/D", "ownloads/x", ".model"}},
		{"one two three four five six", 9, 2, []string{"one two", "three…"}},
	} {
		got := Wrap(c.text, c.width, c.max, chars)
		if !slices.Equal(got, c.want) {
			t.Errorf("Wrap(%q, %v, %d) = %q, want %q", c.text, c.width, c.max, got, c.want)
		}
	}
}

// The seed field shows the seed, or what is typed with a caret; its hint
// says why an entry was refused.
func TestSeedLabel(t *testing.T) {
	c := DefaultConfig()
	c.Seed = 18446744073709551615
	var f SeedField
	if got := SeedLabel(c, &f); got != "18446744073709551615" {
		t.Errorf("SeedLabel = %q", got)
	}
	f.Open("")
	for _, r := range "99999999999999999999" {
		f.Type(r)
	}
	if got := SeedLabel(c, &f); got != "99999999999999999999|" {
		t.Errorf("SeedLabel while typing = %q", got)
	}
	if _, ok := f.Submit(); ok {
		t.Fatal("a seed above 2⁶⁴−1 was taken")
	}
	if h := SeedHint(&f); h.Tone != Bad || !strings.Contains(h.Text, "18446744073709551615") {
		t.Errorf("SeedHint = %+v, want the range, in Bad", h)
	}
}
