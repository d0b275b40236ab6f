// trainer.js is the page's side of the trainer, the second WebAssembly
// program (wasm/trainer) that trains and evaluates while the app only
// draws, reads input and predicts. It gives the app window.digitsTrainer:
//
//	post(Uint8Array)  sends a command (its buffer is transferred)
//	listen(fn)        fn(Uint8Array) gets each report, fn(string) a failure
//
// and the loader digitsTrainerStart(getSetup, workerSource, noWorker),
// which starts the trainer in a dedicated Web Worker made from a Blob URL
// (workerSource: wasm_exec.js, kernel.js and worker.js), so that it works
// from a file:// page too, where new Worker("file://…") is refused. The
// trainer's module comes with the setup, handed over by postMessage. If the
// browser refuses a worker (or noWorker says why not to try), the trainer
// runs on the page's own thread, in slices paced by animation frames,
// behind a MessageChannel: the app speaks to it the same way, and the
// trainer says where it runs and why.
(function (root) {
  "use strict";
  let target = null;   // the port commands go to once the trainer started
  const waiting = [];  // commands posted before that
  let listener = null;
  const early = [];    // reports that came before the app listened

  function deliver(x) {
    if (listener) listener(x);
    else early.push(x);
  }

  root.digitsTrainer = {
    post(u8) {
      if (target) target.postMessage(u8, [u8.buffer]);
      else waiting.push(u8);
    },
    listen(fn) {
      listener = fn;
      early.splice(0).forEach(fn);
    },
  };

  // connect sends the waiting commands to a trainer that started.
  function connect(port) {
    target = port;
    for (const u8 of waiting.splice(0)) port.postMessage(u8, [u8.buffer]);
  }

  // receive handles a message from the trainer's side (worker.js): a
  // report, a failure, or the news that it started.
  function receive(data, onStarted) {
    if (data instanceof Uint8Array) deliver(data);
    else if (data && data.error) deliver(String(data.error));
    else if (data && data.started) onStarted();
  }

  // setupTransfer lists what a setup message may transfer.
  const setupTransfer = (s) => (s.module instanceof ArrayBuffer ? [s.module] : []);

  // launch gives a trainer's port its setup and, once the trainer said it
  // started, the commands: they must come after the setup, and are kept
  // until then so that a worker that fails to start loses none.
  async function launch(port, getSetup, note, onStarted) {
    let started = false, posted = false;
    const both = () => {
      if (started && posted) connect(port);
    };
    port.onmessage = (e) => receive(e.data, () => {
      started = true;
      onStarted();
      both();
    });
    const setup = Object.assign({}, await getSetup(), { note });
    port.postMessage(setup, setupTransfer(setup));
    posted = true;
    both();
  }

  // inPage runs the trainer on the page's thread: worker.js's boot with
  // one end of a MessageChannel.
  function inPage(getSetup, note) {
    const ch = new MessageChannel();
    root.digitsTrainerBoot(ch.port2, "page");
    return launch(ch.port1, getSetup, note, () => {});
  }

  async function start(getSetup, workerSource, noWorker) {
    if (noWorker) return inPage(getSetup, noWorker);
    if (typeof Worker !== "function") return inPage(getSetup, "this browser has no Web Workers");
    let url, worker;
    try {
      url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
      worker = new Worker(url, { name: "digits trainer" });
    } catch (e) {
      return inPage(getSetup, "the browser refused a Web Worker: " + (e && e.message ? e.message : e));
    }
    let started = false;
    worker.onerror = (e) => {
      e.preventDefault();
      const what = e.message || "an error";
      if (started) return deliver("the trainer's Web Worker failed: " + what);
      worker.terminate();
      inPage(getSetup, "the browser refused a Web Worker: " + what);
    };
    return launch(worker, getSetup, "", () => {
      started = true;
      URL.revokeObjectURL(url);
    });
  }

  root.digitsTrainerStart = (getSetup, workerSource, noWorker) =>
    start(getSetup, workerSource, noWorker).catch((e) => deliver("the trainer could not start: " + (e && e.message ? e.message : e)));
})(globalThis);
