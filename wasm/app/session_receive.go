package app

import (
	"errors"
	"fmt"
	"time"

	"digits/wasm/protocol"
)

// The session's side of the trainer's reports: what each changes on
// screen, and how soon the trainer answers commands.

// failed records that the trainer cannot go on. s.mu is held.
func (s *Session) failed(err error) {
	s.trainer.Err = err
	s.rev.Bump()
}

// TrainerFailed records that the trainer stopped or could not start: the
// screen says so.
func (s *Session) TrainerFailed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed(err)
}

// Receive takes in one report of the trainer, encoded.
func (s *Session) Receive(b []byte) {
	m, err := protocol.Decode(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.failed(fmt.Errorf("cannot read the trainer's report: %w", err))
		return
	}
	switch m := m.(type) {
	case *protocol.Hello:
		s.trainer.Where, s.trainer.Kernel, s.trainer.Note = m.Where, m.Kernel, m.Note
		s.rev.Bump()
	case *protocol.Loading:
		s.takeLoading(m)
	case *protocol.Progress:
		s.trainer.Heap, s.trainer.Memory = m.Heap, m.Memory
		s.ack(m.Handled)
		if m.Run == s.current && s.current != 0 {
			if s.report.Take(m) {
				s.rev.Bump()
			}
			// Kept for the next visit: at every epoch's end (its point
			// comes after its weights) and when training stopped.
			if hasFull(m.Points) || (!m.Training && s.phase == Paused) {
				s.keepRun()
			}
		}
	case *protocol.EpochEnd:
		if m.Run == s.current && s.current != 0 {
			s.report.TakeEpoch(m)
		}
	case *protocol.TestResult:
		s.takeTest(m)
	case *protocol.Weights:
		s.takeWeights(m)
	case *protocol.Stopped:
		if m.Run == s.current && s.current != 0 {
			s.takeStopped(m)
		}
	case *protocol.Failed:
		s.failed(errors.New(m.Message))
	default:
		s.failed(fmt.Errorf("the trainer sent a %v message, which it should take rather than send", m.Kind()))
	}
}

func (s *Session) takeLoading(m *protocol.Loading) {
	if m.Err != "" {
		s.loadErr = errors.New(m.Err)
		s.rev.Bump()
		return
	}
	if tenths(m.Fraction) != tenths(s.loaded) {
		s.rev.Bump()
	}
	s.loaded = m.Fraction
	if m.Fraction >= 1 && !s.ready {
		s.ready = true
		s.rev.Bump()
		if s.phase == Waiting {
			s.start(s.until)
		}
	}
}

func (s *Session) takeTest(m *protocol.TestResult) {
	switch {
	case m.ID == pretrainedEvaluation && m.Err != "":
		s.failed(fmt.Errorf("the trainer cannot read the pretrained model: %s", m.Err))
	case m.ID == pretrainedEvaluation:
		s.pretrainedAcc, s.pretrainedReading = m.Accuracy, Guessed{Guesses: m.Guesses}
		s.rev.Bump()
	case s.takeKeptTest(m):
	case m.ID == 0 && m.Run == s.current && s.current != 0:
		s.report.TakeTest(m)
		s.rev.Bump()
	}
}

// takeWeights makes the pad and the samples use the network of a
// snapshot of the current run, unless it diverged.
func (s *Session) takeWeights(m *protocol.Weights) {
	if m.Run != s.current || s.current == 0 || (s.phase != Training && s.phase != Paused) {
		return
	}
	net, err := m.Model()
	if err != nil {
		s.failed(fmt.Errorf("cannot read the trainer's weights: %w", err))
		return
	}
	s.useNet(net)
}

func (s *Session) takeStopped(m *protocol.Stopped) {
	switch m.Reason {
	case protocol.Finished:
		if s.phase == Training {
			s.setPhase(Paused)
		}
	case protocol.Diverged:
		// A diverged network answers nonsense (NaN, or chance level): the
		// pad and the samples go back to the pretrained one, the curves
		// stay to show how training blew up.
		d := m.Diverged
		s.err = &d
		s.useNet(s.pretrained)
		s.setPhase(Diverged)
		s.forget()
	case protocol.BuildFailed:
		b := m.Build
		s.err = &BuildError{Sizes: b.Sizes, Trainer: b.Trainer, Err: errors.New(b.Message)}
		s.setPhase(BuildFailed)
		s.forget()
	default:
		s.failed(fmt.Errorf("the trainer stopped for an unknown reason (%d)", m.Reason))
	}
}

// Latency is how long the trainer takes to carry out a command: from the
// session sending it to the acknowledgement arriving.
type Latency struct {
	Last, Max time.Duration
	Commands  int // commands timed
}

// ack times the commands the trainer says it has carried out. s.mu is
// held.
func (s *Session) ack(handled uint32) {
	now := time.Now()
	for s.acked < handled && len(s.sent) > 0 {
		at := s.sent[0]
		s.sent = s.sent[1:]
		s.acked++
		if at.IsZero() {
			continue
		}
		d := now.Sub(at)
		s.latency.Last, s.latency.Max = d, max(s.latency.Max, d)
		s.latency.Commands++
	}
}

// hasFull reports whether points hold an epoch's end, measured on all
// test images.
func hasFull(points []protocol.Point) bool {
	for _, p := range points {
		if p.Full {
			return true
		}
	}
	return false
}
