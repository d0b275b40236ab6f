package app

// textField is a text field of the panel: whether it has the keyboard,
// its text, and why the last entry was refused. Its state changes only
// through its methods, which bump its revision.
type textField struct {
	editing bool
	text    string
	err     string
	rev     Rev
}

// Open gives the field the keyboard, starting from text.
func (f *textField) Open(text string) {
	f.editing, f.text, f.err = true, text, ""
	f.rev.Bump()
}

// Close takes the keyboard away, keeping nothing typed.
func (f *textField) Close() {
	if f.editing {
		f.editing, f.err = false, ""
		f.rev.Bump()
	}
}

// add types r if the field takes it and has room for it.
func (f *textField) add(r rune, takes bool, maxLen int) {
	if f.editing && takes && len(f.text) < maxLen {
		f.text += string(r)
		f.rev.Bump()
	}
}

// Backspace deletes the last character.
func (f *textField) Backspace() {
	if f.editing && f.text != "" {
		f.text = f.text[:len(f.text)-1]
		f.rev.Bump()
	}
}

// submit ends the entry if err is nil; otherwise the field keeps the
// keyboard and shows why (Err).
func (f *textField) submit(err error) bool {
	f.rev.Bump()
	if err != nil {
		f.err = err.Error()
		return false
	}
	f.editing, f.err = false, ""
	return true
}

// Editing reports whether the field has the keyboard.
func (f *textField) Editing() bool { return f.editing }

// Text is what has been typed.
func (f *textField) Text() string { return f.text }

// Err says why the last entry was refused, or is empty.
func (f *textField) Err() string { return f.err }

// Rev changes whenever anything the field shows does.
func (f *textField) Rev() Rev { return f.rev }

// Field is the panel's text field for custom hidden sizes ("128 64").
type Field struct{ textField }

// maxFieldLen bounds the text: four layers of four digits and separators
// fit, and the field's button stays readable.
const maxFieldLen = 24

// Type adds r if it can be part of hidden sizes: digits and the
// separators ParseHidden accepts (space, comma, dash).
func (f *Field) Type(r rune) {
	f.add(r, (r >= '0' && r <= '9') || r == ' ' || r == ',' || r == '-', maxFieldLen)
}

// Submit parses the text: on success it closes the field and returns the
// sizes; otherwise it keeps the keyboard and shows why (Err).
func (f *Field) Submit() ([]int, bool) {
	h, err := ParseHidden(f.text)
	return h, f.submit(err)
}

// SeedField is the panel's text field for the seed.
type SeedField struct{ textField }

// maxSeedLen is the length of the largest seed, 2⁶⁴−1.
const maxSeedLen = 20

// Type adds r if it is a digit.
func (f *SeedField) Type(r rune) { f.add(r, r >= '0' && r <= '9', maxSeedLen) }

// Submit parses the text: on success it closes the field and returns the
// seed; otherwise it keeps the keyboard and shows why (Err).
func (f *SeedField) Submit() (uint64, bool) {
	v, err := ParseSeed(f.text)
	return v, f.submit(err)
}
