// Package data embeds the four MNIST files so that every face of the
// project (the command-line trainers, the browser app, the desktop app)
// reads the same bytes without touching the disk or the network.
//
// The files are the originals, gzipped IDX, checked against SHA256SUMS.
// core.LoadMNIST(data.FS) decodes them.
package data

import "embed"

// FS holds train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz at its root.
//
//go:embed *.gz
var FS embed.FS

// TestFS holds only the 10,000-image test set. Programs that never train
// (a classifier, a page that only draws) embed this one and stay 10 MB
// smaller: the linker drops embedded variables nobody references.
//
//go:embed t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz
var TestFS embed.FS
