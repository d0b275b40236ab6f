//go:build js

package main

import (
	"fmt"
	"strconv"
	"strings"
	"syscall/js"

	"digits/wasm/app"
)

// The page API of files and settings (added to window.digits by
// pageInitFiles):
//
//	exportModel()        Uint8Array: the model file of the network the pad
//	                     uses, byte for byte what cmd/train --save writes
//	importModel(bytes[, name])
//	                     "" when the model file (Uint8Array or ArrayBuffer)
//	                     now reads the pad and the test digits, else why not
//	                     (nothing changed)
//	loadImage(bytes[, name])
//	                     "" when the PNG, JPEG or GIF picture is on the pad
//	                     and classified, else why not (the pad is unchanged)
//	notice               the message beside the Clear button, in full: what
//	                     became of a file, an export or the settings in the
//	                     URL, or why nothing is kept across visits ("" when
//	                     there is none)
//	settings             {hidden, learningRate, batchSize, init, seed}: the
//	                     training panel's settings (seed is a string when
//	                     above 2⁵³, where numbers lose digits)
//
// and the settings in the URL's hash (app.ParseHash):
// #hidden=300-100&lr=0.1&batch=32&init=he&seed=1 sets the panel when the
// page opens or the hash changes; a change on the panel rewrites the
// hash, without adding an entry to the history.
func pageInitFiles(g *Game, fn func(name string, f func(args []js.Value) any)) {
	initFiles()
	fn("exportModel", func([]js.Value) any {
		b, err := g.s.ExportModel()
		if err != nil {
			return js.Null()
		}
		u8 := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(u8, b)
		return u8
	})
	fn("importModel", func(args []js.Value) any {
		b, err := argBytes(args, "importModel")
		if err == nil {
			err = g.openAs(b, true, nameArg(args, "a model file"))
		}
		return errText(err)
	})
	fn("loadImage", func(args []js.Value) any {
		b, err := argBytes(args, "loadImage")
		if err == nil {
			err = g.openAs(b, false, nameArg(args, "the picture"))
		}
		return errText(err)
	})
	// Settings typed into the address bar arrive as a hashchange event
	// (replaceState, which the panel uses, raises none).
	onHash := js.FuncOf(func(js.Value, []js.Value) any { pg.hashChanged = true; return nil })
	pg.funcs = append(pg.funcs, onHash)
	js.Global().Call("addEventListener", "hashchange", onHash)
	pg.published.hash = readHash()
	if pg.published.hash != "" {
		applyHash(g, pg.published.hash)
	}
	pg.published.settings = g.s.SettingsRev()
	publishSettings(g)
}

// openAs imports b as a model file or puts it on the pad as a picture,
// showing what became of it as the buttons and drops do.
func (g *Game) openAs(b []byte, model bool, name string) error {
	var ln app.Line
	var err error
	if model {
		ln, err = app.ImportFile(g.s, name, b)
	} else {
		ln, err = app.LoadPicture(g.ink, name, b)
	}
	g.notice.Set(ln.Text, ln.Tone)
	return err
}

// argBytes copies the API's bytes argument into Go, refusing what is not
// bytes and a model file over the size limit before copying it.
func argBytes(args []js.Value, fn string) ([]byte, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%s(bytes): give a Uint8Array or an ArrayBuffer", fn)
	}
	v := args[0]
	if !v.InstanceOf(js.Global().Get("ArrayBuffer")) && !v.InstanceOf(js.Global().Get("Uint8Array")) {
		return nil, fmt.Errorf("%s(bytes): give a Uint8Array or an ArrayBuffer, not %s", fn, v.Type())
	}
	if v.InstanceOf(js.Global().Get("ArrayBuffer")) {
		v = js.Global().Get("Uint8Array").New(v)
	}
	size := int64(v.Get("byteLength").Int())
	head := bytesOf(v.Call("subarray", 0, min(size, 16)))
	if err := app.TooLarge(size, head); err != nil {
		return nil, err
	}
	return bytesOf(v), nil
}

// nameArg is the file name given as the second argument, or else what.
func nameArg(args []js.Value, what string) string {
	if len(args) > 1 && args[1].Type() == js.TypeString && args[1].String() != "" {
		return args[1].String()
	}
	return what
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// readHash is the page's URL fragment, without its #.
func readHash() string {
	return strings.TrimPrefix(js.Global().Get("location").Get("hash").String(), "#")
}

// applyHash sets the panel from a URL fragment, saying what in it was
// wrong.
func applyHash(g *Game, hash string) {
	c, problems := app.ParseHash(hash, g.s.Presets())
	g.s.SetConfig(c)
	if len(problems) > 0 {
		g.notice.Set("In the address: "+strings.Join(problems, "; "), app.Warn)
	}
}

// pollHash follows the hash: settings typed into the address bar (after a
// hashchange event) go to the panel; the panel's settings go to the hash.
func pollHash(g *Game) {
	p := &pg.published
	if pg.hashChanged {
		pg.hashChanged = false
		if h := readHash(); h != p.hash {
			p.hash = h
			applyHash(g, h)
		}
	}
	if r := g.s.SettingsRev(); r != p.settings {
		p.settings = r
		if h := app.HashOf(g.s.Config()); h != p.hash {
			p.hash = h
			// A page whose history refuses it keeps its old hash.
			_ = jsTry(func() { js.Global().Get("history").Call("replaceState", js.Null(), "", "#"+h) })
		}
		publishSettings(g)
	}
}

// publishSettings sets window.digits.settings from the panel.
func publishSettings(g *Game) {
	c := g.s.Config()
	o := js.Global().Get("Object").New()
	o.Set("arch", c.Arch.String())
	hidden := make([]any, len(c.Hidden))
	for i, h := range c.Hidden {
		hidden[i] = h
	}
	o.Set("hidden", js.ValueOf(hidden))
	rate, _ := strconv.ParseFloat(app.RateString(c.Rate), 64) // 0.1, not 0.10000000149011612
	o.Set("learningRate", rate)
	o.Set("batchSize", c.Batch)
	o.Set("init", string(c.Init))
	if c.Seed <= 1<<53 {
		o.Set("seed", float64(c.Seed))
	} else {
		o.Set("seed", strconv.FormatUint(c.Seed, 10))
	}
	pg.api.Set("settings", o)
}

// publishNotice sets window.digits.notice when the message changes.
func publishNotice(g *Game) {
	if r := g.notice.Rev(); r != pg.published.notice || !pg.published.noticeSet {
		pg.published.notice, pg.published.noticeSet = r, true
		ln, _ := g.noticeLine()
		pg.api.Set("notice", ln.Text)
	}
}
