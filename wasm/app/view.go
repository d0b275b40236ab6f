package app

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"digits/core"
)

// The words on the screen, made from the state: the ebiten program only
// places and colours them. Keeping them here lets the tests read what the
// screen says.

// Tone is the role of a line of text, which the drawing code maps to a
// colour.
type Tone int

const (
	Plain  Tone = iota // ordinary text
	Dim                // secondary text, hints
	Accent             // results
	Bad                // errors
	Warn               // attention, waiting
)

// Line is one line of text and its tone.
type Line struct {
	Text string
	Tone Tone
}

// Header says which network the pad uses and how good it is.
func Header(st Status) Line {
	switch {
	case st.Pretrained && st.TestAcc >= 0:
		return Line{fmt.Sprintf("pretrained %s · %.2f%% on the 10,000 MNIST test digits", st.NetName, 100*st.TestAcc), Dim}
	case st.Pretrained:
		return Line{"pretrained " + st.NetName, Dim}
	case st.KeptShown:
		text := KeptName(st)
		if st.TestAcc >= 0 {
			text += fmt.Sprintf(" · %.2f%% on the 10,000 MNIST test digits", 100*st.TestAcc)
		}
		return Line{text, Accent}
	default:
		return Line{fmt.Sprintf("the pad uses the network being trained (%s)", st.NetName), Accent}
	}
}

// TrainerLine says, when training shares the page's thread because the
// browser gave it no Web Worker, that it does and why; ok is false
// otherwise.
func TrainerLine(st Status) (l Line, ok bool) {
	if st.Trainer.Where != "page" {
		return Line{}, false
	}
	text := "No Web Worker: training shares the page's thread"
	if st.Trainer.Note != "" {
		text += " (" + st.Trainer.Note + ")"
	}
	return Line{text, Warn}, true
}

// StatusLines says what the session is doing, in up to three lines.
func StatusLines(st Status) []Line {
	switch {
	case st.Trainer.Err != nil:
		return []Line{{"The trainer stopped", Bad}, {st.Trainer.Err.Error(), Bad}, {"Reload the page to start it again.", Plain}}
	case st.Err != nil:
		return ErrorLines(st.Err)
	case st.KeptShown && st.Phase == Idle:
		return keptLines(st)
	case st.LoadErr != nil:
		return []Line{{"Could not load the training images", Bad}, {st.LoadErr.Error(), Bad}}
	case st.Phase == Idle && !st.DataReady:
		return []Line{{fmt.Sprintf("Decoding the 60,000 training images… %d%%", 10*tenths(st.Loaded)), Dim},
			{"Draw meanwhile: the pretrained model is ready.", Dim}}
	case st.Phase == Idle:
		return []Line{{"Ready: press Train to teach a fresh network, starting from random weights.", Plain},
			{"Watch its guesses on the pad and the test digits improve as it learns.", Dim}}
	case st.Phase == Waiting:
		return []Line{{fmt.Sprintf("Waiting for the training images… %d%%", 10*tenths(st.Loaded)), Warn}}
	}
	head := fmt.Sprintf("Epoch %d  (%.1f)  ·  %s images/s  ·  %s", st.Epoch, float64(tenths(st.EpochFrac))/10, Thousands(st.Rate), st.Running.Name())
	switch {
	case st.TabHidden:
		head += "  ·  paused while the tab is hidden"
	case st.Phase == Paused:
		head += "  ·  paused"
	}
	out := []Line{{head, Plain}}
	ref := core.ComparableLeCun(st.Running.Hidden)
	if st.Running.Arch == LeNet5 {
		ref = core.LeCun1998LeNet5
	}
	if st.TestAcc >= 0 {
		out = append(out, Line{fmt.Sprintf("Test accuracy %.2f%% (error %.2f%%)  vs  %s", 100*st.TestAcc, 100*(1-st.TestAcc), ref), Accent})
	} else {
		out = append(out, Line{fmt.Sprintf("Test accuracy after the first epoch  vs  %s", ref), Dim})
	}
	if st.ConfigChange {
		out = append(out, Line{"Settings changed: Train starts a fresh network with them.", Warn})
	}
	return out
}

// KeptName names an imported network or one kept from the last visit,
// for the header: "imported my.model (784-300-100-10)", "kept from your
// last visit: 784-300-100-10, 3 epochs".
func KeptName(st Status) string {
	k := st.Kept
	what := fmt.Sprintf("%s (%s)", shortName(k.Name), st.NetName)
	if k.Trained {
		what = fmt.Sprintf("%s, %s", st.NetName, plural(k.Epoch, "epoch"))
	}
	if k.Restored {
		return "kept from your last visit: " + what
	}
	return "imported " + what
}

// keptLines are the panel's status lines while the pad uses an imported
// network or one kept from the last visit.
func keptLines(st Status) []Line {
	k := st.Kept
	var first string
	switch {
	case k.Trained:
		c := k.Config
		first = fmt.Sprintf("From your last visit: %s, %s (rate %s, batch %s, %s, seed %d)",
			st.NetName, plural(k.Epoch, "epoch"), RateString(c.Rate), BatchLabel(c.Batch), c.Init, c.Seed)
	case k.Restored:
		first = fmt.Sprintf("The pad uses %s (%s), kept from your last visit", shortName(k.Name), st.NetName)
	default:
		first = fmt.Sprintf("The pad uses %s, a %s network you imported", shortName(k.Name), st.NetName)
	}
	acc := Line{"Measuring it on the 10,000 test digits…", Dim}
	if st.TestAcc >= 0 {
		acc = Line{fmt.Sprintf("Test accuracy %.2f%% (error %.2f%%)", 100*st.TestAcc, 100*(1-st.TestAcc)), Accent}
	}
	return []Line{{first, Plain}, acc, {"Train starts a fresh network; Reset goes back to the pretrained model.", Dim}}
}

