package protocol

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"digits/core"
)

// examples has one message of every kind, with every field set, including
// the numbers a diverged run reports (NaN, infinities).
func examples() []Message {
	guesses := make([]byte, 10000)
	for i := range guesses {
		guesses[i] = byte(i * 37 % 10)
	}
	return []Message{
		&Settings{Hidden: []int{300, 100}, Rate: 0.1, Batch: 32, Init: core.InitHe, Seed: 1},
		&Settings{Hidden: []int{}, Rate: 1e-3, Batch: 0, Init: core.InitSamson, Seed: math.MaxUint64},
		&Settings{Arch: "lenet5", Rate: 0.2, Batch: 64, Init: core.InitHe, Seed: 1},
		&Train{Run: 7, Fresh: true, Epochs: 2},
		&Train{Run: 8},
		&Pause{},
		&Reset{},
		&Evaluate{ID: 3, Model: []byte("DIGITSNN\x01\x00\x00\x00")},
		&Hello{Where: "worker", Kernel: "wasm-simd128"},
		&Hello{Where: "page", Kernel: "wasm-scalar", Note: "the browser refused a Web Worker: SecurityError"},
		&Loading{Fraction: 0.25},
		&Loading{Fraction: 0, Err: "read train-images-idx3-ubyte.gz: unexpected EOF"},
		&Progress{Run: 2, Training: true, Epoch: 1, Seen: 61234, PerEpoch: 60000, Rate: 23456.5,
			Points: []Point{{Epoch: 1, Loss: 0.2, TrainAcc: 0.95, TestAcc: 0.9523, Full: true}, {Epoch: 1.1, Loss: math.Inf(1)}},
			Heap:   1 << 30, Memory: 3 << 30, Handled: 12},
		&Progress{Run: 2},
		&EpochEnd{Run: 2, Epoch: 1, Loss: 0.31, Accuracy: 0.91},
		&TestResult{Run: 2, Epoch: 1, Accuracy: 0.9523, Guesses: guesses},
		&TestResult{ID: 1, Err: "not a valid model file: truncated"},
		&Weights{Run: 2, Epoch: 1, Seen: 60000, Sizes: []int{784, 3, 10}, Params: bytes.Repeat([]byte{1, 2, 3, 4}, 2395)},
		&Weights{Run: 3, Epoch: 2, Seen: 130000, File: []byte("DIGITSNN\x02\x00\x00\x00 and the rest")},
		&Stopped{Run: 4, Reason: Finished},
		&Stopped{Run: 5, Reason: Diverged, Diverged: core.DivergedError{Epoch: 1, Loss: math.NaN(), Initial: 2.3, LearningRate: 1e30, NotFinite: true}},
		&Stopped{Run: 6, Reason: BuildFailed, Build: BuildFailure{Sizes: []int{784, 0, 10}, Message: "layer 1 has 0 neurons"}},
		&Failed{Message: "cannot read a command"},
	}
}

// Every message comes back as it went, NaN included (compared as bits,
// through the encoding itself), and each kind is in the examples.
func TestRoundTrip(t *testing.T) {
	seen := map[Kind]bool{}
	for _, m := range examples() {
		seen[m.Kind()] = true
		b := Encode(m)
		if b[0] != Version || Kind(b[1]) != m.Kind() {
			t.Errorf("%v: header % x", m.Kind(), b[:2])
		}
		got, err := Decode(b)
		if err != nil {
			t.Errorf("%v: %v", m.Kind(), err)
			continue
		}
		if again := Encode(got); !bytes.Equal(again, b) {
			t.Errorf("%v: decoded and encoded again differs", m.Kind())
		}
		if s, ok := m.(*Stopped); !ok || !math.IsNaN(s.Diverged.Loss) {
			if !reflect.DeepEqual(normal(got), normal(m)) {
				t.Errorf("%v: got %+v, want %+v", m.Kind(), got, m)
			}
		}
	}
	for k := Kind(1); k < numKinds; k++ {
		if !seen[k] {
			t.Errorf("no example of %v", k)
		}
	}
}

// normal makes empty slices nil, as Decode returns them.
func normal(m Message) Message {
	switch v := m.(type) {
	case *Settings:
		c := *v
		if len(c.Hidden) == 0 {
			c.Hidden = nil
		}
		return &c
	}
	return m
}

// A decoded message owns its bytes: changing the buffer afterwards does
// not change the model it carried.
func TestDecodeCopies(t *testing.T) {
	b := Encode(&Evaluate{ID: 1, Model: []byte("model bytes")})
	m, _ := Decode(b)
	for i := range b {
		b[i] = 0
	}
	if got := string(m.(*Evaluate).Model); got != "model bytes" {
		t.Errorf("the model changed with the buffer: %q", got)
	}
}

// Every prefix of every message is refused with an error that says what
// is missing, never a panic; so is every message with a byte more.
func TestTruncatedAndTrailing(t *testing.T) {
	for _, m := range examples() {
		b := Encode(m)
		for n := range len(b) {
			_, err := Decode(b[:n])
			if !errors.Is(err, ErrMessage) {
				t.Fatalf("%v cut to %d of %d bytes: error %v", m.Kind(), n, len(b), err)
			}
		}
		_, err := Decode(append(b, 0))
		if err == nil || !strings.Contains(err.Error(), "1 bytes after the end") {
			t.Errorf("%v with a trailing byte: %v", m.Kind(), err)
		}
	}
}

