package app

// Field is the panel's text field for custom hidden sizes ("128 64"):
// whether it has the keyboard, its text, and why the last entry was
// refused. Its state changes only through its methods, which bump its
// revision.
type Field struct {
	editing bool
	text    string
	err     string
	rev     Rev
}

// maxFieldLen bounds the text: four layers of four digits and separators
// fit, and the field's button stays readable.
const maxFieldLen = 24

// Open gives the field the keyboard, starting from text.
func (f *Field) Open(text string) {
	f.editing, f.text, f.err = true, text, ""
	f.rev.Bump()
}

// Close takes the keyboard away, keeping nothing typed.
func (f *Field) Close() {
	if f.editing {
		f.editing, f.err = false, ""
		f.rev.Bump()
	}
}

// Type adds r if it can be part of hidden sizes: digits and the
// separators ParseHidden accepts (space, comma, dash).
func (f *Field) Type(r rune) {
	if !f.editing || len(f.text) >= maxFieldLen {
		return
	}
	if (r >= '0' && r <= '9') || r == ' ' || r == ',' || r == '-' {
		f.text += string(r)
		f.rev.Bump()
	}
}

// Backspace deletes the last character.
func (f *Field) Backspace() {
	if f.editing && f.text != "" {
		f.text = f.text[:len(f.text)-1]
		f.rev.Bump()
	}
}

// Submit parses the text: on success it closes the field and returns the
// sizes; otherwise it keeps the keyboard and shows why (Err).
func (f *Field) Submit() ([]int, bool) {
	h, err := ParseHidden(f.text)
	f.rev.Bump()
	if err != nil {
		f.err = err.Error()
		return nil, false
	}
	f.editing, f.err = false, ""
	return h, true
}

// Editing reports whether the field has the keyboard.
func (f *Field) Editing() bool { return f.editing }

// Text is what has been typed.
func (f *Field) Text() string { return f.text }

// Err says why the last entry was refused, or is empty.
func (f *Field) Err() string { return f.err }

// Rev changes whenever anything the field shows does.
func (f *Field) Rev() Rev { return f.rev }
