package main

import (
	"slices"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"digits/core"
	"digits/wasm/app"
)

// input is the state of the pointer (mouse or one finger); the custom
// sizes field's is app.Field.
type input struct {
	drawing    bool    // a stroke is in progress on the pad
	lastU      float64 // the stroke's last point, pad coordinates
	lastV      float64
	touch      ebiten.TouchID // the finger drawing, when touching
	touching   bool
	touchIDs   []ebiten.TouchID
	inputChars []rune
}

// handleInput turns pointer and keyboard events into strokes and actions.
func (g *Game) handleInput() {
	in := &g.in
	// Where the pointer went down this frame, if it did, and where it is.
	var downX, downY float64
	down, pressed := false, false
	var x, y float64
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		cx, cy := ebiten.CursorPosition()
		downX, downY, down = float64(cx), float64(cy), true
	}
	if ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
		cx, cy := ebiten.CursorPosition()
		x, y, pressed = float64(cx), float64(cy), true
	}
	in.touchIDs = inpututil.AppendJustPressedTouchIDs(in.touchIDs[:0])
	if len(in.touchIDs) > 0 && !in.touching {
		in.touch, in.touching = in.touchIDs[0], true
		tx, ty := ebiten.TouchPosition(in.touch)
		downX, downY, down = float64(tx), float64(ty), true
	}
	if in.touching {
		if inpututil.IsTouchJustReleased(in.touch) {
			in.touching = false
		} else {
			tx, ty := ebiten.TouchPosition(in.touch)
			x, y, pressed = float64(tx), float64(ty), true
		}
	}

	if down {
		g.pointerDown(downX, downY)
	}
	if in.drawing {
		if !pressed {
			in.drawing = false
		} else {
			u, v, _ := g.lay.PadPoint(x, y)
			u, v = clamp01(u), clamp01(v)
			if u != in.lastU || v != in.lastV {
				g.ink.Stroke(in.lastU, in.lastV, u, v)
				in.lastU, in.lastV = u, v
			}
		}
	}
	switch {
	case g.field.Editing():
		g.editField()
	case g.seed.Editing():
		g.editSeed()
	default:
		g.shortcuts()
	}
}

// pointerDown starts a stroke on the pad, presses a button or picks a
// sample digit.
func (g *Game) pointerDown(x, y float64) {
	in := &g.in
	if u, v, ok := g.lay.PadPoint(x, y); ok {
		in.drawing, in.lastU, in.lastV = true, u, v
		g.ink.Stroke(u, v, u, v) // a dot
		g.closeFields()
		return
	}
	if c := g.lay.Hit(x, y); c != app.NoControl {
		if c != app.Custom {
			g.field.Close()
		}
		if c != app.Seed {
			g.seed.Close()
		}
		g.act(c)
		return
	}
	if i := g.lay.SampleAt(x, y); i >= 0 {
		if idx := g.grid().Indices; i < len(idx) {
			test := g.s.Test()
			g.ink.SetImage(test.Image(idx[i]), test.Cols, test.Rows)
		}
	}
	g.pointerDownInView(x, y)
	g.closeFields()
}

// closeFields takes the keyboard from the panel's text fields.
func (g *Game) closeFields() {
	g.field.Close()
	g.seed.Close()
}

// act performs what control c does.
func (g *Game) act(c app.Control) {
	cfg := g.s.Config()
	if p, ok := app.PresetOf(c); ok {
		g.s.SelectPreset(p)
		return
	}
	if in, ok := app.InitOf(c); ok {
		cfg.Init = in
		g.s.SetConfig(cfg)
		return
	}
	if v, ok := app.ViewOf(c); ok {
		g.views.Show(v)
		return
	}
	switch c {
	case app.Clear:
		g.ink.Clear()
	case app.Custom:
		g.field.Open(app.HiddenString(cfg.Hidden))
	case app.Seed:
		g.seed.Open(strconv.FormatUint(cfg.Seed, 10))
	case app.Export:
		g.exportModel()
	case app.Import:
		openPicker(g)
	case app.RateDown, app.RateUp:
		cfg.Rate = app.StepRate(cfg.Rate, direction(c == app.RateUp))
		g.s.SetConfig(cfg)
	case app.BatchDown, app.BatchUp:
		cfg.Batch = app.StepBatch(cfg.Batch, direction(c == app.BatchUp))
		g.s.SetConfig(cfg)
	case app.Train:
		g.s.Train()
	case app.Pause:
		g.s.Pause()
	case app.Reset:
		g.s.Reset()
	case app.AllSamples:
		g.filter.Clear()
	}
	if c != app.Export && c != app.Import {
		g.notice.Clear() // it was about the last action
	}
}

