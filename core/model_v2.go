package core

import (
	"encoding/binary"
	"fmt"
)

// Version 2 of the model file holds a ConvNet. Between the preprocessing
// name and the weights it describes the layers, all integers uint32:
//
//	offset  size  field
//	0       13+P  magic, version = 2, preprocessing name (as version 1)
//	13+P    12    input shape: channels, height, width (1×28×28 for MNIST)
//	25+P    4     number of layers N (1 to MaxConvLayers)
//	29+P    28·N  one record per layer: kind, three numbers, output shape
//	                kind 1  conv     filters, size, padding
//	                kind 2  relu     0, 0, 0
//	                kind 3  maxpool  size, 0, 0
//	                kind 4  fc       outputs, 0, 0
//	              then the layer's output channels, height, width
//	...           for each layer with parameters, in order:
//	                W: conv Filters·C·Size·Size float32 (as Conv.W), fc Outputs·inputs (as Dense.W)
//	                B: one float32 per filter or neuron
//	end-4   4     CRC-32 (IEEE) of every byte before it
//
// The output shapes follow from the input shape and the layers; the file
// states them so that it reads without these rules, and ReadModel refuses
// a file whose stated shapes are not what its layers give. LeNet-5 makes
// a 247 kB file.

// The kinds of layer in a version 2 file.
const (
	layerKindConv    = 1
	layerKindReLU    = 2
	layerKindMaxPool = 3
	layerKindDense   = 4
)

// layerRecord is a layer's record in a version 2 file.
type layerRecord struct {
	kind    uint32
	numbers [3]uint32
	out     Shape
}

// convNetHeader checks n and returns the architecture part of its version
// 2 file and its parameter arrays in file order.
func convNetHeader(n *ConvNet) (arch []byte, params [][]float32, err error) {
	if len(n.Layers) == 0 || len(n.Layers) > MaxConvLayers {
		return nil, nil, fmt.Errorf("a convolutional network has 1 to %d layers, this one %d", MaxConvLayers, len(n.Layers))
	}
	in := n.Layers[0].In()
	if err := checkShape("input", in); err != nil {
		return nil, nil, err
	}
	var recs []layerRecord
	shape, count := in, 0
	for i, layer := range n.Layers {
		if layer.In() != shape {
			return nil, nil, fmt.Errorf("layer %d (%s) takes %s values, but gets %s", i+1, layer, layer.In(), shape)
		}
		rec, w, b, err := recordOf(layer)
		if err != nil {
			return nil, nil, fmt.Errorf("layer %d (%s): %w", i+1, layer, err)
		}
		out, wantW, wantB, err := rec.apply(shape)
		if err != nil {
			return nil, nil, fmt.Errorf("layer %d (%s): %w", i+1, layer, err)
		}
		if out != layer.Out() || len(w) != wantW || len(b) != wantB {
			return nil, nil, fmt.Errorf("layer %d (%s) has output %s, %d weights and %d biases; its numbers give %s, %d and %d",
				i+1, layer, layer.Out(), len(w), len(b), out, wantW, wantB)
		}
		if count += wantW + wantB; count > MaxModelParams {
			return nil, nil, fmt.Errorf("network has more than %d parameters, more than a model file holds", MaxModelParams)
		}
		rec.out = out
		recs = append(recs, rec)
		if wantB > 0 {
			params = append(params, w, b)
		}
		shape = out
	}
	u := func(v int) { arch = binary.LittleEndian.AppendUint32(arch, uint32(v)) }
	u(in.C)
	u(in.H)
	u(in.W)
	u(len(recs))
	for _, r := range recs {
		u(int(r.kind))
		for _, v := range r.numbers {
			u(int(v))
		}
		u(r.out.C)
		u(r.out.H)
		u(r.out.W)
	}
	return arch, params, nil
}

// recordOf returns a layer's record (without its output shape) and its
// parameters.
func recordOf(l Layer) (rec layerRecord, w, b []float32, err error) {
	switch l := l.(type) {
	case *Conv:
		return layerRecord{kind: layerKindConv, numbers: [3]uint32{uint32(l.Filters), uint32(l.Size), uint32(l.Pad)}}, l.W, l.B, nil
	case *ReLU:
		return layerRecord{kind: layerKindReLU}, nil, nil, nil
	case *MaxPool:
		return layerRecord{kind: layerKindMaxPool, numbers: [3]uint32{uint32(l.Size)}}, nil, nil, nil
	case *Dense:
		return layerRecord{kind: layerKindDense, numbers: [3]uint32{uint32(l.Outputs)}}, l.W, l.B, nil
	}
	return layerRecord{}, nil, nil, fmt.Errorf("a %T has no model file format", l)
}