// shortName keeps a file name short enough for one line.
func shortName(name string) string {
	const most = 40
	if r := []rune(name); len(r) > most {
		return string(r[:most-1]) + "…"
	}
	return name
}

// plural writes "1 epoch", "3 epochs".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// ErrorLines explains why training stopped, in three lines: what
// happened, why, and what to do.
func ErrorLines(err error) []Line {
	var d *core.DivergedError
	var b *BuildError
	switch {
	case errors.As(err, &d):
		why := fmt.Sprintf("The loss grew more than tenfold, from %s to %s.", shortNumber(d.Initial), shortNumber(d.Loss))
		if d.NotFinite {
			why = "The loss became infinite."
			if math.IsNaN(d.Loss) {
				why = "The loss became NaN (not a number)."
			}
		}
		return []Line{
			{fmt.Sprintf("Training diverged at epoch %d", d.Epoch), Bad},
			{why, Bad},
			{fmt.Sprintf("Lower the learning rate (now %g) and press Train.", d.LearningRate), Plain},
		}
	case errors.As(err, &b):
		what := "Cannot build " + b.Name()
		if b.Trainer {
			what = "Cannot train " + b.Name()
		}
		return []Line{{what, Bad}, {b.Err.Error(), Bad}, {"Change the settings and press Train.", Plain}}
	default:
		return []Line{{"Training stopped", Bad}, {err.Error(), Bad}}
	}
}

// shortNumber writes a loss readably: three digits, and whole numbers
// with thousands separators from 1,000 on.
func shortNumber(v float64) string {
	if math.Abs(v) >= 1000 && math.Abs(v) < 1e15 {
		return Thousands(v)
	}
	return fmt.Sprintf("%.3g", v)
}

// PresetLabel is the text of preset p's button, e.g. "2  300-100 (LeCun)":
// its key, then its sizes.
func PresetLabel(p Preset, a Architecture) string {
	return fmt.Sprintf("%d  %s", int(p)+1, a.Label())
}

// CustomLabel is the text of the custom sizes button: the field while
// typing, the sizes when they are in use, otherwise an invitation.
func CustomLabel(c Config, f *Field) string {
	switch {
	case f.Editing():
		return f.Text() + "|"
	case c.Preset != CustomSizes:
		return "E  custom…"
	default:
		return HiddenLabel(c.Hidden)
	}
}

// SeedLabel is the seed field's text: the seed, or what is being typed.
func SeedLabel(c Config, f *SeedField) string {
	if f.Editing() {
		return f.Text() + "|"
	}
	return strconv.FormatUint(c.Seed, 10)
}

// SeedHint is the line under the seed field while typing.
func SeedHint(f *SeedField) Line {
	if f.Err() != "" {
		return Line{f.Err(), Bad}
	}
	return Line{"seed of the weights and the order, then Enter", Dim}
}

// Wrap breaks text into lines no wider than width, as measured, at
// spaces; a word wider than width (a long path) is broken where it must.
// At most max lines are returned, the last ending in "…" if text did not
// fit.
func Wrap(text string, width float64, max int, measure func(string) float64) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if measure(next) <= width {
			cur = next
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		for cur = w; measure(cur) > width; {
			head := fitPrefix(cur, width, measure)
			lines = append(lines, head)
			cur = cur[len(head):]
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > max {
		last := lines[max-1]
		for last != "" && measure(last+"…") > width {
			r := []rune(last)
			last = string(r[:len(r)-1])
		}
		lines = append(lines[:max-1], last+"…")
	}
	return lines
}

// fitPrefix is the longest prefix of s, one rune at least, no wider than
// width.
func fitPrefix(s string, width float64, measure func(string) float64) string {
	r := []rune(s)
	n := 1
	for n < len(r) && measure(string(r[:n+1])) <= width {
		n++
	}
	return string(r[:n])
}

// FieldHint is the line under the custom sizes field while typing.
func FieldHint(f *Field) Line {
	if f.Err() != "" {
		return Line{f.Err(), Bad}
	}
	return Line{"hidden sizes, e.g. 128 64, then Enter", Dim}
}

// Thousands writes 12345.6 as "12,346".
func Thousands(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return fmt.Sprint(v)
	}
	s := fmt.Sprintf("%.0f", math.Abs(v))
	var b strings.Builder
	if v <= -0.5 {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// KeyLines lists the keyboard shortcuts for the bottom of the screen: one
// line, or two of about equal length where the screen is too narrow.
func KeyLines(two bool) []string {
	presets := make([]string, NumPresets)
	for p := range NumPresets {
		presets[p] = fmt.Sprint(int(p) + 1)
	}
	keys := []string{"C clear", "Space train/pause", "T train", "P pause", "R reset",
		strings.Join(presets, " ") + " presets", "E custom sizes", "[ ] learning rate", "B batch", "I init",
		"V view", "W weights/change", "Esc all test digits"}
	const sep = "  ·  "
	all := "Keys:  " + strings.Join(keys, sep)
	if !two {
		return []string{all}
	}
	// Break after the key that brings the first line to half the length.
	first := 0
	for n := len("Keys:  "); first < len(keys)-1 && 2*n < len(all); first++ {
		n += len(keys[first]) + len(sep)
	}
	return []string{"Keys:  " + strings.Join(keys[:first], sep), strings.Join(keys[first:], sep)}
}
