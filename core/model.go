package core

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// Model files hold a trained network. The format, version 1, all
// integers little-endian:
//
//	offset  size  field
//	0       8     magic "DIGITSNN"
//	8       4     version, uint32 = 1
//	12      1     length P of the preprocessing name (1 to 64)
//	13      P     preprocessing name, ASCII: "mnist-centred-20x20" (draw.Preprocess)
//	13+P    4     number of layer sizes S, uint32 (2 to MaxModelLayers)
//	17+P    4·S   layer sizes, uint32 each (1 to MaxLayerSize), input first
//	...           for each layer l = 0 .. S-2:
//	                W[l]: Sizes[l+1]·Sizes[l] float32, row-major (as Network.W)
//	                B[l]: Sizes[l+1] float32
//	end-4   4     CRC-32 (IEEE) of every byte before it
//
// and nothing after. A 784-512-256-10 network makes a 2.1 MB file.
//
// The preprocessing name says what the network expects as input, so a
// program never feeds a model pictures prepared another way.

// ModelMagic opens every model file.
const ModelMagic = "DIGITSNN"

// ModelVersion is the version WriteModel writes and ReadModel reads.
const ModelVersion = 1

// ModelPreprocessing names the input draw.Preprocess (core/draw) makes: MNIST's method,
// the digit scaled into 20×20 and its centre of mass put in the middle of
// 28×28, ink 1 on paper 0.
const ModelPreprocessing = "mnist-centred-20x20"

// MaxModelLayers and MaxModelParams bound what a model file may claim, so
// that a corrupt or hostile header is an error, not gigabytes allocated.
const (
	MaxModelLayers = 16
	MaxModelParams = 1 << 25 // 33.5 million float32: a 128 MB file
)

// ErrBadModel is wrapped by every error ReadModel returns about the
// file's contents (as opposed to an error of the reader itself).
var ErrBadModel = errors.New("not a valid model file")

