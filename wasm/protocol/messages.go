package protocol

import "digits/core"

// Version is the encoding's version, the first byte of every message. Two
// programs of different versions (a page and a trainer from different
// builds) refuse each other's messages with an error that says so.
const Version = 3

// Kind says which message follows, the second byte of every message.
type Kind uint8

// The kinds of message. Commands go from the app to the trainer, reports
// from the trainer to the app.
const (
	KindSettings Kind = iota + 1
	KindTrain
	KindPause
	KindReset
	KindEvaluate

	KindHello
	KindLoading
	KindProgress
	KindEpochEnd
	KindTestResult
	KindWeights
	KindStopped
	KindFailed

	numKinds // one past the last kind
)

var kindNames = [numKinds]string{"", "Settings", "Train", "Pause", "Reset", "Evaluate",
	"Hello", "Loading", "Progress", "EpochEnd", "TestResult", "Weights", "Stopped", "Failed"}

func (k Kind) String() string {
	if k == 0 || k >= numKinds {
		return "unknown"
	}
	return kindNames[k]
}

// Message is one command or report. Only the types of this package are
// messages.
type Message interface {
	Kind() Kind
	put(w *writer)
	get(r *reader)
}

// newMessage returns an empty message of kind k, or nil for an unknown
// kind.
func newMessage(k Kind) Message {
	switch k {
	case KindSettings:
		return &Settings{}
	case KindTrain:
		return &Train{}
	case KindPause:
		return &Pause{}
	case KindReset:
		return &Reset{}
	case KindEvaluate:
		return &Evaluate{}
	case KindHello:
		return &Hello{}
	case KindLoading:
		return &Loading{}
	case KindProgress:
		return &Progress{}
	case KindEpochEnd:
		return &EpochEnd{}
	case KindTestResult:
		return &TestResult{}
	case KindWeights:
		return &Weights{}
	case KindStopped:
		return &Stopped{}
	case KindFailed:
		return &Failed{}
	}
	return nil
}

// Commands: from the app to the trainer.

// Settings are the training panel's settings. The next fresh network is
// made and trained with them (see core.NewInitialized, core.NewLeNet5 and
// core.NewTrainer: the same settings give the same weights as cmd/train);
// a new learning rate also applies at once to the network being trained.
type Settings struct {
	Arch   string    // "mlp" (or "") or "lenet5", as cmd/train's --arch
	Hidden []int     // mlp's hidden layer sizes; the input 784 and the output 10 are implied
	Rate   float32   // learning rate
	Batch  int       // batch size; 0 = full batch
	Init   core.Init // initialisation
	Seed   uint64    // seeds the initial weights and the shuffling
}

// Train trains the network of run Run. With Fresh, or when the trainer has
// no network of that run, it is a fresh network made from the settings;
// otherwise the one the trainer has, resumed. Epochs > 0 trains until that
// many epochs are complete, then stops (Stopped with Finished); 0 trains
// until Pause. Run numbers come from the app, which counts the networks it
// asked for, so that it can drop the reports of a network it no longer
// shows.
type Train struct {
	Run    uint32
	Fresh  bool
	Epochs int
}

// Pause stops training; Train resumes.
type Pause struct{}

// Reset drops the network being trained and frees its memory.
type Reset struct{}

// Evaluate asks for the accuracy and confusion matrix of a model file (core.WriteModel's bytes) on all test images: a TestResult with the
// same ID answers.
type Evaluate struct {
	ID    uint32
	Model []byte
}

// Reports: from the trainer to the app.

// Hello is the trainer's first message: where it runs ("worker", "page"
// when a browser refused a worker, "goroutine" on the desktop), which
// kernels it trains with (core.KernelName) and, when it is not in a
// worker, why (Note).
type Hello struct {
	Where  string
	Kernel string
	Note   string
}

// Loading says how far the trainer is with decoding its data: the
// fraction of the training images decoded, 1 once both sets are ready, or
// why they could not be decoded.
type Loading struct {
	Fraction float64
	Err      string
}

