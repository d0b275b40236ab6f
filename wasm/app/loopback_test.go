package app

import (
	"testing"
	"time"

	"digits/core"
	"digits/wasm/protocol"
)

// loopback connects a session to an engine on the test's goroutine, as a
// Web Worker or Local connects them but step by step: a command is carried
// out as it is sent, the reports wait until step or deliver hands them
// over. Both ways go through the protocol's encoding.
type loopback struct {
	t     *testing.T
	s     *Session
	e     *Engine
	queue [][]byte
	sent  []protocol.Message // every report, decoded, for tests of their order
}

func newLoopback(t *testing.T, s *Session) *loopback {
	l := &loopback{t: t, s: s}
	l.e = NewEngine(func(m protocol.Message) {
		b := protocol.Encode(m)
		l.queue = append(l.queue, b)
		d, err := protocol.Decode(b)
		if err != nil {
			t.Fatalf("the engine sent a report that does not decode: %v", err)
		}
		l.sent = append(l.sent, d)
	}, nil)
	s.Connect(l)
	return l
}

// Send is the session's Link.
func (l *loopback) Send(b []byte) {
	m, err := protocol.Decode(b)
	if err != nil {
		l.t.Fatalf("the session sent a command that does not decode: %v", err)
	}
	l.e.Handle(m)
}

// setData gives the engine its data, as Serve's loader does, and the
// session its copy of the test set.
func (l *loopback) setData(train, test *core.Dataset) {
	if test != nil {
		l.e.SetData(nil, test)
		l.s.SetTest(test, nil)
	}
	if train != nil {
		l.e.SetData(train, nil)
		l.e.send(&protocol.Loading{Fraction: 1})
	}
	l.deliver()
}

// step lets the engine work for d, then delivers its reports.
func (l *loopback) step(d time.Duration) (busy bool) {
	busy = l.e.Step(time.Now().Add(d))
	l.deliver()
	return busy
}

// deliver hands the waiting reports to the session.
func (l *loopback) deliver() {
	for len(l.queue) > 0 {
		b := l.queue[0]
		l.queue = l.queue[1:]
		l.s.Receive(b)
	}
}
