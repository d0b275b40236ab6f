package main

import "digits/wasm/app"

// The network the pad uses, if it was trained or imported in the app, is
// kept from one visit to the next (app.Kept): in the browser's local
// storage (store_js.go), in a file on the desktop (store_other.go).

// restore opens the storage and shows the network kept from the last
// visit, if any. A record that cannot be read is forgotten, and the app
// says so.
func (g *Game) restore() {
	g.store = openStorage()
	if !g.store.usable() {
		return // the screen says so where notices go (noticeLine)
	}
	b, err := g.store.load()
	if err == nil && b != nil {
		err = g.s.Restore(b)
	}
	if err != nil {
		g.notice.Set("The network kept from your last visit is lost: "+err.Error(), app.Warn)
		g.store.remove()
	}
	_, g.store.saved = g.s.Keep()
}

// keep writes what the session keeps for the next visit whenever it
// changed, and forgets it after Reset.
func (g *Game) keep() {
	rec, rev := g.s.Keep()
	if rev == g.store.saved {
		return
	}
	g.store.saved = rev
	if !g.store.usable() {
		// The line under the pad says so whenever it has nothing else to
		// say; an import's message, which takes its place, says it too.
		if ln, ok := g.notice.Line(); ok && rec != nil && !rec.Trained {
			g.notice.Set(ln.Text+" It cannot be kept for your next visit: this browser refuses the page its storage.", ln.Tone)
		}
		return
	}
	if rec == nil {
		g.store.remove()
		return
	}
	if err := g.store.save(app.EncodeKept(rec)); err != nil {
		g.notice.Set("This network cannot be kept for your next visit: "+err.Error(), app.Warn)
	}
}

// noticeLine is what the line under the pad says: the notice, or else
// why nothing is kept across visits, if that is so.
func (g *Game) noticeLine() (app.Line, bool) {
	if ln, ok := g.notice.Line(); ok {
		return ln, true
	}
	if p := g.store.problem; p != "" {
		return app.Line{Text: p, Tone: app.Dim}, true
	}
	return app.Line{}, false
}
