package main

import (
	"digits/assets"
	"digits/core"
)

// defaultModel is the pretrained network from assets/, embedded in the
// program: the pad reads digits with it from the first frame, before any
// training data is decoded.
func defaultModel() (*core.Network, error) { return assets.DefaultModel() }
