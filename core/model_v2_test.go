package core

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// convRecordsAt is the offset of the first layer record of a version 2
// file: magic, version, preprocessing name, input shape, layer count.
var convRecordsAt = 8 + 4 + 1 + len(ModelPreprocessing) + 12 + 4

// smallConvModel returns a small initialised ConvNet (1×6×6 | conv 2@3×3
// pad 1 | relu | maxpool 2 | fc 3, 77 parameters) and its file.
func smallConvModel(t testing.TB) (*ConvNet, []byte) {
	t.Helper()
	b := &convBuilder{shape: Shape{1, 6, 6}}
	b.conv(2, 3, 1)
	b.relu()
	b.maxPool(2)
	b.dense(3)
	n, err := b.build()
	if err == nil {
		err = n.Initialize(InitSamson, NewRand(7))
	}
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteModel(&buf, n); err != nil {
		t.Fatal(err)
	}
	return n, buf.Bytes()
}

// A trained LeNet-5 saved and loaded is the same network, bit for bit,
// and reads MNIST the same; the file is as long as the format says.
func TestConvModelRoundTrip(t *testing.T) {
	train, test := fastMNIST(t)
	n := newTestLeNet5(t, 3)
	tr, err := NewTrainer(n, train.Subset(500), 0.05, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RunEpoch(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteModel(&buf, n); err != nil {
		t.Fatal(err)
	}
	if want := convRecordsAt + 28*len(n.Layers) + 4*n.NumParams() + 4; buf.Len() != want {
		t.Errorf("file is %d bytes, want %d", buf.Len(), want)
	}
	if v := binary.LittleEndian.Uint32(buf.Bytes()[8:]); v != ModelVersionLayers {
		t.Errorf("a ConvNet is written as version %d, want %d", v, ModelVersionLayers)
	}
	file := slices.Clone(buf.Bytes())
	m, err := ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := m.(*ConvNet)
	if !ok || c.Checksum() != n.Checksum() || c.String() != n.String() {
		t.Fatalf("loaded %T %s (checksum %x) differs from the saved %s (%x)", m, m, m.Checksum(), n, n.Checksum())
	}
	d := test.Subset(300)
	if a, b := n.PredictAll(d), c.PredictAll(d); !bytes.Equal(a, b) {
		t.Errorf("loaded network predicts differently")
	}
	var again bytes.Buffer
	if err := WriteModel(&again, c); err != nil || !bytes.Equal(again.Bytes(), file) {
		t.Errorf("written again, the file differs (error %v)", err)
	}
}

// Every kind of damage to a version 2 file, and every header that lies
// about the network, is refused with a message of its own, before any
// weight is allocated.
func TestReadConvModelRejects(t *testing.T) {
	_, good := smallConvModel(t)
	shapeAt := convRecordsAt - 16 // the input shape, then the layer count
	rec := func(i int) int { return convRecordsAt + 28*i }
	weightsAt := rec(4)
	edit := func(f func(b []byte) []byte) []byte { return f(slices.Clone(good)) }
	put := func(b []byte, at int, v ...uint32) []byte {
		for i, x := range v {
			binary.LittleEndian.PutUint32(b[at+4*i:], x)
		}
		return b
	}
	cases := []struct {
		name, want string
		file       []byte
	}{
		{"input of no channels", "input 0×6×6: every dimension must be at least 1", resum(edit(func(b []byte) []byte { return put(b, shapeAt, 0) }))},
		{"input of 4 billion rows", "input 1×4294967295×6", edit(func(b []byte) []byte { return put(b, shapeAt+4, math.MaxUint32) })},
		{"no layers", "0 layers; a version 2 model has 1 to 32", resum(edit(func(b []byte) []byte { return put(b, shapeAt+12, 0) }))},
		{"a billion layers", "1000000000 layers", edit(func(b []byte) []byte { return put(b, shapeAt+12, 1e9) })},
		{"unknown kind", "kind 9 is no kind of layer", resum(edit(func(b []byte) []byte { return put(b, rec(1), 9) }))},
		{"conv of 0 filters", "layer 1 (conv 0@3×3 pad 1) on input 1×6×6: convolution with 0 filters", resum(edit(func(b []byte) []byte { return put(b, rec(0)+4, 0) }))},
		{"conv larger than its input", "does not fit input 1×6×6", resum(edit(func(b []byte) []byte { return put(b, rec(0)+8, 15, 0) }))},
		{"conv padded by its size", "padding 3 with a 3×3 kernel", resum(edit(func(b []byte) []byte { return put(b, rec(0)+12, 3) }))},
		{"relu with a number", "relu has no numbers, but the file gives 2, 0, 0", resum(edit(func(b []byte) []byte { return put(b, rec(1)+4, 2) }))},
		{"maxpool larger than its input", "the input must hold at least one window", resum(edit(func(b []byte) []byte { return put(b, rec(2)+4, 7) }))},
		{"maxpool with two numbers", "maxpool has one number", resum(edit(func(b []byte) []byte { return put(b, rec(2)+8, 2) }))},
		{"fc of 0 neurons", "fully connected layer of 0 neurons", resum(edit(func(b []byte) []byte { return put(b, rec(3)+4, 0) }))},
		{"a shape that lies", "layer 3 (maxpool 2) is said to give 2×4×3 values, but on input 2×6×6 it gives 2×3×3", resum(edit(func(b []byte) []byte { return put(b, rec(2)+20, 4) }))},
		{"absurd total", "brings the network to", edit(func(b []byte) []byte {
			b = put(b, shapeAt, 1024, 32, 32)
			return put(b, rec(0), layerKindConv, 1024, 15, 7, 1024, 32, 32)
		})},
		{"more weights than the data", "truncated: network 1×6×6 | conv 2@3×3 pad 1 | relu | maxpool 2 | fc 5000 needs", edit(func(b []byte) []byte { return put(b, rec(3)+4, 5000, 0, 0, 5000) })},
		{"fewer weights than the data", "extra bytes", resum(edit(func(b []byte) []byte { return put(b, rec(3)+4, 2, 0, 0, 2) }))},
		{"trailing byte", "extra bytes", append(slices.Clone(good), 0)},
		{"flipped weight bit", "checksum", edit(func(b []byte) []byte { b[weightsAt+5] ^= 0x10; return b })},
		{"NaN weight", "layer 1 (conv 2@3×3 pad 1) has a weight or bias NaN", resum(edit(func(b []byte) []byte { return put(b, weightsAt+8, math.Float32bits(float32(math.NaN()))) }))},
		{"infinite fc bias", "layer 4 (fc 3) has a weight or bias -Inf", resum(edit(func(b []byte) []byte { return put(b, len(b)-8, math.Float32bits(float32(math.Inf(-1)))) }))},
	}
	for _, c := range cases {
		_, err := ReadModel(bytes.NewReader(c.file))
		if err == nil || !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one wrapping ErrBadModel mentioning %q", c.name, err, c.want)
		}
	}
	for cut := range len(good) {
		_, err := ReadModel(bytes.NewReader(good[:cut]))
		if err == nil || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("cut at byte %d of %d: got %v, want a truncation error", cut, len(good), err)
		}
	}
	for i := range len(good) * 8 {
		b := slices.Clone(good)
		b[i/8] ^= 1 << (i % 8)
		if _, err := ReadModel(bytes.NewReader(b)); err == nil {
			t.Fatalf("bit %d of byte %d flipped: file accepted", i%8, i/8)
		}
	}
}

// WriteModel refuses a ConvNet whose parts do not fit together instead of
// writing a file ReadModel would refuse.
func TestWriteConvModelRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(n *ConvNet)
		want string
	}{
		{"weights cut short", func(n *ConvNet) { c := n.Layers[0].(*Conv); c.W = c.W[:5] }, "5 weights"},
		{"a layer whose input does not chain", func(n *ConvNet) { n.Layers[3].(*Dense).InShape = Shape{2, 2, 2} }, "takes 2×2×2 values, but gets 2×3×3"},
		{"no layers", func(n *ConvNet) { n.Layers = nil }, "1 to 32 layers"},
	} {
		n, _ := smallConvModel(t)
		tc.edit(n)
		if err := WriteModel(&bytes.Buffer{}, n); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
