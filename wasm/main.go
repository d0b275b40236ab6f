// Command wasm is the digits app: draw a digit and watch a neural network
// read it, or train a network from scratch on MNIST and watch it learn.
// The same program runs in a web page (GOOS=js GOARCH=wasm, see cmd/webpage)
// and in a desktop window (go run ./wasm). It draws, reads input and
// predicts; a trainer trains: in the page a second program in a Web Worker
// (wasm/trainer), on the desktop a goroutine, both speaking the protocol
// of digits/wasm/protocol.
//
// The parts: game.go (the ebiten Game: update and draw), input.go (mouse,
// touch, keys), render*.go (what is drawn), page_js.go (window.digits, the
// page's API) with its native no-op twin page_other.go, link_js.go and
// link_other.go (the trainer: the page's Web Worker, or a goroutine),
// model.go (the pretrained model). Everything that needs no ebiten is in
// package digits/wasm/app and tested there.
package main

import (
	"fmt"
	"os"

	"github.com/hajimehoshi/ebiten/v2"

	"digits/wasm/app"
)

func main() {
	pageMark("go-main")
	g, err := NewGame()
	if err != nil {
		fmt.Fprintln(os.Stderr, "digits:", err)
		os.Exit(1)
	}
	// A file named on the command line is opened as if dropped on the
	// window: go run ./wasm my.model, or a picture of a digit.
	if err := openArgs(g, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "digits:", err)
		os.Exit(2)
	}
	ebiten.SetWindowTitle("digits: a neural network reads your handwriting")
	w, h := 1280, 720
	// DIGITS_WINDOW=720x1280 opens the desktop window at another size
	// (screenshots, a look at the portrait arrangement).
	if v := os.Getenv("DIGITS_WINDOW"); v != "" {
		if _, err := fmt.Sscanf(v, "%dx%d", &w, &h); err != nil || w < 100 || h < 100 {
			fmt.Fprintf(os.Stderr, "digits: DIGITS_WINDOW=%q: want WIDTHxHEIGHT, e.g. 720x1280\n", v)
			os.Exit(2)
		}
	}
	// DIGITS_VIEW=confusion (or weights, curves) opens on that view.
	if v := os.Getenv("DIGITS_VIEW"); v != "" {
		view, ok := app.ViewNamed(v)
		if !ok {
			fmt.Fprintf(os.Stderr, "digits: DIGITS_VIEW=%q: want curves, confusion or weights\n", v)
			os.Exit(2)
		}
		g.views.Show(view)
	}
	ebiten.SetWindowSize(w, h)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false) // Draw redraws only on change
	ebiten.SetVsyncEnabled(true)
	if err := ebiten.RunGame(g); err != nil {
		fmt.Fprintln(os.Stderr, "digits:", err)
		os.Exit(1)
	}
}
