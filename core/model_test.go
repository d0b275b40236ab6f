package core

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"slices"
	"strings"
	"testing"
)

// smallModel returns the bytes of a small initialised network's file.
func smallModel(t testing.TB) (*Network, []byte) {
	t.Helper()
	n, err := NewInitialized([]int{6, 4, 3}, InitSamson, 7)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteModel(&buf, n); err != nil {
		t.Fatal(err)
	}
	return n, buf.Bytes()
}

// resum rewrites the checksum of a model file after an edit, so that
// the edit itself is what ReadModel has to catch.
func resum(b []byte) []byte {
	b = slices.Clone(b)
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

// Save then load gives the same network, bit for bit, and the same
// predictions on MNIST.
func TestModelRoundTrip(t *testing.T) {
	n, err := NewInitialized([]int{784, 32, 16, 10}, InitHe, 3)
	if err != nil {
		t.Fatal(err)
	}
	d := testDigits(t).Subset(2000)
	tr, err := NewTrainer(n, d, 0.1, 64, 1)
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
	if want := 8 + 4 + 1 + len(ModelPreprocessing) + 4 + 4*4 + 4*n.NumParams() + 4; buf.Len() != want {
		t.Errorf("file is %d bytes, want %d", buf.Len(), want)
	}
	m, err := ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.(*Network); !ok || m.Checksum() != n.Checksum() || m.String() != n.String() {
		t.Fatalf("loaded network %s (checksum %x) differs from the saved %s (%x)", m, m.Checksum(), n, n.Checksum())
	}
	if a, b := n.PredictAll(d), m.PredictAll(d); !bytes.Equal(a, b) {
		t.Errorf("loaded network predicts differently")
	}
}

// Every kind of damage to a model file is rejected with an error that
// says what is wrong.
func TestReadModelRejects(t *testing.T) {
	_, good := smallModel(t)
	sizesAt := 8 + 4 + 1 + len(ModelPreprocessing) // offset of the size count
	weightsAt := sizesAt + 4 + 3*4
	edit := func(f func(b []byte) []byte) []byte { return f(slices.Clone(good)) }
	put := func(b []byte, at int, v uint32) []byte {
		binary.LittleEndian.PutUint32(b[at:], v)
		return b
	}
	cases := []struct {
		name, want string
		file       []byte
	}{
		{"empty", "truncated", nil},
		{"wrong magic", "magic", edit(func(b []byte) []byte { b[0] = 'X'; return resum(b) })},
		{"a PNG", "magic", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")},
		{"version 3", "version 3", resum(edit(func(b []byte) []byte { return put(b, 8, 3) }))},
		{"other preprocessing", "expects inputs prepared", resum(edit(func(b []byte) []byte { b[13] = 'M'; return b }))},
		{"one layer", "1 layer sizes", resum(edit(func(b []byte) []byte { return put(b, sizesAt, 1) }))},
		{"a billion layers", "1000000000 layer sizes", edit(func(b []byte) []byte { return put(b, sizesAt, 1e9) })},
		{"layer of 0", "has 0 neurons", resum(edit(func(b []byte) []byte { return put(b, sizesAt+8, 0) }))},
		{"layer of 4 billion", "has 4294967295 neurons", edit(func(b []byte) []byte { return put(b, sizesAt+4, math.MaxUint32) })},
		{"absurd total", "parameters", edit(func(b []byte) []byte {
			b = put(b, sizesAt, 3)
			b = put(b, sizesAt+4, MaxLayerSize)
			b = put(b, sizesAt+8, MaxLayerSize)
			return put(b, sizesAt+12, MaxLayerSize)
		})},
		{"bigger than the data", "truncated", edit(func(b []byte) []byte { return put(b, sizesAt+4, 5000) })},
		{"smaller than the data", "extra bytes", resum(edit(func(b []byte) []byte { return put(b, sizesAt+8, 2) }))},
		{"trailing byte", "extra bytes", append(slices.Clone(good), 0)},
		{"flipped weight bit", "checksum", edit(func(b []byte) []byte { b[weightsAt+5] ^= 0x10; return b })},
		{"flipped checksum bit", "checksum", edit(func(b []byte) []byte { b[len(b)-1] ^= 1; return b })},
		{"NaN weight", "NaN", resum(edit(func(b []byte) []byte { return put(b, weightsAt+8, math.Float32bits(float32(math.NaN()))) }))},
		{"infinite bias", "+Inf", resum(edit(func(b []byte) []byte { return put(b, weightsAt+4*24, math.Float32bits(float32(math.Inf(1)))) }))},
	}
	for _, c := range cases {
		_, err := ReadModel(bytes.NewReader(c.file))
		if err == nil || !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one wrapping ErrBadModel mentioning %q", c.name, err, c.want)
		}
	}
	// Cut anywhere, the file is truncated.
	for cut := range len(good) {
		_, err := ReadModel(bytes.NewReader(good[:cut]))
		if err == nil || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("cut at byte %d of %d: got %v, want a truncation error", cut, len(good), err)
		}
	}
	// Any single flipped bit is caught (by the checksum, or earlier).
	for i := range len(good) * 8 {
		b := slices.Clone(good)
		b[i/8] ^= 1 << (i % 8)
		if _, err := ReadModel(bytes.NewReader(b)); err == nil {
			t.Fatalf("bit %d of byte %d flipped: file accepted", i%8, i/8)
		}
	}
}

