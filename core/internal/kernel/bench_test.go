package kernel

import (
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"digits/data"
)

// Benchmarks of the kernels, as they run here (AVX-512 natively, the
// WebAssembly module under Node) and as portable Go ("Go" in the name, or
// the "go" sub-benchmarks). GFLOP/s counts a multiply and an add per term.
//
//	go test ./core/internal/kernel -run '^$' -bench . -cpu 1
//	GOOS=js GOARCH=wasm go test ./core/internal/kernel -run '^$' -bench . -exec "$PWD/web/node/go_js_wasm_exec"

// gflops reports flops per call as GFLOP/s.
func gflops(b *testing.B, flops int) {
	b.ReportMetric(float64(flops)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// benchSpAxpy runs the shape of the first layer's forward pass: a row of
// width n (the hidden layer) for each of 150 non-zero pixels.
func benchSpAxpy(b *testing.B, n int, fast bool) {
	defer SetAccelerated(SetAccelerated(fast))
	if fast && !hasFast {
		b.Skip("no faster kernel on this machine")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	y, w := randomFloats(rng, n), randomFloats(rng, 784*n)
	var idx []int32
	var val []float32
	for range 150 {
		idx, val = append(idx, int32(rng.IntN(784))), append(val, rng.Float32())
	}
	b.SetBytes(int64(4 * n * len(idx)))
	for b.Loop() {
		SpAxpy(y, w, n, idx, val)
	}
	gflops(b, 2*n*len(idx))
}

func BenchmarkSpAxpy300(b *testing.B)   { benchSpAxpy(b, 300, true) }
func BenchmarkSpAxpy300Go(b *testing.B) { benchSpAxpy(b, 300, false) }
func BenchmarkSpAxpy100(b *testing.B)   { benchSpAxpy(b, 100, true) }
func BenchmarkSpAxpy100Go(b *testing.B) { benchSpAxpy(b, 100, false) }
func BenchmarkSpAxpy32(b *testing.B)    { benchSpAxpy(b, 32, true) }
func BenchmarkSpAxpy32Go(b *testing.B)  { benchSpAxpy(b, 32, false) }
func BenchmarkSpAxpy10(b *testing.B)    { benchSpAxpy(b, 10, true) }
func BenchmarkSpAxpy10Go(b *testing.B)  { benchSpAxpy(b, 10, false) }

// BenchmarkScatterAxpy runs the shape of the last layer's weight
// gradient: a row of 10 (the output's dZ of one sample) added to the
// rows of its 50 non-zero inputs.
func BenchmarkScatterAxpy(b *testing.B) {
	versionsBench(b, func(b *testing.B) {
		rng := rand.New(rand.NewPCG(7, 8))
		const n, rows = 10, 100
		x, y := randomFloats(rng, n), randomFloats(rng, rows*n)
		var idx []int32
		var val []float32
		for k := range rows {
			if k%2 == 0 {
				idx, val = append(idx, int32(k)), append(val, rng.Float32())
			}
		}
		for b.Loop() {
			ScatterAxpy(y, n, idx, val, x)
		}
		gflops(b, 2*n*len(idx))
	})
}

// BenchmarkAxpy runs one row of 300 (a row of the weights' update) and of
// 10, where the call itself costs more than the work: in WebAssembly a
// call crosses JavaScript.
func BenchmarkAxpy(b *testing.B) {
	for _, n := range []int{10, 300} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			versionsBench(b, func(b *testing.B) {
				rng := rand.New(rand.NewPCG(9, 10))
				x, y := randomFloats(rng, n), randomFloats(rng, n)
				for b.Loop() {
					Axpy(0.5, x, y)
				}
				gflops(b, 2*n)
			})
		})
	}
}

// versionsBench runs f with the faster kernels (if any) and with the
// portable Go ones, as sub-benchmarks named after them.
func versionsBench(b *testing.B, f func(b *testing.B)) {
	for _, fast := range []bool{true, false} {
		was := SetAccelerated(fast)
		b.Run(Name(), f)
		SetAccelerated(was)
		if !hasFast {
			break
		}
	}
}

// mnistBytes returns the first m images of MNIST's test set, 784 bytes
// each.
func mnistBytes(b *testing.B, m int) []byte {
	f, err := data.TestFS.Open("t10k-images-idx3-ubyte.gz")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	raw := make([]byte, 16+m*784) // the IDX header, then the pixels
	if _, err := io.ReadFull(z, raw); err != nil {
		b.Fatal(err)
	}
	return raw[16:]
}

