package core_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io/fs"
	"runtime"
	"testing"

	"digits/core"
	"digits/data"
)

// idxFile builds the bytes of an IDX file: magic 00 00 typ nd, the
// dimensions as big-endian uint32, then body.
func idxFile(typ byte, dims []uint32, body []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, typ, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(body)
	return b.Bytes()
}

func gzipBytes(t testing.TB, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A valid 2×3×2 file: 12 data bytes.
var (
	validDims = []uint32{2, 3, 2}
	validBody = []byte{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}
	validIDX  = idxFile(0x08, validDims, validBody)
)

func TestDecodeIDXRejects(t *testing.T) {
	gz := gzipBytes(t, validIDX)
	badCRC := bytes.Clone(gz)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 is the trailer's first 4 bytes
	badSize := bytes.Clone(gz)
	badSize[len(badSize)-1] ^= 0xff // ISIZE, the length mod 2^32, is the last 4
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"truncated magic", validIDX[:3]},
		{"truncated header", validIDX[:4+4+2]},
		{"header without dimensions", validIDX[:4+8]},
		{"truncated data", validIDX[:len(validIDX)-1]},
		{"no data", validIDX[:4+12]},
		{"trailing bytes", append(bytes.Clone(validIDX), 0)},
		{"wrong magic", append([]byte{1, 0}, validIDX[2:]...)},
		{"wrong magic second byte", append([]byte{0, 8}, validIDX[2:]...)},
		{"wrong type float32", idxFile(0x0D, validDims, validBody)},
		{"wrong type int32", idxFile(0x0C, validDims, validBody)},
		{"signed bytes", idxFile(0x09, validDims, validBody)},
		{"0 dimensions", idxFile(0x08, nil, validBody)},
		{"5 dimensions", idxFile(0x08, []uint32{1, 2, 3, 2, 1}, validBody)},
		{"255 dimensions", append([]byte{0, 0, 8, 255}, make([]byte, 64)...)},
		{"4e9 images, short body", idxFile(0x08, []uint32{4_000_000_000, 28, 28}, validBody)},
		{"4e9 labels, short body", idxFile(0x08, []uint32{4_000_000_000}, validBody)},
		{"1e9 bytes claimed, short body", idxFile(0x08, []uint32{1_000_000_000}, validBody)},
		{"size overflows int64", idxFile(0x08, []uint32{1 << 31, 1 << 31, 1 << 31, 1 << 31}, validBody)},
		{"huge dimension after a zero", idxFile(0x08, []uint32{0, 4_281_348_144}, nil)},
		{"zero dimension with data", idxFile(0x08, []uint32{0, 28, 28}, validBody)},
		{"corrupt gzip CRC", badCRC},
		{"corrupt gzip size", badSize},
		{"truncated gzip", gz[:len(gz)-10]},
		{"gzip header only", gz[:10]},
		{"gzip magic then garbage", []byte{0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{"gzip of a truncated file", gzipBytes(t, validIDX[:len(validIDX)-3])},
		{"gzip of trailing bytes", gzipBytes(t, append(bytes.Clone(validIDX), 1, 2))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := core.DecodeIDX(bytes.NewReader(tc.in))
			if err == nil {
				t.Fatalf("accepted: dims %v, %d bytes", got.Dims, len(got.Data))
			}
			if !errors.Is(err, core.ErrIDX) {
				t.Fatalf("error %q does not wrap ErrIDX", err)
			}
			t.Logf("%v", err)
		})
	}
}

