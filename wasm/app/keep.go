package app

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

	"digits/core"
)

// Kept is what the app keeps of the network the pad uses from one visit
// to the next (in the browser's storage, or a file on the desktop): the
// last network trained in the app or imported into it, with the settings
// it was trained with and its curves.
type Kept struct {
	Model   []byte // its model file (core.WriteModel), what exportModel gives
	Name    string // the file it was imported from; "" for a network trained here
	Trained bool   // trained here: the fields below describe its run
	Config  Config // the settings it was trained with
	Epoch   int    // epochs completed
	Seen    int64  // images trained on, all epochs included
	Points  []Point
}

// The record's format, all numbers little-endian:
//
//	8 bytes   magic "DIGITSKP"
//	4         version, uint32 = 2
//	then:     name (string), trained (bool), arch (string: mlp or
//	          lenet5), hidden (uint32 count, then
//	          uint32 each), preset, rate (float32 bits), batch, init
//	          (string), seed (uint64), epoch, seen (uint64), points
//	          (uint32 count, then 4 float64 and a bool each), the model
//	          file (uint32 length, then its bytes)
//	4         CRC-32 (IEEE) of every byte before it
//
// strings are a uint32 length then the bytes; preset, batch and epoch are
// uint32. The model file is checked by core.ReadModel when the record is
// read: a record that decodes holds a usable network.
const (
	keptMagic   = "DIGITSKP"
	keptVersion = 2
)

// ErrKept is wrapped by every error DecodeKept returns.
var ErrKept = errors.New("the network kept from the last visit cannot be read")

