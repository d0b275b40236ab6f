//go:build js

package main

import (
	"errors"
	"sync"
	"syscall/js"

	"digits/wasm/app"
)

// In the page, files come from a hidden file input (#digits-file, which
// the Import button opens) and from files dropped anywhere on the page.
// The page catches drops before they reach the canvas (a listener on
// window, in the capture phase): it can then check a file's size before
// reading it, and ebiten's own handler, which expects a drop to carry
// file-system entries, never sees one.

// droppedFile is a file read for the next Update, or why it was not.
type droppedFile struct {
	name string
	data []byte
	err  error
}

var files struct {
	mu    sync.Mutex
	queue []droppedFile
	input js.Value
	funcs []js.Func
	jobs  chan fileJob // read one after the other, so the last file given is the last opened
}

// fileJob is a File of the page to read.
type fileJob struct {
	f    js.Value
	name string
	size int64
}

func initFiles() {
	doc := js.Global().Get("document")
	in := doc.Call("createElement", "input")
	in.Set("type", "file")
	in.Set("id", "digits-file")
	in.Set("accept", ".model,image/png,image/jpeg,image/gif")
	in.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", in)
	files.input = in
	files.jobs = make(chan fileJob, 16)
	go readJobs()
	listen := func(target js.Value, event string, capture bool, f func(e js.Value)) {
		fn := js.FuncOf(func(_ js.Value, args []js.Value) any { f(args[0]); return nil })
		files.funcs = append(files.funcs, fn)
		target.Call("addEventListener", event, fn, capture)
	}
	listen(in, "change", false, func(js.Value) {
		readFiles(in.Get("files"))
		in.Set("value", "") // the same file chosen again is a change too
	})
	w := js.Global()
	listen(w, "dragover", true, func(e js.Value) { e.Call("preventDefault") })
	listen(w, "drop", true, func(e js.Value) {
		e.Call("preventDefault")
		e.Call("stopPropagation")
		if dt := e.Get("dataTransfer"); dt.Truthy() {
			readFiles(dt.Get("files"))
		}
	})
}

// openPicker opens the browser's file dialog. Browsers allow it only
// soon after the user's click, which is when the Import button calls it.
func openPicker(*Game) { files.input.Call("click") }

// readFiles queues the first file of a FileList for reading in the
// background: its first bytes, which say its kind and so its size limit,
// then the whole file if it is not too large.
func readFiles(list js.Value) {
	if !list.Truthy() || list.Length() == 0 {
		return
	}
	f := list.Index(0)
	job := fileJob{f: f, name: f.Get("name").String(), size: int64(f.Get("size").Float())}
	select {
	case files.jobs <- job:
	default: // sixteen files still to read: this one is dropped
	}
}

// readJobs reads the queued files in order for the next Update.
func readJobs() {
	for job := range files.jobs {
		d := droppedFile{name: job.name}
		d.data, d.err = readFile(job.f, job.size)
		files.mu.Lock()
		files.queue = append(files.queue, d)
		files.mu.Unlock()
	}
}

func readFile(f js.Value, size int64) ([]byte, error) {
	head, err := await(f.Call("slice", 0, 16).Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	if err := app.TooLarge(size, bytesOf(head)); err != nil {
		return nil, err
	}
	buf, err := await(f.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	return bytesOf(buf), nil
}

// bytesOf copies an ArrayBuffer, typed array or DataView into Go.
func bytesOf(v js.Value) []byte {
	u8 := js.Global().Get("Uint8Array")
	if v.InstanceOf(js.Global().Get("ArrayBuffer")) {
		v = u8.New(v)
	} else if !v.InstanceOf(u8) {
		v = u8.New(v.Get("buffer"), v.Get("byteOffset"), v.Get("byteLength"))
	}
	b := make([]byte, v.Get("byteLength").Int())
	js.CopyBytesToGo(b, v)
	return b
}

// await waits for a promise. Call it from a goroutine of its own, never
// from a JavaScript callback, which must return before the promise can
// settle.
func await(p js.Value) (js.Value, error) {
	ok, bad := make(chan js.Value, 1), make(chan js.Value, 1)
	then := js.FuncOf(func(_ js.Value, a []js.Value) any { ok <- a[0]; return nil })
	catch := js.FuncOf(func(_ js.Value, a []js.Value) any { bad <- a[0]; return nil })
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	select {
	case v := <-ok:
		return v, nil
	case e := <-bad:
		return js.Undefined(), errors.New(e.Call("toString").String())
	}
}

// pollFiles opens the files read since the last Update.
func pollFiles(g *Game) {
	files.mu.Lock()
	q := files.queue
	files.queue = nil
	files.mu.Unlock()
	for _, d := range q {
		if d.err != nil {
			g.refuseFile(d.name, d.err)
			continue
		}
		_ = g.openFile(d.name, d.data)
	}
}

// saveFile hands b to the browser as a download named name.
func saveFile(name string, b []byte) (string, error) {
	err := jsTry(func() {
		w := js.Global()
		u8 := w.Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(u8, b)
		opts := w.Get("Object").New()
		opts.Set("type", "application/octet-stream")
		blob := w.Get("Blob").New(w.Get("Array").Call("of", u8), opts)
		url := w.Get("URL").Call("createObjectURL", blob)
		doc := w.Get("document")
		a := doc.Call("createElement", "a")
		a.Set("href", url)
		a.Set("download", name)
		doc.Get("body").Call("appendChild", a)
		a.Call("click")
		a.Call("remove")
		// The download has started by the time this runs.
		var revoke js.Func
		revoke = js.FuncOf(func(js.Value, []js.Value) any {
			w.Get("URL").Call("revokeObjectURL", url)
			revoke.Release()
			return nil
		})
		w.Call("setTimeout", revoke, 60_000)
	})
	return "to your downloads", err
}

// openArgs has nothing to do in the page, which has no command line.
func openArgs(*Game, []string) error { return nil }
