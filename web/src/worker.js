// worker.js is the trainer's side of the page (see trainer.js): in a Web
// Worker it runs at once; on the page's thread, when the browser refused
// a worker, trainer.js calls digitsTrainerBoot(port, "page") with one end
// of a MessageChannel. It says it started, waits for the setup
//
//	{module, kernels: {simd128, scalar}, force, note}
//
// (module: the trainer's WebAssembly bytes as an ArrayBuffer, or gzipped
// and base64-encoded as a string, as a file:// page carries it), starts the
// Go program with the kernel module (kernel.js) and hands it
// globalThis.digitsTrainerHost:
//
//	where, note        "worker" or "page", and why not a worker
//	post(Uint8Array)   sends a report to the page (its buffer is transferred)
//	listen(fn)         fn(Uint8Array) gets each command
//	yield(fn)          calls fn soon: in a worker after the messages already
//	                   waiting (a MessageChannel round trip, which unlike
//	                   setTimeout is never clamped to 4 ms); on the page at
//	                   the next animation frame, so that training takes a
//	                   slice per frame as drawing does
//	memoryBytes()      the size of the program's WebAssembly memory
//
// Commands that arrive before the program listens wait for it.
(function (root) {
  "use strict";

  function fromBase64(s) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s);
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // moduleSource is the setup's module as something WebAssembly compiles.
  function moduleSource(m) {
    if (m instanceof ArrayBuffer) return m;
    const gz = new Blob([fromBase64(m)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(gz).arrayBuffer();
  }

  function boot(port, where) {
    let setup = null;
    let listener = null;
    const early = [];
    const fail = (e) => port.postMessage({ error: "the trainer could not start: " + (e && e.message ? e.message : e) });
    port.onmessage = (e) => {
      if (!setup) {
        setup = e.data;
        run().catch(fail);
      } else if (listener) {
        listener(e.data);
      } else {
        early.push(e.data);
      }
    };
    port.postMessage({ started: true });

    async function run() {
      const go = new Go();
      const kernel = digitsKernel.prepare(go, setup.kernels, { force: setup.force });
      const { instance } = await WebAssembly.instantiate(await moduleSource(setup.module), go.importObject);
      await kernel.start(instance);
      const ch = new MessageChannel();
      const resume = [];
      ch.port1.onmessage = () => resume.shift()();
      root.digitsTrainerHost = {
        where,
        note: setup.note || "",
        post(u8) { port.postMessage(u8, [u8.buffer]); },
        listen(fn) {
          listener = fn;
          early.splice(0).forEach(fn);
        },
        yield(fn) {
          if (where === "page") {
            requestAnimationFrame(() => fn());
          } else {
            resume.push(fn);
            ch.port2.postMessage(0);
          }
        },
        memoryBytes() { return instance.exports.mem.buffer.byteLength; },
      };
      go.exit = (code) => port.postMessage({ error: "the trainer stopped (exit status " + code + "): see the browser's console" });
      go.run(instance);
    }
  }

  root.digitsTrainerBoot = boot;
  if (typeof WorkerGlobalScope !== "undefined" && root instanceof WorkerGlobalScope) boot(root, "worker");
})(globalThis);
