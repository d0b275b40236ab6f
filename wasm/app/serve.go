package app

import (
	"fmt"
	"io/fs"
	"time"

	"digits/wasm/protocol"
)

// A Host is what a program running the trainer gives it: a way to send
// reports to the app and to receive its commands, both encoded
// (protocol.Encode), and a way to hand its thread back for a moment.
type Host interface {
	// Send delivers a report to the app.
	Send(b []byte)
	// Receive returns the commands that arrived since the last call;
	// with wait, it blocks until at least one has.
	Receive(wait bool) [][]byte
	// Yield hands the thread back for a moment: in a Web Worker, so that
	// commands get delivered; on the page's thread, until the next frame.
	Yield()
	// Memory is how many bytes of memory the program holds (its
	// WebAssembly memory), or 0 if the host cannot tell.
	Memory() uint64
}

// Serve runs the trainer: it says hello, decodes fsys's data (data.FS),
// then carries out the app's commands, working in slices of the given
// length between which it yields. It never returns.
func Serve(h Host, fsys fs.FS, slice, callTime time.Duration, hello protocol.Hello) {
	send := func(m protocol.Message) { h.Send(protocol.Encode(m)) }
	e := NewEngine(send, h.Memory)
	e.SetCallTime(callTime)
	send(&hello)
	handle := func(wait bool) {
		for _, b := range h.Receive(wait) {
			m, err := protocol.Decode(b)
			if err != nil {
				send(&protocol.Failed{Message: fmt.Sprintf("the trainer cannot read a command: %v", err)})
				continue
			}
			e.Handle(m)
		}
	}
	// While decoding, the engine answers commands and, once the test set
	// is there, measures the models it was asked to.
	pace := Pacer{Slice: slice, Pause: func() {
		h.Yield()
		handle(false)
		e.Step(time.Now().Add(slice))
	}}
	if err := load(e, fsys, pace, send); err != nil {
		send(&protocol.Loading{Err: err.Error()})
	}
	for {
		handle(false)
		if e.Step(time.Now().Add(slice)) {
			h.Yield()
		} else {
			handle(true)
		}
	}
}

// load decodes the test set, then the training set, into the engine,
// reporting the training set's progress by whole percents.
func load(e *Engine, fsys fs.FS, pace Pacer, send func(protocol.Message)) error {
	test, err := LoadSet(fsys, "test", pace, nil)
	if err != nil {
		return err
	}
	e.SetData(nil, test)
	percent := -1
	train, err := LoadSet(fsys, "train", pace, func(f float64) {
		if p := int(100 * f); p != percent && p < 100 {
			percent = p
			send(&protocol.Loading{Fraction: f})
		}
	})
	if err != nil {
		return err
	}
	e.SetData(train, nil)
	send(&protocol.Loading{Fraction: 1})
	return nil
}