// EncodeKept writes k in the record's format.
func EncodeKept(k *Kept) []byte {
	b := make([]byte, 0, len(k.Model)+256+33*len(k.Points))
	b = append(b, keptMagic...)
	b = binary.LittleEndian.AppendUint32(b, keptVersion)
	u32 := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	u64 := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	str := func(s string) { u32(uint32(len(s))); b = append(b, s...) }
	str(k.Name)
	b = append(b, boolByte(k.Trained))
	c := k.Config
	str(c.Arch.String())
	u32(uint32(len(c.Hidden)))
	for _, h := range c.Hidden {
		u32(uint32(h))
	}
	u32(uint32(c.Preset))
	u32(math.Float32bits(c.Rate))
	u32(uint32(c.Batch))
	str(string(c.Init))
	u64(c.Seed)
	u32(uint32(k.Epoch))
	u64(uint64(k.Seen))
	u32(uint32(len(k.Points)))
	for _, p := range k.Points {
		for _, v := range []float64{p.Epoch, p.Loss, p.TrainAcc, p.TestAcc} {
			u64(math.Float64bits(v))
		}
		b = append(b, boolByte(p.Full))
	}
	u32(uint32(len(k.Model)))
	b = append(b, k.Model...)
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// DecodeKept reads a record EncodeKept wrote, checking everything: magic,
// version, checksum, every length against the bytes left (before
// allocating), the settings (as the panel would take them), and the model
// file (core.ReadModel, and that it reads 28×28 digits into 10 classes).
// It returns the record and the network.
func DecodeKept(b []byte) (*Kept, core.Model, error) {
	bad := func(format string, args ...any) (*Kept, core.Model, error) {
		return nil, nil, fmt.Errorf("%w: %s", ErrKept, fmt.Sprintf(format, args...))
	}
	if len(b) < len(keptMagic)+8 || string(b[:len(keptMagic)]) != keptMagic {
		return bad("it is not a record of this app (%d bytes)", len(b))
	}
	if v := binary.LittleEndian.Uint32(b[len(keptMagic):]); v != keptVersion {
		return bad("version %d; this page reads version %d", v, keptVersion)
	}
	body := b[:len(b)-4]
	if sum, want := crc32.ChecksumIEEE(body), binary.LittleEndian.Uint32(b[len(b)-4:]); sum != want {
		return bad("checksum %08x, but the contents sum to %08x: the record is corrupt", want, sum)
	}
	r := &keptReader{b: body, pos: len(keptMagic) + 4}
	k := &Kept{}
	k.Name = r.string()
	k.Trained = r.bool()
	arch := r.string()
	if n := r.count(4, "hidden sizes"); n > 0 {
		k.Config.Hidden = make([]int, n)
		for i := range k.Config.Hidden {
			k.Config.Hidden[i] = int(r.u32())
		}
	}
	k.Config.Preset = Preset(r.u32())
	k.Config.Rate = math.Float32frombits(r.u32())
	k.Config.Batch = int(r.u32())
	k.Config.Init = core.Init(r.string())
	k.Config.Seed = r.u64()
	k.Epoch = int(r.u32())
	k.Seen = int64(r.u64())
	if n := r.count(33, "curve points"); n > 0 {
		k.Points = make([]Point, n)
		for i := range k.Points {
			p := &k.Points[i]
			p.Epoch, p.Loss, p.TrainAcc, p.TestAcc = r.f64(), r.f64(), r.f64(), r.f64()
			p.Full = r.bool()
		}
	}
	k.Model = r.bytes()
	if r.err == nil && r.pos != len(body) {
		r.err = fmt.Errorf("%d bytes after the model file", len(body)-r.pos)
	}
	if r.err != nil {
		return bad("%v", r.err)
	}
	a, err := ParseArch(arch)
	if err != nil {
		return bad("architecture %v", err)
	}
	k.Config.Arch = a
	if k.Trained {
		if err := k.Config.check(); err != nil {
			return bad("its settings: %v", err)
		}
	}
	net, err := ReadModelFile(k.Model)
	if err != nil {
		return bad("%v", err)
	}
	return k, net, nil
}

// check reports whether c is settings the panel could have made.
func (c Config) check() error {
	if _, err := ParseHidden(HiddenString(c.Hidden)); err != nil {
		return err
	}
	if c.Preset < 0 || c.Preset > CustomSizes {
		return fmt.Errorf("preset %d", c.Preset)
	}
	if (c.Arch == LeNet5) != (c.Preset == LeNetPreset) || (c.Arch == LeNet5 && len(c.Hidden) > 0) {
		return fmt.Errorf("architecture %s with preset %d and hidden sizes %v", c.Arch, c.Preset, c.Hidden)
	}
	if _, err := ParseRate(RateString(c.Rate)); err != nil {
		return fmt.Errorf("learning rate %v: %w", c.Rate, err)
	}
	if c.Batch < 0 || c.Batch > MaxBatch {
		return fmt.Errorf("batch size %d", c.Batch)
	}
	if _, err := core.ParseInit(string(c.Init)); err != nil {
		return err
	}
	return nil
}

// ReadModelFile reads a model file the app can use: one core.ReadModel
// accepts (a fully connected network, version 1, or a convolutional one,
// version 2) that reads 28×28 digits into 10 classes.
func ReadModelFile(file []byte) (core.Model, error) {
	if len(file) > MaxModelFileBytes {
		return nil, fmt.Errorf("%s: larger than any model file (at most %s)", Bytes(int64(len(file))), Bytes(MaxModelFileBytes))
	}
	net, err := core.ReadModel(bytes.NewReader(file))
	if err != nil {
		return nil, err
	}
	if net.Inputs() != Pixels || net.Outputs() != Digits {
		return nil, fmt.Errorf("the model is a %s network: the app needs %d inputs (28×28 pixels) and %d outputs (one per digit)", net, Pixels, Digits)
	}
	return net, nil
}

// MaxModelFileBytes is the largest model file core.ReadModel can accept:
// core.MaxModelParams numbers of 4 bytes, and room for the largest
// header. A larger file is refused before it is read.
const MaxModelFileBytes = 4*core.MaxModelParams + 1<<16

// Bytes writes a size readably: "840 bytes", "1.1 MB".
func Bytes(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1e6:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// keptReader reads a record's fields one after the other; the first
// problem sticks and every later read returns zero.
type keptReader struct {
	b   []byte
	pos int
	err error
}

func (r *keptReader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.pos {
		r.err = fmt.Errorf("it ends in its %s (byte %d of %d)", what, r.pos, len(r.b))
		return nil
	}
	p := r.b[r.pos : r.pos+n]
	r.pos += n
	return p
}

func (r *keptReader) u32() uint32 {
	if p := r.take(4, "numbers"); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

func (r *keptReader) u64() uint64 {
	if p := r.take(8, "numbers"); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

func (r *keptReader) f64() float64 { return math.Float64frombits(r.u64()) }

func (r *keptReader) bool() bool {
	p := r.take(1, "flags")
	if p == nil {
		return false
	}
	if p[0] > 1 && r.err == nil {
		r.err = fmt.Errorf("a flag of %d at byte %d", p[0], r.pos-1)
	}
	return p[0] == 1
}

// count reads a count of items of size bytes each, checked against the
// bytes left before anything is allocated.
func (r *keptReader) count(size int, what string) int {
	n := int(r.u32())
	if r.err == nil && n > (len(r.b)-r.pos)/size {
		r.err = fmt.Errorf("it claims %d %s in the %d bytes left", n, what, len(r.b)-r.pos)
		return 0
	}
	return n
}

func (r *keptReader) bytes() []byte {
	n := r.count(1, "bytes")
	if p := r.take(n, "model file"); p != nil {
		return bytes.Clone(p)
	}
	return nil
}

func (r *keptReader) string() string {
	n := r.count(1, "characters")
	return string(r.take(n, "text"))
}
