// Package app is everything of the digits app that can be computed without
// ebiten, so that it is tested natively and under Node; the ebiten program
// in wasm/ only draws it and feeds it input, and the trainer program in
// wasm/trainer only runs its Engine in a Web Worker.
//
// The app and its trainer are two sides of one protocol (package
// digits/wasm/protocol), whatever carries it: postMessage between the page
// and its worker, a channel on the desktop (local.go), or the test's own
// loopback. The screen is driven by data: each piece of state it shows has
// a revision (revision.go) that the code changing the state bumps, and
// the program draws anew only when one moved. The pieces:
//
//   - the session (session.go): the app's side of training, the training
//     panel's state machine, the commands it sends, and the state the
//     screen shows from the trainer's reports (Status, the Report in
//     report.go, Curves in curves.go);
//   - the engine (engine.go): the trainer's side, which holds the data,
//     trains the run (run.go: one network being trained and measured),
//     evaluates networks in parts (eval.go) and reports; Serve (serve.go)
//     drives it in slices, after decoding the data a slice at a time
//     (loader.go);
//   - the pad's ink (ink.go), the prediction made from it (prediction.go)
//     and the guesses for the sample digits (guesses.go);
//   - the settings (config.go) and the custom sizes field (field.go);
//   - where things go and what a click hits (layout.go), the words on the
//     screen (view.go) and chart axes (chart.go); LeCun's reference
//     figures are core's (core/lecun.go).
package app
