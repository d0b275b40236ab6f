// The loader: checks that the browser can run the app, shows progress
// while the WebAssembly module arrives, then starts Go; once the pad is
// on screen it starts the trainer (trainer.js). DIGITS_MODE is "inline"
// (the modules are gzipped and base64-encoded at the end of this page, so
// opening the file from disk works, where fetch() is refused) or "fetch"
// (served over http: app.wasm, compiled while it streams in, and
// trainer.wasm). ?worker=0 keeps the trainer off Web Workers (to test the
// page without them); ?kernel=scalar runs the scalar kernels where SIMD128
// works too.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  window.digits = window.digits || { ready: false };

  function show(fraction, text) {
    $("loading-fill").style.width = (100 * Math.min(1, fraction)).toFixed(1) + "%";
    if (text) $("loading-text").textContent = text;
  }
  function fail(msg) {
    $("loading").classList.add("error");
    $("loading-bar").style.display = "none";
    $("loading-text").textContent = msg;
    window.digits.error = msg;
  }
  const params = new URLSearchParams(location.search);
  let startTrainer = null; // set once the page's own module runs

  // Go calls this after the first frame: the pad is on screen. Only now
  // does the trainer start, so that it does not compete with the app's
  // start for the CPU.
  window.digitsLoaded = function () {
    performance.mark("digits:ready");
    const l = $("loading");
    if (l) l.remove();
    const c = document.querySelector("canvas");
    if (c) { c.setAttribute("aria-label", "digits: draw a digit on the pad; training panel and test digits"); c.focus(); }
    if (startTrainer) startTrainer();
  };

  // counted passes a byte stream through, reporting progress.
  function counted(stream, total, label) {
    let seen = 0;
    return stream.pipeThrough(new TransformStream({
      transform(chunk, ctl) {
        seen += chunk.byteLength;
        show(0.05 + 0.85 * seen / total, label + " " + (seen / 1048576).toFixed(1) + " of " + (total / 1048576).toFixed(1) + " MB");
        ctl.enqueue(chunk);
      },
    }));
  }

  function fromBase64(s) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s);
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  const domReady = () => (document.readyState === "loading" ? new Promise((r) => document.addEventListener("DOMContentLoaded", r)) : Promise.resolve());

  // compileApp fetches (served) or unpacks (from disk) the app's module
  // and compiles it as it arrives.
  async function compileApp() {
    let source;
    if (DIGITS_MODE === "inline") {
      show(0.02, "unpacking…");
      await new Promise((r) => setTimeout(r, 0)); // let the bar paint
      const gz = fromBase64($("wasm-gz").textContent.trim());
      source = counted(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip")), DIGITS_WASM_SIZE, "unpacking");
    } else {
      const r = await fetch("app.wasm");
      if (!r.ok) throw new Error("app.wasm: HTTP " + r.status + " " + r.statusText);
      source = counted(r.body, DIGITS_WASM_SIZE, "downloading");
    }
    performance.mark("digits:module-start");
    const module = await WebAssembly.compileStreaming(new Response(source, { headers: { "Content-Type": "application/wasm" } }));
    performance.mark("digits:module-ready");
    return module;
  }

  async function start() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      return fail("This browser cannot run WebAssembly, which the app needs. Try a current Chrome, Firefox, Safari or Edge.");
    }
    if (DIGITS_MODE === "inline" && typeof DecompressionStream !== "function") {
      return fail("This browser has no DecompressionStream, needed to open the page from disk. Use a current browser, or run make serve.");
    }
    if (typeof Go !== "function") return fail("wasm_exec.js did not load: rebuild the page with make wasm.");
    if (typeof digitsKernel !== "object") return fail("kernel.js did not load: rebuild the page with make wasm.");
    if (typeof digitsTrainerStart !== "function") return fail("trainer.js did not load: rebuild the page with make wasm.");
    // The module compiles while the rest is checked and prepared.
    const compiling = compileApp();
    compiling.catch(() => {}); // its failure is reported where it is awaited
    const probe = document.createElement("canvas").getContext("webgl2");
    if (!probe) {
      return fail("This browser has no WebGL2 (or it is turned off), which the app needs to draw. Try a current browser, or enable hardware acceleration.");
    }
    const lose = probe.getExtension("WEBGL_lose_context");
    if (lose) lose.loseContext();
    const go = new Go();
    // The kernels: a small module of their own that the Go programs import
    // (kernel.js), carried in the page in both modes.
    const kernels = {
      simd128: fromBase64($("kernel-simd128").textContent.trim()),
      scalar: fromBase64($("kernel-scalar").textContent.trim()),
    };
    const force = params.get("kernel");
    const kernel = digitsKernel.prepare(go, kernels, { force });
    window.digits.kernel = kernel.name;
    startTrainer = () => {
      startTrainer = null;
      const getSetup = async () => {
        let module;
        if (DIGITS_MODE === "inline") {
          await domReady(); // the trainer's module follows this script in the page
          module = $("trainer-gz").textContent.trim();
        } else {
          const r = await fetch("trainer.wasm");
          if (!r.ok) throw new Error("trainer.wasm: HTTP " + r.status + " " + r.statusText);
          module = await r.arrayBuffer();
        }
        return { module, kernels, force };
      };
      const source = ["wasm-exec-js", "kernel-js", "worker-js"].map((id) => $(id).textContent).join("\n;\n");
      const w = params.get("worker");
      digitsTrainerStart(getSetup, source, w === "0" || w === "off" ? "Web Workers turned off by ?worker=" + w : "");
    };
    const module = await compiling;
    // Go's start and first frames take the page's thread for most of a
    // second: from disk, let the browser finish reading the page (the
    // trainer's module, megabytes of it) first, which it does in a fraction
    // of that when it has the thread to itself.
    await domReady();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await kernel.start(instance); // it needs Go's memory; Go needs it from the first step
    window.digitsPageMemory = () => instance.exports.mem.buffer.byteLength; // for stats()
    show(0.95, "starting…");
    go.run(instance).then(
      () => { if (!window.digits.ready) fail("The app stopped before it started: see the browser console."); },
      (e) => fail("The app crashed: " + e),
    );
  }

  // The app's module precedes this script in the page (from disk) or is
  // fetched: start unpacking and compiling it at once, while the browser
  // goes on reading the page.
  start().catch((e) => fail("Loading failed: " + (e && e.message ? e.message : e)));
})();
