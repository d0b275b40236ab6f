package core

import (
	"fmt"
	"testing"

	"digits/core/internal/kernel"
)

// benchEpochs trains one epoch per iteration on the 60,000 training images.
func benchEpochs(b *testing.B, sizes []int, batch int, reference, accel bool) {
	train, _ := fastMNIST(b)
	net, err := NewInitialized(sizes, InitHe, 1)
	if err != nil {
		b.Fatal(err)
	}
	defer kernel.SetAccelerated(kernel.SetAccelerated(accel))
	var opts []TrainerOption
	if reference {
		opts = append(opts, WithReference())
	}
	tr, err := NewTrainer(net, train, 0.1, batch, 1, opts...)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := tr.RunEpoch(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(train.N)*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkEpoch: one epoch of full-batch gradient descent (one step over
// all 60,000 images) and of mini-batch SGD (batch 64), fast path.
func BenchmarkEpoch(b *testing.B) {
	for _, sizes := range [][]int{{784, 32, 16, 10}, {784, 300, 10}, {784, 300, 100, 10}} {
		for _, batch := range []int{0, 64} {
			b.Run(fmt.Sprintf("%s/batch=%d", SizesString(sizes), batch), func(b *testing.B) {
				benchEpochs(b, sizes, batch, false, true)
			})
		}
	}
}

// BenchmarkEpochGoKernel is the fast path with the portable Go kernel, as
// it runs in WebAssembly.
func BenchmarkEpochGoKernel(b *testing.B) {
	for _, batch := range []int{0, 64} {
		b.Run(fmt.Sprintf("784-300-100-10/batch=%d", batch), func(b *testing.B) {
			benchEpochs(b, []int{784, 300, 100, 10}, batch, false, false)
		})
	}
}

// BenchmarkEpochReference is the plain reference loops of backprop.go
// (WithReference).
func BenchmarkEpochReference(b *testing.B) {
	for _, batch := range []int{0, 64} {
		b.Run(fmt.Sprintf("784-32-16-10/batch=%d", batch), func(b *testing.B) {
			benchEpochs(b, []int{784, 32, 16, 10}, batch, true, true)
		})
	}
}

// BenchmarkEvaluate: the 10,000 test images through a 784-300-100-10
// network (the sparse forward pass of fast.go on all CPUs), and Forward,
// the reference, one image after the other.
func BenchmarkEvaluate(b *testing.B) {
	_, test := fastMNIST(b)
	net, _ := NewInitialized([]int{784, 300, 100, 10}, InitHe, 1)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			net.Evaluate(test)
		}
		b.ReportMetric(float64(test.N)*float64(b.N)/b.Elapsed().Seconds(), "images/s")
	})
	b.Run("reference", func(b *testing.B) {
		x := make([]float32, test.Size())
		for b.Loop() {
			for i := range test.N {
				test.Pixels(i, x)
				net.Forward(x)
			}
		}
		b.ReportMetric(float64(test.N)*float64(b.N)/b.Elapsed().Seconds(), "images/s")
	})
}

// BenchmarkMiniBatch is the workload cmd/bench compares between native
// and WebAssembly: one epoch of mini-batch SGD (batch 64, 200 steps) of a
// 784-300-100-10 network on the first 12,800 training images.
func BenchmarkMiniBatch(b *testing.B) {
	train, _ := fastMNIST(b)
	net, _ := NewInitialized([]int{784, 300, 100, 10}, InitHe, 1)
	tr, err := NewTrainer(net, train.Subset(12800), 0.1, 64, 1)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := tr.RunEpoch(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(12800*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkMiniBatchWork is BenchmarkMiniBatch driven the way a page
// drives training: Work with a budget of two batches (128 images) per
// call, so that the engine compares the network's weights with its copy
// at every call and writes them back after it.
func BenchmarkMiniBatchWork(b *testing.B) {
	train, _ := fastMNIST(b)
	net, _ := NewInitialized([]int{784, 300, 100, 10}, InitHe, 1)
	tr, err := NewTrainer(net, train.Subset(12800), 0.1, 64, 1)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for {
			done, err := tr.Work(128)
			if err != nil {
				b.Fatal(err)
			}
			if done {
				break
			}
		}
	}
	b.ReportMetric(12800*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}
