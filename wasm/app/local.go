package app

import (
	"io/fs"
	"runtime"
	"sync"
	"time"

	"digits/core"
	"digits/wasm/protocol"
)

// Local runs the trainer on a goroutine of its own, for the desktop: the
// commands and reports cross as encoded protocol messages, as they do
// between the page and its Web Worker, so both take one code path.
type Local struct {
	mu      sync.Mutex
	inbox   [][]byte
	arrived chan struct{} // signalled when the inbox gets a command
	deliver func([]byte)
}

// Slices of the desktop's trainer: it has a thread of its own, so only
// how soon a command takes effect matters.
const (
	localSlice    = 20 * time.Millisecond
	localCallTime = 10 * time.Millisecond
)

// StartLocal starts a trainer on the data in fsys (data.FS) that delivers
// its reports to deliver (Session.Receive), from its own goroutine.
func StartLocal(fsys fs.FS, deliver func([]byte)) *Local {
	l := &Local{arrived: make(chan struct{}, 1), deliver: deliver}
	go Serve(localHost{l}, fsys, localSlice, localCallTime, protocol.Hello{Where: "goroutine", Kernel: core.KernelName()})
	return l
}

// Send hands a command to the trainer (Link).
func (l *Local) Send(b []byte) {
	l.mu.Lock()
	l.inbox = append(l.inbox, b)
	l.mu.Unlock()
	select {
	case l.arrived <- struct{}{}:
	default:
	}
}

// localHost is the trainer's side of a Local.
type localHost struct{ l *Local }

func (h localHost) Send(b []byte) { h.l.deliver(b) }

func (h localHost) Receive(wait bool) [][]byte {
	for {
		h.l.mu.Lock()
		in := h.l.inbox
		h.l.inbox = nil
		h.l.mu.Unlock()
		if len(in) > 0 || !wait {
			return in
		}
		<-h.l.arrived
	}
}

func (localHost) Yield() {}

func (localHost) Memory() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Sys
}