// A header that claims a huge file must cost no more memory than the bytes
// really present: nothing is allocated from the header's word.
func TestDecodeIDXHostileHeaderAllocatesLittle(t *testing.T) {
	for _, dims := range [][]uint32{
		{4_000_000_000, 28, 28}, // 3 TB claimed: over MaxIDXBytes
		{1_000_000_000},         // 1 GB claimed: under MaxIDXBytes, so reading starts
		{60000, 28, 28},         // MNIST's real size, 1 KB present
	} {
		in := idxFile(0x08, dims, make([]byte, 1000))
		for _, gz := range []bool{false, true} {
			src := in
			if gz {
				src = gzipBytes(t, in)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := core.DecodeIDX(bytes.NewReader(src))
			runtime.ReadMemStats(&after)
			if !errors.Is(err, core.ErrIDX) {
				t.Errorf("dims %v gzip %v: error %v, want ErrIDX", dims, gz, err)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
				t.Errorf("dims %v gzip %v: allocated %d bytes for a %d-byte input", dims, gz, grew, len(src))
			}
		}
	}
}

func TestIDXRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		dims []int
		data []byte
	}{
		{[]int{12}, validBody},
		{[]int{2, 3, 2}, validBody},
		{[]int{1, 1, 1, 12}, validBody},
		{[]int{0}, []byte{}},
		{[]int{3, 0}, []byte{}},
	} {
		var buf bytes.Buffer
		if err := core.EncodeIDX(&buf, tc.dims, tc.data); err != nil {
			t.Fatalf("EncodeIDX(%v): %v", tc.dims, err)
		}
		for _, gz := range []bool{false, true} {
			in := buf.Bytes()
			if gz {
				in = gzipBytes(t, in)
			}
			got, err := core.DecodeIDX(bytes.NewReader(in))
			if err != nil {
				t.Fatalf("DecodeIDX(EncodeIDX(%v)), gzip %v: %v", tc.dims, gz, err)
			}
			if !equalInts(got.Dims, tc.dims) || !bytes.Equal(got.Data, tc.data) {
				t.Errorf("round trip %v gzip %v: got dims %v data %v", tc.dims, gz, got.Dims, got.Data)
			}
		}
	}
	for _, tc := range []struct {
		name string
		dims []int
		data []byte
	}{
		{"no dimensions", nil, nil},
		{"5 dimensions", []int{1, 1, 1, 1, 1}, []byte{1}},
		{"negative", []int{-1}, nil},
		{"size mismatch", []int{2, 2}, []byte{1, 2, 3}},
	} {
		if err := core.EncodeIDX(&bytes.Buffer{}, tc.dims, tc.data); err == nil {
			t.Errorf("EncodeIDX %s: no error", tc.name)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The real MNIST files decode with the dimensions LeCun's page gives.
func TestDecodeIDXRealFiles(t *testing.T) {
	for name, dims := range map[string][]int{
		"train-images-idx3-ubyte.gz": {60000, 28, 28},
		"train-labels-idx1-ubyte.gz": {60000},
		"t10k-images-idx3-ubyte.gz":  {10000, 28, 28},
		"t10k-labels-idx1-ubyte.gz":  {10000},
	} {
		raw, err := fs.ReadFile(data.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := core.DecodeIDX(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !equalInts(got.Dims, dims) {
			t.Errorf("%s: dims %v, want %v", name, got.Dims, dims)
		}
	}
}

// FuzzDecodeIDX feeds the decoder arbitrary bytes: it must never panic,
// every error must wrap ErrIDX, and whatever it accepts must be consistent
// (len(Data) = product of Dims) and survive a round trip through EncodeIDX.
// Run it longer with: go test ./core -run '^$' -fuzz FuzzDecodeIDX -fuzztime 1m
func FuzzDecodeIDX(f *testing.F) {
	f.Add(validIDX)
	f.Add(validIDX[:len(validIDX)-1])
	f.Add(append(bytes.Clone(validIDX), 7))
	f.Add(idxFile(0x08, []uint32{3}, []byte{0, 1, 9}))
	f.Add(idxFile(0x08, []uint32{1, 2, 2, 1}, []byte{1, 2, 3, 4}))
	f.Add(idxFile(0x08, []uint32{0}, nil))
	f.Add(idxFile(0x0D, []uint32{1}, []byte{0, 0, 0, 0}))
	f.Add(idxFile(0x08, []uint32{4_000_000_000, 28, 28}, nil))
	f.Add(gzipBytes(f, validIDX))
	f.Add(gzipBytes(f, idxFile(0x08, []uint32{2}, []byte{5, 6})))
	f.Add([]byte{})
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := core.DecodeIDX(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, core.ErrIDX) {
				t.Fatalf("error %q does not wrap ErrIDX", err)
			}
			return
		}
		n := 1
		for _, d := range got.Dims {
			n *= d
		}
		if len(got.Dims) < 1 || len(got.Dims) > 4 || n != len(got.Data) {
			t.Fatalf("accepted inconsistent file: dims %v, %d bytes", got.Dims, len(got.Data))
		}
		var buf bytes.Buffer
		if err := core.EncodeIDX(&buf, got.Dims, got.Data); err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := core.DecodeIDX(&buf)
		if err != nil || !equalInts(again.Dims, got.Dims) || !bytes.Equal(again.Data, got.Data) {
			t.Fatalf("round trip changed the file: %v", err)
		}
	})
}
