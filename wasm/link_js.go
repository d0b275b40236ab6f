//go:build js

package main

import (
	"errors"
	"sync"
	"syscall/js"

	"digits/wasm/protocol"
)

// In the browser the trainer is a second WebAssembly program
// (wasm/trainer) that the page's loader starts in a Web Worker, or on the
// page's own thread when the browser refuses a worker
// (web/src/trainer.js). Both sit behind window.digitsTrainer:
//
//	post(Uint8Array)   sends a command; its buffer is transferred
//	listen(fn)         fn(Uint8Array) receives each report, fn(string)
//	                   a failure of the trainer (it could not start, or stopped)
//
// Reports are queued as they arrive and taken in by the next Update.

// pageLink sends the session's commands to the trainer.
type pageLink struct{ port js.Value }

func (l pageLink) Send(b []byte) {
	u8 := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u8, b)
	l.port.Call("post", u8)
}

// inbox holds the trainer's reports until the next Update.
var inbox struct {
	mu       sync.Mutex
	reports  [][]byte
	failures []string
	listener js.Func
}

func startTrainer(g *Game) {
	port := js.Global().Get("digitsTrainer")
	if port.Type() != js.TypeObject {
		g.s.TrainerFailed(errors.New("the page did not start a trainer: rebuild it with make wasm"))
		return
	}
	inbox.listener = js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := args[0]
		inbox.mu.Lock()
		defer inbox.mu.Unlock()
		if v.Type() == js.TypeString {
			inbox.failures = append(inbox.failures, v.String())
			return nil
		}
		b := make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(b, v)
		inbox.reports = append(inbox.reports, b)
		return nil
	})
	port.Call("listen", inbox.listener)
	g.s.Connect(pageLink{port})
}

// pollTrainer hands the reports that arrived to the session. Of several
// weight snapshots only the last is read: each costs a model file's
// decoding on the page's thread.
func pollTrainer(g *Game) {
	inbox.mu.Lock()
	reports, failures := inbox.reports, inbox.failures
	inbox.reports, inbox.failures = nil, nil
	inbox.mu.Unlock()
	last := -1
	for i, b := range reports {
		if isWeights(b) {
			last = i
		}
	}
	for i, b := range reports {
		if i < last && isWeights(b) {
			continue
		}
		g.s.Receive(b)
	}
	for _, f := range failures {
		g.s.TrainerFailed(errors.New(f))
	}
}

func isWeights(b []byte) bool { return len(b) > 1 && protocol.Kind(b[1]) == protocol.KindWeights }
