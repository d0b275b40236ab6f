//go:build js

package main

import (
	"fmt"
	"runtime"
	"syscall/js"
	"time"

	"digits/core"
	"digits/wasm/app"
)

// In the browser the app publishes its state to the page as
// window.digits, the API through which pages embed the app and tests
// drive it:
//
//	ready         the pad accepts drawing
//	dataReady     the trainer has decoded the 60,000 training images
//	training      a network is being trained right now
//	epoch         epochs completed by that network
//	testAccuracy  its accuracy on the 10,000 test images (0–1), or null
//	prediction    {digit, probabilities}: digit is null when the pad is empty
//	padRect()     the pad's rectangle in CSS pixels of the page {x, y, width, height}
//	train(epochs) pause() reset() clear()
//	confusion() view samples() rect(name)   the views' (page_views_js.go)
//	exportModel() importModel(bytes) loadImage(bytes) settings
//	              files and settings (page_files_js.go)
//
// plus stats() and resetStats() for measurements: frames, where the
// trainer runs and with which kernels, memory (see the README). The
// prediction is mirrored as text into the aria-live element #digits-live
// so that screen readers announce it.
const inBrowser = true

// page remembers what was last published, to touch the DOM only on change.
type page struct {
	api, live js.Value
	hidden    bool
	published struct {
		dataReady, training bool
		epoch               int
		testAcc             float64
		session, prediction app.Rev // the revisions last published
		views               app.Rev
		settings            app.Rev // the panel's, last written to the hash
		hash                string  // the URL's fragment, last read or written
		notice              app.Rev // the notice's, last published
		noticeSet           bool
	}
	funcs       []js.Func
	clear       bool
	hashChanged bool // the URL's hash changed since the last Update
}

var pg page

func pageInit(g *Game) {
	w := js.Global()
	api := w.Get("digits")
	if api.IsUndefined() || api.IsNull() {
		api = js.Global().Get("Object").New()
		w.Set("digits", api)
	}
	pg.api = api
	pg.live = w.Get("document").Call("getElementById", "digits-live")
	pg.published.testAcc, pg.published.epoch = -2, -1
	api.Set("ready", false)
	api.Set("dataReady", false)
	api.Set("training", false)
	api.Set("epoch", 0)
	api.Set("testAccuracy", js.Null())
	api.Set("prediction", predictionValue(&g.pred))
	fn := func(name string, f func(args []js.Value) any) {
		jf := js.FuncOf(func(_ js.Value, args []js.Value) any { return f(args) })
		pg.funcs = append(pg.funcs, jf)
		api.Set(name, jf)
	}
	// train(epochs): with a number, train until that many epochs are
	// complete, then pause; without one, until paused.
	fn("train", func(args []js.Value) any {
		n := 0
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			n = args[0].Int()
		}
		g.s.TrainEpochs(n)
		publishSession(g)
		return nil
	})
	fn("pause", func([]js.Value) any { g.s.Pause(); publishSession(g); return nil })
	fn("reset", func([]js.Value) any { g.s.Reset(); publishSession(g); return nil })
	fn("clear", func([]js.Value) any { pg.clear = true; return nil })
	fn("padRect", func([]js.Value) any { return padRect(g) })
	fn("stats", func([]js.Value) any { return stats(g) })
	fn("resetStats", func([]js.Value) any { g.frames = frameStats{}; return nil })
	pageInitViews(g, fn)
	pageInitFiles(g, fn)
}

