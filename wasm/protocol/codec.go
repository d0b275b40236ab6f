package protocol

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"digits/core"
)

// ErrMessage is wrapped by every error Decode returns.
var ErrMessage = errors.New("bad protocol message")

// Encode writes m in the format of the package comment.
func Encode(m Message) []byte {
	w := &writer{b: make([]byte, 0, 64)}
	w.b = append(w.b, Version, byte(m.Kind()))
	m.put(w)
	return w.b
}

// Decode reads one message written by Encode. The message does not share
// memory with b.
func Decode(b []byte) (Message, error) {
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: %d bytes, shorter than the 2-byte header", ErrMessage, len(b))
	}
	if b[0] != Version {
		return nil, fmt.Errorf("%w: version %d, this program speaks version %d (the page and the trainer come from different builds: rebuild both with make wasm)", ErrMessage, b[0], Version)
	}
	m := newMessage(Kind(b[1]))
	if m == nil {
		return nil, fmt.Errorf("%w: unknown kind %d", ErrMessage, b[1])
	}
	r := &reader{b: b, pos: 2}
	m.get(r)
	if r.err == nil && r.pos != len(b) {
		r.err = fmt.Errorf("%d bytes after the end", len(b)-r.pos)
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v %v", ErrMessage, m.Kind(), r.err)
	}
	return m, nil
}

type writer struct{ b []byte }

func (w *writer) bool(v bool) {
	var x byte
	if v {
		x = 1
	}
	w.b = append(w.b, x)
}
func (w *writer) u8(v uint8)      { w.b = append(w.b, v) }
func (w *writer) u32(v uint32)    { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *writer) u64(v uint64)    { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *writer) int(v int)       { w.u64(uint64(int64(v))) }
func (w *writer) f32(v float32)   { w.u32(math.Float32bits(v)) }
func (w *writer) f64(v float64)   { w.u64(math.Float64bits(v)) }
func (w *writer) bytes(v []byte)  { w.u32(uint32(len(v))); w.b = append(w.b, v...) }
func (w *writer) string(v string) { w.u32(uint32(len(v))); w.b = append(w.b, v...) }
func (w *writer) count(n int)     { w.u32(uint32(n)) }
func (w *writer) ints(v []int) {
	w.count(len(v))
	for _, x := range v {
		w.int(x)
	}
}

// reader reads fields one after the other; the first problem sticks and
// every later read returns zero, so get methods need no error checks.
type reader struct {
	b   []byte
	pos int
	err error
}

// take returns the next n bytes, or nil after a problem.
func (r *reader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.pos {
		r.err = fmt.Errorf("ends in its %s (byte %d of %d)", what, r.pos, len(r.b))
		return nil
	}
	p := r.b[r.pos : r.pos+n]
	r.pos += n
	return p
}

func (r *reader) bool() bool {
	p := r.take(1, "bool")
	if p == nil {
		return false
	}
	if p[0] > 1 {
		r.err = fmt.Errorf("has a bool of %d at byte %d, want 0 or 1", p[0], r.pos-1)
	}
	return p[0] == 1
}

func (r *reader) u8() uint8 {
	if p := r.take(1, "byte"); p != nil {
		return p[0]
	}
	return 0
}

