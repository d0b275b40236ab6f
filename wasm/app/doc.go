// Package app is everything of the digits app that can be computed without
// ebiten, so that it is tested natively and under Node; the ebiten program
// in wasm/ only draws it and feeds it input.
//
// The screen is driven by data: each piece of state it shows has a
// revision (revision.go) that the code changing the state bumps, and the
// program draws anew only when one moved. The pieces:
//
//   - the session (session.go): the training panel's state machine, the
//     scheduler that trains and evaluates in time slices, and the state
//     the screen shows of it (Status, Curves in curves.go);
//   - the run (run.go): one network being trained and measured, which
//     reports to the session through Progress; evaluations in slices
//     (eval.go); data decoded a slice at a time (loader.go);
//   - the pad's ink (ink.go), the prediction made from it (prediction.go)
//     and the guesses for the sample digits (guesses.go);
//   - the settings (config.go) and the custom sizes field (field.go);
//   - where things go and what a click hits (layout.go), the words on the
//     screen (view.go) and chart axes (chart.go); LeCun's reference
//     figures are core's (core/lecun.go).
package app
