package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// benchPage runs a Go test binary built for js/wasm in a Web Worker, as
// the page's trainer runs, with the kernel module supplied by kernel.js,
// and collects what it prints in window.benchOut until it exits.
const benchPage = `<!doctype html><meta charset="utf-8"><title>bench</title>
<script>
window.benchOut = ""; window.benchDone = false;
const worker = new Worker("worker.js");
worker.onmessage = (e) => {
  if (e.data.out !== undefined) window.benchOut += e.data.out;
  if (e.data.done) { window.benchDone = true; window.benchCode = e.data.code; }
};
worker.postMessage({ argv: ARGV });
</script>`

const benchWorker = `importScripts("wasm_exec.js", "kernel.js");
onmessage = async (e) => {
  const decoder = new TextDecoder();
  globalThis.fs.writeSync = (fd, buf) => { postMessage({ out: decoder.decode(buf) }); return buf.length; };
  const bytes = async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer());
  const go = new Go();
  go.argv = e.data.argv;
  go.exit = (code) => postMessage({ done: true, code });
  const kernel = digitsKernel.prepare(go, { simd128: await bytes("simd128.wasm"), scalar: await bytes("scalar.wasm") });
  const { instance } = await WebAssembly.instantiate(await bytes("core.wasm"), go.importObject);
  await kernel.start(instance);
  await go.run(instance);
};`

// chromiumImagesPerSecond runs BenchmarkMiniBatch of core's tests (bin,
// built for js/wasm) runs times in a Web Worker of headless Chromium and
// returns the median images per second.
func chromiumImagesPerSecond(bin, root string) (float64, error) {
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(chromium); err != nil {
		return 0, fmt.Errorf("no %s (apt-get install chromium)", chromium)
	}
	dir, err := os.MkdirTemp("", "bench-chromium")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return 0, fmt.Errorf("go env GOROOT: %v", err)
	}
	argv := fmt.Sprintf(`["core.test", "-test.run", "^$", "-test.bench", "^BenchmarkMiniBatch$", "-test.benchtime", "2x", "-test.count", "%d"]`, runs)
	files := map[string]string{
		"wasm_exec.js": filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"),
		"kernel.js":    filepath.Join(root, "web", "src", "kernel.js"),
		"simd128.wasm": filepath.Join(root, "core", "internal", "kernel", "wasm", "simd128.wasm"),
		"scalar.wasm":  filepath.Join(root, "core", "internal", "kernel", "wasm", "scalar.wasm"),
		"core.wasm":    bin,
	}
	for name, src := range files {
		b, err := os.ReadFile(src)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return 0, err
		}
	}
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(strings.Replace(benchPage, "ARGV", argv, 1)), 0o644)
	os.WriteFile(filepath.Join(dir, "worker.js"), []byte(benchWorker), 0o644)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	defer srv.Close()

	profile, err := os.MkdirTemp("", "bench-profile")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(profile)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.UserDataDir(profile),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+ln.Addr().String()+"/index.html")); err != nil {
		return 0, fmt.Errorf("chromium: %w", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("window.benchDone", chromedp.WithPollingInterval(500*time.Millisecond), chromedp.WithPollingTimeout(10*time.Minute))); err != nil {
		return 0, fmt.Errorf("chromium: %w", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string]("window.benchOut"))
	if err != nil {
		return 0, err
	}
	var ips []float64
	for _, line := range strings.Split(out, "\n") {
		if m := imagesPerSecond.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[1], 64)
			ips = append(ips, v)
		}
	}
	if len(ips) == 0 {
		return 0, fmt.Errorf("the benchmark printed no images/s in Chromium:\n%s", out)
	}
	return median(ips), nil
}
