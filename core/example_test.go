package core_test

import (
	"bytes"
	"fmt"
	"log"

	"digits/core"
	"digits/data"
)

// Train a small network on the first 10,000 MNIST training images for two
// epochs of mini-batch gradient descent, then measure it on 1,000 test
// images and read one of them.
func ExampleTrainer() {
	train, test, err := core.LoadMNIST(data.FS)
	if err != nil {
		log.Fatal(err)
	}
	train, test = train.Subset(10000), test.Subset(1000)

	// 784 pixels, 32 hidden ReLU neurons, 10 digits; He initialisation.
	net, err := core.NewInitialized([]int{784, 32, 10}, core.InitHe, 1)
	if err != nil {
		log.Fatal(err)
	}
	// Learning rate 0.1, batches of 32 images, shuffled with seed 1.
	trainer, err := core.NewTrainer(net, train, 0.1, 32, 1)
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		stats, err := trainer.RunEpoch()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("epoch %d: loss %.3f, training accuracy %.1f%%\n", stats.Epoch, stats.Loss, 100*stats.Accuracy)
	}
	fmt.Printf("test accuracy: %.1f%%\n", 100*net.Accuracy(test))

	x := make([]float32, test.Size())
	test.Pixels(0, x)
	digit, probs := net.Predict(x)
	fmt.Printf("test image 0 is a %d; the network reads %d (p = %.2f)\n", test.Labels[0], digit, probs[digit])
	// Output:
	// epoch 1: loss 0.580, training accuracy 83.4%
	// epoch 2: loss 0.310, training accuracy 91.1%
	// test accuracy: 89.5%
	// test image 0 is a 7; the network reads 7 (p = 0.99)
}

// Save a network to a model file and load it back: the same weights, bit
// for bit.
func ExampleWriteModel() {
	net, err := core.NewInitialized([]int{784, 16, 10}, core.InitHe, 7)
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer
	if err := core.WriteModel(&file, net); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d parameters, a %d-byte file\n", net, net.NumParams(), file.Len())

	loaded, err := core.ReadModel(&file)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("loaded:", loaded, "same weights:", loaded.Checksum() == net.Checksum())

	// A damaged file is refused with a message saying what is wrong.
	if _, err := core.ReadModel(bytes.NewReader([]byte("DIGITSNN\x01\x00"))); err != nil {
		fmt.Println("error:", err)
	}
	// Output:
	// 784-16-10: 12730 parameters, a 50972-byte file
	// loaded: 784-16-10 same weights: true
	// error: not a valid model file: truncated: the file ends in the version
}

// Train LeNet-5, the convolutional network, for one epoch on the first
// 3,000 MNIST training images and save it: the model file describes its
// layers (version 2), and reads back as the same network.
func ExampleNewLeNet5() {
	train, test, err := core.LoadMNIST(data.FS)
	if err != nil {
		log.Fatal(err)
	}
	net, err := core.NewLeNet5(core.InitHe, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(net)
	fmt.Println(net.NumParams(), "parameters")

	// The same trainer as for the fully connected networks.
	trainer, err := core.NewTrainer(net, train.Subset(3000), 0.05, 16, 1)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := trainer.RunEpoch(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("test accuracy after one epoch on 3,000 images: %.1f%%\n", 100*net.Accuracy(test.Subset(1000)))

	var file bytes.Buffer
	if err := core.WriteModel(&file, net); err != nil {
		log.Fatal(err)
	}
	loaded, err := core.ReadModel(&file)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("loaded the same network:", loaded.Checksum() == net.Checksum())
	// Output:
	// 1×28×28 | conv 6@5×5 pad 2 | relu | maxpool 2 | conv 16@5×5 | relu | maxpool 2 | fc 120 | relu | fc 84 | relu | fc 10
	// 61706 parameters
	// test accuracy after one epoch on 3,000 images: 90.6%
	// loaded the same network: true
}
