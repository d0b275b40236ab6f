package app

// Phase is where the training session is.
type Phase int

const (
	Idle        Phase = iota // showing the pretrained model
	Waiting                  // Train was pressed; the training images are still decoding
	Training                 // gradient descent runs a slice at a time
	Paused                   // stopped by the user; Train resumes
	Diverged                 // the loss became NaN or infinite, or grew tenfold
	BuildFailed              // the settings make no network or trainer (a *BuildError)
)

func (p Phase) String() string {
	return [...]string{"idle", "waiting for data", "training", "paused", "diverged", "cannot build"}[p]
}

// Status is a snapshot of what the session shows, for drawing and for the
// page API.
type Status struct {
	Phase        Phase
	TabHidden    bool    // the page is in a background tab: work waits
	Pretrained   bool    // the pad uses the pretrained model
	NetName      string  // e.g. 784-32-16-10
	Epoch        int     // epochs completed
	EpochFrac    float64 // images trained / 60,000
	Rate         float64 // images per second
	TestAcc      float64 // of the network the pad uses, on all test images; -1 if not measured yet
	Seen         int64   // images the network was trained on
	Loaded       float64 // fraction of the training set decoded
	DataReady    bool
	TestReady    bool
	Err          error // why training stopped: a *core.DivergedError or a *BuildError
	LoadErr      error // why the data could not be decoded
	Trainer      TrainerInfo
	Latency      Latency // of the trainer's answers to commands
	Running      Config
	History      []Point
	ConfigChange bool // the panel's settings differ from the running network's

	// Kept describes the network the pad uses when it was imported or
	// kept from the last visit (KeptShown): its test accuracy is TestAcc,
	// a restored run's epochs and curves Epoch and History.
	Kept      KeptInfo
	KeptShown bool
}

// Status returns a snapshot (History is a copy).
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &s.report
	st := Status{
		Phase: s.phase, TabHidden: s.tabHidden, Pretrained: s.net == s.pretrained,
		NetName: ModelName(s.net), Epoch: r.epoch, EpochFrac: r.epochFrac, Rate: r.rate, Seen: r.seen,
		TestAcc: r.testAcc, Loaded: s.loaded, DataReady: s.ready, TestReady: s.test != nil,
		Err: s.err, LoadErr: s.loadErr, Trainer: s.trainer, Latency: s.latency, History: r.curves.Points(),
	}
	if st.Pretrained {
		st.TestAcc = s.pretrainedAcc
	}
	if k, ok := s.keptInfo(); ok {
		st.Kept, st.KeptShown, st.TestAcc = k, true, s.kept.acc
	}
	if s.current != 0 {
		st.Running = s.running
		st.ConfigChange = !sameShape(s.cfg, st.Running)
	}
	return st
}

// Phase is where the state machine is.
func (s *Session) Phase() Phase {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.phase
}

// Rev changes whenever anything Status returns changes as the screen
// shows it (progress to a tenth of an epoch, loading to 10%), and when the
// network the pad uses changes.
func (s *Session) Rev() Rev {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rev
}

// SettingsRev changes whenever the settings (Config) do.
func (s *Session) SettingsRev() Rev {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settingsRev
}

// NetRev changes whenever the network the pad uses changes: another
// network, or its weights at a curve point. Read it before predicting, so
// that a change during the prediction is seen next time.
func (s *Session) NetRev() Rev {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.netRev
}
