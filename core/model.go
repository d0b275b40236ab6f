package core

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
)

// Model files hold a trained network: version 1 a fully connected
// Network, version 2 a ConvNet (model_v2.go). All integers are
// little-endian. Version 1:
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
// and nothing after. A 784-512-256-10 network makes a 2.1 MB file. Both
// versions open with the same 13+P bytes and end with the weights and the
// checksum; version 2 describes its layers in between.
//
// The preprocessing name says what the network expects as input, so a
// program never feeds a model pictures prepared another way.

// ModelMagic opens every model file.
const ModelMagic = "DIGITSNN"

// The versions: WriteModel writes a Network as version 1, byte for byte
// as before convolutional networks existed, and a ConvNet as version 2;
// ReadModel reads both.
const (
	ModelVersionNetwork = 1
	ModelVersionLayers  = 2
)

// ModelPreprocessing names the input draw.Preprocess (core/draw) makes: MNIST's method,
// the digit scaled into 20×20 and its centre of mass put in the middle of
// 28×28, ink 1 on paper 0.
const ModelPreprocessing = "mnist-centred-20x20"

// MaxModelLayers and MaxModelParams bound what a model file may claim, so
// that a corrupt or hostile header is an error, not gigabytes allocated.
// (A version 2 file may have up to MaxConvLayers layers.)
const (
	MaxModelLayers = 16
	MaxModelParams = 1 << 25 // 33.5 million float32: a 128 MB file
)

// ErrBadModel is wrapped by every error ReadModel returns about the
// file's contents (as opposed to an error of the reader itself).
var ErrBadModel = errors.New("not a valid model file")

// WriteModel writes m to w in the model format: version 1 for a Network,
// version 2 for a ConvNet.
func WriteModel(w io.Writer, m Model) error {
	var (
		version uint32
		arch    []byte
		params  [][]float32
		err     error
	)
	switch m := m.(type) {
	case *Network:
		version = ModelVersionNetwork
		arch, params, err = networkHeader(m)
	case *ConvNet:
		version = ModelVersionLayers
		arch, params, err = convNetHeader(m)
	default:
		err = fmt.Errorf("a %T has no model file format", m)
	}
	if err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	crc := crc32.NewIEEE()
	bw := bufio.NewWriter(io.MultiWriter(w, crc))
	var u32 [4]byte
	put := func(v uint32) {
		binary.LittleEndian.PutUint32(u32[:], v)
		bw.Write(u32[:])
	}
	bw.WriteString(ModelMagic)
	put(version)
	bw.WriteByte(byte(len(ModelPreprocessing)))
	bw.WriteString(ModelPreprocessing)
	bw.Write(arch)
	for _, p := range params {
		for _, v := range p {
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

// networkHeader checks n and returns the architecture part of its version
// 1 file (the sizes) and its parameter arrays in file order.
func networkHeader(n *Network) (arch []byte, params [][]float32, err error) {
	if err := CheckSizes(n.Sizes); err != nil {
		return nil, nil, err
	}
	if len(n.Sizes) > MaxModelLayers || n.NumParams() > MaxModelParams {
		return nil, nil, fmt.Errorf("network %s is larger than a model file holds (%d layers, %d parameters at most)", n, MaxModelLayers, MaxModelParams)
	}
	if len(n.W) != len(n.Sizes)-1 || len(n.B) != len(n.Sizes)-1 {
		return nil, nil, fmt.Errorf("network %s has %d weight and %d bias arrays, want %d", n, len(n.W), len(n.B), len(n.Sizes)-1)
	}
	for l := range n.W {
		if len(n.W[l]) != n.Sizes[l+1]*n.Sizes[l] || len(n.B[l]) != n.Sizes[l+1] {
			return nil, nil, fmt.Errorf("layer %d has %d weights and %d biases, but sizes %v need %d and %d",
				l+1, len(n.W[l]), len(n.B[l]), n.Sizes, n.Sizes[l+1]*n.Sizes[l], n.Sizes[l+1])
		}
		params = append(params, n.W[l], n.B[l])
	}
	arch = binary.LittleEndian.AppendUint32(nil, uint32(len(n.Sizes)))
	for _, s := range n.Sizes {
		arch = binary.LittleEndian.AppendUint32(arch, uint32(s))
	}
	return arch, params, nil
}

// modelReader reads a model file, checksumming what it reads, and tells a
// short file from a failing reader.
type modelReader struct {
	br  *bufio.Reader
	in  io.Reader // br through the checksum
	crc hash.Hash32
	u32 [4]byte
}

func newModelReader(r io.Reader) *modelReader {
	m := &modelReader{br: bufio.NewReader(r), crc: crc32.NewIEEE()}
	m.in = io.TeeReader(m.br, m.crc)
	return m
}

// badModel is an error about the file's contents, wrapping ErrBadModel.
func badModel(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadModel}, args...)...)
}

// read fills buf with the file's next bytes, the field what.
func (m *modelReader) read(buf []byte, what string) error {
	if _, err := io.ReadFull(m.in, buf); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return badModel("truncated: the file ends in the %s", what)
		}
		return fmt.Errorf("read model %s: %w", what, err)
	}
	return nil
}

