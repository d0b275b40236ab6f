package protocol

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"digits/core"
)

// Weight snapshots carry a network's numbers as they lie in memory, not as
// a model file: the page takes them in on the thread that draws, where a
// snapshot of 784-300-100-10 costs half what reading its model file does
// (1.6 to 2.6 ms against 3 to 5 ms in WebAssembly under Node, see
// BenchmarkReceiveWeights in wasm/app), and the trainer copies memory
// instead of writing and checksumming a file.

// NewWeights is a snapshot of net: Params holds, layer after layer, W[l]
// then B[l] as float32 little-endian, in Network's order.
func NewWeights(run uint32, epoch int, seen int64, net *core.Network) *Weights {
	params := make([]byte, 0, 4*net.NumParams())
	for l := range net.W {
		params = appendFloats(params, net.W[l])
		params = appendFloats(params, net.B[l])
	}
	return &Weights{Run: run, Epoch: epoch, Seen: seen, Sizes: append([]int(nil), net.Sizes...), Params: params}
}

// WeightsOf is a snapshot of m: NewWeights for a fully connected network,
// otherwise its model file, which holds every layer's type and shape.
func WeightsOf(run uint32, epoch int, seen int64, m core.Model) (*Weights, error) {
	if n, ok := m.(*core.Network); ok {
		return NewWeights(run, epoch, seen, n), nil
	}
	var b bytes.Buffer
	if err := core.WriteModel(&b, m); err != nil {
		return nil, err
	}
	return &Weights{Run: run, Epoch: epoch, Seen: seen, File: b.Bytes()}, nil
}

// Model makes the snapshot's network: from its model file if it has one
// (core.ReadModel checks it), else from its numbers (Network).
func (w *Weights) Model() (core.Model, error) {
	if len(w.File) == 0 {
		return w.Network()
	}
	m, err := core.ReadModel(bytes.NewReader(w.File))
	if err != nil {
		return nil, fmt.Errorf("weights of a network that cannot be read: %w", err)
	}
	return m, nil
}

// Network makes the snapshot's network, after checking that its sizes
// make one and that Params holds exactly its numbers.
func (w *Weights) Network() (*core.Network, error) {
	n, err := core.NewNetwork(w.Sizes)
	if err != nil {
		return nil, fmt.Errorf("weights of a network that cannot be: %w", err)
	}
	if len(w.Params) != 4*n.NumParams() {
		return nil, fmt.Errorf("weights of %s: %d bytes, want %d", n, len(w.Params), 4*n.NumParams())
	}
	p := w.Params
	for l := range n.W {
		p = readFloats(n.W[l], p)
		p = readFloats(n.B[l], p)
	}
	return n, nil
}

// littleEndian is true where float32s lie in memory as the encoding has
// them (amd64, arm64, WebAssembly): then they are copied as bytes.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

func appendFloats(b []byte, v []float32) []byte {
	if len(v) == 0 {
		return b
	}
	if littleEndian {
		return append(b, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 4*len(v))...)
	}
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// readFloats fills v from the front of b and returns the rest.
func readFloats(v []float32, b []byte) []byte {
	if len(v) == 0 {
		return b
	}
	if littleEndian {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 4*len(v)), b)
	} else {
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
	return b[4*len(v):]
}
