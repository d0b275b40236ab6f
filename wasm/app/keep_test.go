package app

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"strings"
	"testing"

	"digits/core"
)

// modelFile writes net's model file.
func modelFile(t testing.TB, net core.Model) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := core.WriteModel(&b, net); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func smallNet(t testing.TB, sizes ...int) *core.Network {
	t.Helper()
	net, err := core.NewInitialized(sizes, core.InitHe, 3)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func keptExamples(t *testing.T) []*Kept {
	small := modelFile(t, smallNet(t, 784, 12, 10))
	lenet, err := core.NewLeNet5(core.InitHe, 1)
	if err != nil {
		t.Fatal(err)
	}
	return []*Kept{
		{Model: small, Name: "my digits.model"},
		{Model: modelFile(t, lenet), Name: "lenet5.model"},
		{Model: small, Trained: true, Config: Config{Hidden: []int{12}, Preset: CustomSizes, Rate: 0.1, Batch: 32, Init: core.InitHe, Seed: 18446744073709551615},
			Epoch: 2, Seen: 120000, Points: []Point{{Epoch: 0, Loss: 2.3, TrainAcc: 0.1, TestAcc: 0.09}, {Epoch: 1, Loss: 0.3, TrainAcc: 0.91, TestAcc: 0.9234, Full: true}, {Epoch: 1.1, Loss: math.Inf(1), TrainAcc: math.NaN()}}},
		{Model: small, Trained: true, Config: Config{Hidden: []int{}, Preset: CustomSizes, Rate: 1e-3, Batch: 0, Init: core.InitSamson}},
		{Model: modelFile(t, lenet), Trained: true, Config: Config{Arch: LeNet5, Preset: LeNetPreset, Rate: 0.2, Batch: 64, Init: core.InitHe, Seed: 1},
			Epoch: 1, Seen: 60000, Points: []Point{{Epoch: 1, Loss: 0.2, TrainAcc: 0.95, TestAcc: 0.97, Full: true}}},
	}
}

// A record comes back as it went (NaN and infinities included, compared
// through the encoding), with its network.
func TestKeptRoundTrip(t *testing.T) {
	for _, k := range keptExamples(t) {
		b := EncodeKept(k)
		got, net, err := DecodeKept(b)
		if err != nil {
			t.Fatalf("%s: %v", k.Name, err)
		}
		if !bytes.Equal(EncodeKept(got), b) {
			t.Errorf("%s: decoded and encoded again differs", k.Name)
		}
		if !bytes.Equal(modelFile(t, net), k.Model) {
			t.Errorf("%s: the network read back writes another model file", k.Name)
		}
		if got.Name != k.Name || got.Trained != k.Trained || !got.Config.Equal(k.Config) || got.Epoch != k.Epoch || got.Seen != k.Seen || len(got.Points) != len(k.Points) {
			t.Errorf("%s: got %+v, want %+v", k.Name, got, k)
		}
	}
}

// Every truncation, every flipped bit, another version, a lying count, a
// model file that is not one and settings the panel cannot make are
// refused with ErrKept and a reason.
func TestDecodeKeptRejects(t *testing.T) {
	k := keptExamples(t)[2]
	good := EncodeKept(k)
	for n := range len(good) {
		if _, _, err := DecodeKept(good[:n]); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(good))
		}
	}
	for i := 0; i < len(good); i += 97 {
		b := bytes.Clone(good)
		b[i] ^= 0x10
		if _, _, err := DecodeKept(b); err == nil || !strings.Contains(err.Error(), ErrKept.Error()) {
			t.Fatalf("bit flipped at byte %d: %v", i, err)
		}
	}
	// resum rewrites the checksum of an edited record, so that the check
	// behind it is what refuses it.
	resum := func(b []byte) []byte {
		body := b[:len(b)-4]
		return binary.LittleEndian.AppendUint32(bytes.Clone(body), crc32.ChecksumIEEE(body))
	}
	edit := func(f func(*Kept)) []byte {
		c := *k
		c.Config.Hidden = append([]int(nil), k.Config.Hidden...)
		f(&c)
		return EncodeKept(&c)
	}
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "not a record of this app"},
		{"a model file", k.Model, "not a record of this app"},
		{"version 3", resum(append(append([]byte("DIGITSKP"), 3, 0, 0, 0), good[12:]...)), "version 3; this page reads version 2"},
		{"checksum", append(bytes.Clone(good[:len(good)-4]), 0, 0, 0, 0), "the record is corrupt"},
		{"lying hidden count", resum(append(append(bytes.Clone(good[:24]), 0xff, 0xff, 0xff, 0x7f), good[28:]...)), "claims 2147483647 hidden sizes"},
		{"trailing bytes", resum(append(bytes.Clone(good[:len(good)-4]), 1, 2, 3, 0, 0, 0, 0)), "bytes after the model file"},
		{"garbage model", edit(func(c *Kept) { c.Model = []byte("DIGITSNN garbage") }), "not a valid model file"},
		{"no model", edit(func(c *Kept) { c.Model = nil }), "not a valid model file"},
		{"5 outputs", edit(func(c *Kept) { c.Model = modelFile(t, smallNet(t, 784, 5)) }), "784-5 network: the app needs 784 inputs"},
		{"hidden 0", edit(func(c *Kept) { c.Config.Hidden = []int{0} }), "its settings: 0 neurons"},
		{"rate 0", edit(func(c *Kept) { c.Config.Rate = 0 }), "learning rate 0"},
		{"init", edit(func(c *Kept) { c.Config.Init = "xavier" }), "unknown initialisation"},
		{"batch", edit(func(c *Kept) { c.Config.Batch = -5 }), "batch size"},
		{"unknown arch", resum(append(append(bytes.Clone(good[:21]), "cnn"...), good[24:]...)), `architecture "cnn": want mlp or lenet5`},
		{"lenet5 with hidden sizes", edit(func(c *Kept) { c.Config.Arch = LeNet5 }), "its settings: architecture lenet5 with preset"},
		{"mlp as the lenet5 preset", edit(func(c *Kept) { c.Config.Preset = LeNetPreset }), "its settings: architecture mlp with preset"},
	} {
		_, _, err := DecodeKept(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), ErrKept.Error()) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// FuzzDecodeKept: no input makes DecodeKept panic, and what it accepts
// encodes back to the same bytes.
func FuzzDecodeKept(f *testing.F) {
	small := modelFile(f, smallNet(f, 784, 3, 10))
	f.Add(EncodeKept(&Kept{Model: small, Name: "x"}))
	f.Add(EncodeKept(&Kept{Model: small, Trained: true, Config: DefaultConfig(), Points: []Point{{Epoch: 1, Full: true}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, _, err := DecodeKept(b)
		if err == nil && !bytes.Equal(EncodeKept(k), b) {
			t.Error("accepted, but encodes to other bytes")
		}
	})
}
