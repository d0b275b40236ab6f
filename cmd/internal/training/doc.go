// Package training is what the trainer commands (train, one-hidden-layer,
// samson, makemodel) share: the numpy scripts' flags (TrainFlags), the
// training loop with its progress bar or log lines, the --plot picture of
// the curves, the --confusion table, and model saving. Their command line
// follows package cli's convention.
package training
