package core

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// IDX is one decoded IDX file: the format of the MNIST files. An IDX file
// is a 4-byte magic number (two zero bytes, a type code, the number of
// dimensions), one big-endian uint32 per dimension, then the elements.
// Only unsigned bytes (type 0x08), which is what MNIST uses, are accepted.
type IDX struct {
	Dims []int  // e.g. [60000 28 28] for images, [60000] for labels
	Data []byte // all elements, row-major, len(Data) = product of Dims
}

// MaxIDXBytes bounds the data an IDX file may claim, so that a hostile
// header ("4 billion images") or a gzip bomb cannot exhaust memory. It is
// far above MNIST's 47 MB and EMNIST's 550 MB.
const MaxIDXBytes = 1 << 30

// idxTypeUbyte is the IDX type code for unsigned bytes.
const idxTypeUbyte = 0x08

// ErrIDX is wrapped by every error about malformed IDX input, so callers
// can tell bad data apart from I/O failures.
var ErrIDX = errors.New("invalid IDX data")

// DecodeIDX reads an IDX file, raw or gzipped (recognised by the gzip
// magic bytes 1f 8b), and checks the header against the bytes actually
// present: a truncated file, trailing garbage, an unknown type or a size
// beyond MaxIDXBytes is an error wrapping ErrIDX. Memory grows with the
// bytes really read, never with what the header claims.
func DecodeIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: bad gzip header: %v", ErrIDX, err)
		}
		defer zr.Close()
		return decodeRawIDX(zr)
	}
	return decodeRawIDX(br)
}

func decodeRawIDX(r io.Reader) (*IDX, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("%w: file too short for the 4-byte magic number: %v", ErrIDX, readErr(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("%w: magic number % x does not start with two zero bytes (is this an IDX file?)", ErrIDX, magic)
	}
	if magic[2] != idxTypeUbyte {
		return nil, fmt.Errorf("%w: element type 0x%02x not supported (only 0x08, unsigned bytes, as in MNIST)", ErrIDX, magic[2])
	}
	nd := int(magic[3])
	if nd < 1 || nd > 4 {
		return nil, fmt.Errorf("%w: %d dimensions (want 1 to 4)", ErrIDX, nd)
	}
	dims := make([]int, nd)
	size := int64(1)
	for i := range dims {
		var d uint32
		if err := binary.Read(r, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("%w: header truncated in dimension %d: %v", ErrIDX, i+1, readErr(err))
		}
		dims[i] = int(d)
		size *= int64(d)
		// Checking each dimension too catches a huge one after a 0
		// (0×4e9 is "empty" but no sane file, and would not re-encode).
		if size > MaxIDXBytes || int64(d) > MaxIDXBytes {
			return nil, fmt.Errorf("%w: header claims more than %d bytes of data (dimensions %v...)", ErrIDX, int64(MaxIDXBytes), dims[:i+1])
		}
	}
	// Read at most size+1 bytes: one byte more than claimed reveals
	// trailing garbage, and io.ReadAll grows its buffer only as bytes
	// arrive, so a lying header costs nothing.
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading %d data bytes: %v", ErrIDX, size, readErr(err))
	}
	switch {
	case int64(len(data)) < size:
		return nil, fmt.Errorf("%w: truncated: header %v promises %d data bytes, file has %d", ErrIDX, dims, size, len(data))
	case int64(len(data)) > size:
		return nil, fmt.Errorf("%w: trailing bytes after the %d promised by header %v", ErrIDX, size, dims)
	}
	// Drain a gzip stream to its end so its CRC is checked: a corrupted
	// stream must not decode silently.
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, fmt.Errorf("%w: after the data: %v", ErrIDX, readErr(err))
	}
	return &IDX{Dims: dims, Data: data}, nil
}

// readErr makes the io errors of a short read say what happened.
func readErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("unexpected end of file")
	}
	return err
}

// EncodeIDX writes data as a raw (not gzipped) IDX file of unsigned bytes.
// It is the inverse of DecodeIDX, used by tests and by tools that export
// digits.
func EncodeIDX(w io.Writer, dims []int, data []byte) error {
	if len(dims) < 1 || len(dims) > 4 {
		return fmt.Errorf("encode IDX: %d dimensions (want 1 to 4)", len(dims))
	}
	n := 1
	for _, d := range dims {
		if d < 0 || d > 1<<31-1 {
			return fmt.Errorf("encode IDX: dimension %d out of range", d)
		}
		n *= d
	}
	if n != len(data) {
		return fmt.Errorf("encode IDX: dimensions %v need %d bytes, got %d", dims, n, len(data))
	}
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, idxTypeUbyte, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&buf, binary.BigEndian, uint32(d))
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}
