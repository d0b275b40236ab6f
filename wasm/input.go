package main

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"digits/core"
	"digits/wasm/app"
)

// input is the state of the pointer (mouse or one finger) and of the
// custom-sizes text field.
type input struct {
	drawing    bool    // a stroke is in progress on the pad
	lastU      float64 // the stroke's last point, pad coordinates
	lastV      float64
	touch      ebiten.TouchID // the finger drawing, when touching
	touching   bool
	editing    bool   // the custom hidden sizes field has the keyboard
	field      string // its text
	fieldErr   string // why the last entry was refused
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
	if in.editing {
		g.editField()
	} else {
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
		in.editing = false
		return
	}
	if c := g.lay.Hit(x, y); c != app.NoControl {
		if c != app.Custom {
			in.editing = false
		}
		g.act(c)
		return
	}
	if i := g.lay.SampleAt(x, y); i >= 0 {
		if test := g.s.Test(); test != nil && i < test.N {
			g.ink.SetImage(test.Image(i), test.Cols, test.Rows)
		}
	}
	in.editing = false
}

// act performs what control c does.
func (g *Game) act(c app.Control) {
	cfg := g.s.Config()
	switch c {
	case app.Clear:
		g.ink.Clear()
	case app.Preset1, app.Preset2, app.Preset3:
		g.s.SelectPreset(int(c - app.Preset1))
	case app.Custom:
		g.in.editing = true
		g.in.field, g.in.fieldErr = app.HiddenString(cfg.Hidden), ""
	case app.RateDown, app.RateUp:
		cfg.Rate = app.StepRate(cfg.Rate, direction(c == app.RateUp))
		g.s.SetConfig(cfg)
	case app.BatchDown, app.BatchUp:
		cfg.Batch = app.StepBatch(cfg.Batch, direction(c == app.BatchUp))
		g.s.SetConfig(cfg)
	case app.InitHe, app.InitGaussian, app.InitSamson:
		cfg.Init = core.Inits[c-app.InitHe]
		g.s.SetConfig(cfg)
	case app.Train:
		g.s.Train()
	case app.Pause:
		g.s.Pause()
	case app.Reset:
		g.s.Reset()
	}
}

// shortcuts are the keys listed in the footer.
func (g *Game) shortcuts() {
	just := inpututil.IsKeyJustPressed
	switch {
	case just(ebiten.KeyC), just(ebiten.KeyDelete), just(ebiten.KeyBackspace):
		g.act(app.Clear)
	case just(ebiten.KeySpace):
		if g.s.Status().Phase == app.Training {
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
		g.act(app.Preset1)
	case just(ebiten.Key2), just(ebiten.KeyNumpad2):
		g.act(app.Preset2)
	case just(ebiten.Key3), just(ebiten.KeyNumpad3):
		g.act(app.Preset3)
	case just(ebiten.KeyE):
		g.act(app.Custom)
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
		cfg := g.s.Config()
		for i, k := range core.Inits {
			if k == cfg.Init {
				g.act(app.InitHe + app.Control((i+1)%len(core.Inits)))
				break
			}
		}
	}
}

// editField types into the custom hidden sizes field: digits, spaces,
// commas and dashes; Enter applies, Escape cancels.
func (g *Game) editField() {
	in := &g.in
	in.inputChars = ebiten.AppendInputChars(in.inputChars[:0])
	for _, r := range in.inputChars {
		if (r >= '0' && r <= '9') || r == ' ' || r == ',' || r == '-' {
			if len(in.field) < 24 {
				in.field += string(r)
			}
		}
	}
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyBackspace) && len(in.field) > 0:
		in.field = in.field[:len(in.field)-1]
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
		in.editing = false
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter), inpututil.IsKeyJustPressed(ebiten.KeyNumpadEnter):
		h, err := app.ParseHidden(in.field)
		if err != nil {
			in.fieldErr = err.Error()
			return
		}
		cfg := g.s.Config()
		cfg.Hidden, cfg.PresetIdx = h, 3
		g.s.SetConfig(cfg)
		in.editing, in.fieldErr = false, ""
	}
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

// direction is +1 for up, -1 for down.
func direction(up bool) int {
	if up {
		return 1
	}
	return -1
}