// mnistPixels returns the first m images of MNIST's test set as rows of
// 784 floats in [0, 1]: the first layer's real inputs, 81% zeros.
func mnistPixels(b *testing.B, m int) []float32 {
	px := make([]float32, m*784)
	for j, p := range mnistBytes(b, m) {
		px[j] = float32(p) / 255
	}
	return px
}

// reluLike returns n activations of which about half are zero, as after
// ReLU in the hidden layers.
func reluLike(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for j := range v {
		if rng.IntN(2) == 0 {
			v[j] = rng.Float32()
		}
	}
	return v
}

// BenchmarkLayers runs the three products of every layer of
// 784-300-100-10 on a block of 64 or 128 samples (see Gemm), dense through
// Gemm and sparse as the fast path did before Gemm: SpAxpy per sample over
// its non-zero inputs (forward) or non-zero dZ (backprop), and the weight
// gradient by rows over the samples where the input is not zero (SpAxpy,
// or ScatterAxpy per sample for outputs of 64 or fewer). The inputs are
// MNIST's pixels and ReLU-like activations; the lists of non-zero entries
// are built before timing. GFLOP/s counts the dense product's 2·m·n·k
// flops for both, so the faster way has the higher figure.
func BenchmarkLayers(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, m := range []int{64, 128} {
		pixels := mnistPixels(b, m)
		for _, l := range [][2]int{{784, 300}, {300, 100}, {100, 10}} {
			in, out := l[0], l[1]
			act := pixels
			if in != 784 {
				act = reluLike(rng, m*in)
			}
			dz := reluLike(rng, m*out) // dZ ⊙ [A > 0] of a hidden layer
			if out == 10 {
				dz = randomFloats(rng, m*out) // softmax - onehot: no zeros
			}
			w, wT := randomFloats(rng, out*in), randomFloats(rng, in*out)
			z, da, gT := make([]float32, m*out), make([]float32, m*in), make([]float32, in*out)
			name := fmt.Sprintf("batch%d/%dx%d", m, in, out)
			flops := 2 * m * in * out

			b.Run(name+"/forward/gemm", func(b *testing.B) {
				versionsBench(b, func(b *testing.B) {
					for b.Loop() {
						Gemm(m, out, in, act, in, 1, wT, out, z, out)
					}
					gflops(b, flops)
				})
			})
			rowsA := sparseRows(act, m, in)
			b.Run(name+"/forward/spaxpy", func(b *testing.B) {
				versionsBench(b, func(b *testing.B) {
					for b.Loop() {
						for i := range m {
							SpAxpy(z[i*out:(i+1)*out], wT, out, rowsA.idx[i], rowsA.val[i])
						}
					}
					gflops(b, flops)
				})
			})
			if in != 784 { // nobody needs the gradient with respect to the pixels
				b.Run(name+"/backprop/gemm", func(b *testing.B) {
					versionsBench(b, func(b *testing.B) {
						for b.Loop() {
							Gemm(m, in, out, dz, out, 1, w, in, da, in)
						}
						gflops(b, flops)
					})
				})
				rowsDZ := sparseRows(dz, m, out)
				b.Run(name+"/backprop/spaxpy", func(b *testing.B) {
					versionsBench(b, func(b *testing.B) {
						for b.Loop() {
							for i := range m {
								SpAxpy(da[i*in:(i+1)*in], w, in, rowsDZ.idx[i], rowsDZ.val[i])
							}
						}
						gflops(b, flops)
					})
				})
			}
			b.Run(name+"/gradient/gemm", func(b *testing.B) {
				versionsBench(b, func(b *testing.B) {
					for b.Loop() {
						Gemm(in, out, m, act, 1, in, dz, out, gT, out)
					}
					gflops(b, flops)
				})
			})
			cols := sparseRows(transpose(act, m, in), in, m)
			b.Run(name+"/gradient/spaxpy", func(b *testing.B) {
				versionsBench(b, func(b *testing.B) {
					for b.Loop() {
						if out <= 64 {
							for i := range m {
								ScatterAxpy(gT, out, rowsA.idx[i], rowsA.val[i], dz[i*out:(i+1)*out])
							}
							continue
						}
						for k := range in {
							SpAxpy(gT[k*out:(k+1)*out], dz, out, cols.idx[k], cols.val[k])
						}
					}
					gflops(b, flops)
				})
			})
		}
	}
}

// lists holds, for each row of a matrix, the columns and values of its
// non-zero entries.
type lists struct {
	idx [][]int32
	val [][]float32
}

