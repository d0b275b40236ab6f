//go:build js

package main

import (
	"sync"
	"syscall/js"
	"time"

	"digits/core"
	"digits/data"
	"digits/wasm/app"
	"digits/wasm/protocol"
)

// Slices of work between two looks at the commands. In a Web Worker the
// thread is the trainer's own: only how soon Pause or Reset takes effect
// limits a slice (about a frame), while each call into core's trainer
// costs 2 to 3 ms of bookkeeping in WebAssembly for 784-300-100-10 (the
// weights compared, copied and transposed back), a tenth of a 20 ms call.
// On the page's thread a slice is taken per animation frame, after the
// app's own work, so it stays short.
const (
	workerSlice    = 20 * time.Millisecond
	workerCallTime = 20 * time.Millisecond
	pageSlice      = 10 * time.Millisecond
	pageCallTime   = 5 * time.Millisecond
)

func serve() {
	h := newHost(js.Global().Get("digitsTrainerHost"))
	slice, callTime := workerSlice, workerCallTime
	if h.where == "page" {
		slice, callTime = pageSlice, pageCallTime
	}
	app.Serve(h, data.FS, slice, callTime, protocol.Hello{Where: h.where, Kernel: core.KernelName(), Note: h.note})
}

// host is the trainer's side of globalThis.digitsTrainerHost, which
// web/src/worker.js makes before it starts this program (see there).
type host struct {
	js          js.Value
	where, note string

	mu      sync.Mutex
	inbox   [][]byte
	arrived chan struct{} // a command arrived
	resumed chan struct{} // a yield is over
	resume  js.Func
	listen  js.Func
}

func newHost(v js.Value) *host {
	h := &host{js: v, where: v.Get("where").String(), note: v.Get("note").String(),
		arrived: make(chan struct{}, 1), resumed: make(chan struct{}, 1)}
	h.resume = js.FuncOf(func(js.Value, []js.Value) any {
		h.resumed <- struct{}{}
		return nil
	})
	h.listen = js.FuncOf(func(_ js.Value, args []js.Value) any {
		b := make([]byte, args[0].Get("byteLength").Int())
		js.CopyBytesToGo(b, args[0])
		h.mu.Lock()
		h.inbox = append(h.inbox, b)
		h.mu.Unlock()
		select {
		case h.arrived <- struct{}{}:
		default:
		}
		return nil
	})
	v.Call("listen", h.listen)
	return h
}

func (h *host) Send(b []byte) {
	u8 := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u8, b)
	h.js.Call("post", u8)
}

// Receive returns the commands that arrived; waiting blocks this
// goroutine, and as nothing else runs, Go hands the thread back to the
// event loop, which delivers the next message.
func (h *host) Receive(wait bool) [][]byte {
	for {
		h.mu.Lock()
		in := h.inbox
		h.inbox = nil
		h.mu.Unlock()
		if len(in) > 0 || !wait {
			return in
		}
		<-h.arrived
	}
}

func (h *host) Yield() {
	h.js.Call("yield", h.resume)
	<-h.resumed
}

func (h *host) Memory() uint64 { return uint64(h.js.Call("memoryBytes").Float()) }