// A failing writer or reader is reported, not mistaken for a bad file.
func TestModelIOErrors(t *testing.T) {
	n, good := smallModel(t)
	for _, limit := range []int{0, 10, len(good) - 2} {
		if err := WriteModel(&failWriter{limit: limit}, n); err == nil {
			t.Errorf("writer failing after %d bytes: no error", limit)
		}
	}
	_, err := ReadModel(&failReader{data: good, limit: 40})
	if err == nil || errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("failing reader: got %v, want its own error", err)
	}
	bad := &Network{Sizes: []int{3, 2}, W: [][]float32{{1, 2}}, B: [][]float32{{0, 0}}}
	if err := WriteModel(&bytes.Buffer{}, bad); err == nil {
		t.Errorf("network whose weights don't match its sizes: written without error")
	}
}

type failWriter struct{ n, limit int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.limit {
		return 0, errors.New("disk full")
	}
	w.n += len(p)
	return len(p), nil
}

type failReader struct {
	data  []byte
	limit int
}

func (r *failReader) Read(p []byte) (int, error) {
	if r.limit <= 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, r.data[:min(len(r.data), r.limit)])
	r.data, r.limit = r.data[n:], r.limit-n
	return n, nil
}

// FuzzReadModel feeds ReadModel arbitrary bytes, version 1 and 2 files
// among its seeds: it must never panic or
// allocate wildly, and whatever it accepts must write back identically.
func FuzzReadModel(f *testing.F) {
	_, good := smallModel(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(ModelMagic))
	f.Add(resum(append(slices.Clone(good[:30]), 0, 0, 0, 0)))
	n1, _ := NewInitialized([]int{1, 1}, InitSamson, 1)
	var one bytes.Buffer
	WriteModel(&one, n1)
	f.Add(one.Bytes())
	_, conv := smallConvModel(f)
	f.Add(conv)
	f.Add(conv[:len(conv)/2])
	f.Add(resum(append(slices.Clone(conv[:convRecordsAt+2*28]), 0, 0, 0, 0)))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := ReadModel(bytes.NewReader(b))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteModel(&out, n); err != nil {
			t.Fatalf("accepted model does not write back: %v", err)
		}
		if !bytes.Equal(out.Bytes(), b) {
			t.Fatalf("accepted model writes back different bytes")
		}
	})
}