// stats is window.digits.stats(): figures for measurements.
func stats(g *Game) js.Value {
	f := g.frames
	st := g.s.Status()
	net := g.s.Network()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	o := js.Global().Get("Object").New()
	o.Set("fps", f.fps)
	o.Set("frames", f.count)
	o.Set("maxGapMs", ms(f.maxGap))
	o.Set("redraws", f.redraws)
	o.Set("drawMs", ms(f.drawTime))
	o.Set("maxReportMs", ms(f.maxReport))
	o.Set("imagesPerSecond", st.Rate)
	o.Set("trainedImages", float64(st.Seen))
	o.Set("network", app.ModelName(net))
	o.Set("checksum", fmt.Sprintf("%016x", net.Checksum()))
	o.Set("pretrained", st.Pretrained)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	o.Set("gcCount", m.NumGC)
	o.Set("gcPauseMs", float64(m.PauseTotalNs)/1e6)
	o.Set("heapMB", float64(m.HeapAlloc)/1e6)
	o.Set("kernel", core.KernelName())
	if mem := js.Global().Get("digitsPageMemory"); mem.Type() == js.TypeFunction {
		o.Set("wasmMB", mem.Invoke().Float()/1e6)
	}
	if pm := js.Global().Get("performance").Get("memory"); pm.Type() == js.TypeObject {
		o.Set("jsHeapMB", pm.Get("usedJSHeapSize").Float()/1e6)
	}
	if r := js.Global().Get("performance").Call("getEntriesByName", "digits:ready"); r.Length() > 0 {
		o.Set("readyMs", r.Index(0).Get("startTime").Float())
	}
	t := st.Trainer
	o.Set("trainer", t.Where)
	o.Set("trainerKernel", t.Kernel)
	o.Set("trainerNote", t.Note)
	o.Set("trainerError", "")
	if t.Err != nil {
		o.Set("trainerError", t.Err.Error())
	}
	o.Set("commandMs", ms(st.Latency.Last))
	o.Set("maxCommandMs", ms(st.Latency.Max))
	o.Set("trainerHeapMB", float64(t.Heap)/1e6)
	o.Set("trainerWasmMB", float64(t.Memory)/1e6)
	return o
}

// padRect is the pad's rectangle in CSS pixels of the page.
func padRect(g *Game) any { return cssRect(g, g.lay.Pad) }

// pagePoll applies what the page asked for and notices a hidden tab.
func pagePoll(g *Game) {
	if pg.clear {
		pg.clear = false
		g.ink.Clear()
	}
	h := js.Global().Get("document").Get("hidden").Truthy()
	if h != pg.hidden {
		pg.hidden = h
		g.s.SetTabHidden(h)
	}
	pollHash(g)
}

// pagePublish updates window.digits where something changed.
func pagePublish(g *Game) {
	p := &pg.published
	if r := g.s.Rev(); r != p.session {
		p.session = r
		publishSession(g)
	}
	publishViews(g)
	publishNotice(g)
	if r := g.pred.Rev(); r != p.prediction {
		p.prediction = r
		pg.api.Set("prediction", predictionValue(&g.pred))
		if !pg.live.IsNull() && !pg.live.IsUndefined() {
			msg := "The pad is empty."
			if d := g.pred.Digit(); d >= 0 {
				msg = fmt.Sprintf("Prediction: %d, %.0f percent sure.", d, 100*g.pred.Probs()[d])
			}
			if pg.live.Get("textContent").String() != msg {
				pg.live.Set("textContent", msg)
			}
		}
	}
}

func publishSession(g *Game) {
	p := &pg.published
	st := g.s.Status()
	if st.DataReady != p.dataReady {
		p.dataReady = st.DataReady
		pg.api.Set("dataReady", st.DataReady)
	}
	training := st.Phase == app.Training && !st.TabHidden
	if training != p.training {
		p.training = training
		pg.api.Set("training", training)
	}
	if st.Epoch != p.epoch {
		p.epoch = st.Epoch
		pg.api.Set("epoch", st.Epoch)
	}
	acc := st.TestAcc
	if st.Pretrained {
		acc = -1 // testAccuracy is about the network being trained
	}
	if acc != p.testAcc {
		p.testAcc = acc
		if acc < 0 {
			pg.api.Set("testAccuracy", js.Null())
		} else {
			pg.api.Set("testAccuracy", acc)
		}
	}
}

func predictionValue(p *app.Prediction) js.Value {
	o := js.Global().Get("Object").New()
	probs := js.Global().Get("Array").New()
	if p.Digit() < 0 {
		o.Set("digit", js.Null())
	} else {
		o.Set("digit", p.Digit())
		for _, v := range p.Probs() {
			probs.Call("push", float64(v))
		}
	}
	o.Set("probabilities", probs)
	return o
}

// pageReady tells the page that the pad is on screen: window.digits.ready,
// and the loader's digitsLoaded, which takes the loading screen away.
func pageReady(*Game) {
	pg.api.Set("ready", true)
	if f := js.Global().Get("digitsLoaded"); f.Type() == js.TypeFunction {
		f.Invoke()
	}
}

// pageMark puts a mark on the page's performance timeline.
func pageMark(name string) { js.Global().Get("performance").Call("mark", "digits:"+name) }