// WriteModel writes the model m to w in the model format above.
func WriteModel(w io.Writer, m Model) error {
	n, ok := m.(*Network)
	if !ok {
		return fmt.Errorf("write model: no file format for a %T", m)
	}
	if err := CheckSizes(n.Sizes); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if len(n.Sizes) > MaxModelLayers || n.NumParams() > MaxModelParams {
		return fmt.Errorf("write model: network %s is larger than a model file holds (%d layers, %d parameters at most)", n, MaxModelLayers, MaxModelParams)
	}
	for l := range n.W {
		if len(n.W[l]) != n.Sizes[l+1]*n.Sizes[l] || len(n.B[l]) != n.Sizes[l+1] {
			return fmt.Errorf("write model: layer %d has %d weights and %d biases, but sizes %v need %d and %d",
				l+1, len(n.W[l]), len(n.B[l]), n.Sizes, n.Sizes[l+1]*n.Sizes[l], n.Sizes[l+1])
		}
	}
	crc := crc32.NewIEEE()
	bw := bufio.NewWriter(io.MultiWriter(w, crc))
	var u32 [4]byte
	put := func(v uint32) {
		binary.LittleEndian.PutUint32(u32[:], v)
		bw.Write(u32[:])
	}
	bw.WriteString(ModelMagic)
	put(ModelVersion)
	bw.WriteByte(byte(len(ModelPreprocessing)))
	bw.WriteString(ModelPreprocessing)
	put(uint32(len(n.Sizes)))
	for _, s := range n.Sizes {
		put(uint32(s))
	}
	for l := range n.W {
		for _, v := range n.W[l] {
			put(math.Float32bits(v))
		}
		for _, v := range n.B[l] {
			put(math.Float32bits(v))
		}
	}
	if err := bw.Flush(); err != nil { // bufio keeps the first write error
		return fmt.Errorf("write model: %w", err)
	}
	binary.LittleEndian.PutUint32(u32[:], crc.Sum32())
	if _, err := w.Write(u32[:]); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// ReadModel reads a network written by WriteModel. It checks everything:
// magic, version, preprocessing, sizes, length, checksum, and that every
// weight is a finite number; a file that fails any check is rejected
// with an error wrapping ErrBadModel that says which check and why.
func ReadModel(r io.Reader) (*Network, error) {
	br := bufio.NewReader(r)
	crc := crc32.NewIEEE()
	in := io.TeeReader(br, crc)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadModel}, args...)...)
	}
	// read fills buf, telling a short file from a failing reader.
	read := func(buf []byte, what string) error {
		if _, err := io.ReadFull(in, buf); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return bad("truncated: the file ends in the %s", what)
			}
			return fmt.Errorf("read model %s: %w", what, err)
		}
		return nil
	}
	var u32 [4]byte
	readU32 := func(what string) (uint32, error) {
		err := read(u32[:], what)
		return binary.LittleEndian.Uint32(u32[:]), err
	}

	magic := make([]byte, len(ModelMagic))
	if err := read(magic, "magic number"); err != nil {
		return nil, err
	}
	if string(magic) != ModelMagic {
		return nil, bad("magic number %q, want %q: this is not a digits model file", magic, ModelMagic)
	}
	version, err := readU32("version")
	if err != nil {
		return nil, err
	}
	if version != ModelVersion {
		return nil, bad("version %d; this program reads version %d only (made by a newer or older digits?)", version, ModelVersion)
	}
	var plen [1]byte
	if err := read(plen[:], "preprocessing name"); err != nil {
		return nil, err
	}
	pre := make([]byte, plen[0])
	if err := read(pre, "preprocessing name"); err != nil {
		return nil, err
	}
	if string(pre) != ModelPreprocessing {
		return nil, bad("the model expects inputs prepared as %q, but this program prepares %q", pre, ModelPreprocessing)
	}
	count, err := readU32("number of layers")
	if err != nil {
		return nil, err
	}
	if count < 2 || count > MaxModelLayers {
		return nil, bad("%d layer sizes; a model has 2 to %d", count, MaxModelLayers)
	}
	sizes := make([]int, count)
	params := 0
	for i := range sizes {
		s, err := readU32("layer sizes")
		if err != nil {
			return nil, err
		}
		if s < 1 || s > MaxLayerSize {
			return nil, bad("layer %d has %d neurons; each layer has 1 to %d", i, s, MaxLayerSize)
		}
		sizes[i] = int(s)
		if i > 0 {
			params += sizes[i] * (sizes[i-1] + 1)
		}
	}
	if params > MaxModelParams {
		return nil, bad("network %s has %d parameters; a model file holds %d at most", SizesString(sizes), params, MaxModelParams)
	}

	// Read the numbers through a buffer that grows only as bytes arrive:
	// a header claiming millions of weights in a file of a few bytes
	// costs no more memory than the file.
	var body bytes.Buffer
	want := int64(4 * params)
	if got, err := io.CopyN(&body, in, want); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, bad("truncated: network %s needs %d bytes of weights and biases, the file has %d", SizesString(sizes), want, got)
		}
		return nil, fmt.Errorf("read model weights: %w", err)
	}
	sum := crc.Sum32() // of everything before the checksum
	stored, err := readU32("checksum")
	if err != nil {
		return nil, err
	}
	if n, _ := br.Read(u32[:1]); n > 0 {
		return nil, bad("extra bytes after the checksum: the file is longer than network %s needs", SizesString(sizes))
	}
	if stored != sum {
		return nil, bad("checksum %08x, but the contents sum to %08x: the file is corrupt", stored, sum)
	}

	n, err := NewNetwork(sizes)
	if err != nil {
		return nil, bad("%v", err)
	}
	raw := body.Bytes()
	next := func() float32 {
		v := math.Float32frombits(binary.LittleEndian.Uint32(raw))
		raw = raw[4:]
		return v
	}
	for l := range n.W {
		for _, p := range [][]float32{n.W[l], n.B[l]} {
			for i := range p {
				if p[i] = next(); p[i] != p[i] || math.IsInf(float64(p[i]), 0) {
					return nil, bad("layer %d has a weight or bias %v; a trained network has finite numbers only", l+1, p[i])
				}
			}
		}
	}
	return n, nil
}
