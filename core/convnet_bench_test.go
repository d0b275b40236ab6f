package core

import (
	"testing"

	"digits/core/internal/kernel"
)

// benchLeNet5 trains LeNet-5 one epoch per iteration on the first n
// training images.
func benchLeNet5(b *testing.B, n, batch int, opts ...TrainerOption) {
	train, _ := fastMNIST(b)
	d := train.Subset(n)
	net := newTestLeNet5(b, 1)
	tr, err := NewTrainer(net, d, 0.05, batch, 1, opts...)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := tr.RunEpoch(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.N)*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkLeNet5Epoch: one epoch of LeNet-5 on the 60,000 training
// images, mini-batches of 64, the fast engine on all CPUs.
func BenchmarkLeNet5Epoch(b *testing.B) { benchLeNet5(b, 60000, 64) }

// BenchmarkLeNet5GoKernel is the same on 12,800 images with the portable
// Go kernels, as WebAssembly runs them.
func BenchmarkLeNet5GoKernel(b *testing.B) {
	defer kernel.SetAccelerated(kernel.SetAccelerated(false))
	benchLeNet5(b, 12800, 64)
}

// BenchmarkLeNet5Reference is the readable loops (WithReference) on 1,280
// images.
func BenchmarkLeNet5Reference(b *testing.B) { benchLeNet5(b, 1280, 64, WithReference()) }

// BenchmarkLeNet5Evaluate: the 10,000 test images through LeNet-5.
func BenchmarkLeNet5Evaluate(b *testing.B) {
	_, test := fastMNIST(b)
	net := newTestLeNet5(b, 1)
	for b.Loop() {
		net.Evaluate(test)
	}
	b.ReportMetric(float64(test.N)*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}
