package main

import . "github.com/mmcloughlin/avo/reg"

// zmm returns the vector register Z<q>, q < 32.
func zmm(q int) VecPhysical { return Vector.Lookup(Index(q), S512).(VecPhysical) }

// mask returns the mask of vector q of a last pass, K1..K4 (K0 means
// "no mask" in an instruction and cannot be one).
func mask(q int) Physical { return Opmask.Lookup(Index(q+1), S64) }
