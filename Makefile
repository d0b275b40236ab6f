# digits: make help lists the targets.
GO      ?= go
# Packages that import ebiten need an X display even to start their tests.
# "=" (not ":="): decided when a recipe runs, after make deps installed xvfb.
# -noreset: by default Xvfb resets when its last client leaves, and a
# window opened at that moment (the desktop test's second start) is refused.
XRUN     = $(if $(DISPLAY),,$(if $(shell command -v xvfb-run),xvfb-run -a -s "-screen 0 1280x1024x24 -noreset"))
# go test runs js/wasm tests through go_js_wasm_exec on PATH: ours, in
# web/node, is Go's runner plus the kernel module the program imports.
WASMENV := PATH="$(CURDIR)/web/node:$$PATH" GOOS=js GOARCH=wasm

# Debian packages the tests need: headless Chromium for the page, Xvfb and
# ImageMagick for the desktop window (xdotool presses its keys), and ebiten's native build (cgo, GLFW).
DEBS := chromium xvfb imagemagick x11-utils xdotool gcc libc6-dev libgl-dev libx11-dev libxrandr-dev \
        libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev

.DEFAULT_GOAL := help

.PHONY: help build test test-go test-wasm lint deps reproduce
help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

build: ## build every command
	$(GO) build ./...

# Each test runs once: test-go runs every package's native tests (the
# app's unit tests among them), e2e only the browser and desktop ones.
test: deps lint test-go test-wasm e2e ## everything CI runs: lint, Go tests, core and app logic under Node, page and desktop
	@echo "make test: all passed"

lint: ## gofmt and go vet, natively and for js/wasm
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./core/... ./data/... ./assets/... ./wasm ./wasm/app ./wasm/protocol ./wasm/trainer

test-go: ## go test ./... (natively; under Xvfb when there is no display, for the app's packages)
	$(XRUN) $(GO) test -count=1 ./...

test-wasm: ## build core for js/wasm and run its tests, the app logic's and the protocol's, under Node (SIMD128 kernels, then core's again with the scalar ones)
	GOOS=js GOARCH=wasm $(GO) build ./core/... ./data/...
	$(WASMENV) $(GO) test -count=1 ./core/... ./wasm/app/... ./wasm/protocol/...
	DIGITS_KERNEL=scalar $(WASMENV) $(GO) test -count=1 ./core/...

deps: ## install the Debian packages the tests need, only those missing (apt-get, as root or with sudo)
	@if ! command -v dpkg-query >/dev/null; then \
		echo "deps: not Debian or Ubuntu; make sure the equivalents of these are installed: $(DEBS)"; exit 0; fi; \
	missing=$$(for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "installing:" $$missing; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "deps: these packages are missing; install them as root: apt-get install" $$missing; exit 1; fi; \
	$$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends $$missing

reproduce: ## rerun the README's accuracy table (about half an hour; LONG=1 adds 2000 and 5000 epochs)
	$(GO) build -o bin/ ./cmd/...
	$(GO) run ./cmd/reproduce --bin bin --out out/reproduce $(if $(LONG),--long)

# The app: the ebiten program in wasm/, its page in web/.

.PHONY: wasm serve app app-test app-unit e2e

wasm: ## build the page's two programs, the app and its trainer: web/index.html (open it from disk) and web/app.html + app.wasm.gz + trainer.wasm.gz (make serve)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o web/app.wasm ./wasm
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o web/trainer.wasm ./wasm/trainer
	$(GO) run ./cmd/webpage --wasm web/app.wasm --trainer web/trainer.wasm --src web/src --out web --wasm_exec "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js"
	@echo "open web/index.html in a browser, or run make serve"

serve: wasm ## serve the page at http://localhost:8080
	$(GO) run ./cmd/serve --dir web --addr localhost:8080

app: ## the app in a desktop window (Debian: gcc libc6-dev libgl-dev libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev)
	$(GO) run ./wasm

app-test: app-unit e2e ## the app's tests: unit tests, the page in headless Chromium (served and file://), the desktop window under Xvfb

app-unit: ## the app's native unit tests (make test runs them in test-go)
	$(GO) test -count=1 ./wasm/app/ ./wasm/protocol/ ./cmd/serve/ ./cmd/webpage/

e2e: wasm ## the page in headless Chromium (served and file://) and the desktop window under Xvfb
	DIGITS_E2E=1 $(XRUN) $(GO) test -count=1 -v -timeout 30m ./wasm/e2e/


# The default model, and fuzzing what reads files and pictures from outside.
.PHONY: model fuzz-draw
model: ## retrain the default model assets/default.model (fixed seed; about 20 min on 2 cores)
	$(GO) run ./cmd/makemodel

fuzz-draw: ## fuzz the model loader and the preprocessing, 30 s each
	$(GO) test ./core -run '^$$' -fuzz '^FuzzReadModel$$' -fuzztime 30s
	$(GO) test ./core/draw -run '^$$' -fuzz '^FuzzPreprocessInk$$' -fuzztime 30s
	$(GO) test ./core/draw -run '^$$' -fuzz '^FuzzPreprocessImage$$' -fuzztime 30s

# Speed: our trainer against the numpy peer, side by side on the same machine.
.PHONY: bench bench-go bench-kernels generate
bench: ## speed: ours vs numpy per epoch, mini-batch native and wasm, latency, peak memory, time to 98% (a few minutes)
	$(GO) run ./cmd/bench --peer ../shared/bench

bench-go: ## go test benchmarks of the kernels, epochs and evaluation
	$(GO) test -run '^$$' -bench . -benchtime 3x ./core/internal/kernel/ ./core/ ./core/draw/

bench-kernels: ## the kernels' go test benchmarks on one CPU, natively and under Node (GFLOP/s)
	$(GO) test -run '^$$' -bench . -cpu 1 ./core/internal/kernel/
	$(WASMENV) $(GO) test -run '^$$' -bench . -cpu 1 ./core/internal/kernel/

generate: ## regenerate the kernels: the AVX-512 assembly (avo, needs the module proxy once) and the WebAssembly modules (wat2wasm)
	cd core/internal/kernel && $(GO) generate
