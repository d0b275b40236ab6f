//go:build !js

package main

import (
	"digits/data"
	"digits/wasm/app"
)

// startTrainer starts the desktop's trainer: the same program as the
// page's Web Worker, on a goroutine with a thread of its own, holding its
// own copy of the data and speaking the same protocol.
func startTrainer(g *Game) {
	g.s.Connect(app.StartLocal(data.FS, g.s.Receive))
}

// pollTrainer has nothing to do on the desktop: the trainer's goroutine
// hands its reports to the session itself.
func pollTrainer(*Game) {}
