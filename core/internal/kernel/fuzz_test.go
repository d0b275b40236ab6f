package kernel

import (
	"math/rand/v2"
	"testing"
)

// FuzzKernels checks every kernel against its definition on shapes and
// offsets the fuzzer picks: lengths from 0, starts at any float (so any
// alignment), any number of rows.
//
//	go test ./core/internal/kernel -run '^$' -fuzz FuzzKernels -fuzztime 1m
func FuzzKernels(f *testing.F) {
	f.Add(uint64(1), uint16(300), uint8(40), uint8(64), uint8(17))
	f.Add(uint64(2), uint16(3), uint8(1), uint8(5), uint8(1))
	f.Add(uint64(3), uint16(17), uint8(0), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, seed uint64, n uint16, count, m, k uint8) {
		rng := rand.New(rand.NewPCG(seed, 11))
		length := int(n) % 1100
		versions(t, func(t *testing.T) {
			newSparseCase(rng, length, int(count)).check(t)
			newGemmCase(rng, int(m), length%200, int(k), seed&1 == 1).check(t)
			checkNonZeros(t, rng, length, 1+int(count)%9)
			checkPixelNonZeros(t, rng, length, 1+int(count)%9)
			checkActivations(t, rng, length)
			checkAddPatches(t, rng, int(m)%8, 1+int(k)%8, length%20)
			checkGatherPatches(t, rng, int(m)%8, 1+int(k)%8, length%20)
			checkMaxPool2(t, rng, int(m)%4, int(k)%12, length%40, seed&2 == 2, seed&4 == 4)
			checkColumns(t, rng, int(m)%70, length%800, 1+int(count)%9)
		})
	})
}
