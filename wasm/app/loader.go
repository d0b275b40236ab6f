package app

import (
	"io"
	"io/fs"
	"strings"
	"time"

	"digits/core"
)

// Pacer says how data decoding shares its thread: after every Slice of
// work it calls Pause, which gives the thread back for a moment (Slice 0:
// never). In WebAssembly a goroutine runs until it blocks: gunzipping the
// 60,000 training images (3–5 s there) in one go would freeze the page, or
// leave a worker deaf to commands for as long.
type Pacer struct {
	Slice time.Duration
	Pause func()
}

// LoadSet decodes MNIST's "train" or "test" set from fsys (data.FS),
// pausing as p says and reporting to progress, if not nil, the fraction of
// the images read.
func LoadSet(fsys fs.FS, set string, p Pacer, progress func(float64)) (*core.Dataset, error) {
	if p.Pause == nil {
		p.Pause = func() { time.Sleep(time.Millisecond) }
	}
	y := &yielder{slice: p.Slice, last: time.Now(), pause: p.Pause}
	return core.LoadSet(&yieldFS{fsys, y, progress}, set)
}

type yielder struct {
	slice time.Duration
	last  time.Time
	pause func()
}

func (y *yielder) maybeYield() {
	if y.slice > 0 && time.Since(y.last) >= y.slice {
		y.pause()
		y.last = time.Now()
	}
}

// yieldFS wraps every opened file so its reads yield and, for the image
// file, report the fraction read.
type yieldFS struct {
	fs.FS
	y        *yielder
	progress func(float64)
}

func (f *yieldFS) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	var size int64
	if info, err := file.Stat(); err == nil {
		size = info.Size()
	}
	return &yieldFile{File: file, fs: f, size: size, images: strings.Contains(name, "images")}, nil
}

type yieldFile struct {
	fs.File
	fs     *yieldFS
	size   int64
	read   int64
	images bool
}

func (f *yieldFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.read += int64(n)
	if f.images && f.fs.progress != nil && f.size > 0 {
		f.fs.progress(float64(f.read) / float64(f.size))
	}
	f.fs.y.maybeYield()
	return n, err
}

var _ io.Reader = (*yieldFile)(nil)