// shortcuts are the keys listed in the footer.
func (g *Game) shortcuts() {
	just := inpututil.IsKeyJustPressed
	switch {
	case just(ebiten.KeyC), just(ebiten.KeyDelete), just(ebiten.KeyBackspace):
		g.act(app.Clear)
	case just(ebiten.KeySpace):
		if g.s.Phase() == app.Training {
			g.act(app.Pause)
		} else {
			g.act(app.Train)
		}
	case just(ebiten.KeyT):
		g.act(app.Train)
	case just(ebiten.KeyP):
		g.act(app.Pause)
	case just(ebiten.KeyR):
		g.act(app.Reset)
	case just(ebiten.Key1), just(ebiten.KeyNumpad1):
		g.act(app.PresetButton(app.SeedPreset))
	case just(ebiten.Key2), just(ebiten.KeyNumpad2):
		g.act(app.PresetButton(app.LeCunPreset))
	case just(ebiten.Key3), just(ebiten.KeyNumpad3):
		g.act(app.PresetButton(app.DefaultPreset))
	case just(ebiten.Key4), just(ebiten.KeyNumpad4):
		g.act(app.PresetButton(app.LeNetPreset))
	case just(ebiten.KeyE):
		g.act(app.Custom)
	case just(ebiten.KeyS):
		g.act(app.Seed)
	case just(ebiten.KeyX):
		g.act(app.Export)
	case just(ebiten.KeyO):
		g.act(app.Import)
	case just(ebiten.KeyBracketLeft), just(ebiten.KeyMinus):
		g.act(app.RateDown)
	case just(ebiten.KeyBracketRight), just(ebiten.KeyEqual):
		g.act(app.RateUp)
	case just(ebiten.KeyB):
		if ebiten.IsKeyPressed(ebiten.KeyShift) {
			g.act(app.BatchDown)
		} else {
			g.act(app.BatchUp)
		}
	case just(ebiten.KeyI):
		i := slices.Index(core.Inits, g.s.Config().Init)
		g.act(app.InitButton((i + 1) % len(core.Inits)))
	case just(ebiten.KeyV):
		g.views.Next()
	case just(ebiten.KeyW):
		g.weights.ShowChange(!g.weights.ShowsChange())
	case just(ebiten.KeyEscape):
		g.act(app.AllSamples)
	}
}

// editField types into the custom hidden sizes field; Enter applies,
// Escape cancels.
func (g *Game) editField() {
	f := &g.field
	if g.typeInto(f.Type, f.Backspace, f.Close) {
		if h, ok := f.Submit(); ok {
			g.s.SetCustomSizes(h)
		}
	}
}

// editSeed types into the seed field; Enter applies, Escape cancels.
func (g *Game) editSeed() {
	f := &g.seed
	if g.typeInto(f.Type, f.Backspace, f.Close) {
		if v, ok := f.Submit(); ok {
			cfg := g.s.Config()
			cfg.Seed = v
			g.s.SetConfig(cfg)
		}
	}
}

// typeInto gives this frame's keys to a text field, and reports whether
// Enter was pressed.
func (g *Game) typeInto(typ func(rune), backspace, cancel func()) (enter bool) {
	in := &g.in
	in.inputChars = ebiten.AppendInputChars(in.inputChars[:0])
	for _, r := range in.inputChars {
		typ(r)
	}
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyBackspace):
		backspace()
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
		cancel()
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter), inpututil.IsKeyJustPressed(ebiten.KeyNumpadEnter):
		return true
	}
	return false
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

// direction is +1 for up, -1 for down.
func direction(up bool) int {
	if up {
		return 1
	}
	return -1
}
