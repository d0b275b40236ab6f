package main

import (
	"digits/assets"
	"digits/core"
)

// defaultModel is the pretrained network from assets/, embedded in the
// program: the pad reads digits with it from the first frame, before the
// trainer has even started.
func defaultModel() (*core.Network, error) { return assets.DefaultModel() }

// defaultModelFile is its model file, which the trainer measures on the
// test digits.
func defaultModelFile() []byte { return assets.DefaultModelBytes() }
