package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"digits/wasm/app"
)

// Files in and out of the app: a model file or a picture opened with the
// Import button or dropped on the app (read by files_js.go in the page,
// files_other.go on the desktop), and the model file of the network the
// pad uses, saved with the Export button.

// openFile does with a file given to the app what its kind asks
// (app.OpenFile: a model file is imported, a picture put on the pad) and
// shows what became of it.
func (g *Game) openFile(name string, b []byte) error {
	ln, err := app.OpenFile(g.s, g.ink, name, b)
	g.notice.Set(ln.Text, ln.Tone)
	return err
}

// refuseFile shows why a file was not read.
func (g *Game) refuseFile(name string, err error) {
	g.notice.Set(fmt.Sprintf("%s: %v. Nothing changed.", name, err), app.Bad)
}

// exportModel saves the model file of the network the pad uses (a
// download in the page, a file on the desktop) and says where it went.
func (g *Game) exportModel() {
	b, err := g.s.ExportModel()
	if err == nil {
		var where string
		name := exportName(app.ModelName(g.s.Network()))
		if where, err = saveFile(name, b); err == nil {
			where = homeShort(where)
			g.notice.Set(fmt.Sprintf("Exported %s (%s) %s: cmd/classify --model reads it, and Import brings it back.", name, app.Bytes(int64(len(b))), where), app.Accent)
			return
		}
	}
	g.notice.Set(fmt.Sprintf("Could not export the network: %v", err), app.Bad)
}

// exportName names the model file of a network: digits-784-300-100-10.model.
func exportName(network string) string {
	clean := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' {
			return r
		}
		return '-'
	}, network)
	return "digits-" + clean + ".model"
}

// homeShort writes the user's home folder in a path as ~, so that the
// path fits the line under the pad.
func homeShort(s string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == "/" {
		return s
	}
	return strings.ReplaceAll(s, home+string(filepath.Separator), "~"+string(filepath.Separator))
}