func (r *reader) u32() uint32 {
	if p := r.take(4, "32-bit number"); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if p := r.take(8, "64-bit number"); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

func (r *reader) int() int {
	v := int64(r.u64())
	if int64(int(v)) != v {
		r.fail("has %d, too large for an int here", v)
	}
	return int(v)
}

func (r *reader) f32() float32 { return math.Float32frombits(r.u32()) }
func (r *reader) f64() float64 { return math.Float64frombits(r.u64()) }

// count reads a length or a count of items of at least size bytes each,
// checked against the bytes left before anything is allocated.
func (r *reader) count(size int, what string) int {
	n := int(r.u32())
	if r.err == nil && n > (len(r.b)-r.pos)/size {
		r.err = fmt.Errorf("claims %d %s in the %d bytes left", n, what, len(r.b)-r.pos)
		return 0
	}
	return n
}

func (r *reader) bytes() []byte {
	n := r.count(1, "bytes")
	if p := r.take(n, "bytes"); p != nil {
		return append([]byte(nil), p...)
	}
	return nil
}

func (r *reader) string() string { return string(r.bytes()) }

func (r *reader) ints() []int {
	n := r.count(8, "numbers")
	if n == 0 {
		return nil
	}
	v := make([]int, n)
	for i := range v {
		v[i] = r.int()
	}
	return v
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// The fields of each message, in declaration order.

func (m *Settings) put(w *writer) {
	w.ints(m.Hidden)
	w.f32(m.Rate)
	w.int(m.Batch)
	w.string(string(m.Init))
	w.u64(m.Seed)
	w.string(m.Arch)
}

func (m *Settings) get(r *reader) {
	m.Hidden = r.ints()
	m.Rate = r.f32()
	m.Batch = r.int()
	m.Init = core.Init(r.string())
	m.Seed = r.u64()
	m.Arch = r.string()
}

func (m *Train) put(w *writer) { w.u32(m.Run); w.bool(m.Fresh); w.int(m.Epochs) }
func (m *Train) get(r *reader) { m.Run = r.u32(); m.Fresh = r.bool(); m.Epochs = r.int() }

func (*Pause) put(*writer) {}
func (*Pause) get(*reader) {}
func (*Reset) put(*writer) {}
func (*Reset) get(*reader) {}

func (m *Evaluate) put(w *writer) { w.u32(m.ID); w.bytes(m.Model) }
func (m *Evaluate) get(r *reader) { m.ID = r.u32(); m.Model = r.bytes() }

func (m *Hello) put(w *writer) { w.string(m.Where); w.string(m.Kernel); w.string(m.Note) }
func (m *Hello) get(r *reader) { m.Where = r.string(); m.Kernel = r.string(); m.Note = r.string() }

func (m *Loading) put(w *writer) { w.f64(m.Fraction); w.string(m.Err) }
func (m *Loading) get(r *reader) { m.Fraction = r.f64(); m.Err = r.string() }

// pointSize is the bytes of one encoded Point.
const pointSize = 4*8 + 1

func (m *Progress) put(w *writer) {
	w.u32(m.Run)
	w.bool(m.Training)
	w.int(m.Epoch)
	w.u64(uint64(m.Seen))
	w.int(m.PerEpoch)
	w.f64(m.Rate)
	w.count(len(m.Points))
	for _, p := range m.Points {
		w.f64(p.Epoch)
		w.f64(p.Loss)
		w.f64(p.TrainAcc)
		w.f64(p.TestAcc)
		w.bool(p.Full)
	}
	w.u64(m.Heap)
	w.u64(m.Memory)
	w.u32(m.Handled)
}

func (m *Progress) get(r *reader) {
	m.Run = r.u32()
	m.Training = r.bool()
	m.Epoch = r.int()
	m.Seen = int64(r.u64())
	m.PerEpoch = r.int()
	m.Rate = r.f64()
	if n := r.count(pointSize, "points"); n > 0 {
		m.Points = make([]Point, n)
		for i := range m.Points {
			p := &m.Points[i]
			p.Epoch, p.Loss, p.TrainAcc, p.TestAcc = r.f64(), r.f64(), r.f64(), r.f64()
			p.Full = r.bool()
		}
	}
	m.Heap = r.u64()
	m.Memory = r.u64()
	m.Handled = r.u32()
}

func (m *EpochEnd) put(w *writer) { w.u32(m.Run); w.int(m.Epoch); w.f64(m.Loss); w.f64(m.Accuracy) }
func (m *EpochEnd) get(r *reader) {
	m.Run, m.Epoch, m.Loss, m.Accuracy = r.u32(), r.int(), r.f64(), r.f64()
}

func (m *TestResult) put(w *writer) {
	w.u32(m.Run)
	w.u32(m.ID)
	w.int(m.Epoch)
	w.f64(m.Accuracy)
	w.bytes(m.Guesses)
	w.string(m.Err)
}

func (m *TestResult) get(r *reader) {
	m.Run = r.u32()
	m.ID = r.u32()
	m.Epoch = r.int()
	m.Accuracy = r.f64()
	m.Guesses = r.bytes()
	m.Err = r.string()
}

func (m *Weights) put(w *writer) {
	w.u32(m.Run)
	w.int(m.Epoch)
	w.u64(uint64(m.Seen))
	w.ints(m.Sizes)
	w.bytes(m.Params)
	w.bytes(m.File)
}

func (m *Weights) get(r *reader) {
	m.Run, m.Epoch, m.Seen, m.Sizes, m.Params = r.u32(), r.int(), int64(r.u64()), r.ints(), r.bytes()
	m.File = r.bytes()
}

func (m *Stopped) put(w *writer) {
	w.u32(m.Run)
	w.u8(uint8(m.Reason))
	d := &m.Diverged
	w.int(d.Epoch)
	w.f64(d.Loss)
	w.f64(d.Initial)
	w.f32(d.LearningRate)
	w.bool(d.NotFinite)
	b := &m.Build
	w.ints(b.Sizes)
	w.bool(b.Trainer)
	w.string(b.Message)
}

func (m *Stopped) get(r *reader) {
	m.Run = r.u32()
	m.Reason = Reason(r.u8())
	d := &m.Diverged
	d.Epoch, d.Loss, d.Initial, d.LearningRate, d.NotFinite = r.int(), r.f64(), r.f64(), r.f32(), r.bool()
	b := &m.Build
	b.Sizes, b.Trainer, b.Message = r.ints(), r.bool(), r.string()
}

func (m *Failed) put(w *writer) { w.string(m.Message) }
func (m *Failed) get(r *reader) { m.Message = r.string() }