func sparseRows(a []float32, rows, cols int) lists {
	var l lists
	for i := range rows {
		var idx []int32
		var val []float32
		for k, v := range a[i*cols : (i+1)*cols] {
			if v != 0 {
				idx, val = append(idx, int32(k)), append(val, v)
			}
		}
		l.idx, l.val = append(l.idx, idx), append(l.val, val)
	}
	return l
}

func transpose(a []float32, rows, cols int) []float32 {
	t := make([]float32, len(a))
	for i := range rows {
		for k := range cols {
			t[k*rows+i] = a[i*cols+k]
		}
	}
	return t
}

// BenchmarkNonZeros lists the non-zero entries of the shape of LeNet-5's
// first convolution's error: 784 values, about one in eight not zero.
func BenchmarkNonZeros(b *testing.B) {
	versionsBench(b, func(b *testing.B) {
		rng := rand.New(rand.NewPCG(13, 14))
		v := sparseFloats(rng, 784, 8)
		off := make([]int32, len(v))
		for q := range off {
			off[q] = int32(q/28*32 + q%28)
		}
		idx, val := make([]int32, len(v)), make([]float32, len(v))
		for b.Loop() {
			NonZeros(idx, val, v, off, 0)
		}
		b.ReportMetric(float64(len(v))*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gvalues/s")
	})
}

// BenchmarkPixelNonZeros lists the non-blank pixels of MNIST's 10,000 test
// images, one after the other: "one" reads the same image again and again
// (from the CPU's first cache), "stream" walks through all of them.
func BenchmarkPixelNonZeros(b *testing.B) {
	img := mnistBytes(b, 10000)
	idx, val := make([]int32, 784), make([]float32, 784)
	versionsBench(b, func(b *testing.B) {
		b.Run("one", func(b *testing.B) {
			for b.Loop() {
				PixelNonZeros(idx, val, img[:784])
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
		})
		b.Run("stream", func(b *testing.B) {
			i := 0
			for b.Loop() {
				PixelNonZeros(idx, val, img[i*784:(i+1)*784])
				i = (i + 1) % 10000
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
		})
	})
}

// BenchmarkActivations applies ReLU and its derivative to the first
// hidden layer of a mini-batch of 64 for 784-300-100-10: 64·300 values.
// Relu runs on the same values again and again: it has no branch, so
// their signs do not change its time.
func BenchmarkActivations(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 16))
	z, da := randomFloats(rng, 64*300), randomFloats(rng, 64*300)
	a := sparseFloats(rng, len(da), 2)
	versionsBench(b, func(b *testing.B) {
		b.Run("relu", func(b *testing.B) {
			for b.Loop() {
				Relu(z)
			}
			b.ReportMetric(float64(len(z))*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gvalues/s")
		})
		b.Run("maskpositive", func(b *testing.B) {
			for b.Loop() {
				MaskPositive(da, a)
			}
			b.ReportMetric(float64(len(da))*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gvalues/s")
		})
	})
}

// BenchmarkAddPatches adds the errors of LeNet-5's second convolution to
// its padded input's error: 100 patches of 6·5 rows of 5 floats, each
// overlapping its neighbours.
func BenchmarkAddPatches(b *testing.B) {
	versionsBench(b, func(b *testing.B) {
		rng := rand.New(rand.NewPCG(15, 16))
		var base, off []int32
		for p := range 100 {
			base = append(base, int32(p/10*14+p%10))
		}
		for r := range 30 {
			off = append(off, int32(r/5*196+r%5*14))
		}
		x, y := randomFloats(rng, 100*30*5), make([]float32, 6*196+4)
		for b.Loop() {
			AddPatches(y, base, off, 5, x)
		}
		b.ReportMetric(float64(len(x))*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gadds/s")
	})
}

// BenchmarkGatherPatches copies the shifted inputs of LeNet-5's second
// convolution (im2col): 150 taps of 10 rows of 10 floats.
func BenchmarkGatherPatches(b *testing.B) {
	versionsBench(b, func(b *testing.B) {
		rng := rand.New(rand.NewPCG(17, 18))
		var base, off []int32
		for t := range 150 {
			base = append(base, int32(t/25*196+t%25/5*14+t%5))
		}
		for y := range 10 {
			off = append(off, int32(y*14))
		}
		src, dst := randomFloats(rng, 6*196+4), make([]float32, 150*100)
		for b.Loop() {
			GatherPatches(dst, src, base, off, 10)
		}
		b.ReportMetric(float64(len(dst))*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gfloats/s")
	})
}
