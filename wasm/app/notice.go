package app

// Notice is a message the screen shows until the next action: what
// became of a file given to the app (imported, put on the pad, or why
// not), bad settings in the page's URL, where an exported model went.
type Notice struct {
	line Line
	on   bool
	rev  Rev
}

// Set shows text in tone t.
func (n *Notice) Set(text string, t Tone) {
	n.line, n.on = Line{text, t}, true
	n.rev.Bump()
}

// Clear takes the message away.
func (n *Notice) Clear() {
	if n.on {
		n.line, n.on = Line{}, false
		n.rev.Bump()
	}
}

// Line is the message, and whether there is one.
func (n *Notice) Line() (Line, bool) { return n.line, n.on }

// Rev changes whenever the message does.
func (n *Notice) Rev() Rev { return n.rev }
