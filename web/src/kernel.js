// kernel.js supplies the "kernel" imports of the Go program (the functions
// that core/internal/kernel/kernel_js.go declares with //go:wasmimport)
// from a small WebAssembly module of their own: SIMD128 where the engine
// has it, else the scalar module with the same functions and the same
// bits. Every host of the Go program loads this one file: the page's
// loader (served and from disk), the runner of go test under Node
// (web/node) and a Web Worker.
//
//	const kernel = digitsKernel.prepare(go, { simd128: bytes, scalar: bytes });
//	const { instance } = await WebAssembly.instantiate(goModule, go.importObject);
//	await kernel.start(instance);
//	go.run(instance);
//
// prepare adds the import functions to go.importObject: a host that leaves
// them out gets a LinkError when the Go module is instantiated. The kernel
// module imports Go's memory, which exists only once Go's instance does,
// so start instantiates it between the two, before any Go code runs. Each
// import function forwards to the kernel's export: one JavaScript call per
// kernel call, tens of nanoseconds, which is why the Go side hands over
// whole lists of rows at a time.
(function (root) {
  "use strict";

  // prepare(go, modules, options): modules.simd128 and modules.scalar are
  // the bytes of core/internal/kernel/wasm/*.wasm; options.force =
  // "scalar" runs the scalar module even where SIMD128 works (for tests).
  // It returns { name, start(goInstance) }.
  function prepare(go, modules, options) {
    const simd = (!options || options.force !== "scalar") && WebAssembly.validate(modules.simd128);
    const compiled = WebAssembly.compile(simd ? modules.simd128 : modules.scalar);
    let k = null; // the kernel's exports, once started
    go.importObject.kernel = {
      kind: () => k.kind(),
      axpy: (a, x, y, n) => k.axpy(a, x, y, n),
      spaxpy: (y, n, w, stride, idx, cnt, val) => k.spaxpy(y, n, w, stride, idx, cnt, val),
      spstep: (y, a, n, w, stride, idx, cnt, val) => k.spstep(y, a, n, w, stride, idx, cnt, val),
      scatteraxpy: (y, stride, idx, cnt, val, x, n) => k.scatteraxpy(y, stride, idx, cnt, val, x, n),
      gemm: (m, n, kk, a, ars, acs, b, ldb, c, ldc) => k.gemm(m, n, kk, a, ars, acs, b, ldb, c, ldc),
      nonzeros: (idx, val, v, n, off, base) => k.nonzeros(idx, val, v, n, off, base),
      addpatches: (y, base, cnt, off, rows, n, x) => k.addpatches(y, base, cnt, off, rows, n, x),
      columns: (count, rows, vals, stride, i, idx, cnt, val) => k.columns(count, rows, vals, stride, i, idx, cnt, val),
      maxpool2: (z, arg, a, planes, h, w, relu) => k.maxpool2(z, arg, a, planes, h, w, relu),
      gatherpatches: (dst, src, base, cnt, off, rows, n) => k.gatherpatches(dst, src, base, cnt, off, rows, n),
      pixelnonzeros: (idx, val, img, n) => k.pixelnonzeros(idx, val, img, n),
      relu: (z, n) => k.relu(z, n),
      maskpositive: (da, a, n) => k.maskpositive(da, a, n),
    };
    return {
      name: simd ? "wasm-simd128" : "wasm-scalar",
      async start(goInstance) {
        const inst = await WebAssembly.instantiate(await compiled, { env: { mem: goInstance.exports.mem } });
        k = inst.exports;
      },
    };
  }

  root.digitsKernel = { prepare };
})(globalThis);
