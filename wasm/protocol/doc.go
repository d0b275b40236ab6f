// Package protocol is what the digits page and its trainer say to each
// other. The ebiten app on the page's thread draws, reads input and
// predicts; a second program trains and evaluates: in the browser a Go
// WebAssembly program in a Web Worker (wasm/trainer), on the desktop a
// goroutine. The app sends commands (Settings, Train, Pause, Reset,
// Evaluate); the trainer answers with reports (Hello, Loading, Progress
// with the curves' points, EpochEnd, TestResult, Weights, Stopped,
// Failed).
//
// Every message is encoded into bytes by Encode and read back by Decode:
// in the browser the bytes cross postMessage as a transferred ArrayBuffer,
// on the desktop a channel, so both take one code path. Weight snapshots
// carry the network's numbers as they lie in memory (weights.go), cheaper
// to take in on the page's thread than a model file.
//
// The encoding, all numbers little-endian:
//
//	byte 0    Version
//	byte 1    Kind
//	then the message's fields in the order they are declared:
//	  bool              1 byte, 0 or 1
//	  uint32, int32     4 bytes
//	  int, int64, uint64  8 bytes (int as int64)
//	  float32, float64  4 or 8 bytes, the IEEE 754 bits (NaN and ±Inf too)
//	  string, []byte    uint32 length, then the bytes
//	  slices            uint32 count, then the items
//
// Decode checks everything: version, kind, every length against the bytes
// left, bools, and that nothing follows the last field. A message that
// decodes re-encodes to the same bytes.
package protocol