// apply checks the record's numbers for input shape in and returns the
// layer's output shape and its numbers of weights and biases, allocating
// nothing.
func (r layerRecord) apply(in Shape) (out Shape, weights, biases int, err error) {
	a, b, c := int(r.numbers[0]), int(r.numbers[1]), int(r.numbers[2])
	switch r.kind {
	case layerKindConv:
		out, err = convOut(in, a, b, c)
		return out, a * in.C * b * b, a, err
	case layerKindReLU:
		if a != 0 || b != 0 || c != 0 {
			return Shape{}, 0, 0, fmt.Errorf("relu has no numbers, but the file gives %d, %d, %d", a, b, c)
		}
		return in, 0, 0, checkShape("relu input", in)
	case layerKindMaxPool:
		if b != 0 || c != 0 {
			return Shape{}, 0, 0, fmt.Errorf("maxpool has one number, its size, but the file gives %d, %d, %d", a, b, c)
		}
		out, err = poolOut(in, a)
		return out, 0, 0, err
	case layerKindDense:
		if b != 0 || c != 0 {
			return Shape{}, 0, 0, fmt.Errorf("fc has one number, its outputs, but the file gives %d, %d, %d", a, b, c)
		}
		out, err = denseOut(in, a)
		return out, a * in.Size(), a, err
	}
	return Shape{}, 0, 0, fmt.Errorf("kind %d is no kind of layer this program knows (1 conv, 2 relu, 3 maxpool, 4 fc)", r.kind)
}

// name describes the record's layer as Layer.String does.
func (r layerRecord) name(in Shape) string {
	a, b, c := int(r.numbers[0]), int(r.numbers[1]), int(r.numbers[2])
	switch r.kind {
	case layerKindConv:
		return (&Conv{InShape: in, Filters: a, Size: b, Pad: c}).String()
	case layerKindReLU:
		return "relu"
	case layerKindMaxPool:
		return (&MaxPool{InShape: in, Size: a}).String()
	case layerKindDense:
		return (&Dense{InShape: in, Outputs: a}).String()
	}
	return fmt.Sprintf("kind %d", r.kind)
}

// layer makes the record's layer with zero parameters.
func (r layerRecord) layer(in Shape) (Layer, error) {
	a, b, c := int(r.numbers[0]), int(r.numbers[1]), int(r.numbers[2])
	switch r.kind {
	case layerKindConv:
		return NewConv(in, a, b, c)
	case layerKindReLU:
		return NewReLU(in)
	case layerKindMaxPool:
		return NewMaxPool(in, a)
	case layerKindDense:
		return NewDense(in, a)
	}
	return nil, fmt.Errorf("kind %d is no kind of layer", r.kind)
}

// readLayers reads the architecture of a version 2 file, checking every
// layer against the shape it gets before anything is allocated.
func (m *modelReader) readLayers() (modelArch, error) {
	var dims [3]int
	for i := range dims {
		v, err := m.readU32("input shape")
		if err != nil {
			return modelArch{}, err
		}
		dims[i] = int(v)
	}
	in := Shape{dims[0], dims[1], dims[2]}
	if err := checkShape("input", in); err != nil {
		return modelArch{}, badModel("%v", err)
	}
	count, err := m.readU32("number of layers")
	if err != nil {
		return modelArch{}, err
	}
	if count < 1 || count > MaxConvLayers {
		return modelArch{}, badModel("%d layers; a version 2 model has 1 to %d", count, MaxConvLayers)
	}
	recs := make([]layerRecord, count)
	desc := in.String()
	shape, params := in, 0
	for i := range recs {
		var v [7]uint32
		for k := range v {
			if v[k], err = m.readU32("layer records"); err != nil {
				return modelArch{}, err
			}
		}
		r := layerRecord{kind: v[0], numbers: [3]uint32{v[1], v[2], v[3]}}
		name := r.name(shape)
		out, weights, biases, err := r.apply(shape)
		if err != nil {
			return modelArch{}, badModel("layer %d (%s) on input %s: %v", i+1, name, shape, err)
		}
		stated := Shape{int(v[4]), int(v[5]), int(v[6])}
		if stated != out {
			return modelArch{}, badModel("layer %d (%s) is said to give %s values, but on input %s it gives %s", i+1, name, stated, shape, out)
		}
		if params += weights + biases; params > MaxModelParams {
			return modelArch{}, badModel("layer %d (%s) brings the network to %d parameters; a model file holds %d at most", i+1, name, params, MaxModelParams)
		}
		r.out = out
		recs[i] = r
		desc += " | " + name
		shape = out
	}
	build := func() (Model, []modelParams, error) {
		var layers []Layer
		var ps []modelParams
		shape := in
		for i, r := range recs {
			l, err := r.layer(shape)
			if err != nil {
				return nil, nil, err
			}
			if w, b := l.Params(); len(b) > 0 {
				ps = append(ps, modelParams{fmt.Sprintf("layer %d (%s)", i+1, l), w, b})
			}
			layers = append(layers, l)
			shape = l.Out()
		}
		n, err := NewConvNet(layers...)
		return n, ps, err
	}
	return modelArch{desc: desc, params: params, build: build}, nil
}
