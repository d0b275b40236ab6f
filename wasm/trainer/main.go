// Command trainer is the page's second WebAssembly program: it trains and
// evaluates networks for the digits app (wasm/) in a dedicated Web Worker,
// so that the page's thread only draws, reads input and predicts, and
// never waits. It holds the training data (data.FS) that the app does not
// carry, and speaks the protocol of package digits/wasm/protocol with the
// app: commands in, reports out, weight snapshots included
// (digits/wasm/app.Serve does the work).
//
// The page's loader starts it (web/src/trainer.js and worker.js); when a
// browser refuses a Web Worker, it runs on the page's thread instead, a
// slice per animation frame, and says so. make wasm builds it:
//
//	GOOS=js GOARCH=wasm go build -o web/trainer.wasm ./wasm/trainer
//
// The desktop app runs the same code on a goroutine (app.StartLocal), so
// this program exists only for the browser; built natively it says so.
package main

func main() { serve() }
