// Runs a Go program built for js/wasm under Node, as Go's own
// lib/wasm/wasm_exec_node.js does (arguments, environment, exit status,
// the report of a deadlock), and supplies the kernel module that
// core/internal/kernel imports, through web/src/kernel.js. go test runs
// it as go_js_wasm_exec, found on PATH or given with -exec:
//
//	GOOS=js GOARCH=wasm go test -exec "$PWD/web/node/go_js_wasm_exec" ./core/...
//
// DIGITS_KERNEL=scalar runs the scalar module where SIMD128 works too.
"use strict";

if (process.argv.length < 3) {
  console.error("usage: go_js_wasm_exec [wasm binary] [arguments]");
  process.exit(1);
}

const path = require("path");
globalThis.require = require;
globalThis.fs = require("fs");
globalThis.path = path;
globalThis.TextEncoder = require("util").TextEncoder;
globalThis.TextDecoder = require("util").TextDecoder;
globalThis.performance ??= require("performance");
globalThis.crypto ??= require("crypto");

// Go's support code must come from the Go that built the program.
const goroot = process.env.GOROOT ||
  require("child_process").execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
require(path.join(goroot, "lib", "wasm", "wasm_exec.js"));
require(path.join(__dirname, "..", "src", "kernel.js"));

const go = new Go();
go.argv = process.argv.slice(2);
go.env = Object.assign({ TMPDIR: require("os").tmpdir() }, process.env);
go.exit = process.exit;

const modules = path.join(__dirname, "..", "..", "core", "internal", "kernel", "wasm");
const kernel = digitsKernel.prepare(go, {
  simd128: fs.readFileSync(path.join(modules, "simd128.wasm")),
  scalar: fs.readFileSync(path.join(modules, "scalar.wasm")),
}, { force: process.env.DIGITS_KERNEL });

WebAssembly.instantiate(fs.readFileSync(process.argv[2]), go.importObject).then(async (result) => {
  process.on("exit", (code) => { // Node exits when no event is pending
    if (code === 0 && !go.exited) {
      // deadlock: make Go print the error and the stacks
      go._pendingEvent = { id: 0 };
      go._resume();
    }
  });
  await kernel.start(result.instance);
  return go.run(result.instance);
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