func TestBadMessages(t *testing.T) {
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "shorter than the 2-byte header"},
		{"other version", []byte{Version + 1, byte(KindPause)}, "rebuild both with make wasm"},
		{"kind 0", []byte{Version, 0}, "unknown kind 0"},
		{"kind past the last", []byte{Version, byte(numKinds)}, "unknown kind"},
		{"bool 2", []byte{Version, byte(KindTrain), 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0}, "bool of 2"},
		// A count of 4 billion hidden layers over a few bytes: refused
		// before anything is allocated.
		{"huge count", []byte{Version, byte(KindSettings), 0xff, 0xff, 0xff, 0xff, 1, 2, 3}, "claims 4294967295 numbers"},
		{"huge model", append([]byte{Version, byte(KindEvaluate), 1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f}, make([]byte, 100)...), "claims 2147483647 bytes"},
	} {
		_, err := Decode(c.b)
		if !errors.Is(err, ErrMessage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

func TestHugeCountAllocatesNothing(t *testing.T) {
	b := []byte{Version, byte(KindProgress)}
	b = append(b, make([]byte, 4+1+8+8+8+8)...) // the fields before the points
	b = append(b, 0xff, 0xff, 0xff, 0xff)
	allocs := testing.AllocsPerRun(10, func() { Decode(b) })
	if allocs > 10 {
		t.Errorf("decoding a claim of 4 billion points made %v allocations", allocs)
	}
}

func TestKindNames(t *testing.T) {
	if KindWeights.String() != "Weights" || Kind(0).String() != "unknown" || numKinds.String() != "unknown" {
		t.Errorf("names: %v %v %v", KindWeights, Kind(0), numKinds)
	}
}

// Decode never panics, and what it accepts encodes back to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, m := range examples() {
		f.Add(Encode(m))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		if again := Encode(m); !bytes.Equal(again, b) {
			t.Errorf("%v decoded from % x encodes to % x", m.Kind(), b, again)
		}
	})
}

// A snapshot gives back the network bit for bit, NaN and -0 included; a
// snapshot whose numbers do not fit its sizes is refused.
func TestWeightsNetwork(t *testing.T) {
	net, _ := core.NewInitialized([]int{784, 30, 20, 10}, core.InitHe, 3)
	net.W[1][5] = float32(math.NaN())
	net.B[2][3] = float32(math.Copysign(0, -1))
	w := NewWeights(4, 2, 120000, net)
	if w.Run != 4 || w.Epoch != 2 || w.Seen != 120000 || len(w.Params) != 4*net.NumParams() {
		t.Fatalf("snapshot %d %d %d, %d bytes", w.Run, w.Epoch, w.Seen, len(w.Params))
	}
	m, err := Decode(Encode(w))
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.(*Weights).Network()
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != net.String() || got.Checksum() != net.Checksum() {
		t.Errorf("network %s checksum %x, want %s %x", got, got.Checksum(), net, net.Checksum())
	}
	for _, bad := range []*Weights{
		{Sizes: []int{784, 0, 10}, Params: w.Params},
		{Sizes: []int{784, 30, 20, 10}, Params: w.Params[:len(w.Params)-4]},
		{Sizes: []int{784, 30, 20, 10}, Params: append(w.Params, 0, 0, 0, 0)},
	} {
		if _, err := bad.Network(); err == nil {
			t.Errorf("sizes %v with %d bytes: no error", bad.Sizes, len(bad.Params))
		}
	}
}

// A snapshot of a network that is not fully connected (LeNet-5) carries
// its model file and gives back the network bit for bit; a snapshot of a
// fully connected one still carries its numbers; a file that is not a
// model is refused.
func TestWeightsOfConvNet(t *testing.T) {
	lenet, err := core.NewLeNet5(core.InitHe, 5)
	if err != nil {
		t.Fatal(err)
	}
	w, err := WeightsOf(3, 1, 60000, lenet)
	if err != nil || len(w.File) == 0 || len(w.Params) != 0 {
		t.Fatalf("WeightsOf(LeNet-5): %v, %d bytes of file, %d of params", err, len(w.File), len(w.Params))
	}
	m, err := Decode(Encode(w))
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.(*Weights).Model()
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := got.(*core.ConvNet); !ok || c.Checksum() != lenet.Checksum() {
		t.Errorf("LeNet-5 snapshot gives back %s", got)
	}
	net, _ := core.NewInitialized([]int{784, 30, 10}, core.InitHe, 3)
	if w, err := WeightsOf(1, 0, 0, net); err != nil || len(w.File) != 0 || len(w.Params) != 4*net.NumParams() {
		t.Errorf("WeightsOf(MLP): %v, %d bytes of file", err, len(w.File))
	}
	bad := &Weights{File: []byte("DIGITSNN garbage")}
	if _, err := bad.Model(); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("a garbage model file: %v", err)
	}
}