// readU32 reads one little-endian uint32, the field what.
func (m *modelReader) readU32(what string) (uint32, error) {
	err := m.read(m.u32[:], what)
	return binary.LittleEndian.Uint32(m.u32[:]), err
}

// modelArch is what a file's header says: the network's description for
// messages, its number of parameters, and how to make it once the file
// has been checked (build returns the network and its parameter arrays in
// file order, each named for messages).
type modelArch struct {
	desc   string
	params int
	build  func() (Model, []modelParams, error)
}

// modelParams are the parameter arrays of one layer.
type modelParams struct {
	layer string // "layer 2", "layer 4 (conv 16@5×5)"
	w, b  []float32
}

// ReadModel reads a network written by WriteModel: a *Network from a
// version 1 file, a *ConvNet from a version 2 file. It checks everything:
// magic, version, preprocessing, the architecture, length, checksum, and
// that every weight is a finite number; a file that fails any check is
// rejected with an error wrapping ErrBadModel that says which check and
// why. Nothing is allocated for the weights before the file has shown
// that it holds them.
func ReadModel(r io.Reader) (Model, error) {
	m := newModelReader(r)
	magic := make([]byte, len(ModelMagic))
	if err := m.read(magic, "magic number"); err != nil {
		return nil, err
	}
	if string(magic) != ModelMagic {
		return nil, badModel("magic number %q, want %q: this is not a digits model file", magic, ModelMagic)
	}
	version, err := m.readU32("version")
	if err != nil {
		return nil, err
	}
	if version != ModelVersionNetwork && version != ModelVersionLayers {
		return nil, badModel("version %d; this program reads versions %d and %d only (made by a newer digits?)", version, ModelVersionNetwork, ModelVersionLayers)
	}
	var plen [1]byte
	if err := m.read(plen[:], "preprocessing name"); err != nil {
		return nil, err
	}
	pre := make([]byte, plen[0])
	if err := m.read(pre, "preprocessing name"); err != nil {
		return nil, err
	}
	if string(pre) != ModelPreprocessing {
		return nil, badModel("the model expects inputs prepared as %q, but this program prepares %q", pre, ModelPreprocessing)
	}
	var arch modelArch
	if version == ModelVersionNetwork {
		arch, err = m.readSizes()
	} else {
		arch, err = m.readLayers()
	}
	if err != nil {
		return nil, err
	}
	if arch.params > MaxModelParams {
		return nil, badModel("network %s has %d parameters; a model file holds %d at most", arch.desc, arch.params, MaxModelParams)
	}

	// Read the numbers through a buffer that grows only as bytes arrive:
	// a header claiming millions of weights in a file of a few bytes
	// costs no more memory than the file.
	var body bytes.Buffer
	want := int64(4 * arch.params)
	if got, err := io.CopyN(&body, m.in, want); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, badModel("truncated: network %s needs %d bytes of weights and biases, the file has %d", arch.desc, want, got)
		}
		return nil, fmt.Errorf("read model weights: %w", err)
	}
	sum := m.crc.Sum32() // of everything before the checksum
	stored, err := m.readU32("checksum")
	if err != nil {
		return nil, err
	}
	if n, _ := m.br.Read(m.u32[:1]); n > 0 {
		return nil, badModel("extra bytes after the checksum: the file is longer than network %s needs", arch.desc)
	}
	if stored != sum {
		return nil, badModel("checksum %08x, but the contents sum to %08x: the file is corrupt", stored, sum)
	}

	net, layers, err := arch.build()
	if err != nil {
		return nil, badModel("%v", err)
	}
	raw := body.Bytes()
	for _, l := range layers {
		for _, p := range [][]float32{l.w, l.b} {
			for i := range p {
				p[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw))
				raw = raw[4:]
				if p[i] != p[i] || math.IsInf(float64(p[i]), 0) {
					return nil, badModel("%s has a weight or bias %v; a trained network has finite numbers only", l.layer, p[i])
				}
			}
		}
	}
	return net, nil
}

// readSizes reads the architecture of a version 1 file: the layer sizes
// of a Network.
func (m *modelReader) readSizes() (modelArch, error) {
	count, err := m.readU32("number of layers")
	if err != nil {
		return modelArch{}, err
	}
	if count < 2 || count > MaxModelLayers {
		return modelArch{}, badModel("%d layer sizes; a model has 2 to %d", count, MaxModelLayers)
	}
	sizes := make([]int, count)
	params := 0
	for i := range sizes {
		s, err := m.readU32("layer sizes")
		if err != nil {
			return modelArch{}, err
		}
		if s < 1 || s > MaxLayerSize {
			return modelArch{}, badModel("layer %d has %d neurons; each layer has 1 to %d", i, s, MaxLayerSize)
		}
		sizes[i] = int(s)
		if i > 0 {
			params += sizes[i] * (sizes[i-1] + 1)
		}
	}
	build := func() (Model, []modelParams, error) {
		n, err := NewNetwork(sizes)
		if err != nil {
			return nil, nil, err
		}
		var layers []modelParams
		for l := range n.W {
			layers = append(layers, modelParams{fmt.Sprintf("layer %d", l+1), n.W[l], n.B[l]})
		}
		return n, layers, nil
	}
	return modelArch{desc: SizesString(sizes), params: params, build: build}, nil
}
