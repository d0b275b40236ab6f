// Package assets embeds the pretrained default model, so that the
// classify command and the app can read drawn digits at once, before any
// training and without touching the disk.
//
// default.model is made by the project's own command, with a fixed seed:
//
//	make model    # go run ./cmd/makemodel (see its package comment)
//
// Its format is core's model file format (core.WriteModel).
package assets

import (
	"bytes"
	_ "embed"
	"fmt"

	"digits/core"
)

//go:embed default.model
var defaultModel []byte

// DefaultModelBytes returns the model file as embedded (do not modify it).
func DefaultModelBytes() []byte { return defaultModel }

// DefaultModel decodes the embedded default model, a fully connected
// network. Each call returns a fresh network, which the caller may train
// further.
func DefaultModel() (*core.Network, error) {
	m, err := core.ReadModel(bytes.NewReader(defaultModel))
	if err != nil {
		return nil, fmt.Errorf("embedded default model: %w", err)
	}
	n, ok := m.(*core.Network)
	if !ok {
		return nil, fmt.Errorf("embedded default model is %s, not a fully connected network", m)
	}
	return n, nil
}
