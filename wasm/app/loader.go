package app

import (
	"io"
	"io/fs"
	"strings"
	"time"

	"digits/core"
)

// Load decodes the test set, then the training set, from fsys (data.FS)
// and hands them to the session as they arrive, reporting progress.
//
// In WebAssembly a goroutine runs until it blocks: gunzipping 60,000
// images (3–5 s there) in one go would freeze the page. With slice > 0,
// every read from fsys checks the clock and, after slice of work, calls
// pause, which must block until the browser has drawn a frame (the game
// signals each frame); with pause nil it sleeps a millisecond. Natively
// pass 0: the goroutine has a thread of its own.
func Load(s *Session, fsys fs.FS, slice time.Duration, pause func()) {
	if pause == nil {
		pause = func() { time.Sleep(time.Millisecond) }
	}
	y := &yielder{slice: slice, last: time.Now(), pause: pause}
	test, err := core.LoadSet(&yieldFS{fsys, y, nil}, "test")
	if err != nil {
		s.SetLoadProgress(0, err)
		return
	}
	s.SetData(nil, test)
	progress := func(f float64) { s.SetLoadProgress(f, nil) }
	train, err := core.LoadSet(&yieldFS{fsys, y, progress}, "train")
	if err != nil {
		s.SetLoadProgress(0, err)
		return
	}
	s.SetData(train, nil)
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
