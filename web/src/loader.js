// The loader: checks that the browser can run the app, shows progress
// while the WebAssembly module arrives, then starts Go. DIGITS_MODE is
// "inline" (the module is gzipped and base64-encoded at the end of this
// page, so opening the file from disk works, where fetch() is refused) or
// "fetch" (served over http: app.wasm, compiled while it streams in).
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
  // Go calls this after the first frame: the pad is on screen.
  window.digitsLoaded = function () {
    const l = $("loading");
    if (l) l.remove();
    const c = document.querySelector("canvas");
    if (c) { c.setAttribute("aria-label", "digits: draw a digit on the pad; training panel and test digits"); c.focus(); }
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

  async function start() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      return fail("This browser cannot run WebAssembly, which the app needs. Try a current Chrome, Firefox, Safari or Edge.");
    }
    const probe = document.createElement("canvas").getContext("webgl2");
    if (!probe) {
      return fail("This browser has no WebGL2 (or it is turned off), which the app needs to draw. Try a current browser, or enable hardware acceleration.");
    }
    const lose = probe.getExtension("WEBGL_lose_context");
    if (lose) lose.loseContext();
    if (typeof Go !== "function") return fail("wasm_exec.js did not load: rebuild the page with make wasm.");
    if (typeof digitsKernel !== "object") return fail("kernel.js did not load: rebuild the page with make wasm.");
    const go = new Go();
    // The training kernels: a small module of their own that the Go
    // program imports (kernel.js), carried in the page in both modes.
    // ?kernel=scalar runs the scalar one where SIMD128 works too.
    const kernel = digitsKernel.prepare(go, {
      simd128: fromBase64($("kernel-simd128").textContent.trim()),
      scalar: fromBase64($("kernel-scalar").textContent.trim()),
    }, { force: new URLSearchParams(location.search).get("kernel") });
    window.digits.kernel = kernel.name;
    let source;
    if (DIGITS_MODE === "inline") {
      if (typeof DecompressionStream !== "function") {
        return fail("This browser has no DecompressionStream, needed to open the page from disk. Use a current browser, or run make serve.");
      }
      show(0.02, "unpacking…");
      await new Promise((r) => setTimeout(r, 0)); // let the bar paint
      const gz = fromBase64($("wasm-gz").textContent.trim());
      source = counted(new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip")), DIGITS_WASM_SIZE, "unpacking");
    } else {
      const r = await fetch("app.wasm");
      if (!r.ok) throw new Error("app.wasm: HTTP " + r.status + " " + r.statusText);
      source = counted(r.body, DIGITS_WASM_SIZE, "downloading");
    }
    const resp = new Response(source, { headers: { "Content-Type": "application/wasm" } });
    const { instance } = await WebAssembly.instantiateStreaming(resp, go.importObject);
    await kernel.start(instance); // it needs Go's memory; Go needs it from the first step
    show(0.95, "starting…");
    go.run(instance).then(
      () => { if (!window.digits.ready) fail("The app stopped before it started: see the browser console."); },
      (e) => fail("The app crashed: " + e),
    );
  }

  const run = () => start().catch((e) => fail("Loading failed: " + (e && e.message ? e.message : e)));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
