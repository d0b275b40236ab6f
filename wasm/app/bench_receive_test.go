package app

import (
	"bytes"
	"testing"

	"digits/core"
	"digits/wasm/protocol"
)

// What a weight snapshot of 784-300-100-10 costs the page's thread: the
// report decoded and the network made from it (Session.Receive), against
// reading the same network from a model file.
func BenchmarkReceiveWeights(b *testing.B) {
	net, _ := core.NewInitialized([]int{784, 300, 100, 10}, core.InitHe, 1)
	pre, _ := core.NewInitialized([]int{784, 10}, core.InitHe, 1)
	s := NewSession(pre, nil)
	s.phase, s.current = Training, 1
	msg := protocol.Encode(protocol.NewWeights(1, 0, 0, net))
	b.Run("snapshot", func(b *testing.B) {
		for b.Loop() {
			s.Receive(msg)
		}
		if s.Network().Checksum() != net.Checksum() {
			b.Fatal("the session does not use the snapshot's network")
		}
	})
	var file bytes.Buffer
	core.WriteModel(&file, net)
	b.Run("model file", func(b *testing.B) {
		for b.Loop() {
			core.ReadModel(bytes.NewReader(file.Bytes()))
		}
	})
}