// Point is one measurement of the curves: after Epoch epochs (fractional
// between epochs), the loss and accuracy on a fixed sample of training
// images and the accuracy on test images (a sample between epochs, all of
// them at an epoch's end, where Full is set).
type Point struct {
	Epoch    float64
	Loss     float64
	TrainAcc float64
	TestAcc  float64
	Full     bool
}

// Progress is where a run stands, a few times a second while it trains and
// after every command: its epochs and images, speed, the curve points
// measured since the last Progress, the trainer's memory and how many
// commands it has carried out.
type Progress struct {
	Run      uint32
	Training bool    // the trainer is training it right now
	Epoch    int     // epochs completed
	Seen     int64   // images trained on, all epochs included
	PerEpoch int     // training images per epoch
	Rate     float64 // images per second, 0 until measured
	Points   []Point // oldest first
	Heap     uint64  // bytes of the trainer's Go heap in use
	Memory   uint64  // bytes of memory the trainer holds (its WebAssembly memory)
	Handled  uint32  // commands the trainer has carried out so far: the app times its commands by it
}

// EpochEnd is the statistics of an epoch just finished, measured on the
// training images during its forward passes (core.EpochStats).
type EpochEnd struct {
	Run      uint32
	Epoch    int
	Loss     float64
	Accuracy float64
}

// TestResult is a network measured on all test images: run Run's after
// Epoch epochs (ID 0), or the model of Evaluate ID. Guesses holds its
// guess for every test image in order (10 kB): the app counts them into
// the confusion matrix and lists the digits of each of its cells. Err
// says why a model to evaluate could not be read.
type TestResult struct {
	Run      uint32
	ID       uint32
	Epoch    int
	Accuracy float64
	Guesses  []byte
	Err      string
}

// Weights is a snapshot of run Run's network after Epoch epochs and Seen
// images (WeightsOf, Model): a few a second while training, at every
// epoch's end and when training stops. A fully connected network comes as
// its numbers (Sizes, Params), any other as its model file (File).
type Weights struct {
	Run    uint32
	Epoch  int
	Seen   int64
	Sizes  []int  // the layer sizes, input first
	Params []byte // W[l] then B[l] for each layer, float32 little-endian
	File   []byte // or the model file (core.WriteModel) of a network that is not fully connected
}

// Reason says why a run stopped by itself.
type Reason uint8

const (
	Finished    Reason = iota + 1 // the epochs Train asked for are complete
	Diverged                      // the loss blew up: Stopped.Diverged says how
	BuildFailed                   // the settings make no network or trainer: Stopped.Build says why
)

// Stopped says that run Run stopped training by itself, and why.
type Stopped struct {
	Run      uint32
	Reason   Reason
	Diverged core.DivergedError // when Reason is Diverged
	Build    BuildFailure       // when Reason is BuildFailed
}

// BuildFailure is why the settings made no network (Trainer false) or no
// trainer for it.
type BuildFailure struct {
	Sizes   []int // the network asked for, inputs and outputs included
	Trainer bool
	Message string
}

// Failed says that the trainer cannot go on, e.g. it received a message it
// could not read.
type Failed struct {
	Message string
}

func (*Settings) Kind() Kind   { return KindSettings }
func (*Train) Kind() Kind      { return KindTrain }
func (*Pause) Kind() Kind      { return KindPause }
func (*Reset) Kind() Kind      { return KindReset }
func (*Evaluate) Kind() Kind   { return KindEvaluate }
func (*Hello) Kind() Kind      { return KindHello }
func (*Loading) Kind() Kind    { return KindLoading }
func (*Progress) Kind() Kind   { return KindProgress }
func (*EpochEnd) Kind() Kind   { return KindEpochEnd }
func (*TestResult) Kind() Kind { return KindTestResult }
func (*Weights) Kind() Kind    { return KindWeights }
func (*Stopped) Kind() Kind    { return KindStopped }
func (*Failed) Kind() Kind     { return KindFailed }
