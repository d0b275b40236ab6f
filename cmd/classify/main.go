// Command classify reads pictures of handwritten digits and says which
// digit each one shows.
//
// Usage:
//
//	go run ./cmd/classify [flags] IMAGE...
//	go run ./cmd/classify my-digit.png photo.jpg
//	go run ./cmd/classify --top 3 --model my.model scan.gif
//
// Flags (one dash or two, before the pictures):
//
//	--model FILE    the model to use (default: the pretrained model built in)
//	--top N         list the N most likely digits for each picture, 1 to 10 (default 1)
//
// Pictures may be PNG, JPEG or GIF, of any size, dark ink on light paper
// or light on dark, in colour, or drawn on a transparent background; they
// are prepared the way MNIST was made (draw.Preprocess) before the
// network sees them.
//
// One line per picture on standard output, fields separated by tabs:
//
//	IMAGE  DIGIT  PROBABILITY        e.g. "seven.png	7	0.9981"
//
// the probability (0 to 1, four decimals) being the network's confidence
// in that digit. With --top N the line goes on with the next N-1 guesses,
// DIGIT and PROBABILITY each. A picture with no ink prints
// "IMAGE	none	0.0000". A file that cannot be read or is not a picture
// gets a message on standard error naming it and why; the other pictures
// are still classified, and the exit status is 1.
//
// Without --model the pretrained default model embedded from assets/ is
// used; --model reads a model file written by core.WriteModel (as
// cmd/makemodel and cmd/train --save write them).
//
// Exit status: 0 all pictures classified, 1 some could not be read (or
// the model could not be loaded), 2 bad command line.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // register the decoders image.Decode uses
	_ "image/jpeg"
	_ "image/png"
	"io"
	"os"
	"sort"

	"digits/assets"
	"digits/cmd/internal/cli"
	"digits/core"
	"digits/core/draw"
)

// maxPixels bounds the pictures classify decodes: a file's header can
// claim any size, and decoding allocates what it claims. 200 megapixels
// is four times a large phone photo.
const maxPixels = 200_000_000

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, testable: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand("classify", "IMAGE...")
	var modelPath string
	var top int
	cmd.StringVar(&modelPath, "model", "", "model `FILE` (default: the pretrained model built in)")
	cmd.IntVar(&top, "top", 1, "list the `N` most likely digits for each picture, 1 to 10")
	err := cmd.Parse(args)
	switch {
	case err != nil:
	case top < 1 || top > 10:
		err = cli.Usagef("--top %d: want 1 to 10", top)
	case cmd.Flags.NArg() == 0:
		err = cli.Usagef("no pictures given: name one or more PNG, JPEG or GIF files")
	}
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	net, err := loadModel(modelPath)
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	status := 0
	for _, name := range cmd.Flags.Args() {
		line, err := classify(net, name, top)
		if err != nil {
			fmt.Fprintf(stderr, "classify: %s: %v\n", name, err)
			status = 1
			continue
		}
		fmt.Fprintln(stdout, line)
	}
	return status
}

// loadModel reads the model file at path, or the default model if path
// is empty, and checks it takes 28×28 pictures and tells ten digits.
func loadModel(path string) (*core.Network, error) {
	if path == "" {
		return assets.DefaultModel()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	defer f.Close()
	net, err := core.ReadModel(f)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", path, err)
	}
	if net.Inputs() != draw.InputSide*draw.InputSide || net.Outputs() != 10 {
		return nil, fmt.Errorf("model %s is a %s network; classify needs %d inputs (28×28) and 10 outputs", path, net, draw.InputSide*draw.InputSide)
	}
	return net, nil
}

// classify returns the output line for one picture file.
func classify(net *core.Network, name string, top int) (string, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return "", fmt.Errorf("not a PNG, JPEG or GIF picture (%v)", err)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return "", fmt.Errorf("%d×%d pixels is too large (at most %d megapixels)", cfg.Width, cfg.Height, maxPixels/1_000_000)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return "", fmt.Errorf("broken %s picture: %v", format, err)
	}
	x, err := draw.Preprocess(img)
	if errors.Is(err, draw.ErrNoDigit) {
		return name + "\tnone\t0.0000", nil
	}
	if err != nil {
		return "", err
	}
	_, probs := net.Predict(x)
	digits := make([]int, len(probs))
	for i := range digits {
		digits[i] = i
	}
	sort.SliceStable(digits, func(a, b int) bool { return probs[digits[a]] > probs[digits[b]] })
	line := name
	for _, d := range digits[:top] {
		line += fmt.Sprintf("\t%d\t%.4f", d, probs[d])
	}
	return line, nil
}
