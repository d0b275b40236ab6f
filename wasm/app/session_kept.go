package app

import (
	"bytes"
	"fmt"
	"slices"

	"digits/core"
	"digits/wasm/protocol"
)

// Networks that come from outside the session's runs: a model file
// imported into the app, or the network kept from the last visit; the
// model file of the network the pad uses (export); and what the app keeps
// for the next visit.

// keptNet is a network the pad uses that is neither the pretrained model
// nor a run of this session: imported, or restored from the last visit.
type keptNet struct {
	rec      *Kept
	model    core.Model
	restored bool    // it comes from the last visit
	evalID   uint32  // the trainer's evaluation of it
	acc      float64 // its accuracy on all test images; -1 until measured
	reading  Guessed
}

// KeptInfo is what the screen says of an imported or restored network.
type KeptInfo struct {
	Name     string // the file it was imported from, or ""
	Trained  bool   // trained here (then Config, Epoch describe the run)
	Restored bool   // from the last visit
	Config   Config
	Epoch    int
}

// keep is what the app keeps for the next visit: rec (nil: nothing), and
// a revision that moves whenever it changes.
type keep struct {
	rec  *Kept
	rev  Rev
	run  uint32 // the run and images trained of the record, not to write it twice
	seen int64
}

// exported caches the model file of the network the pad uses.
type exported struct {
	net  core.Model
	file []byte
}

// Import makes the model file the network the pad and the test digits
// use, as a file named name: any run is dropped (and the trainer freed),
// the trainer measures it on the test digits, and it is kept for the next
// visit. A file that is not a model the app can use is refused with the
// loader's reason, and nothing changes.
func (s *Session) Import(name string, file []byte) error {
	net, err := ReadModelFile(file)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != 0 || s.phase != Idle {
		s.send(&protocol.Reset{})
	}
	s.stop()
	s.setPhase(Idle)
	rec := &Kept{Model: bytes.Clone(file), Name: name}
	s.showKept(rec, net, false)
	s.keep = keep{rec: rec, rev: s.keep.rev}
	s.keep.rev.Bump()
	return nil
}

// Restore shows the network kept from the last visit, encoded by
// EncodeKept: a network trained here comes back with its settings (the
// panel's), its epochs and its curves. Call it before Connect. A record
// that cannot be read is refused with the reason, and nothing changes.
func (s *Session) Restore(b []byte) error {
	rec, net, err := DecodeKept(b)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
	if rec.Trained {
		s.cfg = rec.Config
		s.cfg.Hidden = slices.Clone(rec.Config.Hidden)
		s.settingsRev.Bump()
		r := NewReport()
		r.epoch, r.seen = rec.Epoch, rec.Seen
		r.epochFrac = float64(rec.Seen) / TrainImages
		for _, p := range rec.Points {
			r.curves.Add(p)
		}
		s.report = r
	}
	s.showKept(rec, net, true)
	s.keep = keep{rec: rec, rev: s.keep.rev}
	return nil
}

// showKept makes net, of record rec, the network the pad uses and asks
// the trainer to measure it. s.mu is held.
func (s *Session) showKept(rec *Kept, net core.Model, restored bool) {
	s.evaluations++
	k := &keptNet{rec: rec, model: net, restored: restored, evalID: pretrainedEvaluation + s.evaluations, acc: -1}
	s.kept = k
	s.useNet(net)
	s.rev.Bump()
	if s.link != nil {
		s.send(&protocol.Evaluate{ID: k.evalID, Model: rec.Model})
	}
}

// takeKeptTest takes the trainer's measurement of the kept network, if m
// is its answer, and reports whether it was. s.mu is held.
func (s *Session) takeKeptTest(m *protocol.TestResult) bool {
	k := s.kept
	if k == nil || m.ID != k.evalID {
		return false
	}
	if m.Err != "" {
		s.failed(fmt.Errorf("the trainer cannot read the network the pad uses: %s", m.Err))
		return true
	}
	k.acc, k.reading = m.Accuracy, Guessed{Guesses: m.Guesses}
	s.rev.Bump()
	return true
}

// ExportModel is the model file of the network the pad uses, byte for
// byte what cmd/train --save writes for the same network: the pretrained
// model's file, an imported file as it came, or the network being trained
// as it stands.
func (s *Session) ExportModel() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.net == core.Model(s.pretrained) && s.pretrainedFile != nil:
		return bytes.Clone(s.pretrainedFile), nil
	case s.kept != nil && s.net == s.kept.model:
		return bytes.Clone(s.kept.rec.Model), nil
	}
	file, err := s.modelFile()
	return bytes.Clone(file), err
}

// modelFile writes the model file of the network the pad uses, once per
// network. s.mu is held.
func (s *Session) modelFile() ([]byte, error) {
	if s.exported.net != s.net || s.exported.file == nil {
		var b bytes.Buffer
		if err := core.WriteModel(&b, s.net); err != nil {
			return nil, err
		}
		s.exported = exported{net: s.net, file: b.Bytes()}
	}
	return s.exported.file, nil
}

// Keep is what the app should keep for the next visit (nil: nothing) and
// its revision, which moves whenever that changes: when a network is
// imported, at every epoch's end of the network being trained and
// whenever it stops, and on Reset (nothing, then). A diverged network is
// not kept.
func (s *Session) Keep() (*Kept, Rev) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keep.rec, s.keep.rev
}

// KeepRev is Keep's revision.
func (s *Session) KeepRev() Rev {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keep.rev
}

// keepRun keeps the network of the current run as the pad uses it, with
// its settings and curves. s.mu is held.
func (s *Session) keepRun() {
	if s.current == 0 || s.net == core.Model(s.pretrained) || s.phase == Diverged {
		return
	}
	if s.keep.rec != nil && s.keep.run == s.current && s.keep.seen == s.report.seen {
		return
	}
	file, err := s.modelFile()
	if err != nil {
		return // a network the trainer sent always writes
	}
	c := s.running
	c.Hidden = slices.Clone(c.Hidden)
	rec := &Kept{Model: file, Trained: true, Config: c, Epoch: s.report.epoch, Seen: s.report.seen, Points: s.report.curves.Points()}
	s.keep = keep{rec: rec, rev: s.keep.rev, run: s.current, seen: s.report.seen}
	s.keep.rev.Bump()
}

// forget keeps nothing for the next visit. s.mu is held.
func (s *Session) forget() {
	if s.keep.rec != nil {
		s.keep = keep{rev: s.keep.rev}
		s.keep.rev.Bump()
	}
}

// keptInfo describes the kept network, if the pad uses it. s.mu is held.
func (s *Session) keptInfo() (KeptInfo, bool) {
	k := s.kept
	if k == nil || s.net != k.model {
		return KeptInfo{}, false
	}
	return KeptInfo{Name: k.rec.Name, Trained: k.rec.Trained, Restored: k.restored, Config: k.rec.Config, Epoch: k.rec.Epoch}, true
}
